/**
 * Runs the stand-in registries alone: `npm run stand-ins`.
 * Environment: STAND_INS_PORT (8480), STAND_INS_HOST (127.0.0.1), STAND_INS_FAULTS (JSON array of fault rules),
 * STAND_INS_LEGACY_ERRORS=1 (≤7.7 error spelling), STAND_INS_TEST_CONTROLS=1 (fault header and /__stand-in/ endpoints).
 * The signing provider (Diia.Signature-like) too: SIGNING_PROVIDER_PORT (8490), SIGNING_API_KEY (a new one each start).
 * The slot provider (civil-registry offices, service centres' e-queue): SLOT_PROVIDER_PORT (8491), SLOT_API_KEY (a new one each start).
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { DEFAULT_CLIENT, LIMITED_CLIENT } from "./access-rights";
import { PERSONAS } from "./data/people";
import type { FaultRule } from "./faults";
import { startStandInRegistries } from "./server";
import { startStandInSigningProvider } from "./signing-provider";
import { startStandInSlotProvider } from "./slot-provider";
import { formatServiceId } from "../runtime/xroad/identifiers";

const flag = (name: string) => ["1", "true", "yes"].includes((process.env[name] ?? "").toLowerCase());

let faults: FaultRule[] = [];
try {
  faults = process.env.STAND_INS_FAULTS ? (JSON.parse(process.env.STAND_INS_FAULTS) as FaultRule[]) : [];
} catch (error) {
  console.error(`STAND_INS_FAULTS is not a JSON array of fault rules: ${(error as Error).message}`);
  process.exit(2);
}

const standIns = await startStandInRegistries({
  port: Number(process.env.STAND_INS_PORT ?? 8480),
  host: process.env.STAND_INS_HOST ?? "127.0.0.1",
  faults,
  legacyErrorCodes: flag("STAND_INS_LEGACY_ERRORS"),
  testControls: flag("STAND_INS_TEST_CONTROLS"),
});

console.log(`Stand-in registries (X-Road security server) at ${standIns.url}`);
for (const provider of standIns.providers) {
  console.log(`  ${provider.registry.padEnd(16)} ${formatServiceId(provider.service)}`);
}
console.log(`Clients: ${DEFAULT_CLIENT} (all services), ${LIMITED_CLIENT} (population getPerson only)`);
console.log(`Demo people (tax numbers): ${Object.entries(PERSONAS).map(([name, taxId]) => `${name} ${taxId}`).join(", ")}`);
console.log(`Try: curl -s -X POST ${standIns.url}/r1/${formatServiceId(standIns.state.services.population)}/v1/persons/lookup \\
  -H 'X-Road-Client: ${DEFAULT_CLIENT}' -H 'Content-Type: application/json' -d '{"taxId":"${PERSONAS.olena}"}'`);

const signingApiKey = process.env.SIGNING_API_KEY ?? randomBytes(18).toString("base64url");
const signing = await startStandInSigningProvider({ apiKey: signingApiKey, port: Number(process.env.SIGNING_PROVIDER_PORT ?? 8490) });
console.log(`Stand-in signing provider (Diia.Signature) at ${signing.url}: SIGNING_PROVIDER_URL=${signing.url} SIGNING_API_KEY=${signingApiKey}`);
mkdirSync("data/signing-provider", { recursive: true });
writeFileSync("data/signing-provider/ca.pem", signing.caCertificatePem);
console.log("  SIGNING_TRUSTED_ROOTS_FILE=data/signing-provider/ca.pem (the stand-in trust service's CA)");

const slotApiKey = process.env.SLOT_API_KEY ?? randomBytes(18).toString("base64url");
const slots = await startStandInSlotProvider({ apiKey: slotApiKey, port: Number(process.env.SLOT_PROVIDER_PORT ?? 8491) });
console.log(`Stand-in slot provider (offices' calendars) at ${slots.url}: SLOT_PROVIDER_URL=${slots.url} SLOT_API_KEY=${slotApiKey}`);

const stop = async () => {
  await slots.close();
  await signing.close();
  await standIns.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
