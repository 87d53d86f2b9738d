/**
 * X-Road error `type`s. X-Road 7.8 writes them in lowercase snake_case (`server.serverproxy.access_denied`),
 * 7.7 and PR-REST in CamelCase (`Server.ServerProxy.AccessDenied`). We normalise both to the 7.8 form and
 * classify by prefix and code, never by HTTP status (a missing X-Road-Client is a 500 in practice).
 */

export type XRoadErrorOrigin = "client" | "consumer-security-server" | "provider-security-server";

export interface XRoadErrorType {
  /** The type as received. */
  raw: string;
  /** 7.8 spelling, e.g. server.serverproxy.service_failed.ssl_authentication_failed */
  normalized: string;
  origin: XRoadErrorOrigin;
  /** The part after the prefix, e.g. service_failed.ssl_authentication_failed */
  code: string;
}

const PREFIXES: [RegExp, XRoadErrorOrigin, string][] = [
  [/^server\.serverproxy\./i, "provider-security-server", "server.serverproxy."],
  [/^server\.clientproxy\./i, "consumer-security-server", "server.clientproxy."],
  [/^client\./i, "client", "client."],
  // Some SS errors carry only `server.` (e.g. internal errors); they come from the consumer side.
  [/^server\./i, "consumer-security-server", "server."],
];

export function parseXRoadErrorType(raw: string): XRoadErrorType {
  const text = raw.trim();
  for (const [pattern, origin, prefix] of PREFIXES) {
    const match = pattern.exec(text);
    if (match) {
      const code = text.slice(match[0].length).split(".").map(snakeCase).join(".");
      return { raw, normalized: prefix + code, origin, code };
    }
  }
  const code = text.split(".").map(snakeCase).join(".");
  return { raw, normalized: code, origin: "consumer-security-server", code };
}

/** Codes that describe an outage that may pass: retry with backoff (documentation: unknown server codes count too). */
const TRANSIENT_CODES = [
  "network_error",
  "service_failed",
  "timestamping_failed",
  "timestamp_failed",
  "maintenance_mode",
  "database_error",
  "logging_failed",
  "global_conf_outdated",
  "outdated_global_conf",
  "inconsistent_response",
  "internal_error",
  // An operator disables a service for maintenance; waiting is better than failing the citizen.
  "service_disabled",
];

/** Codes that will not fix themselves: configuration or our own bug. Checked before the transient ones. */
const PERMANENT_CODES = [
  "service_failed.ssl_authentication_failed",
  "ssl_authentication_failed",
  "access_denied",
  "unknown_service",
  "unknown_member",
  "service_type",
  "bad_request",
  "invalid_request",
];

/** Whether retrying can help. Unknown `client.*` errors are ours (permanent); unknown `server.*` ones transient. */
export function isTransientXRoadError(type: XRoadErrorType): boolean {
  const matches = (codes: string[]) => codes.some((code) => type.code === code || type.code.startsWith(code + "."));
  if (type.origin === "client") return false;
  if (matches(PERMANENT_CODES) || type.code.startsWith("invalid_")) return false;
  if (matches(TRANSIENT_CODES)) return true;
  // Known outages, and unknown server-side errors too: an unexplained security-server failure is an outage.
  return true;
}

/** The ≤7.7 spelling of a 7.8 type, for stand-ins that imitate older security servers. */
export function legacySpelling(normalized: string): string {
  const special: Record<string, string> = { global_conf_outdated: "OutdatedGlobalConf" };
  return normalized
    .split(".")
    .map((part, index) => {
      if (index === 0) return part === "client" ? "Client" : "Server";
      if (part === "serverproxy") return "ServerProxy";
      if (part === "clientproxy") return "ClientProxy";
      return special[part] ?? part.split("_").map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join("");
    })
    .join(".");
}

function snakeCase(part: string): string {
  return part
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}
