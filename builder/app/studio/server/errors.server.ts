/**
 * Errors of the studio's server side, and errors from the runtime, as HTTP responses: the web app's one
 * mapping from codes to statuses (data/errors.server.ts). A studio error has the runtime error's shape
 * (name, code, message, details), so both are answered alike.
 */
import type { RuntimeErrorCode } from "../../../../runtime";
import { runtimeErrorCode, statusOf } from "../../data/errors.server";

export type StudioErrorCode = Extract<RuntimeErrorCode, "not_found" | "invalid_data" | "invalid_definition" | "stale_version">;

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
    return statusOf(this.code);
  }
}

/** A runtime or studio error becomes its status and a JSON body; anything else is rethrown. */
export function errorResponse(error: unknown): Response {
  const code = runtimeErrorCode(error);
  if (code) {
    const { message, details } = error as { message: string; details?: unknown };
    return Response.json({ error: { code, message, details: details ?? {} } }, { status: statusOf(code) });
  }
  throw error;
}
