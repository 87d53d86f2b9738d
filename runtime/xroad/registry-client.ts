/**
 * Calls registries: over X-Road (PR-REST or the Trembita UXP dialect) or plain REST, as the registries
 * config says. Maps replies to the operation's outcomes, classifies failures as transient or permanent,
 * and emits a call record for every attempt.
 */
import { createHmac, randomUUID } from "node:crypto";
import type { CallRecordSink, RegistryCallRecord } from "./call-record";
import { registryConfig, type RegistriesConfig, type RegistryConfig } from "./config";
import { dialectHeaders, dialectUrl, MAX_URL_LENGTH, readDialectReply, type DialectReply } from "./dialects";
import { isTransientXRoadError, parseXRoadErrorType } from "./error-types";
import { send, TransportError, type HttpReply } from "./http";
import { formatClientId, formatServiceId } from "./identifiers";
import { BUILTIN_APIS, buildRequest, matchOutcome, MissingInputError, type OperationContract } from "./operations";
import { RegistryCallError } from "./registry-call-error";

export interface RegistryCallRequest {
  registry: string;
  operation: string;
  input: Record<string, unknown>;
  /** Why the data is needed (from the definition); recorded, and shown to the citizen. */
  purpose?: string;
  applicationId: string;
  applicantId: string;
  /** The same on every attempt: sent as Idempotency-Key so the registry acts once. */
  idempotencyKey: string;
  signal?: AbortSignal;
}

export interface RegistryCallResult {
  outcome: string;
  data?: unknown;
}

export interface RegistryClientOptions {
  sink?: CallRecordSink;
  /**
   * Called with the attempt's record right before its request is sent (the sink gets it again when it ends):
   * a read that a crash interrupts is on record. A failing hook fails the attempt unsent, like a failing sink.
   */
  beforeSend?: CallRecordSink;
  /** For tests: waits between in-call retries. */
  sleep?: (ms: number) => Promise<void>;
}

export class RegistryClient {
  /** Operations learnt from getOpenAPI that no contract maps (see discovery.ts). */
  readonly discovered = new Map<string, Record<string, OperationContract>>();

  constructor(
    readonly config: RegistriesConfig,
    private readonly options: RegistryClientOptions = {},
  ) {}

  /** The contract of an operation: the config's, the built-in API's, or a discovered one. */
  contract(registry: string, operation: string): OperationContract {
    const entry = this.entry(registry);
    const contract = entry.operations[operation] ?? BUILTIN_APIS[entry.api]?.[operation] ?? this.discovered.get(registry)?.[operation];
    if (!contract) {
      const known = Object.keys({ ...BUILTIN_APIS[entry.api], ...entry.operations, ...this.discovered.get(registry) });
      throw new RegistryCallError("configuration", false, `Registry "${registry}" has no operation "${operation}" (known: ${known.join(", ") || "none"})`);
    }
    return contract;
  }

  async call(request: RegistryCallRequest): Promise<RegistryCallResult> {
    const entry = this.entry(request.registry);
    const contract = this.contract(request.registry, request.operation);
    const sleep = this.options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(entry, contract, request, attempt);
      } catch (error) {
        const failure = error as RegistryCallError;
        if (!failure.transient || attempt >= entry.retry.attempts || request.signal?.aborted) throw failure;
        await sleep(entry.retry.backoffMs * 2 ** (attempt - 1));
      }
    }
  }

  /** X-Road-UserId: a stable pseudonym of the applicant, prefixed with the country code. */
  userId(applicantId: string): string {
    const digest = createHmac("sha256", this.config.userId.secret).update(applicantId).digest("hex");
    return `${this.config.userId.country}${digest.slice(0, 32)}`;
  }

  entry(registry: string): RegistryConfig {
    try {
      return registryConfig(this.config, registry);
    } catch (error) {
      throw new RegistryCallError("configuration", false, (error as Error).message);
    }
  }

  private async attempt(entry: RegistryConfig, contract: OperationContract, request: RegistryCallRequest, attempt: number): Promise<RegistryCallResult> {
    const started = Date.now();
    const messageId = randomUUID();
    const userId = this.userId(request.applicantId);
    const transport = entry.kind === "rest" ? "rest" : entry.securityServer.dialect;
    const record: RegistryCallRecord = {
      id: randomUUID(),
      at: new Date(started).toISOString(),
      registry: request.registry,
      operation: request.operation,
      ...(request.purpose ? { purpose: request.purpose } : {}),
      applicantId: request.applicantId,
      applicationId: request.applicationId,
      attempt,
      transport,
      ...(entry.kind === "xroad"
        ? { client: formatClientId(this.config.client), service: formatServiceId(entry.service), xRoadId: messageId, userId }
        : {}),
      status: "error",
      durationMs: 0,
    };
    const emit = async () => {
      record.durationMs = Date.now() - started;
      try {
        await this.options.sink?.(record);
      } catch (error) {
        throw new RegistryCallError("audit_failed", true, `The call record could not be stored: ${(error as Error).message}`);
      }
    };

    let result: RegistryCallResult;
    try {
      let built: ReturnType<typeof buildRequest>;
      try {
        built = buildRequest(contract, request.input ?? {});
      } catch (error) {
        if (error instanceof MissingInputError) throw new RegistryCallError("configuration", false, `${request.registry}.${request.operation}: ${error.message}`);
        throw error;
      }
      const pathAndQuery = built.path + built.query;
      const headers: Record<string, string> = {
        Accept: "application/json",
        "Idempotency-Key": request.idempotencyKey,
      };
      let url: string;
      if (entry.kind === "xroad") {
        const dialectRequest = {
          client: this.config.client,
          service: entry.service,
          serviceVersion: entry.serviceVersion,
          pathAndQuery,
          messageId,
          userId,
          issue: request.applicationId,
          purposeIds: entry.purposeIds,
        };
        url = dialectUrl(entry.securityServer.dialect, entry.securityServer.url, dialectRequest);
        Object.assign(headers, dialectHeaders(entry.securityServer.dialect, dialectRequest));
      } else {
        url = entry.url + pathAndQuery;
        Object.assign(headers, entry.headers);
      }
      if (url.length > MAX_URL_LENGTH) {
        throw new RegistryCallError("configuration", false, `The URL is longer than ${MAX_URL_LENGTH} characters: put data in the body`);
      }
      const body = built.body === undefined ? undefined : Buffer.from(JSON.stringify(built.body));
      if (body) headers["Content-Type"] = "application/json; charset=utf-8";

      try {
        await this.options.beforeSend?.(record);
      } catch (error) {
        throw new RegistryCallError("audit_failed", true, `The call record could not be stored: ${(error as Error).message}`);
      }
      let reply: HttpReply;
      try {
        reply = await send({
          method: contract.method,
          url,
          headers,
          body,
          tls: entry.kind === "xroad" ? entry.securityServer.tls : entry.tls,
          timeoutMs: entry.timeoutMs,
          signal: request.signal,
        });
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        const code = { timeout: "timeout", aborted: "aborted", network: "network_error", tls: "tls_error", too_large: "invalid_reply" } as const;
        // A bad certificate or an oversized reply will not fix itself; a timeout or a refused connection may.
        const transient = error.kind === "timeout" || error.kind === "aborted" || error.kind === "network";
        throw new RegistryCallError(code[error.kind], transient, `${request.registry}.${request.operation}: ${error.message}`, { transport: error.code });
      }

      record.httpStatus = reply.status;
      const meta: DialectReply = entry.kind === "xroad" ? readDialectReply(entry.securityServer.dialect, reply.headers) : {};
      if (meta.messageId) record.xRoadId = meta.messageId;
      if (meta.requestId) record.xRoadRequestId = meta.requestId;
      if (meta.requestHash) record.requestHash = meta.requestHash;

      if (meta.errorType) throw xroadError(request, reply, meta);
      result = interpret(request, contract, reply);
    } catch (error) {
      const failure =
        error instanceof RegistryCallError ? error : new RegistryCallError("invalid_reply", false, `${request.registry}.${request.operation}: ${(error as Error).message}`);
      record.status = failure.code === "timeout" ? "timeout" : "error";
      record.errorCode = failure.code;
      record.transient = failure.transient;
      if (failure.details.xroadType) record.xroadError = String(failure.details.xroadType);
      await emit();
      throw failure;
    }
    record.status = result.outcome;
    record.outcome = result.outcome;
    await emit();
    return result;
  }
}

/** An X-Road error: classified by the type (header first), never by the HTTP status. */
function xroadError(request: RegistryCallRequest, reply: HttpReply, meta: DialectReply): RegistryCallError {
  const body = parseErrorBody(reply.body);
  const type = parseXRoadErrorType(meta.errorType ?? body.type ?? "server.unknown");
  const transient = isTransientXRoadError(type);
  return new RegistryCallError(
    "xroad_error",
    transient,
    `${request.registry}.${request.operation}: X-Road error ${type.raw}: ${body.message ?? meta.errorMessage ?? "no message"}`,
    { httpStatus: reply.status, xroadType: type.raw, xroadCode: type.normalized, origin: type.origin, detail: body.detail },
  );
}

function interpret(request: RegistryCallRequest, contract: OperationContract, reply: HttpReply): RegistryCallResult {
  const what = `${request.registry}.${request.operation}`;
  const data = parseBody(reply);
  const outcome = matchOutcome(contract, reply.status, data);
  if (outcome) return data === undefined ? { outcome } : { outcome, data };
  const details = { httpStatus: reply.status, providerBody: data };
  if (reply.status >= 300 && reply.status < 400) {
    return fail(new RegistryCallError("redirect_refused", false, `${what}: the registry redirected (${reply.status} to ${String(reply.headers.location ?? "?")}); redirects are not followed`, details));
  }
  if (reply.status >= 500 || reply.status === 408 || reply.status === 429) {
    return fail(new RegistryCallError("provider_error", true, `${what}: the registry answered ${reply.status}: ${summary(data)}`, details));
  }
  if (reply.status >= 400) {
    return fail(new RegistryCallError("provider_rejected", false, `${what}: the registry answered ${reply.status}: ${summary(data)}`, details));
  }
  return fail(new RegistryCallError("invalid_reply", false, `${what}: no outcome matches status ${reply.status}`, details));
}

function fail(error: RegistryCallError): never {
  throw error;
}

function parseBody(reply: HttpReply): unknown {
  if (reply.body.length === 0) return undefined;
  const type = String(reply.headers["content-type"] ?? "");
  const text = reply.body.toString("utf8");
  if (/json/i.test(type) || /^[[{]/.test(text.trimStart())) {
    try {
      return JSON.parse(text);
    } catch {
      if (reply.status < 300) throw new Error("the reply is not valid JSON");
      return text;
    }
  }
  if (/^text\//i.test(type)) return text;
  return { contentType: type || "application/octet-stream", base64: reply.body.toString("base64") };
}

function parseErrorBody(body: Buffer): { type?: string; message?: string; detail?: string } {
  const text = body.toString("utf8").trim();
  if (text.startsWith("{")) {
    try {
      return JSON.parse(text) as { type?: string; message?: string; detail?: string };
    } catch {
      return {};
    }
  }
  const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];
  return { type: tag("type"), message: tag("message"), detail: tag("detail") };
}

function summary(data: unknown): string {
  if (data && typeof data === "object" && "message" in data) return String((data as { message: unknown }).message);
  return typeof data === "string" ? data.slice(0, 200) : JSON.stringify(data ?? null).slice(0, 200);
}
