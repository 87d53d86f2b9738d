/**
 * Incidents (administrators only): applications halted because a step failed with no `error` outcome. Retry
 * the step after a fix, migrate the application to a newer version, or cancel it (payments flagged for refund).
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { formString, readProtectedForm } from "../auth/form.server";
import { requireAdmin } from "../auth/guards.server";
import { actOnIncident, incidentActionOf, incidentList, type IncidentRow } from "../data/incidents.server";
import { formatDateTime, type Lang } from "../i18n/lang";
import { languageOf } from "../i18n/lang.server";
import { hasMessage, t } from "../i18n/messages";
import { officeLinks, officeMeta } from "../office/page";
import { formatRefundMoney } from "../portal/application/Refunds";
import { CsrfField } from "../portal/CsrfField";
import { useLang } from "../portal/root-data";

export const links = officeLinks;
export const meta = officeMeta("incidentsTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const done = new URL(request.url).searchParams.get("done");
  return { ...(await incidentList(context.runtime, admin, languageOf(request))), done };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const { form } = await readProtectedForm(request, context);
  const action = incidentActionOf({ intent: formString(form, "intent"), toVersion: formString(form, "toVersion"), reason: formString(form, "reason") });
  if (!action) return { error: "unknown" as const };
  const result = await actOnIncident(context.runtime, admin, formString(form, "incidentId"), action);
  if (result.ok) return redirect(`/office/incidents?done=${result.done}`);
  return { error: "refused" as const, code: result.code };
}

export default function IncidentsPage() {
  const { open, resolved, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const lang = useLang();
  const statusWord = (status: string) => (hasMessage(`officeIncidentStatus_${status}`) ? t(lang, `officeIncidentStatus_${status}` as "officeIncidentStatus_open") : status);
  return (
    <div className="page office">
      <h1>{t(lang, "incidentsTitle")}</h1>
      <p className="lead">{t(lang, "incidentsIntro")}</p>
      {done && (
        <p className="alert alert-ok" role="status">
          {hasMessage(`officeIncidentDone_${done}`) ? t(lang, `officeIncidentDone_${done}` as "officeIncidentDone_retry") : t(lang, "incidentDone", { what: done })}
        </p>
      )}
      {result?.error && (
        <p className="alert alert-error" role="alert">
          {result.error === "unknown" ? t(lang, "officeIncidentUnknownAction") : t(lang, "officeIncidentRefused", { code: result.code })}
        </p>
      )}
      {open.length ? (
        <div className="table-wrap" role="region" aria-label={t(lang, "incidentsTitle")} tabIndex={0}>
          <table data-testid="incidents" className="cards-narrow">
            <thead>
              <tr>
                <th scope="col">{t(lang, "service")}</th>
                <th scope="col">{t(lang, "incidentVersion")}</th>
                <th scope="col">{t(lang, "step")}</th>
                <th scope="col">{t(lang, "incidentError")}</th>
                <th scope="col">{t(lang, "incidentSince")}</th>
                <th scope="col">{t(lang, "incidentPaid")}</th>
                <th scope="col">{t(lang, "officeIncidentActions")}</th>
              </tr>
            </thead>
            <tbody>
              {open.map((incident) => (
                <tr key={incident.id} data-incident={incident.id}>
                  <td data-label={t(lang, "service")}>
                    {incident.service} <span className="mono small">{incident.applicationId.slice(0, 8).toUpperCase()}</span>
                  </td>
                  <td data-label={t(lang, "incidentVersion")}>{incident.version}</td>
                  <td data-label={t(lang, "step")}>{incident.step}</td>
                  <td data-label={t(lang, "incidentError")} className="mono small">
                    {incident.error}
                  </td>
                  <td data-label={t(lang, "incidentSince")}>{formatDateTime(incident.since, lang)}</td>
                  <td data-label={t(lang, "incidentPaid")}>
                    <Payments payments={incident.payments} lang={lang} />
                  </td>
                  <td data-label={t(lang, "officeIncidentActions")}>
                    <Form method="post" className="inline-form">
                      <CsrfField />
                      <input type="hidden" name="incidentId" value={incident.id} />
                      <button type="submit" name="intent" value="retry" className="button">
                        {t(lang, "incidentRetry")}
                      </button>
                    </Form>
                    {incident.migrateTo.length > 0 && (
                      <Form method="post" className="inline-form">
                        <CsrfField />
                        <input type="hidden" name="incidentId" value={incident.id} />
                        <select name="toVersion" aria-label={t(lang, "incidentMigrate")}>
                          {incident.migrateTo.map((n) => (
                            <option key={n} value={n}>
                              {n}
                            </option>
                          ))}
                        </select>
                        <button type="submit" name="intent" value="migrate" className="button button-secondary">
                          {t(lang, "incidentMigrate")}
                        </button>
                      </Form>
                    )}
                    <Form method="post" className="inline-form">
                      <CsrfField />
                      <input type="hidden" name="incidentId" value={incident.id} />
                      <input type="text" name="reason" maxLength={500} aria-label={t(lang, "incidentReason")} placeholder={t(lang, "incidentReason")} />
                      <button type="submit" name="intent" value="cancel" className="button button-danger">
                        {t(lang, "incidentCancel")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t(lang, "incidentsNone")}</p>
      )}
      {resolved.length > 0 && (
        <>
          <h2>{t(lang, "incidentsRecent")}</h2>
          <ul data-testid="resolved-incidents">
            {resolved.map((incident) => (
              <li key={incident.id} data-incident={incident.id}>
                {incident.service} · {incident.step} · {statusWord(incident.status)} ({incident.resolvedBy}
                {incident.resolvedAt ? `, ${formatDateTime(incident.resolvedAt, lang)}` : ""})
                {incident.payments.length > 0 && (
                  <>
                    {" "}
                    · {t(lang, "incidentPaid")}: <Payments payments={incident.payments} lang={lang} />
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** What the application paid, in the page's language, and how each refund stands (done once it is refunded). */
function Payments({ payments, lang }: { payments: IncidentRow["payments"]; lang: Lang }) {
  if (!payments.length) return <>—</>;
  return (
    <>
      {payments.map((p, i) => (
        <span key={p.orderId} data-refund={p.refund ?? "none"}>
          {i > 0 && ", "}
          {formatRefundMoney(p.amount, p.currency, lang)}
          {p.refund === "refunded" && <span className="refund-done"> ({t(lang, "officeIncidentRefundDone")})</span>}
          {p.refund === "requested" && <> ({t(lang, "officeIncidentRefundRequested")})</>}
          {p.refund === "failed" && <span className="refund-failed"> ({t(lang, "officeIncidentRefundFailed")})</span>}
        </span>
      ))}
    </>
  );
}
