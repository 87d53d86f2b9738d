/**
 * What a citizen sees while the service works (registry calls, review, waiting) or when it ended: the
 * status in plain words, what happens next and when, payment, documents. While the service works the
 * page asks again every few seconds (with JavaScript) and announces a change politely.
 */
import { Form, Link, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { formatDate, type Lang } from "../../i18n/lang";
import { t } from "../../i18n/messages";
import { CsrfField } from "../CsrfField";
import type { PortalApplication } from "../../data/applications.server";

export function StatusPanel({ application, lang }: { application: PortalApplication; lang: Lang }) {
  const { step, status } = application;
  const working = status === "processing" && step.kind !== "payment" && step.kind !== "sign";
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!working) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, 3000);
    return () => clearInterval(timer);
  }, [working, revalidator]);

  return (
    <section className={`status-panel status-${status}`} aria-labelledby="status-title">
      <div aria-live="polite" aria-atomic="true">
        <h2 id="status-title">{step.kind === "final" ? step.message || application.statusText : application.statusText}</h2>
        {step.kind !== "final" && step.title && <p className="status-step">{step.title}</p>}
      </div>
      {application.next && (
        <>
          <h3>{t(lang, "whatNext")}</h3>
          <p>{application.next}</p>
        </>
      )}
      {step.payment && (
        <Form method="post" className="stack">
          <CsrfField />
          <p>
            {t(lang, "paymentExplain", {
              amount: step.payment.amount ?? "—",
              currency: step.payment.currency,
              purpose: step.payment.purpose,
              date: step.payment.due ? formatDate(step.payment.due, lang) : "—",
            })}
          </p>
          <div className="actions">
            <button type="submit" name="intent" value="pay" className="button">
              {t(lang, "payNow")}
            </button>
          </div>
        </Form>
      )}
      {step.sign && (
        <Form method="post" className="stack">
          <CsrfField />
          <p>{t(lang, "signExplain")}</p>
          <pre className="json">{step.sign.content}</pre>
          <p className="small">
            {t(lang, "signHash")}: <span className="mono">{step.sign.sha256}</span>
          </p>
          <div className="actions">
            <button type="submit" name="intent" value="sign" className="button">
              {t(lang, "signNow")}
            </button>
          </div>
        </Form>
      )}
      {application.documents.length > 0 && (
        <>
          <h3>{t(lang, "documentsIssued")}</h3>
          <ul>
            {application.documents.map((d) => (
              <li key={d.id}>
                <Link to={`/documents/${d.id}`}>
                  {t(lang, "openDocument")}: {d.title} № {d.number}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
      {working && (
        <p>
          <Link to=".">{t(lang, "refresh")}</Link>
        </p>
      )}
    </section>
  );
}
