/** The answer of a verification: valid or not, why, and (for a share code) the card's fields. */
import { formatDate, formatDateTime, type Lang } from "../i18n/lang";
import { t, type MessageKey } from "../i18n/messages";
import type { VerificationView } from "../data/verification.server";

export function VerificationResult({ result, lang }: { result: VerificationView; lang: Lang }) {
  return (
    <section className={`verification ${result.valid ? "verification-valid" : "verification-invalid"}`} aria-labelledby="verification-title" data-testid="verification">
      <h2 id="verification-title" role="status">
        {t(lang, result.valid ? "verifyValid" : "verifyInvalid")}
      </h2>
      {result.title && (
        <p>
          {result.title} {result.number && <span className="mono" translate="no">№ {result.number}</span>}
        </p>
      )}
      <p className="muted">
        {t(lang, "statusLabel")}: {t(lang, `docStatus_${result.status}` as MessageKey)}
        {result.issuedAt && ` · ${t(lang, "issuedAt")}: ${formatDate(result.issuedAt, lang)}`}
        {result.expiresAt && ` · ${t(lang, "validUntil")}: ${formatDate(result.expiresAt, lang)}`}
      </p>
      {result.problems.length > 0 && (
        <ul>
          {result.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      {result.seal && (
        <section aria-labelledby="seal-title" data-testid="seal">
          <h3 id="seal-title">{t(lang, result.seal.valid ? "sealValid" : "sealInvalid")}</h3>
          <dl className="doc-fields">
            <div>
              <dt>{t(lang, "sealSigner")}</dt>
              <dd translate="no">{result.seal.signer ?? "—"}</dd>
            </div>
            {result.seal.signedAt && (
              <div>
                <dt>{t(lang, "sealSignedAt")}</dt>
                <dd>{formatDateTime(result.seal.signedAt, lang)}</dd>
              </div>
            )}
            <div>
              <dt>{t(lang, "sealCertificate")}</dt>
              <dd>
                <span translate="no">{result.seal.subject}</span>
                <br />
                {t(lang, "sealIssuedBy")}: <span translate="no">{result.seal.issuer}</span>
                <br />
                <span className="mono">
                  {t(lang, "sealSerial")}: <span translate="no">{result.seal.serialNumber}</span>
                </span>
                {result.seal.notAfter && ` · ${t(lang, "validUntil")}: ${formatDate(result.seal.notAfter, lang)}`}
              </dd>
            </div>
            {!result.seal.valid && result.seal.reason && (
              <div>
                <dt>{t(lang, "sealProblem")}</dt>
                {/* The PDF checker's own words (technical, English): said as such. */}
                <dd lang="en">{result.seal.reason}</dd>
              </div>
            )}
          </dl>
        </section>
      )}
      {result.card && result.card.length > 0 && (
        <dl className="doc-fields">
          {result.card.map((field) => (
            <div key={field.key}>
              <dt>{field.label}</dt>
              <dd translate="no">{field.value}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
