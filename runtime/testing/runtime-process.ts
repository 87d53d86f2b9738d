/**
 * The runtime as one process, as `npm start` runs it minus the web pages, for crash tests: the in-process
 * worker, registry calls over X-Road to the stand-in registries at STAND_INS_URL, payments on the provider at
 * PAYMENT_PROVIDER_URL with its callbacks received on CALLBACK_PORT, payment reconciliation. The registries
 * and the provider live outside (in the test), as real ones would, so they outlive a SIGKILL of this process.
 * Prints {"ready":true} once it accepts callbacks; SIGTERM closes it gracefully.
 */
import { Runtime } from "../runtime";
import { startCallbackListener } from "../wiring/integrated-runtime";
import { standInConfig } from "../xroad/testing";

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

let runtime: Runtime | undefined;
const listener = await startCallbackListener(() => runtime, Number(env("CALLBACK_PORT")));
runtime = await Runtime.create({
  databaseUrl: env("DATABASE_URL"),
  xroad: { config: standInConfig(env("STAND_INS_URL")) },
  payments: {
    providerUrl: env("PAYMENT_PROVIDER_URL"),
    apiKey: env("PAYMENT_API_KEY"),
    callbackSecret: env("PAYMENT_CALLBACK_SECRET"),
    callbackUrl: listener.url,
    reconcileEveryMs: Number(process.env.RECONCILE_EVERY_MS ?? 1000),
  },
  documents: false,
  email: false,
  worker: {
    id: process.env.WORKER_ID,
    batchSize: Number(process.env.WORKER_BATCH ?? 8),
    leaseMs: Number(process.env.WORKER_LEASE_MS ?? 60_000),
    idleDelayMs: Number(process.env.WORKER_IDLE_MS ?? 200),
  },
});
runtime.onClose(listener.close);
console.log(JSON.stringify({ ready: true, pid: process.pid, worker: runtime.worker!.id }));

const shutdown = async () => {
  await runtime!.close();
  process.exit(0);
};
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
