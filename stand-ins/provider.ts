/**
 * A provider information system behind the stand-in security server: a REST API (one X-Road service)
 * described by its endpoints, from which the OpenAPI 3 document and the listMethods entry are built.
 */
import type { ServiceId } from "../runtime/xroad/identifiers";

export type JsonSchema = Record<string, unknown>;

export interface ProviderRequest {
  method: string;
  /** The service-relative path, e.g. /v1/persons/lookup */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Lower-cased names; includes x-road-client, x-road-id, x-road-request-id, x-road-userid, x-road-issue. */
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined. */
  body: unknown;
}

export interface ProviderResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON-serialisable, or raw bytes. */
  body?: unknown;
}

export interface Endpoint {
  /** The catalog operation it implements, e.g. getPerson. */
  operationId: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** OpenAPI-style path with {params}. */
  path: string;
  summary: string;
  /** Schemas of the path parameters, by name (a string when not given). */
  params?: Record<string, JsonSchema>;
  request?: JsonSchema;
  responses: Record<number, { description: string; schema?: JsonSchema }>;
  handle(request: ProviderRequest): ProviderResponse | Promise<ProviderResponse>;
}

export interface Provider {
  /** The catalog's registry name, e.g. population. */
  registry: string;
  service: ServiceId;
  title: string;
  description?: string;
  endpoints: Endpoint[];
}

export const json = (status: number, body: unknown): ProviderResponse => ({ status, body });

/** The provider's own error reply (passed through the security server as-is, with no X-Road-Error). */
export const problem = (status: number, code: string, message: string): ProviderResponse => ({
  status,
  body: { error: code, message },
});

export function matchEndpoint(
  provider: Provider,
  method: string,
  path: string,
): { endpoint: Endpoint; params: Record<string, string> } | { allowedMethods: string[] } | undefined {
  const allowedMethods: string[] = [];
  for (const endpoint of provider.endpoints) {
    const params = matchPath(endpoint.path, path);
    if (!params) continue;
    if (endpoint.method === method) return { endpoint, params };
    allowedMethods.push(endpoint.method);
  }
  return allowedMethods.length ? { allowedMethods } : undefined;
}

function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const param = /^\{(\w+)\}$/.exec(want[i]);
    if (param) {
      if (!got[i]) return undefined;
      try {
        params[param[1]] = decodeURIComponent(got[i]);
      } catch {
        return undefined;
      }
    } else if (want[i] !== got[i]) return undefined;
  }
  return params;
}

/** The path as X-Road lists it: `{param}` becomes the `*` wildcard. */
export const xroadPath = (path: string): string => path.replace(/\{\w+\}/g, "*");

/** A real OpenAPI 3.0 document of the provider's API; `servers` anonymised as the security server does. */
export function openApiDocument(provider: Provider): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const endpoint of provider.endpoints) {
    const params = [...endpoint.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
      name: match[1],
      in: "path",
      required: true,
      schema: endpoint.params?.[match[1]] ?? { type: "string" },
    }));
    (paths[endpoint.path] ??= {})[endpoint.method.toLowerCase()] = {
      operationId: endpoint.operationId,
      summary: endpoint.summary,
      ...(params.length ? { parameters: params } : {}),
      ...(endpoint.request
        ? { requestBody: { required: true, content: { "application/json": { schema: endpoint.request } } } }
        : {}),
      responses: Object.fromEntries(
        Object.entries(endpoint.responses).map(([status, response]) => [
          status,
          {
            description: response.description,
            ...(response.schema ? { content: { "application/json": { schema: response.schema } } } : {}),
          },
        ]),
      ),
    };
  }
  return {
    openapi: "3.0.3",
    info: { title: provider.title, version: "1.0.0", ...(provider.description ? { description: provider.description } : {}) },
    servers: [{ url: "http://example.org/" }],
    paths,
  };
}
