/** "Who read my data": registry requests and officers' views for the citizen's applications, with their purpose. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireCitizen } from "../auth/guards.server";
import { whoReadMyData } from "../data/privacy.server";
import { formatDateTime } from "../i18n/lang";
import { languageOf } from "../i18n/lang.server";
import { t } from "../i18n/messages";
import { titleMeta } from "../i18n/meta";
import { useLang } from "../portal/root-data";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "privacyTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireCitizen(request, context);
  return whoReadMyData(context.runtime, user, languageOf(request), context.studio?.catalog());
}

export default function Privacy() {
  const { registries, officers } = useLoaderData<typeof loader>();
  const lang = useLang();
  const appLink = (id: string) => (
    <Link to={`/applications/${id}`} className="mono" translate="no">
      {id.slice(0, 8).toUpperCase()}
    </Link>
  );
  return (
    <div className="page">
      <h1>{t(lang, "privacyTitle")}</h1>
      <p className="lead">{t(lang, "privacyIntro")}</p>
      <section aria-labelledby="reg-title">
        <h2 id="reg-title">{t(lang, "privacyRegistries")}</h2>
        {registries.length ? (
          <div className="table-wrap" role="region" aria-labelledby="reg-title" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(lang, "when")}</th>
                  <th scope="col">{t(lang, "registry")}</th>
                  <th scope="col">{t(lang, "operation")}</th>
                  <th scope="col">{t(lang, "purpose")}</th>
                  <th scope="col">{t(lang, "result")}</th>
                  <th scope="col">{t(lang, "application")}</th>
                </tr>
              </thead>
              <tbody>
                {registries.map((r, i) => (
                  <tr key={i}>
                    <td>{formatDateTime(r.at, lang)}</td>
                    {/* The registries' and operations' names as the catalog publishes them (proper names). */}
                    <td translate="no">{r.registry}</td>
                    <td translate="no">{r.operation}</td>
                    <td>{r.purpose}</td>
                    <td translate={r.resultIsCode ? "no" : undefined} className={r.resultIsCode ? "mono" : undefined}>
                      {r.result}
                    </td>
                    <td>{appLink(r.applicationId)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t(lang, "privacyNone")}</p>
        )}
      </section>
      <section aria-labelledby="off-title">
        <h2 id="off-title">{t(lang, "privacyOfficers")}</h2>
        {officers.length ? (
          <div className="table-wrap" role="region" aria-labelledby="off-title" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(lang, "when")}</th>
                  <th scope="col">{t(lang, "who")}</th>
                  <th scope="col">{t(lang, "operation")}</th>
                  <th scope="col">{t(lang, "purpose")}</th>
                  <th scope="col">{t(lang, "application")}</th>
                </tr>
              </thead>
              <tbody>
                {officers.map((o, i) => (
                  <tr key={i}>
                    <td>{formatDateTime(o.at, lang)}</td>
                    <td translate="no">{o.who}</td>
                    <td>{o.action}</td>
                    <td>{o.purpose}</td>
                    <td>{appLink(o.applicationId)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t(lang, "privacyNone")}</p>
        )}
      </section>
    </div>
  );
}
