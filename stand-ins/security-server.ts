/**
 * The stand-in security server: takes PR-REST requests (`/r1/{serviceId}[/path]`, X-Road-* headers) or the
 * Trembita UXP variant (`/restapi[/path]`, Uxp-* headers), checks them as a real security server does,
 * applies access rights, calls the in-process provider and answers with the X-Road response headers,
 * the request hash and the X-Road error format. See shared/reference/x-road-rest.md §1.
 */
import { createHash, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { legacySpelling, parseXRoadErrorType } from "../runtime/xroad/error-types";
import {
  IDENTIFIER_PART,
  IdentifierError,
  formatClientId,
  formatServiceId,
  parseClientId,
  parseServiceId,
  type ClientId,
  type ServiceId,
} from "../runtime/xroad/identifiers";
import type { AccessRights } from "./access-rights";
import { parseFaultHeader, type FaultRule, type Faults } from "./faults";
import type { MessageLog, MessageLogEntry } from "./message-log";
import { matchEndpoint, openApiDocument, xroadPath, type Provider, type ProviderResponse } from "./provider";
import { requestHash, retainedHeaders, SKIPPED_HEADERS } from "./request-hash";

export interface SecurityServerOptions {
  providers: Provider[];
  accessRights: AccessRights;
  faults: Faults;
  log: MessageLog;
  /** Error types in the ≤7.7 spelling (Server.ServerProxy.AccessDenied) instead of 7.8's snake_case. */
  legacyErrorCodes?: boolean;
  /** Honour the X-Stand-In-Fault header (tests only). */
  testControls?: boolean;
  /** Registry names or service ids that are disabled. */
  disabledServices?: string[];
}

const METASERVICES = ["listMethods", "allowedMethods", "getOpenAPI"];
const MAX_URI = 2000;
const MAX_BODY = 10 * 1024 * 1024;
export const FAULT_HEADER = "x-stand-in-fault";

/** An error answered by the security server itself (categories 2-4 of PR-REST §4.6). */
class XRoadFault extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

interface Exchange {
  dialect: "xroad-r1" | "trembita-uxp";
  client: ClientId;
  service: ServiceId;
  path: string;
  query: string;
  queryId: string;
  generatedQueryId: boolean;
  requestId: string;
}

export function createSecurityServer(options: SecurityServerOptions) {
  const { providers, accessRights, faults, log } = options;
  const providerFor = (service: ServiceId) =>
    providers.find((provider) => formatServiceId(provider.service) === formatServiceId(service));
  const subsystemProviders = (id: ClientId) =>
    providers.filter(
      (provider) =>
        provider.service.instance === id.instance &&
        provider.service.memberClass === id.memberClass &&
        provider.service.memberCode === id.memberCode &&
        provider.service.subsystemCode === id.subsystemCode,
    );

  return async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const started = Date.now();
    const target = req.url ?? "/";
    const [rawPath, query = ""] = splitOnce(target, "?");
    const method = (req.method ?? "GET").toUpperCase();
    const accept = header(req, "accept") ?? "";
    const entry: MessageLogEntry = {
      at: new Date().toISOString(),
      queryId: "",
      xRequestId: randomUUID(),
      client: null,
      service: null,
      method,
      path: rawPath,
      query,
      xroadHeaders: Object.fromEntries(
        Object.entries(req.headers)
          .filter(([name]) => name.startsWith("x-road-") || name.startsWith("uxp-"))
          .map(([name, value]) => [name, String(value)]),
      ),
      requestBodySha256: body.length ? sha256(body) : null,
      status: 0,
      responseBodySha256: null,
      requestHash: null,
      error: null,
      fault: null,
      durationMs: 0,
    };
    let dialect: Exchange["dialect"] = rawPath.startsWith("/restapi") ? "trembita-uxp" : "xroad-r1";
    const finish = (status: number, responseBody: Buffer | null) => {
      entry.status = status;
      entry.responseBodySha256 = responseBody?.length ? sha256(responseBody) : null;
      entry.durationMs = Date.now() - started;
      log.add(entry);
    };
    const fail = (error: XRoadFault) => {
      const type = options.legacyErrorCodes ? legacySpelling(parseXRoadErrorType(error.type).normalized) : error.type;
      entry.error = type;
      const sent = sendXRoadError(res, dialect, type, error.message, accept, entry.queryId);
      finish(res.statusCode, sent);
    };

    try {
      if (target.length > MAX_URI) throw new XRoadFault("server.clientproxy.invalid_request", `Request URI is longer than ${MAX_URI} characters`);
      const exchange = dialect === "trembita-uxp" ? parseUxp(req, rawPath, query) : parseR1(req, rawPath, query);
      dialect = exchange.dialect;
      entry.queryId = exchange.queryId;
      entry.xRequestId = exchange.requestId;
      entry.client = formatClientId(exchange.client);
      entry.service = formatServiceId(exchange.service);
      entry.path = exchange.path;
      if (body.length > MAX_BODY) throw new XRoadFault("server.clientproxy.logging_failed", "Message size exceeds maximum loggable size");

      if (METASERVICES.includes(exchange.service.serviceCode)) {
        const reply = metaservice(exchange, new URLSearchParams(query));
        const sent = sendProviderReply(res, exchange, reply, null);
        finish(reply.status, sent);
        return;
      }

      const provider = providerFor(exchange.service);
      if (!provider) {
        if (subsystemProviders(exchange.service).length === 0) {
          throw new XRoadFault("server.clientproxy.unknown_member", `Could not find addresses for service provider "${formatServiceId(exchange.service)}"`);
        }
        throw new XRoadFault("server.serverproxy.unknown_service", `Unknown service: SERVICE:${formatServiceId(exchange.service)}`);
      }
      const disabled = options.disabledServices ?? [];
      if (disabled.includes(provider.registry) || disabled.includes(formatServiceId(provider.service))) {
        throw new XRoadFault("server.serverproxy.service_disabled", `Service SERVICE:${formatServiceId(provider.service)} is disabled: maintenance`);
      }
      if (!accessRights.allows(exchange.client, exchange.service, method, exchange.path || "/")) {
        throw new XRoadFault("server.serverproxy.access_denied", `Request is not allowed: SERVICE:${formatServiceId(exchange.service)}`);
      }

      const hashHeaders = retainedHeaders(req.rawHeaders);
      hashHeaders.push(["X-Road-Request-Id", exchange.requestId]);
      if (exchange.generatedQueryId) hashHeaders.push(["X-Road-Id", exchange.queryId]);
      const hash = requestHash(method, target, hashHeaders, body);
      entry.requestHash = hash;

      const fault = pickFault(req, provider, method, exchange.path);
      if (fault) entry.fault = JSON.stringify(fault);
      if (fault?.kind === "latency" || fault?.kind === "provider-timeout") await sleep(fault.delayMs ?? 0);
      if (fault?.kind === "hang") {
        finish(0, null);
        return; // The socket stays open until the client gives up or the server closes.
      }
      if (fault?.kind === "reset") {
        finish(0, null);
        req.socket.destroy();
        return;
      }
      if (fault?.kind === "provider-timeout") {
        throw new XRoadFault("server.serverproxy.network_error", `Read timed out from ${provider.registry} provider`);
      }
      if (fault?.kind === "xroad-error") {
        const type = fault.type!.includes(".") ? fault.type! : `server.serverproxy.${fault.type}`;
        throw new XRoadFault(type, `Injected fault: ${type}`);
      }

      let reply: ProviderResponse;
      if (fault?.kind === "provider-status") {
        reply = { status: fault.status!, body: fault.body ?? { error: "injected", message: `Injected provider status ${fault.status}` } };
      } else if (fault?.kind === "redirect") {
        reply = { status: 302, headers: { location: fault.location ?? "http://127.0.0.1:9/elsewhere" }, body: { moved: true } };
      } else {
        reply = await callProvider(provider, req, exchange, method, body);
      }
      const sent = sendProviderReply(res, exchange, reply, hash);
      finish(reply.status, sent);
    } catch (error) {
      if (error instanceof XRoadFault) return fail(error);
      if (error instanceof IdentifierError) return fail(new XRoadFault("server.clientproxy.invalid_request", error.message));
      return fail(new XRoadFault("server.clientproxy.internal_error", (error as Error).message));
    }
  };

  function metaservice(exchange: Exchange, query: URLSearchParams): ProviderResponse {
    const offered = subsystemProviders(exchange.service);
    if (offered.length === 0) {
      throw new XRoadFault("server.clientproxy.unknown_member", `Could not find addresses for subsystem "${formatClientId(exchange.service)}"`);
    }
    const code = exchange.service.serviceCode;
    if (code === "getOpenAPI") {
      const serviceCode = query.get("serviceCode");
      if (!serviceCode) throw new XRoadFault("server.serverproxy.invalid_request", "Missing parameter serviceCode");
      const provider = offered.find((candidate) => candidate.service.serviceCode === serviceCode);
      if (!provider) throw new XRoadFault("server.serverproxy.unknown_service", `Unknown service code ${serviceCode}`);
      return { status: 200, headers: { "content-type": "application/json;charset=utf-8" }, body: openApiDocument(provider) };
    }
    const service = offered.flatMap((provider) => {
      let endpoints = provider.endpoints.map((endpoint) => ({ method: endpoint.method, path: xroadPath(endpoint.path) }));
      if (code === "allowedMethods") {
        if (!accessRights.mayUseService(exchange.client, provider.service)) return [];
        const granted = accessRights.endpointsFor(exchange.client, provider.service);
        if (granted) endpoints = endpoints.filter((endpoint) => granted.some((right) => (right.method === "*" || right.method === endpoint.method) && right.path.test(endpoint.path.replaceAll("*", "x"))));
      }
      return [
        {
          object_type: "SERVICE",
          xroad_instance: provider.service.instance,
          member_class: provider.service.memberClass,
          member_code: provider.service.memberCode,
          subsystem_code: provider.service.subsystemCode,
          service_code: provider.service.serviceCode,
          service_type: "OPENAPI",
          endpoint_list: endpoints,
        },
      ];
    });
    return { status: 200, body: { service } };
  }

  function pickFault(req: IncomingMessage, provider: Provider, method: string, path: string): FaultRule | undefined {
    const requested = options.testControls ? header(req, FAULT_HEADER) : undefined;
    if (requested) {
      try {
        return parseFaultHeader(requested);
      } catch {
        throw new XRoadFault("client.bad_request", "Malformed X-Stand-In-Fault header");
      }
    }
    return faults.take({ registry: provider.registry, serviceCode: provider.service.serviceCode, method, path });
  }
}

async function callProvider(provider: Provider, req: IncomingMessage, exchange: Exchange, method: string, body: Buffer): Promise<ProviderResponse> {
  const path = exchange.path || "/";
  const match = matchEndpoint(provider, method, path);
  if (!match) return { status: 404, body: { error: "notFound", message: `No endpoint ${method} ${path}` } };
  if ("allowedMethods" in match) {
    return { status: 405, headers: { allow: match.allowedMethods.join(", ") }, body: { error: "methodNotAllowed", message: `${method} is not allowed here` } };
  }
  // What the provider IS receives: the consumer's headers minus the skipped ones, plus the ids.
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (!SKIPPED_HEADERS.has(name) && value !== undefined && name !== FAULT_HEADER) headers[name] = String(value);
  }
  headers["x-road-client"] = formatClientId(exchange.client);
  headers["x-road-id"] = exchange.queryId;
  headers["x-road-request-id"] = exchange.requestId;
  if (exchange.dialect === "trembita-uxp") {
    for (const name of ["userid", "issue"]) if (headers[`uxp-${name}`]) headers[`x-road-${name}`] = headers[`uxp-${name}`];
  }
  let parsed: unknown;
  if (body.length) {
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      return { status: 400, body: { error: "badRequest", message: "The body is not JSON" } };
    }
  }
  try {
    return await match.endpoint.handle({ method, path, params: match.params, query: new URLSearchParams(exchange.query), headers, body: parsed });
  } catch (error) {
    return { status: 500, body: { error: "internal", message: (error as Error).message } };
  }
}

function parseR1(req: IncomingMessage, rawPath: string, query: string): Exchange {
  const segments = rawPath.split("/");
  const version = segments[1] ?? "";
  if (version !== "r1") {
    throw new XRoadFault("server.clientproxy.invalid_protocol_version", `Unsupported protocol version "${version}"`);
  }
  if (segments.length < 7 || segments.slice(2, 7).some((part) => part === "")) {
    throw new XRoadFault(
      "server.clientproxy.invalid_request",
      "Invalid REST service id: expected /r1/{instance}/{memberClass}/{memberCode}/{subsystemCode}/{serviceCode}",
    );
  }
  const parts = segments.slice(2, 7).map((part) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      throw new XRoadFault("server.clientproxy.invalid_request", `Malformed percent-encoding in "${part}"`);
    }
    if (!IDENTIFIER_PART.test(decoded)) {
      throw new XRoadFault("server.clientproxy.invalid_request", `Illegal characters in service identifier part "${decoded}"`);
    }
    return decoded;
  });
  const [instance, memberClass, memberCode, subsystemCode, serviceCode] = parts;
  const path = segments.length > 7 ? "/" + segments.slice(7).join("/") : "";
  return {
    dialect: "xroad-r1",
    client: clientFrom(lastHeader(req, "x-road-client"), "X-Road-Client"),
    service: { instance, memberClass, memberCode, subsystemCode, serviceCode },
    path,
    query,
    ...ids(lastHeader(req, "x-road-id"), instance),
  };
}

function parseUxp(req: IncomingMessage, rawPath: string, query: string): Exchange {
  const serviceHeader = lastHeader(req, "uxp-service");
  if (!serviceHeader) throw new XRoadFault("server.clientproxy.invalid_request", "Uxp-Service header is missing");
  // Uxp-Service may carry a version as a sixth part: inst/class/code/subsystem/service[/version].
  const parts = serviceHeader.split("/");
  let service: ServiceId;
  try {
    service = parseServiceId(parts.slice(0, 5).join("/"));
  } catch (error) {
    throw new XRoadFault("server.clientproxy.invalid_request", (error as Error).message);
  }
  const path = rawPath.slice("/restapi".length);
  return {
    dialect: "trembita-uxp",
    client: clientFrom(lastHeader(req, "uxp-client"), "Uxp-Client"),
    service,
    path,
    query,
    ...ids(lastHeader(req, "uxp-id"), service.instance),
  };
}

function clientFrom(value: string | undefined, name: string): ClientId {
  if (!value) throw new XRoadFault("server.clientproxy.invalid_client_identifier", `${name} header is missing`);
  try {
    return parseClientId(value);
  } catch (error) {
    throw new XRoadFault("server.clientproxy.invalid_client_identifier", (error as Error).message);
  }
}

function ids(given: string | undefined, instance: string) {
  return {
    queryId: given ?? `${instance}-${randomUUID()}`,
    generatedQueryId: given === undefined,
    requestId: randomUUID(),
  };
}

function sendProviderReply(res: ServerResponse, exchange: Exchange, reply: ProviderResponse, hash: string | null): Buffer {
  const isBytes = Buffer.isBuffer(reply.body) || reply.body instanceof Uint8Array;
  const bytes = reply.body === undefined ? Buffer.alloc(0) : isBytes ? Buffer.from(reply.body as Uint8Array) : Buffer.from(JSON.stringify(reply.body));
  res.statusCode = reply.status;
  const own = new Set(["x-road-id", "x-road-client", "x-road-request-id", "x-road-request-hash", "x-road-service", "x-road-error"]);
  for (const [name, value] of Object.entries(reply.headers ?? {})) {
    if (!SKIPPED_HEADERS.has(name.toLowerCase()) && !own.has(name.toLowerCase())) res.setHeader(name, value);
  }
  if (!res.hasHeader("content-type") && bytes.length) {
    res.setHeader("content-type", isBytes ? "application/octet-stream" : "application/json;charset=utf-8");
  }
  if (exchange.dialect === "trembita-uxp") {
    res.setHeader("uxp-transaction-id", exchange.queryId);
  } else {
    res.setHeader("x-road-id", exchange.queryId);
    res.setHeader("x-road-client", formatClientId(exchange.client));
    res.setHeader("x-road-service", formatServiceId(exchange.service));
    res.setHeader("x-road-request-id", exchange.requestId);
    if (hash) res.setHeader("x-road-request-hash", hash);
  }
  res.end(bytes);
  return bytes;
}

/** JSON {type,message,detail}, or XML when Accept asks for it; 500 for server.*, 400 for client.*. */
export function sendXRoadError(
  res: ServerResponse,
  dialect: Exchange["dialect"],
  type: string,
  message: string,
  accept: string,
  queryId?: string,
): Buffer {
  const detail = randomUUID();
  const xml = /text\/xml|application\/xml|text\/\*/i.test(accept);
  const body = xml
    ? `<error><type>${escapeXml(type)}</type><message>${escapeXml(message)}</message><detail>${detail}</detail></error>`
    : JSON.stringify({ type, message, detail });
  res.statusCode = /^server\./i.test(type) ? 500 : 400;
  res.setHeader("content-type", xml ? (/application\/xml/i.test(accept) ? "application/xml;charset=utf-8" : "text/xml;charset=utf-8") : "application/json;charset=utf-8");
  if (dialect === "trembita-uxp") {
    res.setHeader("uxp-faultcode", type);
    res.setHeader("uxp-faultstring", message.replace(/[^\x20-\x7e]/g, "?"));
    if (queryId) res.setHeader("uxp-transaction-id", queryId);
  } else {
    res.setHeader("x-road-error", type);
  }
  const bytes = Buffer.from(body);
  res.end(bytes);
  return bytes;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** PR-REST: when a header appears twice, the last one counts. */
function lastHeader(req: IncomingMessage, name: string): string | undefined {
  let found: string | undefined;
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i].toLowerCase() === name) found = req.rawHeaders[i + 1];
  }
  return found;
}

function splitOnce(text: string, separator: string): [string, string?] {
  const index = text.indexOf(separator);
  return index < 0 ? [text] : [text.slice(0, index), text.slice(index + 1)];
}

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
