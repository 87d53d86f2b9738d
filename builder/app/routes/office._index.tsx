/** The officers' inbox: open review tasks for the officer's roles, the nearest deadline first. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOfficer } from "../auth/guards.server";
import { inbox } from "../data/office.server";
import { formatDateTime } from "../i18n/lang";
import { languageOf } from "../i18n/lang.server";
import { t } from "../i18n/messages";
import { useLang } from "../portal/root-data";

export const meta: MetaFunction = () => [{ title: "Кабінет посадовця · civic-flow" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const officer = await requireOfficer(request, context);
  return { tasks: await inbox(context.runtime, officer, languageOf(request)), roles: officer.profile.roles };
}

export default function OfficeInbox() {
  const { tasks, roles } = useLoaderData<typeof loader>();
  const lang = useLang();
  return (
    <div className="page">
      <h1>{t(lang, "officeTitle")}</h1>
      <p className="lead">{t(lang, "officeIntro")}</p>
      <p className="muted small">
        {t(lang, "role")}: {roles.join(", ")}
      </p>
      {tasks.length ? (
        <div className="table-wrap" role="region" aria-label={t(lang, "officeTitle")} tabIndex={0}>
          <table data-testid="inbox">
            <thead>
              <tr>
                <th scope="col">{t(lang, "service")}</th>
                <th scope="col">{t(lang, "step")}</th>
                <th scope="col">{t(lang, "role")}</th>
                <th scope="col">{t(lang, "due")}</th>
                <th scope="col">{t(lang, "created")}</th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((task) => (
                <tr key={task.id}>
                  <td>
                    <Link to={`/office/applications/${task.applicationId}`}>{task.service}</Link>{" "}
                    <span className="mono small">{task.applicationId.slice(0, 8).toUpperCase()}</span>
                  </td>
                  <td>{task.step}</td>
                  <td>{task.role}</td>
                  <td className={task.overdue ? "overdue" : undefined}>
                    {task.due ? formatDateTime(task.due, lang) : t(lang, "noDeadline")}
                    {task.overdue && <strong> ({t(lang, "overdue")})</strong>}
                  </td>
                  <td>{formatDateTime(task.createdAt, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t(lang, "officeNone")}</p>
      )}
    </div>
  );
}
