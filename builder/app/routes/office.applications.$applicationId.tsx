/** An application in the office: the applicant's answers, the registry replies, the audit log, the decision. */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formString, readProtectedForm } from "../auth/form.server";
import { requireOfficer } from "../auth/guards.server";
import { decideTask, officeApplication } from "../data/office.server";
import { officeRefunds } from "../data/payments.server";
import { formatDate, formatDateTime } from "../i18n/lang";
import { languageOf } from "../i18n/lang.server";
import { t, type MessageKey } from "../i18n/messages";
import { officeLinks, officeMeta } from "../office/page";
import { AnswersSummary } from "../portal/application/AnswersSummary";
import { OfficeRefunds } from "../portal/application/Refunds";
import { StatusBadge } from "../portal/application/StatusBadge";
import { CsrfField } from "../portal/CsrfField";
import { useLang } from "../portal/root-data";

export const links = officeLinks;
export const meta = officeMeta("officeApplication");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const officer = await requireOfficer(request, context);
  const decided = new URL(request.url).searchParams.has("decided");
  // The refunds after officeApplication, which checks the officer's access.
  return { application: await officeApplication(context.runtime, officer, params.applicationId ?? "", languageOf(request)), refunds: await officeRefunds(context.runtime, params.applicationId ?? ""), decided };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const officer = await requireOfficer(request, context);
  const { form } = await readProtectedForm(request, context);
  const id = params.applicationId ?? "";
  const reason = formString(form, "reason").slice(0, 2000);
  const result = await decideTask(context.runtime, officer, id, formString(form, "taskId"), formString(form, "decision"), reason);
  if (result.ok) return redirect(`/office/applications/${id}?decided=1`);
  return { error: result.error, reason };
}

export default function OfficeApplicationPage() {
  const { application: app, refunds, decided } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const lang = useLang();
  const reasonError = result?.error === "reason";
  return (
    <div className="page office">
      <p className="breadcrumbs">
        <Link to="/office">{t(lang, "backToInbox")}</Link>
      </p>
      <p className="muted small">{app.service}</p>
      <h1>
        {app.applicant.name || t(lang, "officeApplicant")} <span className="mono small">{app.id.slice(0, 8).toUpperCase()}</span>
      </h1>
      <p className="meta-line">
        <StatusBadge status={app.status} text={app.statusText} /> <span className="muted">· {app.step}</span>
      </p>
      {decided && (
        <p className="alert alert-ok" role="status">
          {t(lang, "decided")}
        </p>
      )}
      <dl className="summary-list">
        <div>
          <dt>{t(lang, "officeApplicant")}</dt>
          <dd>{app.applicant.name}</dd>
        </div>
        <div>
          <dt>{t(lang, "idpBorn")}</dt>
          <dd>{formatDate(app.applicant.birthDate, lang)}</dd>
        </div>
        <div>
          <dt>{t(lang, "idpTaxId")}</dt>
          <dd className="mono">{app.applicant.taxId}</dd>
        </div>
        {app.parties.map((p) => (
          <div key={p.role}>
            <dt>{p.roleTitle}</dt>
            <dd>
              {p.name ?? "—"} {p.taxId && <span className="mono">{p.taxId}</span>} · {t(lang, `partyStatus_${p.status}` as MessageKey)}
            </dd>
          </div>
        ))}
      </dl>

      {app.task ? (
        <section className="panel" aria-labelledby="decision-title">
          <h2 id="decision-title">{t(lang, "decision")}</h2>
          {app.task.due && (
            <p>
              {t(lang, "due")}: {formatDateTime(app.task.due, lang)}
            </p>
          )}
          {app.task.instructions && (
            <>
              <h3>{t(lang, "instructions")}</h3>
              <p>{app.task.instructions}</p>
            </>
          )}
          {result?.error === "closed" && (
            <p className="alert alert-error" role="alert">
              {t(lang, "taskClosed")}
            </p>
          )}
          <Form method="post" className="stack" noValidate>
            <CsrfField />
            <input type="hidden" name="taskId" value={app.task.id} />
            <div className={`field${reasonError ? " field-invalid" : ""}`}>
              <label htmlFor="reason">{t(lang, "decisionReason")}</label>
              <p className="hint" id="reason-hint">
                {t(lang, "decisionReasonHint")}
              </p>
              {reasonError && (
                <p className="field-error" id="reason-error" role="alert">
                  {t(lang, "decisionReasonRequired")}
                </p>
              )}
              <textarea
                id="reason"
                name="reason"
                rows={4}
                defaultValue={result?.reason ?? ""}
                aria-invalid={reasonError || undefined}
                aria-describedby={reasonError ? "reason-hint reason-error" : "reason-hint"}
              />
            </div>
            <div className="actions">
              {app.task.decisions.map((decision) => (
                <button key={decision} type="submit" name="decision" value={decision} className={`button${decision === "approve" ? "" : decision === "reject" ? " button-danger" : " button-secondary"}`}>
                  {t(lang, `decide_${decision}` as MessageKey) ?? decision}
                </button>
              ))}
            </div>
          </Form>
        </section>
      ) : (
        !decided && <p className="alert alert-info">{t(lang, "taskClosed")}</p>
      )}

      <OfficeRefunds refunds={refunds} lang={lang} />
      <AnswersSummary groups={app.answers} title={t(lang, "answers")} />

      {app.signatures.length > 0 && (
        <section aria-labelledby="signatures-title">
          <h2 id="signatures-title">{t(lang, "signaturesTitle")}</h2>
          {app.signatures.map((signature) => (
            <dl key={signature.id} className="summary-list" data-testid="signature">
              <div>
                <dt>{t(lang, "signatureSigner")}</dt>
                <dd>{signature.signerName}</dd>
              </div>
              <div>
                <dt>{t(lang, "signatureTaxId")}</dt>
                <dd className="mono">{signature.signerTaxId}</dd>
              </div>
              <div>
                <dt>{t(lang, "signatureTime")}</dt>
                <dd>{signature.signedAt ? formatDateTime(signature.signedAt, lang) : "—"}</dd>
              </div>
              <div>
                <dt>{t(lang, "signatureCertificate")}</dt>
                <dd>
                  {signature.certificateIssuer} · <span className="mono">{signature.certificateSerial}</span>
                </dd>
              </div>
              <div>
                <dt>{t(lang, "signHash")}</dt>
                <dd className="mono small">{signature.contentSha256}</dd>
              </div>
              <div>
                <dt>{t(lang, "result")}</dt>
                <dd>
                  <span className={signature.verified ? "badge badge-done" : "badge badge-failed"}>{t(lang, signature.verified ? "signatureVerified" : "signatureNotVerified")}</span>
                  {signature.reason && <span className="muted small"> {signature.reason}</span>}
                  {signature.downloadable && (
                    <>
                      {" "}
                      <a href={`/office/applications/${app.id}/signatures/${signature.id}`} download>
                        {t(lang, "signatureDownload")}
                      </a>
                    </>
                  )}
                </dd>
              </div>
            </dl>
          ))}
        </section>
      )}

      <section aria-labelledby="replies-title">
        <h2 id="replies-title">{t(lang, "registryReplies")}</h2>
        {app.registryReplies.map((reply) => (
          <details key={reply.step}>
            <summary>{reply.title}</summary>
            <pre className="json">{reply.json}</pre>
          </details>
        ))}
        {app.registryCalls.length > 0 && (
          <div className="table-wrap" role="region" aria-label={t(lang, "registryReplies")} tabIndex={0}>
            <table className="cards-narrow">
              <thead>
                <tr>
                  <th scope="col">{t(lang, "when")}</th>
                  <th scope="col">{t(lang, "registry")}</th>
                  <th scope="col">{t(lang, "operation")}</th>
                  <th scope="col">{t(lang, "result")}</th>
                  <th scope="col">{t(lang, "purpose")}</th>
                </tr>
              </thead>
              <tbody>
                {app.registryCalls.map((call, i) => (
                  <tr key={i}>
                    <td data-label={t(lang, "when")}>{formatDateTime(call.at, lang)}</td>
                    <td data-label={t(lang, "registry")}>{call.registry}</td>
                    <td data-label={t(lang, "operation")}>{call.operation}</td>
                    <td data-label={t(lang, "result")}>{call.status}</td>
                    <td data-label={t(lang, "purpose")}>{call.purpose}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="audit-title">
        <h2 id="audit-title">{t(lang, "auditLog")}</h2>
        <ol className="timeline" data-testid="office-audit">
          {app.audit.map((entry, i) => (
            <li key={i}>
              <time dateTime={entry.at}>{formatDateTime(entry.at, lang)}</time>
              <span>
                {entry.text}
                {entry.who && <span className="who"> · {entry.who}</span>}
              </span>
              {entry.note && <span className="timeline-note">{entry.note}</span>}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
