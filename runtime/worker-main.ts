/**
 * A worker process (`npm run worker`): claims and runs jobs from the database in DATABASE_URL.
 * Connectors and extra handlers come from the module in CIVIC_WORKER_SETUP (exporting `connectors`
 * and optionally `handlers`), so the same binary serves any deployment and the tests' doubles.
 */
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { Runtime } from "./runtime";
import type { Connectors } from "./connectors/connector";
import type { StepHandler } from "./handlers/define";

interface WorkerSetup {
  connectors?: Connectors;
  handlers?: StepHandler<any, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const setupPath = process.env.CIVIC_WORKER_SETUP;
const setup: WorkerSetup = setupPath ? await import(pathToFileURL(resolve(setupPath)).href) : {};
const runtime = await Runtime.create({
  connectors: setup.connectors,
  handlers: setup.handlers,
  poolSize: Number(process.env.WORKER_POOL_SIZE ?? 10),
  worker: {
    id: process.env.WORKER_ID,
    batchSize: Number(process.env.WORKER_BATCH ?? 8),
    leaseMs: Number(process.env.WORKER_LEASE_MS ?? 60_000),
    idleDelayMs: Number(process.env.WORKER_IDLE_MS ?? 200),
    logger: {
      info: (message, fields) => console.log(JSON.stringify({ level: "info", message, ...fields })),
      warn: (message, fields) => console.error(JSON.stringify({ level: "warn", message, ...fields })),
    },
  },
});
console.log(JSON.stringify({ level: "info", message: "worker started", worker: runtime.worker!.id, provider: runtime.database.provider }));

const shutdown = async () => {
  await runtime.close();
  process.exit(0);
};
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
