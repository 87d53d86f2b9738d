/** One table of a service's dashboard as CSV (?table=funnel plus the dashboard's own filter), in the analyst's language. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { st } from "../studio/i18n/messages";
import { tableCsv } from "../studio/insight/csv";
import { loadDashboard } from "../studio/insight/query.server";
import { dashboardView, TABLE_IDS, type TableId } from "../studio/insight/view";

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const { insight, params: filter, lang } = await loadDashboard(context, request, params.serviceId);
  const table = new URL(request.url).searchParams.get("table") ?? "";
  if (!(TABLE_IDS as readonly string[]).includes(table)) {
    throw new Response(st(lang, "ins_bad_table", { value: table.slice(0, 40) }), { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const view = dashboardView(insight, lang, { compare: filter.versions });
  const name = `${insight.serviceId}-${table}${filter.from ? `-${filter.from}` : ""}${filter.to ? `-${filter.to}` : ""}.csv`;
  return new Response(tableCsv(view.tables[table as TableId], lang), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name.replace(/[^\w.-]/g, "_")}"`,
      "cache-control": "private, no-store",
    },
  });
}
