/**
 * Discovery: asks each registry's security server what we may call (allowedMethods) and how (getOpenAPI),
 * and builds the catalog's registries the validator and the studio use. An operation we have no right to
 * call is left out, so a definition that uses it gets a validation issue instead of failing at run time.
 */
import { randomUUID } from "node:crypto";
import type { Catalog, OperationInfo } from "../../engine";
import type { XRoadRegistryConfig } from "./config";
import { dialectHeaders, dialectUrl } from "./dialects";
import { send } from "./http";
import { formatServiceId } from "./identifiers";
import { BUILTIN_APIS, defaultOutcomeRules, outcomesOf, type HttpMethod, type OperationContract } from "./operations";
import type { RegistryClient } from "./registry-client";

export interface DiscoveryResult {
  registries: Catalog["registries"];
  /** Registries that could not be asked, operations we may not call, contracts the registry does not offer. */
  problems: string[];
}

interface RestServiceEntry {
  service_code: string;
  endpoint_list?: { method: string; path: string }[];
}

/** The parts of an OpenAPI 3 document discovery reads. */
export type OpenApi = {
  info?: { title?: string };
  paths?: Record<
    string,
    Record<
      string,
      {
        operationId?: string;
        summary?: string;
        parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
        requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
        responses?: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
      }
    >
  >;
};

export async function discoverRegistries(client: RegistryClient, options: { registries?: string[]; timeoutMs?: number } = {}): Promise<DiscoveryResult> {
  const result: DiscoveryResult = { registries: {}, problems: [] };
  const names = options.registries ?? Object.keys(client.config.registries);
  for (const name of names) {
    const entry = client.entry(name);
    const known: Record<string, OperationContract> = { ...BUILTIN_APIS[entry.api], ...entry.operations };
    if (entry.kind === "rest") {
      // Plain REST registries have no metaservices: the configured contracts are the catalog.
      result.registries[name] = { operations: Object.fromEntries(Object.entries(known).map(([op, c]) => [op, contractInfo(c)])) };
      continue;
    }
    try {
      const allowed = await metaservice<{ service?: RestServiceEntry[] }>(client, entry, "allowedMethods", "", options.timeoutMs);
      const service = allowed.service?.find((s) => s.service_code === entry.service.serviceCode);
      if (!service) {
        result.problems.push(`${name}: our client may not call ${formatServiceId(entry.service)} (not in allowedMethods)`);
        continue;
      }
      const openapi = await metaservice<OpenApi>(client, entry, "getOpenAPI", `?serviceCode=${encodeURIComponent(entry.service.serviceCode)}`, options.timeoutMs);
      const { operations, learnt, problems } = operationsFromOpenApi(openapi, known, service.endpoint_list);
      result.problems.push(...problems.map((problem) => `${name}.${problem}`));
      client.discovered.set(name, learnt);
      result.registries[name] = { ...(openapi.info?.title ? { title: openapi.info.title } : {}), operations };
    } catch (error) {
      result.problems.push(`${name}: discovery failed: ${(error as Error).message}`);
    }
  }
  return result;
}

async function metaservice<T>(client: RegistryClient, entry: XRoadRegistryConfig, code: string, query: string, timeoutMs = 10_000): Promise<T> {
  const request = {
    client: client.config.client,
    service: { ...entry.service, serviceCode: code },
    pathAndQuery: query,
    messageId: randomUUID(),
    userId: `${client.config.userId.country}discovery`,
    issue: "discovery",
  };
  const dialect = entry.securityServer.dialect;
  const reply = await send({
    method: "GET",
    url: dialectUrl(dialect, entry.securityServer.url, request),
    headers: { Accept: "application/json", ...dialectHeaders(dialect, request) },
    tls: entry.securityServer.tls,
    timeoutMs,
  });
  const text = reply.body.toString("utf8");
  if (reply.status !== 200) throw new Error(`${code} answered ${reply.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

function endpointAllowed(endpoints: { method: string; path: string }[] | undefined, method: string, path: string): boolean {
  if (!endpoints) return true;
  const normalized = path.replace(/\{\w+\}/g, "*");
  return endpoints.some((endpoint) => {
    if (endpoint.method !== "*" && endpoint.method.toUpperCase() !== method) return false;
    const pattern = new RegExp("^" + endpoint.path.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*") + "$");
    return pattern.test(normalized.replaceAll("*", "x")) || endpoint.path === normalized;
  });
}

type Operation = NonNullable<OpenApi["paths"]>[string][string];

/**
 * The catalog's operations from a registry's OpenAPI 3 document: each operation with an operationId
 * (and an endpoint our client may call) becomes a contract with its input schema (JSON body, path and
 * query parameters), its outcomes (the known contract's, else by status) and the result of each outcome
 * (the response schema of that outcome's status). Discovery and the committed catalog snapshot both use
 * this, so the CLI validates against what publish will.
 */
export function operationsFromOpenApi(
  openapi: OpenApi,
  known: Record<string, OperationContract>,
  allowedEndpoints?: { method: string; path: string }[],
): { operations: Record<string, OperationInfo>; learnt: Record<string, OperationContract>; problems: string[] } {
  const operations: Record<string, OperationInfo> = {};
  const learnt: Record<string, OperationContract> = {};
  const problems: string[] = [];
  for (const [path, methods] of Object.entries(openapi.paths ?? {})) {
    for (const [method, operation] of Object.entries(methods)) {
      const id = operation.operationId;
      if (!id) continue;
      const upper = method.toUpperCase() as HttpMethod;
      if (!endpointAllowed(allowedEndpoints, upper, path)) {
        problems.push(`${id}: ${upper} ${path} is not allowed for our client`);
        continue;
      }
      const statuses = Object.keys(operation.responses ?? {}).map(Number).filter(Number.isFinite);
      const contract = Object.hasOwn(known, id) ? known[id] : { method: upper, path, outcomes: defaultOutcomeRules(statuses) };
      if (!Object.hasOwn(known, id)) learnt[id] = contract;
      operations[id] = {
        ...(operation.summary ? { title: operation.summary } : {}),
        outcomes: outcomesOf(contract),
        ...inputSchema(operation),
        ...outputSchemas(operation, contract),
      };
    }
  }
  for (const id of Object.keys(known)) {
    if (!operations[id]) problems.push(`${id}: the registry's OpenAPI document has no such operation (or we may not call it)`);
  }
  return { operations, learnt, problems };
}

/** A configured (plain REST) contract as a catalog operation, with the schemas the config gives. */
function contractInfo(contract: OperationContract): OperationInfo {
  return {
    ...(contract.title ? { title: contract.title } : {}),
    outcomes: outcomesOf(contract),
    ...(contract.input ? { input: contract.input } : {}),
    ...(contract.output ? { output: contract.output } : {}),
  };
}

/** The operation's input: its JSON body schema, with path and query parameters added as properties. */
function inputSchema(operation: Operation): { input?: Record<string, unknown> } {
  const body = operation.requestBody?.content?.["application/json"]?.schema;
  const params = (operation.parameters ?? []).filter((p) => p.in === "path" || p.in === "query");
  if (!body && params.length === 0) return { input: { type: "object", properties: {}, additionalProperties: false } };
  const schema: Record<string, unknown> = body ? structuredClone(body) : { type: "object", properties: {}, additionalProperties: false };
  schema.properties ??= {};
  const properties = schema.properties as Record<string, unknown>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  for (const param of params) {
    properties[param.name] = param.schema ?? { type: "string" };
    if (param.in === "path" || param.required) required.add(param.name);
  }
  if (required.size) schema.required = [...required];
  return { input: schema };
}

/** The result of each outcome: the response schema of the first of its statuses that has one. */
function outputSchemas(operation: Operation, contract: OperationContract): Pick<OperationInfo, "output" | "outputs"> {
  const schemaOf = (status: number) => operation.responses?.[String(status)]?.content?.["application/json"]?.schema;
  const byOutcome: Record<string, Record<string, unknown>> = {};
  for (const rule of contract.outcomes) {
    if (byOutcome[rule.outcome]) continue;
    const schema = (Array.isArray(rule.status) ? rule.status : [rule.status]).map(schemaOf).find(Boolean);
    if (schema) byOutcome[rule.outcome] = schema;
  }
  const main = outcomesOf(contract).map((outcome) => byOutcome[outcome]).find(Boolean);
  if (!main) return {};
  const differing = Object.entries(byOutcome).filter(([, schema]) => JSON.stringify(schema) !== JSON.stringify(main));
  return { output: main, ...(differing.length ? { outputs: Object.fromEntries(differing) } : {}) };
}
