/**
 * Header dialects of the security server: PR-REST (`/r1/{serviceId}`, X-Road-* headers) and the Trembita
 * UXP variant seen in public Trembita 2.0 examples (`/restapi`, Uxp-* headers, purpose ids). The UXP
 * details are of medium confidence (no public spec): confirm them with the Trembita operator.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Dialect } from "./config";
import { formatClientId, formatServiceId, type ClientId, type ServiceId } from "./identifiers";

export interface DialectRequest {
  client: ClientId;
  service: ServiceId;
  serviceVersion?: string;
  /** Service-relative path with query, already encoded. */
  pathAndQuery: string;
  messageId: string;
  userId: string;
  issue: string;
  purposeIds?: string[];
}

/** PR-REST recommends at most about 2000 characters: data belongs in the body. */
export const MAX_URL_LENGTH = 2000;

export function dialectUrl(dialect: Dialect, base: string, request: DialectRequest): string {
  return dialect === "trembita-uxp"
    ? `${base}/restapi${request.pathAndQuery}`
    : `${base}/r1/${formatServiceId(request.service)}${request.pathAndQuery}`;
}

/** Never X-Road-Request-Hash or X-Road-Request-Id: those belong to the security servers. */
export function dialectHeaders(dialect: Dialect, request: DialectRequest): Record<string, string> {
  if (dialect === "trembita-uxp") {
    return {
      "Uxp-Client": formatClientId(request.client),
      "Uxp-Service": formatServiceId(request.service) + (request.serviceVersion ? `/${encodeURIComponent(request.serviceVersion)}` : ""),
      "Uxp-Id": request.messageId,
      "Uxp-UserId": request.userId,
      "Uxp-Issue": request.issue,
      ...(request.purposeIds?.length ? { "Uxp-Purpose-Ids": request.purposeIds.join(",") } : {}),
    };
  }
  return {
    "X-Road-Client": formatClientId(request.client),
    "X-Road-Id": request.messageId,
    "X-Road-UserId": request.userId,
    "X-Road-Issue": request.issue,
  };
}

export interface DialectReply {
  /** The X-Road error type, when the security server (not the registry) answered. */
  errorType?: string;
  errorMessage?: string;
  messageId?: string;
  requestId?: string;
  requestHash?: string;
  service?: string;
}

export function readDialectReply(dialect: Dialect, headers: IncomingHttpHeaders): DialectReply {
  const get = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[value.length - 1] : value;
  };
  if (dialect === "trembita-uxp") {
    return { errorType: get("uxp-faultcode"), errorMessage: get("uxp-faultstring"), messageId: get("uxp-transaction-id") };
  }
  return {
    errorType: get("x-road-error"),
    messageId: get("x-road-id"),
    requestId: get("x-road-request-id"),
    requestHash: get("x-road-request-hash"),
    service: get("x-road-service"),
  };
}
