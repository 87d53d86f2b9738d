/**
 * What every registry call leaves behind: who asked which registry about whom and why, with the X-Road
 * evidence (message id, request id, request hash) that proves which reply answered which query. The
 * runtime persists these for the citizen's "who read my data and why" view.
 */

export interface RegistryCallRecord {
  id: string;
  /** When the attempt started (ISO 8601, UTC). */
  at: string;
  registry: string;
  operation: string;
  purpose?: string;
  applicantId: string;
  applicationId: string;
  /** 1 for the first attempt within this call. */
  attempt: number;
  transport: "xroad-r1" | "trembita-uxp" | "rest";
  /** Our X-Road client and the provider's service, as sent. */
  client?: string;
  service?: string;
  /** X-Road-Id (ours, the correlation id) and the security server's X-Road-Request-Id. */
  xRoadId?: string;
  xRoadRequestId?: string;
  /** X-Road-Request-Hash, stored as opaque evidence. */
  requestHash?: string;
  /** The pseudonym sent as X-Road-UserId. */
  userId?: string;
  httpStatus?: number;
  /** The outcome, or "error" / "timeout". */
  status: string;
  outcome?: string;
  errorCode?: string;
  /** The X-Road error type when the security server answered with one. */
  xroadError?: string;
  transient?: boolean;
  durationMs: number;
}

/** Receives every call record; a failing sink fails the call (no registry data without its audit record). */
export type CallRecordSink = (record: RegistryCallRecord) => void | Promise<void>;
