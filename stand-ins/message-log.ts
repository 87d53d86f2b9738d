/**
 * The stand-in's message log: what a security server keeps (with signatures and time-stamps in real life)
 * so that a call can be proven later. Tests compare our own call records against it.
 */

export interface MessageLogEntry {
  at: string;
  /** X-Road-Id (the query id). */
  queryId: string;
  xRequestId: string;
  client: string | null;
  service: string | null;
  method: string;
  /** Service-relative path; the query string is kept as sent. */
  path: string;
  query: string;
  /** X-Road-* request headers as received (UserId and Issue are logged even when bodies are not). */
  xroadHeaders: Record<string, string>;
  requestBodySha256: string | null;
  status: number;
  responseBodySha256: string | null;
  requestHash: string | null;
  /** The X-Road error type when the security server itself answered. */
  error: string | null;
  /** The fault injected, if any. */
  fault: string | null;
  durationMs: number;
}

export class MessageLog {
  private readonly records: MessageLogEntry[] = [];

  add(entry: MessageLogEntry): void {
    this.records.push(entry);
  }

  entries(): readonly MessageLogEntry[] {
    return this.records;
  }

  byQueryId(queryId: string): MessageLogEntry[] {
    return this.records.filter((entry) => entry.queryId === queryId);
  }

  clear(): void {
    this.records.length = 0;
  }
}
