/**
 * A runtime joined to its outside world, as `npm start` runs it: the stand-in registries (an X-Road security
 * server on loopback) and the stand-in payment provider started in this process unless configuration points
 * elsewhere, registry calls over X-Road with their records stored, the catalog from X-Road discovery (with
 * the catalog file as the fallback), payment callbacks received on loopback, signed documents and e-mail.
 *
 * Environment:
 * - REGISTRIES_CONFIG=/path/registries.yaml: registries as that file says (no stand-ins started);
 *   STAND_INS=0: no stand-ins either (the default file then expects them at 127.0.0.1:8480, e.g. from
 *   `npm run stand-ins`); STAND_INS_PORT (8480; a free port when taken).
 * - PAYMENT_PROVIDER_URL + PAYMENT_API_KEY + PAYMENT_CALLBACK_SECRET: a real provider; otherwise the
 *   stand-in provider runs in this process. PAYMENT_CALLBACK_URL: the web app's public callback endpoint
 *   (forwarding to runtime.paymentCallback); otherwise a loopback listener of this process receives them.
 * - SIGNING_PROVIDER_URL + SIGNING_API_KEY + SIGNING_TRUSTED_ROOTS_FILE (PEM bundle of the trust services' CAs):
 *   a real signing provider for sign steps; otherwise the stand-in (Diia.Signature-like) runs in this process,
 *   its citizens' keys in ./data/signing-provider (SIGNING_STAND_IN=0: none, sign steps wait for `signal`).
 * - SLOT_PROVIDER_URL + SLOT_API_KEY: a real slot provider (offices' calendars) for book steps, under the name
 *   SLOT_PROVIDER_NAME (default "appointments", the catalog's); otherwise the stand-in runs in this process
 *   (SLOT_STAND_IN=0: none, book steps wait for `signal`).
 * - DOCUMENT_SEAL_KEY_FILE + DOCUMENT_SEAL_CHAIN_FILE: the authority's seal from a real trust service; otherwise
 *   the stand-in trust service's development certificate seals documents (STAND_IN_TRUST_SERVICE=0: neither,
 *   and a production process then refuses to issue).
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { composeCatalog, type Catalog } from "../../engine";
import { Runtime, type RuntimeOptions } from "../runtime";
import { DEFAULT_CONFIG_PATH, loadRegistriesConfig, type RegistriesConfig } from "../xroad/config";
import { discoverRegistries } from "../xroad/discovery";
import { RegistryClient } from "../xroad/registry-client";
import type { StandInOptions, StandInPaymentProvider, StandInRegistries } from "../../stand-ins";
import type { PaymentsConfig } from "./payments";
import type { SigningConfig } from "../signatures/signing";
import type { SlotsConfig } from "../bookings/bookings";
import { DEFAULT_ISSUER } from "./documents";
import { switchedOff } from "./env";

/** The simulated outside world is loaded only when it is started: a deployment on real registries and providers never loads it. */
const standInsModule = () => import("../../stand-ins");

export interface IntegratedRuntimeOptions {
  /** Passed to Runtime.create (database, clock, worker…); `xroad`, `payments` and `catalog` are filled in here. */
  runtime?: RuntimeOptions;
  /** The catalog snapshot (service-definitions/catalog.yaml): templates, roles and payment providers always, registries when discovery fails; handlers come from the runtime. */
  fallbackCatalog: Omit<Catalog, "handlers">;
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
  /** Options of the in-process stand-in registries (faults, test controls, clock). */
  standIns?: StandInOptions;
  /** Options of the in-process stand-in payment provider. */
  paymentProvider?: { checkoutTtlMs?: number; callbackRepeats?: number; now?: () => number };
  /** Options of the in-process stand-in signing provider (directory false: keys in memory). */
  signingProvider?: { requestTtlMs?: number; directory?: string | false; now?: () => number };
  /** Options of the in-process stand-in slot provider (its clock, its offices). */
  slotProvider?: Omit<import("../../stand-ins").SlotProviderOptions, "apiKey" | "port">;
  /** Registries config instead of REGISTRIES_CONFIG / the default file (tests). */
  registriesConfig?: (standInsUrl: string | undefined) => RegistriesConfig;
}

export interface IntegratedRuntime {
  runtime: Runtime;
  /** The in-process stand-in registries, when started here. */
  standIns?: StandInRegistries;
  /** The in-process stand-in payment provider, when started here. */
  paymentProvider?: StandInPaymentProvider;
  /** The payment provider's settings the runtime uses (the stand-in's generated key and callback secret). */
  payments?: PaymentsConfig;
  /** The in-process stand-in signing provider, when started here. */
  signingProvider?: Awaited<ReturnType<typeof import("../../stand-ins").startStandInSigningProvider>>;
  /** The in-process stand-in slot provider, when started here. */
  slotProvider?: import("../../stand-ins").StandInSlotProvider;
  /** Where discovery's catalog came from, and its problems. */
  catalogSource: "discovery" | "file";
  problems: string[];
}

export async function createIntegratedRuntime(options: IntegratedRuntimeOptions): Promise<IntegratedRuntime> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.log(line));
  const closers: (() => Promise<void>)[] = [];
  try {
    // ── Registries ─────────────────────────────────────────────────────────────────────────────
    let standIns: StandInRegistries | undefined;
    if (!env.REGISTRIES_CONFIG && !switchedOff(env.STAND_INS)) {
      standIns = await startStandIns(Number(env.STAND_INS_PORT ?? 8480), options.standIns ?? {}, log);
      closers.push(() => standIns!.close());
      log(`stand-in registries (X-Road security server) at ${standIns.url}`);
    }
    const config = options.registriesConfig
      ? options.registriesConfig(standIns?.url)
      : standIns
        ? loadRegistriesConfig(DEFAULT_CONFIG_PATH, { ...env, XROAD_SECURITY_SERVER_URL: standIns.url })
        : loadRegistriesConfig(env.REGISTRIES_CONFIG || DEFAULT_CONFIG_PATH, env);

    const probe = new RegistryClient(config);
    const { registries, problems, source } = await catalogRegistries(probe, options.fallbackCatalog, log);

    // ── Payments ───────────────────────────────────────────────────────────────────────────────
    let paymentProvider: StandInPaymentProvider | undefined;
    let payments: PaymentsConfig | undefined;
    let runtime: Runtime | undefined;
    let callbackUrl = env.PAYMENT_CALLBACK_URL;
    if (!callbackUrl) {
      const listener = await startCallbackListener(() => runtime);
      closers.push(listener.close);
      callbackUrl = listener.url;
    }
    if (env.PAYMENT_PROVIDER_URL) {
      if (!env.PAYMENT_API_KEY || !env.PAYMENT_CALLBACK_SECRET) throw new Error("PAYMENT_PROVIDER_URL needs PAYMENT_API_KEY and PAYMENT_CALLBACK_SECRET");
      payments = { providerUrl: env.PAYMENT_PROVIDER_URL, apiKey: env.PAYMENT_API_KEY, callbackSecret: env.PAYMENT_CALLBACK_SECRET, callbackUrl };
    } else if (!switchedOff(env.PAYMENT_STAND_IN)) {
      const apiKey = randomBytes(18).toString("base64url");
      const callbackSecret = randomBytes(32).toString("base64url");
      const { startStandInPaymentProvider } = await standInsModule();
      paymentProvider = await startStandInPaymentProvider({ apiKey, callbackSecret, ...options.paymentProvider });
      closers.push(() => paymentProvider!.close());
      payments = { providerUrl: paymentProvider.url, apiKey, callbackSecret, callbackUrl };
      log(`stand-in payment provider at ${paymentProvider.url}`);
    }

    // ── The documents' seal ────────────────────────────────────────────────────────────────────
    // The stand-in trust service's certificate (CA in ./data/trust-service) unless a real one is configured.
    let documents = options.runtime?.documents;
    const seal = documents === false || documents?.seal !== undefined ? undefined : (await standInsModule()).standInSeal(documents?.issuer?.en ?? DEFAULT_ISSUER.en, env);
    if (seal) {
      documents = { ...(documents || {}), seal };
      log("stand-in trust service seals documents (its CA is in ./data/trust-service)");
    }

    // ── Signatures (sign steps) ────────────────────────────────────────────────────────────────
    let signing: SigningConfig | undefined;
    let signingProvider: IntegratedRuntime["signingProvider"];
    if (env.SIGNING_PROVIDER_URL) {
      if (!env.SIGNING_API_KEY || !env.SIGNING_TRUSTED_ROOTS_FILE) throw new Error("SIGNING_PROVIDER_URL needs SIGNING_API_KEY and SIGNING_TRUSTED_ROOTS_FILE");
      const { readFileSync } = await import("node:fs");
      const roots = readFileSync(env.SIGNING_TRUSTED_ROOTS_FILE, "utf8").match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
      signing = { providerUrl: env.SIGNING_PROVIDER_URL, apiKey: env.SIGNING_API_KEY, trustedRootsPem: roots };
    } else if (!switchedOff(env.SIGNING_STAND_IN)) {
      const apiKey = randomBytes(18).toString("base64url");
      const { startStandInSigningProvider } = await standInsModule();
      const provider = (signingProvider = await startStandInSigningProvider({ apiKey, ...options.signingProvider }));
      closers.push(() => provider.close());
      signing = { providerUrl: provider.url, apiKey, trustedRootsPem: [provider.caCertificatePem] };
      log(`stand-in signing provider (Diia.Signature) at ${provider.url}`);
    }

    // ── Appointments (book steps) ────────────────────────────────────────────────────────────────
    let slots: SlotsConfig | undefined;
    let slotProvider: IntegratedRuntime["slotProvider"];
    const slotName = env.SLOT_PROVIDER_NAME || "appointments";
    if (env.SLOT_PROVIDER_URL) {
      if (!env.SLOT_API_KEY) throw new Error("SLOT_PROVIDER_URL needs SLOT_API_KEY");
      slots = { providers: { [slotName]: { url: env.SLOT_PROVIDER_URL, apiKey: env.SLOT_API_KEY } } };
    } else if (!switchedOff(env.SLOT_STAND_IN)) {
      const apiKey = randomBytes(18).toString("base64url");
      const { startStandInSlotProvider } = await standInsModule();
      const provider = (slotProvider = await startStandInSlotProvider({ apiKey, ...options.slotProvider }));
      closers.push(() => provider.close());
      slots = { providers: { [slotName]: { url: provider.url, apiKey } } };
      log(`stand-in slot provider (civil-registry offices, service centres) at ${provider.url}`);
    }

    // ── The runtime ────────────────────────────────────────────────────────────────────────────
    const { handlers: _snapshotHandlers, ...catalog } = composeCatalog({ handlers: [], ...options.fallbackCatalog }, { registries });
    runtime = await Runtime.create({
      ...options.runtime,
      ...(documents !== undefined ? { documents } : {}),
      xroad: { config },
      ...(payments ? { payments } : {}),
      ...(signing ? { signing } : {}),
      ...(slots && !options.runtime?.slots ? { slots } : {}),
      catalog: options.runtime?.catalog ?? catalog,
    });
    // Operations learnt from the registries' OpenAPI documents (not in the built-in contracts or the config).
    for (const [name, contracts] of probe.discovered) runtime.registryClient!.discovered.set(name, contracts);
    // The stand-in population register's names are masked in citizens' comments (runtime/feedback/mask.ts).
    if (standIns) runtime.feedback.useNames((await standInsModule()).demoPeople().flatMap((p) => [p.name.uk, p.name.en].flatMap((n) => [n.firstName, n.lastName, n.middleName ?? ""])));
    for (const close of closers.splice(0).reverse()) runtime.onClose(close);
    return { runtime, standIns, paymentProvider, payments, signingProvider, slotProvider, catalogSource: source, problems };
  } catch (error) {
    for (const close of closers.reverse()) await close().catch(() => {});
    throw error;
  }
}

async function startStandIns(port: number, options: StandInOptions, log: (line: string) => void): Promise<StandInRegistries> {
  const { startStandInRegistries } = await standInsModule();
  try {
    return await startStandInRegistries({ ...options, port: options.port ?? port, host: "127.0.0.1" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    log(`port ${port} is taken: the stand-in registries take a free port instead`);
    return startStandInRegistries({ ...options, port: 0, host: "127.0.0.1" });
  }
}

/**
 * The catalog's registries from X-Road discovery (allowedMethods + getOpenAPI). A registry that could not be
 * asked at all keeps its entry from the catalog file (with a warning); one we may not call is left out, so
 * definitions using it get a validation issue. Nothing discovered: the file's registries, with a warning.
 */
async function catalogRegistries(client: RegistryClient, fallback: Omit<Catalog, "handlers">, log: (line: string) => void) {
  let discovered: Catalog["registries"] = {};
  let problems: string[] = [];
  try {
    ({ registries: discovered, problems } = await discoverRegistries(client, { timeoutMs: 5000 }));
  } catch (error) {
    problems = [`discovery failed: ${(error as Error).message}`];
  }
  if (Object.keys(discovered).length === 0) {
    log(`warning: registry discovery found nothing (${problems.join("; ") || "no registries configured"}); using the catalog file's registries`);
    return { registries: fallback.registries, problems, source: "file" as const };
  }
  const failed = Object.keys(client.config.registries).filter(
    (name) => !discovered[name] && fallback.registries[name] && problems.some((problem) => problem.startsWith(`${name}: discovery failed`)),
  );
  for (const name of failed) log(`warning: registry ${name} could not be discovered; using its catalog file entry`);
  for (const problem of problems) log(`registry discovery: ${problem}`);
  const { registries } = composeCatalog({ handlers: [], ...fallback }, { registries: discovered, keepFromSnapshot: failed });
  return { registries, problems, source: "discovery" as const };
}

/** A loopback endpoint for the payment provider's callbacks, forwarding them to runtime.paymentCallback (on `port`, or a free one). */
export async function startCallbackListener(runtime: () => Runtime | undefined, port = 0): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= 16 * 1024) chunks.push(chunk);
    });
    req.on("end", async () => {
      const target = runtime();
      if (req.method !== "POST" || size > 16 * 1024 || !target) {
        res.statusCode = req.method !== "POST" ? 405 : size > 16 * 1024 ? 413 : 503;
        return res.end();
      }
      try {
        const result = await target.paymentCallback(Buffer.concat(chunks).toString("utf8"), req.headers);
        res.statusCode = result.status;
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ accepted: result.accepted, applied: result.applied, ...(result.error ? { error: result.error } : {}) }));
      } catch {
        res.statusCode = 500; // the provider delivers again
        res.end();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/payments/callback`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
