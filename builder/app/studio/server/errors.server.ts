/**
 * Errors of the studio's server side, and errors from the runtime, as HTTP responses. Runtime errors
 * are recognised by shape (name, code, status) rather than by class: the bundled app and the server
 * process each have their own copy of the runtime's modules, so instanceof would not hold.
 */
export type StudioErrorCode = "not_found" | "invalid_data" | "invalid_definition" | "stale_version";
const STATUS: Record<StudioErrorCode, number> = { not_found: 404, invalid_data: 422, invalid_definition: 422, stale_version: 409 };

export class StudioError extends Error {
  override readonly name = "RuntimeError";
  constructor(
    readonly code: StudioErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
  get status() {
    return STATUS[this.code];
  }
}

interface ErrorLike {
  name: string;
  code: string;
  message: string;
  status: number;
  details?: unknown;
}

export function isRuntimeErrorLike(error: unknown): error is ErrorLike {
  const e = error as Partial<ErrorLike> | null;
  return !!e && typeof e === "object" && e.name === "RuntimeError" && typeof e.code === "string" && typeof e.status === "number";
}

/** A runtime or studio error becomes its status and a JSON body; anything else is rethrown. */
export function errorResponse(error: unknown): Response {
  if (isRuntimeErrorLike(error)) {
    return Response.json({ error: { code: error.code, message: error.message, details: error.details ?? {} } }, { status: error.status });
  }
  throw error;
}
