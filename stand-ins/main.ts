/**
 * Runs the stand-in registries alone: `npm run stand-ins`.
 * Environment: STAND_INS_PORT (8480), STAND_INS_HOST (127.0.0.1), STAND_INS_FAULTS (JSON array of fault rules),
 * STAND_INS_LEGACY_ERRORS=1 (≤7.7 error spelling), STAND_INS_TEST_CONTROLS=1 (fault header and /__stand-in/ endpoints).
 */
import { DEFAULT_CLIENT, LIMITED_CLIENT } from "./access-rights";
import { PERSONAS } from "./data/people";
import type { FaultRule } from "./faults";
import { startStandInRegistries } from "./server";
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

const stop = async () => {
  await standIns.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
