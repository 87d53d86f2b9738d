/**
 * A worker process (`npm run worker`): claims and runs jobs from the database in DATABASE_URL.
 * Registries are called over X-Road as configured (REGISTRIES_CONFIG, like the app), unless the module
 * in CIVIC_WORKER_SETUP exports `connectors` (the tests' doubles); it may also export `handlers`.
 * Every process that issues documents needs the same DOCUMENT_SIGNING_KEY and seal (DOCUMENT_SEAL_KEY_FILE,
 * DOCUMENT_SEAL_CHAIN_FILE; in development the stand-in trust service's files in ./data).
 */
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { Runtime } from "./runtime";
import { DEFAULT_ISSUER } from "./wiring/documents";
import type { Connectors } from "./connectors/connector";
import type { AnyHandler } from "./handlers/registry";

interface WorkerSetup {
  connectors?: Connectors;
  handlers?: AnyHandler[];
}

const setupPath = process.env.CIVIC_WORKER_SETUP;
const setup: WorkerSetup = setupPath ? await import(pathToFileURL(resolve(setupPath)).href) : {};
// Outside production, documents are sealed by the stand-in trust service unless a real seal is configured (as npm start does).
const seal = process.env.NODE_ENV === "production" ? undefined : (await import("../stand-ins")).standInSeal(DEFAULT_ISSUER.en);
const runtime = await Runtime.create({
  ...(seal ? { documents: { seal } } : {}),
  connectors: setup.connectors,
  xroad: setup.connectors ? undefined : true,
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
