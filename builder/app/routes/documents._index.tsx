/** The citizen's issued documents. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireCitizen } from "../auth/guards.server";
import { myDocuments } from "../data/documents.server";
import { formatDate } from "../i18n/lang";
import { languageOf } from "../i18n/lang.server";
import { t, type MessageKey } from "../i18n/messages";
import { StatusBadge } from "../portal/application/StatusBadge";
import { useLang } from "../portal/root-data";

export const meta: MetaFunction = () => [{ title: "Мої документи · civic-flow" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireCitizen(request, context);
  return { documents: await myDocuments(context.runtime, user, languageOf(request)) };
}

export default function MyDocuments() {
  const { documents } = useLoaderData<typeof loader>();
  const lang = useLang();
  return (
    <div className="page">
      <h1>{t(lang, "myDocumentsTitle")}</h1>
      {!documents.length && <p>{t(lang, "noDocuments")}</p>}
      <ul className="cards">
        {documents.map((d) => (
          <li key={d.id} className="card">
            <h2 className="card-title">
              <Link to={`/documents/${d.id}`}>{d.title}</Link>
            </h2>
            <p>
              <StatusBadge status={d.status === "valid" ? "done" : "cancelled"} text={t(lang, `docStatus_${d.status}` as MessageKey)} />{" "}
              <span className="mono small">№ {d.number}</span>
            </p>
            <p className="muted small">
              {t(lang, "issuedAt")}: {formatDate(d.issuedAt, lang)}
              {d.expiresAt && ` · ${t(lang, "validUntil")}: ${formatDate(d.expiresAt, lang)}`}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
