/**
 * X-Road-Request-Hash as the reference implementation computes it (RestRequest.toByteArray):
 * base64 SHA-512(SHA-512(header part) ‖ SHA-512(body)), or SHA-512(header part) without a body, where the
 * header part is `METHOD\r\nrawPath[?rawQuery]\r\n` then `name:value\r\n` for every retained header in order.
 */
import { createHash } from "node:crypto";

/** Hop-by-hop and origin-leaking headers a security server does not carry (RestMessage.SKIPPED_HEADERS). */
export const SKIPPED_HEADERS = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "user-agent",
  "server",
  "content-length",
  "expect",
]);

/** Headers a consumer security server drops when a client sends them. */
export const DROPPED_CLIENT_HEADERS = new Set(["x-road-request-hash", "x-road-request-id"]);

export function retainedHeaders(rawHeaders: string[]): [string, string][] {
  const retained: [string, string][] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    if (SKIPPED_HEADERS.has(name) || DROPPED_CLIENT_HEADERS.has(name)) continue;
    retained.push([rawHeaders[i], rawHeaders[i + 1]]);
  }
  return retained;
}

export function requestHash(
  method: string,
  rawPathAndQuery: string,
  headers: [string, string][],
  body: Buffer,
): string {
  const sha512 = (data: Buffer | string) => createHash("sha512").update(data).digest();
  const headerPart =
    `${method}\r\n${rawPathAndQuery}\r\n` + headers.map(([name, value]) => `${name}:${value}\r\n`).join("");
  const digest = body.length ? sha512(Buffer.concat([sha512(headerPart), sha512(body)])) : sha512(headerPart);
  return digest.toString("base64");
}
