/**
 * The document templates a document step may use, as the publish catalog has them now (id → title and data
 * schema): the property panel's template picker asks when it opens and when the window regains focus, so a
 * template published meanwhile (in another tab, or by another server process) shows without a reload.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { studioCatalog } from "../studio/server/catalog.server";
import { analystOf, errorResponse } from "../studio/server/http.server";

export async function loader({ context, request }: LoaderFunctionArgs) {
  await analystOf(request, context);
  try {
    // Another process may have published one: read the newest versions rather than wait for the periodic refresh.
    await context.runtime.templates.refresh();
    return Response.json({ templates: studioCatalog(context).templates }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
