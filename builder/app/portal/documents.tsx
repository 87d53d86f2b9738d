/** Document views (browser-safe): the card (EU numbering for the driver's licence), the share code with its countdown, offline notes. */
import { useEffect, useState } from "react";
import { formatDateTime, type Lang } from "../i18n/lang";
import { t } from "../i18n/messages";
import { useOfflineCapable, useOfflineCopy } from "../offline/client";

export function DocumentCardView({ title, number, fields, template }: { title: string; number: string; template: string; fields: { key: string; label: string; value: string }[] }) {
  return (
    <section className={`doc-card doc-${template}`} aria-labelledby="doc-card-title">
      <h2 id="doc-card-title" className="doc-card-title">
        {title}
      </h2>
      <p className="doc-card-number mono" translate="no">
        № {number}
      </p>
      <dl className="doc-fields">
        {fields.map((field) => (
          <div key={field.key}>
            <dt>{field.label}</dt>
            <dd translate="no">{field.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function remaining(expiresAt: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(expiresAt) - now) / 1000));
}

/** The one-time code, its QR and a countdown to its expiry (3 minutes). */
export function ShareCodeView({ code, url, qrSvg, expiresAt, lang }: { code: string; url: string; qrSvg: string; expiresAt: string; lang: Lang }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = remaining(expiresAt, now);
  const time = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
  return (
    <section className="share" aria-labelledby="share-title">
      <h2 id="share-title">{t(lang, "shareCode")}</h2>
      <p>{t(lang, "shareExplain")}</p>
      {left > 0 ? (
        <>
          {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: the code is read digit by digit (its label) rather than as three large numbers */}
          <p className="share-code mono" data-testid="share-code" aria-label={`${t(lang, "shareCode")}: ${code.split("").join(" ")}`}>
            {code.replace(/^(\d)(\d{6})(\d{6})$/, "$1 $2 $3")}
          </p>
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the runtime's share gives this SVG (the qrcode library's drawing of a URL we issued); no user text is in it */}
          <div className="share-qr" role="img" aria-label={t(lang, "shareQrAlt")} dangerouslySetInnerHTML={{ __html: qrSvg }} />
          <p>
            {t(lang, "shareLink")}:{" "}
            <a href={url} translate="no">
              {url}
            </a>
          </p>
          <p className="countdown" role="timer" aria-live="off">
            {t(lang, "shareValidFor", { time })}
          </p>
        </>
      ) : (
        <p className="alert alert-info" role="status">
          {t(lang, "shareExpired")}
        </p>
      )}
    </section>
  );
}

/** On a stored copy (offline, or the server out of reach): says so, and when the copy was last checked with the server. */
export function OfflineCopyNotice({ checkedAt, lang }: { checkedAt: string; lang: Lang }) {
  const copy = useOfflineCopy();
  if (!copy) return null;
  return (
    <p className="alert alert-info" role="status" data-testid="offline-copy">
      {t(lang, "offlineCopy", { time: formatDateTime(checkedAt, lang) })}
    </p>
  );
}

/** Under the list, where the browser can keep them: that the documents stay on this device until sign-out. */
export function OfflineKeptNote({ lang }: { lang: Lang }) {
  if (!useOfflineCapable()) return null;
  return <p className="muted small">{t(lang, "offlineKept")}</p>;
}
