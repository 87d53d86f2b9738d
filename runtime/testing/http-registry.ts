/**
 * A registry test double over loopback HTTP, so worker processes share it: it answers every
 * operation with a configurable outcome and remembers effects per idempotency key, counting how
 * often an effect would have run, which is how the tests prove nothing happened twice.
 */
import { createServer, type Server } from "node:http";
import type { RegistryConnector, RegistryResult } from "../connectors/connector";

export interface HttpRegistryServer {
  url: string;
  /** idempotency key → how many times the effect ran (must be 1). */
  effects: Map<string, number>;
  calls: number;
  close(): Promise<void>;
}

export async function startHttpRegistry(answer: (operation: string, input: Record<string, unknown>) => RegistryResult, delayMs = 0): Promise<HttpRegistryServer> {
  const remembered = new Map<string, RegistryResult>();
  const state = { effects: new Map<string, number>(), calls: 0 };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const { operation, input, key } = JSON.parse(body) as { operation: string; input: Record<string, unknown>; key: string };
      state.calls++;
      setTimeout(() => {
        let result = remembered.get(key);
        if (!result) {
          result = answer(operation, input);
          remembered.set(key, result);
          state.effects.set(key, (state.effects.get(key) ?? 0) + 1);
        }
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(result));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    get effects() {
      return state.effects;
    },
    get calls() {
      return state.calls;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export class HttpRegistryConnector implements RegistryConnector {
  constructor(private url: string) {}
  async call(operation: string, input: Record<string, unknown>, ctx: { idempotencyKey: string; signal: AbortSignal }): Promise<RegistryResult> {
    const response = await fetch(this.url, { method: "POST", body: JSON.stringify({ operation, input, key: ctx.idempotencyKey }), signal: ctx.signal });
    if (!response.ok) throw new Error(`Registry answered ${response.status}`);
    return (await response.json()) as RegistryResult;
  }
}
