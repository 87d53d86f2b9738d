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

/**
 * `path` is the part after /api/v1 as the request sent it (still percent-encoded): each parameter is
 * decoded exactly once, so an id containing "%25" is not decoded a second time.
 */
export async function handleApi(request: Request, context: AppLoadContext, path = apiPathOf(request)): Promise<Response> {
  try {
    const clean = `/${path.replace(/^\/+|\/+$/g, "")}`;
    if (clean === "/openapi.json" && request.method === "GET") return json(openApiDocument(new URL(request.url).origin), 200, { "cache-control": "public, max-age=300" });
    const matches = compiled.filter((c) => c.pattern.test(clean));
    if (!matches.length) throw new ApiError("not_found", "No such API path");
    const match = matches.find((c) => c.route.method === request.method);
    if (!match) {
      return json({ error: { code: "method_not_allowed", message: `Use ${matches.map((m) => m.route.method).join(", ")}` } }, 405, { allow: matches.map((m) => m.route.method).join(", ") });
    }
    const values = match.pattern.exec(clean)!.slice(1).map(decodeParam);
    const params = Object.fromEntries(match.names.map((name, i) => [name, values[i]]));
    return await runRoute(match.route as ApiRoute, { request, context, params, lang: apiLanguage(request) });
  } catch (error) {
    return errorResponse(error);
  }
}

/** The encoded path after /api/v1/ of a request (Remix's splat parameter is already decoded). */
export function apiPathOf(request: Request): string {
  return new URL(request.url).pathname.replace(/^\/api\/v1\/?/, "");
}

function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new ApiError("bad_request", "The path has a malformed percent-encoding");
  }
}
