/** The citizen's applications: ordered (in progress) and finished, newest first. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireCitizen } from "../auth/guards.server";
import { myApplications, type ApplicationSummary } from "../data/applications.server";
import { invitationPath, myInvitations } from "../data/parties.server";
import { formatDateTime, type Lang } from "../i18n/lang";
import { languageOf } from "../i18n/lang.server";
import { t } from "../i18n/messages";
import { titleMeta } from "../i18n/meta";
import { StatusBadge } from "../portal/application/StatusBadge";
import { useLang } from "../portal/root-data";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "myApplicationsTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireCitizen(request, context);
  const lang = languageOf(request);
  const [applications, invitations] = await Promise.all([myApplications(context.runtime, user, lang), myInvitations(context.runtime, user, lang)]);
  return { applications, invitations: invitations.map((i) => ({ ...i, path: invitationPath(i) })) };
}

function List({ items, lang }: { items: ApplicationSummary[]; lang: Lang }) {
  return (
    <ul className="cards">
      {items.map((a) => (
        <li key={a.id} className="card">
          <h3 className="card-title">
            <Link to={`/applications/${a.id}`}>{a.serviceTitle}</Link>
          </h3>
          <p>
            <StatusBadge status={a.status} text={a.statusText} /> {a.stepTitle && <span className="muted">· {a.stepTitle}</span>}
          </p>
          {a.role && <p className="small">{t(lang, "partyRoleLabel", { role: a.role })}</p>}
          <p className="muted small">
            {t(lang, "updatedAt")}: {formatDateTime(a.updatedAt, lang)} · <span className="mono" translate="no">{a.id.slice(0, 8).toUpperCase()}</span>
          </p>
        </li>
      ))}
    </ul>
  );
}

export default function MyApplications() {
  const { applications, invitations } = useLoaderData<typeof loader>();
  const lang = useLang();
  const open = applications.filter((a) => a.status === "draft" || a.status === "processing");
  const done = applications.filter((a) => !open.includes(a));
  return (
    <div className="page">
      <h1>{t(lang, "myApplicationsTitle")}</h1>
      {invitations.length > 0 && (
        <section aria-labelledby="invitations-title">
          <h2 id="invitations-title">{t(lang, "invitationsTitle")}</h2>
          <ul className="cards">
            {invitations.map((i) => (
              <li key={i.partyId} className="card">
                <h3 className="card-title">
                  <Link to={i.path}>{i.service.title}</Link>
                </h3>
                <p>{t(lang, "invitationFrom", { name: i.invitedBy, service: i.service.title, role: i.roleTitle.toLocaleLowerCase(lang) })}</p>
                {i.deadline && <p className="muted small">{t(lang, "inviteDeadline", { date: formatDateTime(i.deadline, lang) })}</p>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {!applications.length && (
        <p>
          {t(lang, "noApplications")} <Link to="/">{t(lang, "findService")}</Link>
        </p>
      )}
      {open.length > 0 && (
        <section aria-labelledby="open-title">
          <h2 id="open-title">{t(lang, "inProgress")}</h2>
          <List items={open} lang={lang} />
        </section>
      )}
      {done.length > 0 && (
        <section aria-labelledby="done-title">
          <h2 id="done-title">{t(lang, "finished")}</h2>
          <List items={done} lang={lang} />
        </section>
      )}
    </div>
  );
}
