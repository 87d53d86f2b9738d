/**
 * A document template as JSON for the designer's scripts (runtime/templates/contract.ts).
 * GET: { draft, versions } (the draft is made from the newest version, or blank for a new id).
 * PUT { definition, expectedRevision }: saves the draft; { draft } with its problems, 409 when another save came first.
 * POST { intent: "publish" }: publishes the saved draft as the next version; { version, versions }.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { analystOf, errorResponse, intOf, readJson } from "../studio/server/http.server";
import { checkTemplateId, draftJson, templateStore, versionsJson } from "../studio/templates/templates.server";

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const by = await analystOf(request, context);
  try {
    const id = checkTemplateId(params.templateId);
    const store = templateStore(context);
    const [draft, versions] = await Promise.all([store.draft(id, by), store.versions(id).catch(() => [])]);
    return Response.json({ draft: draftJson(draft), versions: versionsJson(versions) });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  try {
    const id = checkTemplateId(params.templateId);
    const { body, by } = await readJson(request, context);
    const store = templateStore(context);
    if (request.method === "PUT") {
      const expectedRevision = intOf(body.expectedRevision);
      if (expectedRevision === undefined) return Response.json({ error: { code: "invalid_data", message: "expectedRevision is required", details: {} } }, { status: 422 });
      const draft = await store.saveDraft(id, { definition: body.definition, expectedRevision, by });
      return Response.json({ draft: draftJson(draft) });
    }
    if (request.method === "POST" && body.intent === "publish") {
      const version = await store.publish(id, by);
      const versions = await store.versions(id);
      return Response.json({ version: { id: version.id, version: version.version, hash: version.hash }, versions: versionsJson(versions) });
    }
    return Response.json({ error: { code: "bad_request", message: "PUT a draft, or POST { intent: \"publish\" }", details: {} } }, { status: 400 });
  } catch (error) {
    if (error instanceof Response) return error;
    return errorResponse(error);
  }
}
