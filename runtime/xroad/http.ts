/**
 * One HTTP exchange with a security server or a REST registry, on node:http/https so that mutual TLS
 * options apply per connection. Redirects are never followed (PR-REST §4.4): a 3xx comes back as it is.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { TlsConfig } from "./config";

export interface HttpExchange {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  tls?: TlsConfig;
  timeoutMs: number;
  signal?: AbortSignal;
  maxResponseBytes?: number;
}

export interface HttpReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type TransportFailureKind = "timeout" | "aborted" | "network" | "tls" | "too_large";

export class TransportError extends Error {
  override readonly name = "TransportError";
  constructor(
    readonly kind: TransportFailureKind,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * Connections are kept alive and reused between calls (with mutual TLS, a handshake per call would cost more
 * than the call). There is no limit on sockets, so a hung call holds only its own: another call opens a new
 * one rather than waiting; a call that ends in a timeout or abort destroys its socket. The https agent keys
 * its pool by the TLS options too (client certificate, CA…), so a connection is reused only with the same
 * ones. Idle sockets close after 4 s, before a peer with Node's default 5 s keep-alive timeout closes them.
 */
const KEEP_ALIVE = { keepAlive: true, timeout: 4_000 };
const httpAgent = new HttpAgent(KEEP_ALIVE);
const httpsAgent = new HttpsAgent(KEEP_ALIVE);

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL|ERR_SSL|HOSTNAME|ALTNAME/i;

export function send(exchange: HttpExchange): Promise<HttpReply> {
  const target = new URL(exchange.url);
  const isHttps = target.protocol === "https:";
  const limit = exchange.maxResponseBytes ?? 25 * 1024 * 1024;
  return new Promise<HttpReply>((resolve, reject) => {
    let settled = false;
    const finish = (error: TransportError | null, reply?: HttpReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      exchange.signal?.removeEventListener("abort", onAbort);
      if (error) reject(error);
      else resolve(reply!);
    };
    const options = {
      method: exchange.method,
      headers: { ...exchange.headers, ...(exchange.body ? { "content-length": String(exchange.body.length) } : {}) },
      agent: isHttps ? httpsAgent : httpAgent,
      ...(isHttps && exchange.tls
        ? {
            cert: exchange.tls.cert,
            key: exchange.tls.key,
            ca: exchange.tls.ca,
            passphrase: exchange.tls.passphrase,
            rejectUnauthorized: exchange.tls.rejectUnauthorized,
            minVersion: "TLSv1.2" as const,
          }
        : {}),
    };
    const req = (isHttps ? httpsRequest : httpRequest)(target, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          req.destroy();
          finish(new TransportError("too_large", `The reply is larger than ${limit} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on("end", () => finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", (error) => finish(classify(error)));
    });
    const timer = setTimeout(() => {
      finish(new TransportError("timeout", `No reply within ${exchange.timeoutMs} ms`));
      req.destroy();
    }, exchange.timeoutMs);
    const onAbort = () => {
      finish(new TransportError("aborted", "The call was aborted"));
      req.destroy();
    };
    if (exchange.signal?.aborted) return onAbort();
    exchange.signal?.addEventListener("abort", onAbort, { once: true });
    req.on("error", (error) => finish(classify(error)));
    req.end(exchange.body);
  });
}

function classify(error: Error & { code?: string }): TransportError {
  const code = error.code ?? "";
  if (TLS_CODES.test(code) || /certificate|tls|ssl/i.test(error.message)) {
    return new TransportError("tls", `TLS failed: ${error.message}`, code);
  }
  return new TransportError("network", `${code || "Network error"}: ${error.message}`, code);
}
