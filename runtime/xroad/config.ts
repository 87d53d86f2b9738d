/**
 * The registries configuration of one environment, in one YAML file: our client identity, the security
 * servers (URL, dialect, mutual TLS), and for each registry where it is (an X-Road service id, or a plain
 * REST base URL). runtime/xroad/registries.default.yaml is the default; REGISTRIES_CONFIG names another.
 * `${NAME}` and `${NAME:-default}` are replaced from the environment, so secrets stay out of the file.
 */
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { IdentifierError, parseClientId, parseServiceId, type ClientId, type ServiceId } from "./identifiers";
import type { HttpMethod, OperationContract, OutcomeRule } from "./operations";

export type Dialect = "xroad-r1" | "trembita-uxp";

export interface TlsConfig {
  /** PEM contents (read from the files named in the config). */
  cert?: string;
  key?: string;
  ca?: string;
  passphrase?: string;
  /** Default true; turning it off is only for local experiments. */
  rejectUnauthorized: boolean;
}

export interface SecurityServerConfig {
  name: string;
  url: string;
  dialect: Dialect;
  tls?: TlsConfig;
}

export interface RetryConfig {
  /** Attempts inside one call (1 = no retry here; the runtime's jobs retry with backoff anyway). */
  attempts: number;
  backoffMs: number;
}

interface CommonRegistryConfig {
  name: string;
  /** Which API contract applies (defaults to the registry's name). */
  api: string;
  timeoutMs: number;
  retry: RetryConfig;
  /** Operations defined or overridden in the config. */
  operations: Record<string, OperationContract>;
}

export interface XRoadRegistryConfig extends CommonRegistryConfig {
  kind: "xroad";
  securityServer: SecurityServerConfig;
  service: ServiceId;
  /** Trembita's registered purpose ids (Uxp-Purpose-Ids), when the dialect uses them. */
  purposeIds?: string[];
  /** Uxp-Service may carry an API version. */
  serviceVersion?: string;
}

export interface RestRegistryConfig extends CommonRegistryConfig {
  kind: "rest";
  url: string;
  headers: Record<string, string>;
  tls?: TlsConfig;
}

export type RegistryConfig = XRoadRegistryConfig | RestRegistryConfig;

export interface RegistriesConfig {
  /** Where it was read from, for messages. */
  source: string;
  client: ClientId;
  /** X-Road-UserId: the applicant pseudonymised with this secret, prefixed with the country code. */
  userId: { country: string; secret: string };
  registries: Record<string, RegistryConfig>;
}

export class RegistryConfigError extends Error {
  override readonly name = "RegistryConfigError";
}

export const DEFAULT_CONFIG_PATH = fileURLToPath(new URL("./registries.default.yaml", import.meta.url));

/** Reads REGISTRIES_CONFIG, or the default file. */
export function loadRegistriesConfig(path = process.env.REGISTRIES_CONFIG || DEFAULT_CONFIG_PATH, env: Record<string, string | undefined> = process.env): RegistriesConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new RegistryConfigError(`Cannot read the registries config ${path}: ${(error as Error).message}`);
  }
  return parseRegistriesConfig(text, path, env);
}

export function parseRegistriesConfig(text: string, source = "<inline>", env: Record<string, string | undefined> = process.env): RegistriesConfig {
  let raw: unknown;
  try {
    raw = parse(interpolate(text, env, source));
  } catch (error) {
    if (error instanceof RegistryConfigError) throw error;
    throw new RegistryConfigError(`${source} is not valid YAML: ${(error as Error).message}`);
  }
  const at = (path: string) => `${source}: ${path}`;
  const root = object(raw, at("the file"));
  const baseDir = source.startsWith("<") ? process.cwd() : dirname(source);

  const client = identifier(() => parseClientId(string(root.client, at("client"))), at("client"));
  if (!client.subsystemCode) throw new RegistryConfigError(`${at("client")}: our client must be a subsystem (instance/class/member/subsystem)`);
  const userIdRaw = object(root.userId ?? {}, at("userId"));
  const country = string(userIdRaw.country ?? "UA", at("userId.country"));
  if (!/^[A-Z]{2}$/.test(country)) throw new RegistryConfigError(`${at("userId.country")}: must be a two-letter ISO country code`);
  const secret = string(userIdRaw.secret, at("userId.secret"));

  const servers: Record<string, SecurityServerConfig> = {};
  for (const [name, value] of Object.entries(object(root.securityServers ?? {}, at("securityServers")))) {
    const server = object(value, at(`securityServers.${name}`));
    const dialect = (server.dialect ?? "xroad-r1") as Dialect;
    if (dialect !== "xroad-r1" && dialect !== "trembita-uxp") {
      throw new RegistryConfigError(`${at(`securityServers.${name}.dialect`)}: must be xroad-r1 or trembita-uxp, not "${String(dialect)}"`);
    }
    servers[name] = {
      name,
      url: url(server.url, at(`securityServers.${name}.url`)),
      dialect,
      tls: server.tls === undefined ? undefined : tls(server.tls, at(`securityServers.${name}.tls`), baseDir),
    };
  }

  const defaults = object(root.defaults ?? {}, at("defaults"));
  const defaultTimeout = positive(defaults.timeoutMs ?? 10_000, at("defaults.timeoutMs"));
  const defaultRetry = retry(defaults.retry ?? {}, at("defaults.retry"), { attempts: 1, backoffMs: 200 });

  const registries: Record<string, RegistryConfig> = {};
  for (const [name, value] of Object.entries(object(root.registries, at("registries")))) {
    const where = (field: string) => at(`registries.${name}${field ? "." + field : ""}`);
    const entry = object(value, where(""));
    const common = {
      name,
      api: entry.api === undefined ? name : string(entry.api, where("api")),
      timeoutMs: entry.timeoutMs === undefined ? defaultTimeout : positive(entry.timeoutMs, where("timeoutMs")),
      retry: entry.retry === undefined ? defaultRetry : retry(entry.retry, where("retry"), defaultRetry),
      operations: operations(entry.operations ?? {}, where("operations")),
    };
    if (entry.rest !== undefined && entry.service !== undefined) {
      throw new RegistryConfigError(`${where("")}: give either service (X-Road) or rest (plain REST), not both`);
    }
    if (entry.rest !== undefined) {
      const rest = object(entry.rest, where("rest"));
      const headers = object(rest.headers ?? {}, where("rest.headers"));
      registries[name] = {
        ...common,
        kind: "rest",
        url: url(rest.url, where("rest.url")),
        headers: Object.fromEntries(Object.entries(headers).map(([key, v]) => [key, string(v, where(`rest.headers.${key}`))])),
        tls: rest.tls === undefined ? undefined : tls(rest.tls, where("rest.tls"), baseDir),
      };
      continue;
    }
    if (entry.service === undefined) throw new RegistryConfigError(`${where("")}: needs service (an X-Road service id) or rest (a plain REST url)`);
    const serverName = entry.securityServer === undefined ? Object.keys(servers)[0] : string(entry.securityServer, where("securityServer"));
    const securityServer = serverName === undefined ? undefined : servers[serverName];
    if (!securityServer) {
      throw new RegistryConfigError(
        `${where("securityServer")}: no security server "${serverName ?? ""}" (known: ${Object.keys(servers).join(", ") || "none"})`,
      );
    }
    registries[name] = {
      ...common,
      kind: "xroad",
      securityServer,
      service: identifier(() => parseServiceId(string(entry.service, where("service"))), where("service")),
      purposeIds: entry.purposeIds === undefined ? undefined : array(entry.purposeIds, where("purposeIds")).map((v, i) => string(v, where(`purposeIds[${i}]`))),
      serviceVersion: entry.serviceVersion === undefined ? undefined : string(entry.serviceVersion, where("serviceVersion")),
    };
  }
  return { source, client, userId: { country, secret }, registries };
}

/** The entry of a registry, with a clear error when it is not configured. */
export function registryConfig(config: RegistriesConfig, registry: string): RegistryConfig {
  const entry = config.registries[registry];
  if (!entry) {
    throw new RegistryConfigError(
      `Registry "${registry}" is not configured in ${config.source} (configured: ${Object.keys(config.registries).join(", ") || "none"})`,
    );
  }
  return entry;
}

function interpolate(text: string, env: Record<string, string | undefined>, source: string): string {
  return text
    .split("\n")
    .map((line) => (line.trimStart().startsWith("#") ? line : line.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_, name: string, fallback?: string) => {
      const value = env[name];
      if (value !== undefined && value !== "") return value;
      if (fallback !== undefined) return fallback;
      throw new RegistryConfigError(`${source}: the environment variable ${name} is not set`);
    })))
    .join("\n");
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new RegistryConfigError(`${where}: must be a mapping`);
  return value as Record<string, unknown>;
}

function array(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new RegistryConfigError(`${where}: must be a list`);
  return value;
}

function string(value: unknown, where: string): string {
  if (typeof value !== "string" || value === "") throw new RegistryConfigError(`${where}: must be a non-empty string`);
  return value;
}

function positive(value: unknown, where: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) throw new RegistryConfigError(`${where}: must be a positive number`);
  return value;
}

function url(value: unknown, where: string): string {
  const text = string(value, where);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new RegistryConfigError(`${where}: "${text}" is not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new RegistryConfigError(`${where}: must be http or https`);
  return text.replace(/\/+$/, "");
}

function identifier<T>(parse: () => T, where: string): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof IdentifierError) throw new RegistryConfigError(`${where}: ${error.message}`);
    throw error;
  }
}

function retry(value: unknown, where: string, fallback: RetryConfig): RetryConfig {
  const raw = object(value, where);
  const attempts = raw.attempts === undefined ? fallback.attempts : positive(raw.attempts, `${where}.attempts`);
  if (!Number.isInteger(attempts)) throw new RegistryConfigError(`${where}.attempts: must be a whole number`);
  return { attempts, backoffMs: raw.backoffMs === undefined ? fallback.backoffMs : positive(raw.backoffMs, `${where}.backoffMs`) };
}

function tls(value: unknown, where: string, baseDir: string): TlsConfig {
  const raw = object(value, where);
  const file = (field: string) => {
    if (raw[field] === undefined) return undefined;
    const path = string(raw[field], `${where}.${field}`);
    const full = isAbsolute(path) ? path : resolve(baseDir, path);
    try {
      return readFileSync(full, "utf8");
    } catch (error) {
      throw new RegistryConfigError(`${where}.${field}: cannot read ${full}: ${(error as Error).message}`);
    }
  };
  const cert = file("cert");
  const key = file("key");
  if ((cert === undefined) !== (key === undefined)) throw new RegistryConfigError(`${where}: cert and key go together`);
  return {
    cert,
    key,
    ca: file("ca"),
    passphrase: raw.passphrase === undefined ? undefined : string(raw.passphrase, `${where}.passphrase`),
    rejectUnauthorized: raw.rejectUnauthorized === undefined ? true : raw.rejectUnauthorized === true,
  };
}

const METHODS: HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function operations(value: unknown, where: string): Record<string, OperationContract> {
  const result: Record<string, OperationContract> = {};
  for (const [name, raw] of Object.entries(object(value, where))) {
    const entry = object(raw, `${where}.${name}`);
    const method = string(entry.method, `${where}.${name}.method`).toUpperCase() as HttpMethod;
    if (!METHODS.includes(method)) throw new RegistryConfigError(`${where}.${name}.method: must be one of ${METHODS.join(", ")}`);
    const path = string(entry.path, `${where}.${name}.path`);
    if (!path.startsWith("/")) throw new RegistryConfigError(`${where}.${name}.path: must start with /`);
    const outcomes = array(entry.outcomes, `${where}.${name}.outcomes`).map((rule, index) => {
      const r = object(rule, `${where}.${name}.outcomes[${index}]`);
      const statuses = Array.isArray(r.status) ? r.status : [r.status];
      if (!statuses.every((s) => Number.isInteger(s))) throw new RegistryConfigError(`${where}.${name}.outcomes[${index}].status: must be HTTP status codes`);
      return { status: r.status, outcome: string(r.outcome, `${where}.${name}.outcomes[${index}].outcome`), ...(r.when ? { when: object(r.when, `${where}.${name}.outcomes[${index}].when`) } : {}) } as OutcomeRule;
    });
    result[name] = {
      method,
      path,
      outcomes,
      ...(entry.query ? { query: array(entry.query, `${where}.${name}.query`).map(String) } : {}),
      ...(entry.title !== undefined ? { title: string(entry.title, `${where}.${name}.title`) } : {}),
      ...(entry.input !== undefined ? { input: object(entry.input, `${where}.${name}.input`) } : {}),
      ...(entry.output !== undefined ? { output: object(entry.output, `${where}.${name}.output`) } : {}),
    };
  }
  return result;
}
