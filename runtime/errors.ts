/** The runtime's one error type: a closed set of codes, each with a clear message and an HTTP status. */
export const RUNTIME_ERROR_STATUS = {
  not_found: 404,
  forbidden: 403,
  stale_version: 409,
  event_not_allowed: 409,
  invalid_data: 422,
  invalid_definition: 422,
  invalid_migration: 422,
  payload_too_large: 413,
  limit_reached: 429,
  conflict: 409,
  internal: 500,
} as const;

export type RuntimeErrorCode = keyof typeof RUNTIME_ERROR_STATUS;

export interface FieldError {
  /** JSON Pointer of the field in the submitted data, "" for the whole object. */
  path: string;
  /** The JSON Schema keyword that failed (required, minLength…). */
  code: string;
  message: string;
}

export class RuntimeError extends Error {
  override readonly name = "RuntimeError";
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
    readonly details: { fields?: FieldError[]; [key: string]: unknown } = {},
  ) {
    super(message);
  }
  get status(): number {
    return RUNTIME_ERROR_STATUS[this.code];
  }
}

export const isRuntimeError = (error: unknown, code?: RuntimeErrorCode): error is RuntimeError =>
  error instanceof RuntimeError && (code === undefined || error.code === code);
