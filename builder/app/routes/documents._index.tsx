/** The citizen's issued documents (kept offline by the service worker: offline/policy.ts). */
import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireCitizen } from "../auth/guards.server";
import { myDocuments } from "../data/documents.server";
import { formatDate } from "../i18n/lang";
import { languageOf } from "../i18n/lang.server";
import { t, type MessageKey } from "../i18n/messages";
import { titleMeta } from "../i18n/meta";
import { ownerHeaders } from "../offline/owner.server";
import { StatusBadge } from "../portal/application/StatusBadge";
import { OfflineCopyNotice, OfflineKeptNote } from "../portal/documents";
import { useLang } from "../portal/root-data";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "myDocumentsTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireCitizen(request, context);
  // checkedAt: when this copy left the server (shown when the page is a stored copy offline).
  return data({ documents: await myDocuments(context.runtime, user, languageOf(request)), checkedAt: new Date().toISOString() }, { headers: ownerHeaders(user) });
}

/** The owner header on the page and its .data twin, so the service worker keeps them for this person only. */
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export default function MyDocuments() {
  const { documents, checkedAt } = useLoaderData<typeof loader>();
  const lang = useLang();
  return (
    <div className="page">
      <h1>{t(lang, "myDocumentsTitle")}</h1>
      <OfflineCopyNotice checkedAt={checkedAt} lang={lang} />
      {!documents.length && <p>{t(lang, "noDocuments")}</p>}
      <ul className="cards">
        {documents.map((d) => (
          <li key={d.id} className="card">
            <h2 className="card-title">
              <Link to={`/documents/${d.id}`}>{d.title}</Link>
            </h2>
            <p>
              <StatusBadge status={d.status === "valid" ? "done" : "cancelled"} text={t(lang, `docStatus_${d.status}` as MessageKey)} />{" "}
              <span className="mono small" translate="no">
                № {d.number}
              </span>
            </p>
            <p className="muted small">
              {t(lang, "issuedAt")}: {formatDate(d.issuedAt, lang)}
              {d.expiresAt && ` · ${t(lang, "validUntil")}: ${formatDate(d.expiresAt, lang)}`}
            </p>
          </li>
        ))}
      </ul>
      {documents.length > 0 && <OfflineKeptNote lang={lang} />}
    </div>
  );
}
