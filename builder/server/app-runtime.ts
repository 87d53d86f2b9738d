/**
 * The web app's composition root: the runtime (SQLite under ./data by default, DATABASE_URL for another file
 * or PostgreSQL), migrated on open, joined to its outside world (runtime/wiring/integrated-runtime.ts): the
 * stand-in registries and payment provider started in this process on loopback unless REGISTRIES_CONFIG /
 * STAND_INS=0 / PAYMENT_PROVIDER_URL say otherwise, registry calls over X-Road with their records stored,
 * and the catalog's registries from X-Road discovery (the example catalog's when discovery fails); and the
 * identity providers citizens sign in with (the stand-in unless STAND_IN_IDENTITY=0).
 */
import type { AppLoadContext } from "@remix-run/node";
import { createIntegratedRuntime, type Runtime, type RuntimeOptions } from "../../runtime";
import { exampleCatalog } from "../../service-definitions";
import { standInIdentityEnabled } from "../app/auth/identity.server";

export async function createAppRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const { runtime } = await createIntegratedRuntime({
    fallbackCatalog: exampleCatalog(),
    runtime: { databaseUrl: process.env.DATABASE_URL, ...options },
  });
  return runtime;
}

/** The load context's identity providers: the stand-in (and its page) unless STAND_IN_IDENTITY=0, else none (the stand-ins not even loaded). */
export async function createAppIdentity(env: Record<string, string | undefined> = process.env): Promise<Pick<AppLoadContext, "identity" | "standInIdentity">> {
  if (!standInIdentityEnabled(env)) return {};
  const { createStandInIdentityProvider } = await import("../../stand-ins");
  const standIn = createStandInIdentityProvider();
  return { identity: standIn, standInIdentity: standIn };
}
