/** JSON helpers of the HTTP API: one error shape, codes mapped to statuses (data/errors.server.ts), thrown Responses translated. */
import { codeOfStatus, runtimeErrorCode, statusOf, type HttpErrorCode } from "../data/errors.server";

export interface ApiErrorBody {
  error: { code: string; message: string; fields?: { path: (string | number)[]; message: string }[] };
}

/** The API's one error type: a code of the closed set, its status from the one mapping. */
export class ApiError extends Error {
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly fields?: { path: (string | number)[]; message: string }[],
  ) {
    super(message);
  }
  get status(): number {
    return statusOf(this.code);
  }
}

const HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...HEADERS, ...headers } });
}

/** The error shape for a status (also used by the server layer's refusals before the API runs). */
export const apiErrorBody = (status: number, message: string): ApiErrorBody => ({ error: { code: codeOfStatus(status), message } });

/** Any failure as a JSON error: ApiError, a runtime error (not_found/forbidden both 404), a thrown Response. */
export async function errorResponse(error: unknown): Promise<Response> {
  if (error instanceof ApiError) return json({ error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } } satisfies ApiErrorBody, error.status);
  const code = runtimeErrorCode(error);
  if (code) {
    if (code === "not_found" || code === "forbidden") return json({ error: { code: "not_found", message: "Not found" } }, statusOf("not_found"));
    return json({ error: { code, message: (error as Error).message } }, statusOf(code));
  }
  if (error instanceof Response) {
    const status = error.status >= 300 && error.status < 400 ? 401 : error.status;
    const message = status === 401 ? "Sign in first" : (await error.text().catch(() => "")) || codeOfStatus(status);
    return json({ error: { code: codeOfStatus(status), message } }, status);
  }
  console.error(error);
  return json({ error: { code: "internal", message: "Something went wrong" } }, 500);
}

export const MAX_JSON_BYTES = 64 * 1024;
/** Deeper bodies are refused before parsing: no API body nests this far, and deep nesting makes JSON.parse and later recursion costly. */
export const MAX_JSON_DEPTH = 32;

/** The request's JSON body (an object), at most 64 KB and 32 levels deep; only application/json (which also stops cross-site form posts). */
export async function readJson(request: Request): Promise<Record<string, unknown>> {
  if (!/^application\/json\b/i.test(request.headers.get("content-type") ?? "")) throw new ApiError("unsupported_media_type", "Send JSON (Content-Type: application/json)");
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_JSON_BYTES) throw new ApiError("payload_too_large", "The body is larger than 64 KB");
  if (!text) return {};
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new ApiError("bad_request", `The body nests deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    const body = JSON.parse(text) as unknown;
    if (!body || typeof body !== "object" || Array.isArray(body)) throw new Error();
    return body as Record<string, unknown>;
  } catch {
    throw new ApiError("bad_request", "The body is not a JSON object");
  }
}

/** The deepest nesting of [ and { outside strings (a linear scan; the text need not be valid JSON). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) deepest = Math.max(deepest, ++depth);
    else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return deepest;
}

export const str = (value: unknown, max = 1000): string | undefined => (typeof value === "string" && value.length <= max ? value : undefined);

/** A body's string field that must be there (non-empty, at most `max` characters), else 400 invalid_data naming it. */
export function requiredStr(body: Record<string, unknown>, key: string, max: number): string {
  const value = str(body[key], max);
  if (!value) throw new ApiError("invalid_data", `${key} is required`, [{ path: [key], message: "required" }]);
  return value;
}
