/** A published service's dashboard (issue 15): how many start and finish, where they give up, how long steps take, what citizens say. */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { st } from "../studio/i18n/messages";
import { metaLang, useStudioT } from "../studio/i18n/useStudioT";
import { Dashboard } from "../studio/insight/Dashboard";
import insightCss from "../studio/insight/insight.css?url";
import { loadDashboard } from "../studio/insight/query.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: insightCss }];

export const meta: MetaFunction<typeof loader> = ({ matches, params }) => [{ title: `${st(metaLang(matches), "ins_link")} · ${params.serviceId} · civic-flow` }];

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const { insight, params: filter } = await loadDashboard(context, request, params.serviceId);
  return { insight, params: filter };
}

export default function ServiceInsightPage() {
  const { insight, params } = useLoaderData<typeof loader>();
  return <Dashboard insight={insight} params={params} />;
}

/**
 * The dashboard's refusals (a bad filter, a service not published) are written in the analyst's language by the
 * loader: shown as they are. Anything else goes on to the root's error page.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useStudioT();
  if (!isRouteErrorResponse(error) || (error.status !== 400 && error.status !== 404) || typeof error.data !== "string") throw error;
  return (
    <div className="page">
      <h1>{t("ins_link")}</h1>
      <p>{error.data}</p>
    </div>
  );
}
