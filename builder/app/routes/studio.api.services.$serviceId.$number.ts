/** A published version's definition as a YAML file (export). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { analystOf, errorResponse, intOf } from "../studio/server/http.server";
import { definitionToYaml, versionDefinition } from "../studio/server/studio.server";

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  await analystOf(request, context);
  const number = intOf(params.number);
  if (number === undefined) return new Response("Not found", { status: 404 });
  try {
    const { definition } = await versionDefinition(context.runtime, params.serviceId!, number);
    return new Response(definitionToYaml(definition), {
      headers: { "Content-Type": "text/yaml; charset=utf-8", "Content-Disposition": `attachment; filename="${definition.id}-v${number}.yaml"` },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
