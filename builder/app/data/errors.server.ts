/**
 * The web app's errors as HTTP, in one place: the closed set of error codes it answers with (the runtime's
 * codes and the HTTP layer's own) and the one mapping from code to status, used by the JSON API, the
 * studio's API, the pages and the server's refusals. An application that is not the viewer's is "not
 * found", never "forbidden", so ids cannot be probed.
 */
import { RUNTIME_ERROR_STATUS, type RuntimeErrorCode } from "../../../runtime";

export const HTTP_ERROR_STATUS = {
  ...RUNTIME_ERROR_STATUS,
  bad_request: 400,
  unauthorized: 401,
  /** A form or a cookie-authenticated API call without the session's CSRF token. */
  csrf: 403,
  method_not_allowed: 405,
  timeout: 408,
  unsupported_media_type: 415,
  /** Staff sign-in refused for a while after too many failures. */
  locked: 429,
  headers_too_large: 431,
} as const satisfies Record<RuntimeErrorCode, number> & Record<string, number>;

export type HttpErrorCode = keyof typeof HTTP_ERROR_STATUS;

export const statusOf = (code: HttpErrorCode): number => HTTP_ERROR_STATUS[code];

/** The general code of each status, for answers that have only a status (a thrown Response, a refusal before Remix). */
const GENERAL_CODES: HttpErrorCode[] = [
  "bad_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "method_not_allowed",
  "timeout",
  "conflict",
  "payload_too_large",
  "unsupported_media_type",
  "invalid_data",
  "limit_reached",
  "headers_too_large",
  "internal",
];

export const codeOfStatus = (status: number): HttpErrorCode | "error" => GENERAL_CODES.find((code) => HTTP_ERROR_STATUS[code] === status) ?? "error";

export const notFound = () => new Response("Not found", { status: statusOf("not_found") });

/**
 * The runtime error's code, recognised by shape: the runtime instance comes from the server process
 * while this code is bundled by Remix, so `instanceof RuntimeError` would compare two different classes.
 * Only the runtime's own codes count: anything else is not a runtime error.
 */
export function runtimeErrorCode(error: unknown): RuntimeErrorCode | undefined {
  if (!(error instanceof Error) || error.name !== "RuntimeError") return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && Object.hasOwn(RUNTIME_ERROR_STATUS, code) ? (code as RuntimeErrorCode) : undefined;
}

export const isRuntimeErrorCode = (error: unknown, code: RuntimeErrorCode) => runtimeErrorCode(error) === code;

/** Re-throws as a 404 response when the runtime says not_found or forbidden (so ids cannot be probed). */
export function hideForeign(error: unknown): never {
  const code = runtimeErrorCode(error);
  if (code === "not_found" || code === "forbidden") throw notFound();
  throw error;
}
