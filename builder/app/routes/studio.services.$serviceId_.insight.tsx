/** A published service's dashboard (issue 15): how many start and finish, where they give up, how long steps take, what citizens say. */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { st } from "../studio/i18n/messages";
import { metaLang } from "../studio/i18n/useStudioT";
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
