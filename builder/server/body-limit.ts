/**
 * Request bodies are read here, before Remix and before any session, CSRF or parsing work, with a byte limit
 * counted as the bytes arrive: a declared Content-Length over the limit is refused without reading, a chunked
 * or otherwise longer body is refused as soon as the count passes the limit. The body is then handed to Remix
 * as a buffer (builder/server/remix-handler.ts). Limits are per path: the studio saves whole service sources.
 */
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import getRawBody from "raw-body";
import { MAX_JSON_BYTES } from "../app/api/http.server";
import { MAX_FORM_BYTES } from "../app/auth/form.server";
import { isApiPath, refuse } from "./refuse";

export const STUDIO_MAX_BYTES = 3_000_000;
const PAYMENT_CALLBACK_MAX_BYTES = 16 * 1024;

/** The largest body a path accepts. */
export function bodyLimitFor(path: string): number {
  if (isApiPath(path)) return MAX_JSON_BYTES;
  if (path === "/studio" || path.startsWith("/studio/")) return STUDIO_MAX_BYTES;
  if (path.startsWith("/payments/")) return PAYMENT_CALLBACK_MAX_BYTES;
  return MAX_FORM_BYTES;
}

/** How long a refused request may go on sending before its connection is closed (the client reads the 413 meanwhile). */
const DRAIN_MS = 2_000;
const DRAIN_MAX_BYTES = 4 * 1024 * 1024;

export interface BufferedBody {
  bytes: Buffer;
}

export const bodyOf = (res: ExpressResponse): Buffer | undefined => (res.locals.body as BufferedBody | undefined)?.bytes;

export function bodyLimit(limitFor: (path: string) => number = bodyLimitFor) {
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const declared = req.headers["content-length"];
    if (!req.headers["transfer-encoding"] && (declared === undefined || declared === "0")) return next();
    const limit = limitFor(req.path);
    let bytes: Buffer;
    try {
      bytes = await getRawBody(req, { limit, length: declared });
    } catch (error) {
      const type = (error as { type?: string }).type;
      if (type === "entity.too.large") {
        refuse(req, res, 413, `The request body is larger than ${Math.round(limit / 1024)} KB.`, { close: true });
        drainThenClose(req);
      } else if (type === "request.aborted") {
        req.socket.destroy();
      } else {
        refuse(req, res, 400, "The request body could not be read.", { close: true });
        drainThenClose(req);
      }
      return;
    }
    res.locals.body = { bytes } satisfies BufferedBody;
    next();
  };
}

/** Reads and discards what the client is still sending for a short while so it can read the refusal, then closes. */
function drainThenClose(req: ExpressRequest) {
  let drained = 0;
  const close = () => req.socket.destroy();
  const timer = setTimeout(close, DRAIN_MS);
  timer.unref();
  req.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_MAX_BYTES) close();
  });
  req.on("end", () => clearTimeout(timer));
  req.resume();
}
