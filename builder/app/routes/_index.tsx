/** The portal's catalog: the published services, searchable (works without JavaScript: a GET form). */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { catalog } from "../data/services.server";
import { languageOf } from "../i18n/lang.server";
import { t, tn } from "../i18n/messages";
import { tParts } from "../i18n/parts";
import { titleMeta } from "../i18n/meta";
import { useLang } from "../portal/root-data";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "catalogTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  return { q, services: await catalog(context.runtime, languageOf(request), q) };
}

export default function Catalog() {
  const { q, services } = useLoaderData<typeof loader>();
  const lang = useLang();
  return (
    <div className="page">
      <h1>{t(lang, "catalogTitle")}</h1>
      <p className="lead">{t(lang, "catalogIntro")}</p>
      <Form method="get" role="search" className="search-row">
        <label htmlFor="catalog-q">{t(lang, "searchLabel")}</label>
        <div className="search-controls">
          <input id="catalog-q" name="q" type="search" defaultValue={q} autoComplete="off" />
          <button type="submit" className="button">
            {t(lang, "searchButton")}
          </button>
        </div>
      </Form>
      <p className="muted" role="status">
        {services.length ? tn(lang, "searchResults", services.length) : tParts(lang, "searchNone", { q: <span translate="no">{q}</span> })}
      </p>
      <ul className="cards" data-testid="catalog">
        {services.map((service) => (
          <li key={service.id} className="card">
            <h2 className="card-title">
              <Link to={`/services/${service.id}`}>{service.title}</Link>
            </h2>
            <p>{service.description}</p>
            <p className="muted small">
              {t(lang, "serviceOwner")}: {service.owner}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
