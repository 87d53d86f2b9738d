/**
 * The runtime the web app uses: SQLite under ./data by default (DATABASE_URL for another file or
 * PostgreSQL), migrated on open, joined to its outside world (runtime/wiring/integrated-runtime.ts): the
 * stand-in registries and payment provider started in this process on loopback unless REGISTRIES_CONFIG /
 * STAND_INS=0 / PAYMENT_PROVIDER_URL say otherwise, registry calls over X-Road with their records stored,
 * and the catalog's registries from X-Road discovery (the example catalog's when discovery fails).
 */
import { createIntegratedRuntime, type Runtime, type RuntimeOptions } from "../../runtime";
import { exampleCatalog } from "../../service-definitions";

export async function createAppRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const { registries, templates, roles } = exampleCatalog();
  const { runtime } = await createIntegratedRuntime({
    fallbackCatalog: { registries, templates, roles },
    runtime: { databaseUrl: process.env.DATABASE_URL, ...options },
  });
  return runtime;
}
