/**
 * A draft as JSON for the editor's scripts. GET: the draft (or ?format=yaml: the source as a file).
 * POST { intent: "save", source, scenarios?, expectedVersion } | { intent: "check" } | { intent: "publish", expectedVersion } | { intent: "delete", expectedVersion }.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { analystOf, errorResponse, intOf, readJson } from "../studio/server/http.server";
import { checkForPublish, publishDraft } from "../studio/server/studio.server";

const toJson = (draft: { createdAt: Date; updatedAt: Date }) => ({ ...draft, createdAt: draft.createdAt.toISOString(), updatedAt: draft.updatedAt.toISOString() });

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  await analystOf(request, context);
  try {
    const draft = await context.runtime.drafts.get(params.draftId!);
    if (new URL(request.url).searchParams.get("format") === "yaml") {
      const name = (draft.serviceId || "service").replace(/[^a-z0-9-]/g, "");
      return new Response(draft.source, {
        headers: { "Content-Type": "text/yaml; charset=utf-8", "Content-Disposition": `attachment; filename="${name}.yaml"` },
      });
    }
    return Response.json({ draft: toJson(draft) });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  const { runtime } = context;
  const id = params.draftId!;
  try {
    const { body, by, byId } = await readJson(request, context);
    const expectedVersion = intOf(body.expectedVersion);
    switch (body.intent) {
      case "save": {
        if (expectedVersion === undefined) return Response.json({ error: { code: "invalid_data", message: "expectedVersion is required" } }, { status: 422 });
        const draft = await runtime.drafts.save(id, {
          source: body.source as string,
          scenarios: body.scenarios as never,
          expectedVersion,
          by,
          byId,
        });
        return Response.json({ draft: { id: draft.id, version: draft.version, updatedBy: draft.updatedBy, updatedAt: draft.updatedAt.toISOString() } });
      }
      case "check": {
        const draft = await runtime.drafts.get(id);
        const { definition: _definition, ...check } = checkForPublish(draft.source, draft.scenarios, context.studio.catalog());
        return Response.json({ check });
      }
      case "publish": {
        if (expectedVersion === undefined) return Response.json({ error: { code: "invalid_data", message: "expectedVersion is required" } }, { status: 422 });
        const result = await publishDraft(context, id, expectedVersion, by, byId);
        return Response.json({ version: result.version, draft: { version: result.draft.version, basedOn: result.draft.basedOn }, check: result.check });
      }
      case "delete": {
        await runtime.drafts.remove(id, expectedVersion);
        return Response.json({ deleted: true });
      }
      default:
        return Response.json({ error: { code: "invalid_data", message: "Unknown intent" } }, { status: 400 });
    }
  } catch (error) {
    if (error instanceof Response) return error;
    return errorResponse(error);
  }
}
