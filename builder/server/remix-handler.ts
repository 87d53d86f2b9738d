/**
 * Remix behind Express, in place of @remix-run/express's handler: the request body is the one body-limit.ts
 * has already read (within its limit), the CSP nonce goes into the load context, an address that cannot be
 * parsed is a 400, and dynamic answers get their Cache-Control (security-headers.ts).
 */
import { createRequestHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { bodyOf } from "./body-limit";
import { refuse } from "./refuse";
import { cacheControlFor, nonceOf } from "./security-headers";

export interface RemixHandlerOptions {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: "production" | "development";
  loadContext: (nonce: string) => Omit<AppLoadContext, "cspNonce">;
}

export function remixHandler(options: RemixHandlerOptions) {
  const handle = createRequestHandler(options.build, options.mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const request = webRequestOf(req, res);
      if (!request) return;
      const nonce = nonceOf(res);
      const response = await handle(request, { ...options.loadContext(nonce), cspNonce: nonce, clientAddress: clientAddressOf(req) } as AppLoadContext);
      await sendWebResponse(res, request, response);
    } catch (error) {
      next(error);
    }
  };
}

/**
 * The Express request as a fetch Request (the body already read by body-limit.ts), aborted when the client goes
 * away; undefined after refusing an address that cannot be parsed (400).
 */
export function webRequestOf(req: ExpressRequest, res: ExpressResponse): Request | undefined {
  let url: URL;
  try {
    url = new URL(req.originalUrl, `${req.protocol}://${req.get("host")}`);
  } catch {
    refuse(req, res, 400, "The address or its Host header cannot be understood.");
    return undefined;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  // The body was read whole (chunked or not): what the handler gets is a plain body of known length.
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : (bodyOf(res) ?? Buffer.alloc(0));
  headers.delete("transfer-encoding");
  if (body) headers.set("content-length", String(body.length));
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  return new Request(url, { method: req.method, headers, body: body as Uint8Array<ArrayBuffer> | undefined, signal: controller.signal });
}

/** clientAddress: the socket's peer (or the proxy's X-Forwarded-For when Express's "trust proxy" is set), for sign-in limits. */
export const clientAddressOf = (req: ExpressRequest) => req.ip ?? req.socket.remoteAddress;

/**
 * Writes a fetch Response to Express, with the Cache-Control its path gets (security-headers.ts). `whole`: the
 * body is read first and sent with its length in one write (JSON answers), not streamed in chunks.
 */
export async function sendWebResponse(res: ExpressResponse, request: Request, response: Response, whole = false): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers) if (name !== "cache-control") res.append(name, value);
  res.set("Cache-Control", cacheControlFor(new URL(request.url).pathname, response.headers.get("cache-control")));
  const stream = /text\/event-stream/i.test(response.headers.get("content-type") ?? "");
  if (stream) res.flushHeaders();
  if (response.body && whole && !stream) res.end(Buffer.from(await response.arrayBuffer()));
  else if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
