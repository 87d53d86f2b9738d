/** Matches /api/v1/<path> against the route table and runs the route; every answer is JSON. */
import type { AppLoadContext } from "@remix-run/node";
import { ApiError, errorResponse, json } from "./http.server";
import { openApiDocument } from "./openapi.server";
import { API_ROUTES, apiLanguage, runRoute, type ApiRoute } from "./routes.server";

const compiled = API_ROUTES.map((route) => ({
  route,
  names: [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
  pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, "([^/]+)")}$`),
}));

export async function handleApi(request: Request, context: AppLoadContext, path: string): Promise<Response> {
  try {
    const clean = `/${path.replace(/^\/+|\/+$/g, "")}`;
    if (clean === "/openapi.json" && request.method === "GET") return json(openApiDocument(new URL(request.url).origin), 200, { "cache-control": "public, max-age=300" });
    const matches = compiled.filter((c) => c.pattern.test(clean));
    if (!matches.length) throw new ApiError(404, "not_found", "No such API path");
    const match = matches.find((c) => c.route.method === request.method);
    if (!match) {
      return json({ error: { code: "method_not_allowed", message: `Use ${matches.map((m) => m.route.method).join(", ")}` } }, 405, { allow: matches.map((m) => m.route.method).join(", ") });
    }
    const values = match.pattern.exec(clean)!.slice(1).map((v) => decodeURIComponent(v));
    const params = Object.fromEntries(match.names.map((name, i) => [name, values[i]]));
    return await runRoute(match.route as ApiRoute, { request, context, params, lang: apiLanguage(request) });
  } catch (error) {
    return errorResponse(error);
  }
}
