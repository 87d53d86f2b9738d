/** A technical failure of a registry call. Business answers (notFound, rejected…) are outcomes, never errors. */

export type RegistryCallErrorCode =
  /** The security server answered with an X-Road error (see xroadType). */
  | "xroad_error"
  /** The registry answered 5xx, 408 or 429 itself. */
  | "provider_error"
  /** The registry answered a status the operation does not expect (a 4xx with no outcome). */
  | "provider_rejected"
  /** A 3xx: redirects are not followed. */
  | "redirect_refused"
  /** A 2xx reply no outcome rule matched, or unreadable. */
  | "invalid_reply"
  | "timeout"
  | "aborted"
  | "network_error"
  | "tls_error"
  /** Unknown registry or operation, bad identifiers, input missing for the path. */
  | "configuration"
  /** The call record could not be stored. */
  | "audit_failed";

export class RegistryCallError extends Error {
  override readonly name = "RegistryCallError";
  constructor(
    readonly code: RegistryCallErrorCode,
    /** Whether retrying later can help; permanent errors go straight to the step's error outcome. */
    readonly transient: boolean,
    message: string,
    readonly details: {
      httpStatus?: number;
      /** The X-Road error type, as received. */
      xroadType?: string;
      /** The provider's own error body, passed through. */
      providerBody?: unknown;
      [key: string]: unknown;
    } = {},
  ) {
    super(message);
  }
}

export const isRegistryCallError = (error: unknown): error is RegistryCallError => error instanceof RegistryCallError;
