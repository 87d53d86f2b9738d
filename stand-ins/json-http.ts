/** The JSON plumbing the stand-in providers share (payment, signing, slots). */
import type { IncomingMessage, ServerResponse } from "node:http";

/** The request's JSON body, or undefined when it is empty or not JSON; past `limit` characters the rest is dropped (and so not JSON). */
export function readJson(req: IncomingMessage, limit = 64 * 1024): Promise<unknown> {
  return new Promise((resolveRead) => {
    let text = "";
    req.on("data", (chunk) => {
      if (text.length < limit) text += chunk;
    });
    req.on("end", () => {
      try {
        resolveRead(text ? JSON.parse(text) : undefined);
      } catch {
        resolveRead(undefined);
      }
    });
  });
}

export function send(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader("content-type", "application/json;charset=utf-8");
  res.end(JSON.stringify(body));
}
