/**
 * The designer's live preview: POST { definition, data? } → the real PDF of that definition (saved or not)
 * with sample data from its schema, as application/pdf. Errors (a definition that cannot be rendered) as JSON.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { runtimeErrorCode, statusOf } from "../data/errors.server";
import { errorResponse, readJson } from "../studio/server/http.server";
import { checkTemplateId, codedProblems, templateStore } from "../studio/templates/templates.server";

export async function action({ context, params, request }: ActionFunctionArgs) {
  let definition: unknown;
  try {
    checkTemplateId(params.templateId);
    const { body } = await readJson(request, context);
    definition = body.definition;
    const data = body.data && typeof body.data === "object" && !Array.isArray(body.data) ? (body.data as Record<string, unknown>) : undefined;
    const pdf = await templateStore(context).preview(body.definition, data);
    return new Response(Buffer.from(pdf), { headers: { "Content-Type": "application/pdf", "Content-Disposition": 'inline; filename="preview.pdf"', "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof Response) return error;
    const problems = (error as { details?: { problems?: unknown } }).details?.problems;
    if (runtimeErrorCode(error) === "invalid_definition" && Array.isArray(problems)) {
      // The template's problems by code, for the designer to say why in the analyst's language.
      const coded = codedProblems(String((definition as { id?: unknown })?.id ?? ""), definition, problems as string[]);
      return Response.json({ error: { code: "invalid_definition", message: (error as Error).message, details: { problems: coded } } }, { status: statusOf("invalid_definition") });
    }
    if (runtimeErrorCode(error)) return errorResponse(error);
    // A definition the renderer cannot print is the analyst's to fix: say why, in the one error shape.
    const message = error instanceof Error ? error.message : String(error);
    return Response.json({ error: { code: "invalid_definition", message: `The preview could not be made: ${message}`, details: {} } }, { status: statusOf("invalid_definition") });
  }
}

export const loader = () => new Response("POST a definition", { status: 405, headers: { Allow: "POST" } });
