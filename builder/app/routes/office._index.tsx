/** The officers' inbox: open review tasks for the officer's roles, the nearest deadline first. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOfficer } from "../auth/guards.server";
import { isOfficerRole } from "../auth/types";
import { inbox, roleTitle } from "../data/office.server";
import { formatDateTime } from "../i18n/lang";
import { languageOf } from "../i18n/lang.server";
import { t } from "../i18n/messages";
import { officeLinks, officeMeta } from "../office/page";
import { useLang } from "../portal/root-data";

export const links = officeLinks;
export const meta = officeMeta("officeTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const officer = await requireOfficer(request, context);
  const lang = languageOf(request);
  return {
    tasks: await inbox(context.runtime, officer, lang),
    roles: officer.profile.roles.filter(isOfficerRole).map((role) => roleTitle(context.runtime, role, lang)),
  };
}

export default function OfficeInbox() {
  const { tasks, roles } = useLoaderData<typeof loader>();
  const lang = useLang();
  const column = {
    applicant: t(lang, "officeApplicant"),
    service: t(lang, "service"),
    step: t(lang, "step"),
    role: t(lang, "role"),
    due: t(lang, "due"),
    created: t(lang, "created"),
  };
  return (
    <div className="page office">
      <h1>{t(lang, "officeTitle")}</h1>
      <p className="lead">{t(lang, "officeIntro")}</p>
      <p className="muted small" id="office-roles">
        {t(lang, "officeYourRoles")}:
      </p>
      <ul className="roles" aria-labelledby="office-roles" data-testid="office-roles">
        {roles.map((role) => (
          <li key={role} className="role-chip">
            {role}
          </li>
        ))}
      </ul>
      {tasks.length ? (
        <>
          <p className="muted small">
            {t(lang, "officeTaskCount", { n: new Intl.NumberFormat(lang === "uk" ? "uk-UA" : "en-GB").format(tasks.length) })}
          </p>
          <div className="table-wrap" role="region" aria-label={t(lang, "officeTitle")} tabIndex={0}>
            <table data-testid="inbox" className="cards-narrow">
              <thead>
                <tr>
                  <th scope="col">{column.applicant}</th>
                  <th scope="col">{column.service}</th>
                  <th scope="col">{column.step}</th>
                  <th scope="col">{column.role}</th>
                  <th scope="col">{column.due}</th>
                  <th scope="col">{column.created}</th>
                </tr>
              </thead>
              <tbody>
                {tasks.map((task) => (
                  <tr key={task.id}>
                    <td className="applicant" data-label={column.applicant}>
                      <Link to={`/office/applications/${task.applicationId}`}>{task.applicant || t(lang, "officeApplication")}</Link>{" "}
                      <span className="mono small">{task.applicationId.slice(0, 8).toUpperCase()}</span>
                    </td>
                    <td data-label={column.service}>{task.service}</td>
                    <td data-label={column.step}>{task.step}</td>
                    <td data-label={column.role}>{task.roleTitle}</td>
                    <td data-label={column.due} className={task.overdue ? "overdue" : undefined}>
                      {task.due ? formatDateTime(task.due, lang) : t(lang, "noDeadline")}
                      {task.overdue && <strong> ({t(lang, "overdue")})</strong>}
                    </td>
                    <td data-label={column.created}>{formatDateTime(task.createdAt, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p>{t(lang, "officeNone")}</p>
      )}
    </div>
  );
}
