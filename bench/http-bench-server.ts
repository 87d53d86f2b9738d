/**
 * The server process of the HTTP bench (bench/http-bench.ts): the production server (builder/server.ts with
 * the built app, NODE_ENV=production, the integrated runtime on DATABASE_URL, the examples seeded) plus one
 * bench-only service that runs start → final with no officer: a form, a population-register call over
 * X-Road (the stand-ins, in their own process: bench/http-bench-registries.ts), an automatic decision. Prints
 * `listening <url>` once it answers, and on SIGUSR2 how busy its event loop was and its SQLite commits since the
 * last SIGUSR2.
 */
import { performance } from "node:perf_hooks";
import { loadDefinition } from "../engine";
import { exampleCatalog } from "../service-definitions";
import { startAppServer } from "../builder/server";
import { createAppRuntime } from "../builder/server/app-runtime";

export const BENCH_SERVICE_ID = "bench-address-check";

const BENCH_SERVICE = `
schemaVersion: 1
id: ${BENCH_SERVICE_ID}
title: { uk: Перевірка адреси (бенчмарк), en: Address check (bench) }
description: { uk: Лише для вимірювань., en: For measurements only. }
languages: [uk, en]
owner: Bench
start: ask
steps:
  ask:
    kind: form
    title: { uk: Мета, en: Purpose }
    schema:
      type: object
      required: [purpose]
      properties:
        purpose: { type: string, maxLength: 200, title: { uk: Мета, en: Purpose } }
    next: lookup
  lookup:
    kind: registry
    title: { uk: Запит до реєстру, en: Register lookup }
    registry: population
    operation: getPerson
    purpose: { uk: Перевірка адреси реєстрації, en: Checking the registration address }
    input: { taxId: applicant.taxId }
    saveAs: person
    timeout: 10s
    retry: { maxAttempts: 3, backoff: exponential }
    on: { found: check, notFound: rejected, error: failed }
  check:
    kind: decision
    title: { uk: Рішення, en: Decision }
    branches:
      - when: 'person.registrationAddress != null'
        next: done
    otherwise: rejected
  done: { kind: final, outcome: approved, message: { uk: Адресу підтверджено, en: Address confirmed } }
  rejected: { kind: final, outcome: rejected }
  failed: { kind: final, outcome: failed }
`;

const runtime = await createAppRuntime();
const { definition, issues } = loadDefinition(BENCH_SERVICE, { catalog: exampleCatalog() });
if (!definition) throw new Error(`The bench service does not load: ${JSON.stringify(issues)}`);
await runtime.publish(definition, "bench");
const app = await startAppServer({ runtime, port: Number(process.env.PORT ?? 0), production: true, log: () => {} });
console.log(`listening ${app.url}`);
const stop = async () => {
  await app.close();
  await runtime.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
// SIGUSR2: since the previous signal, the event loop's utilisation (time running or blocked, e.g. in a commit's
// fsync) and the direct SQLite connection's commits and the changes they carried (group commit's batch size).
let since = performance.eventLoopUtilization();
const sqlite = runtime.database.sqlite;
let counted = { ...(sqlite?.stats ?? { commits: 0, changes: 0 }) };
process.on("SIGUSR2", () => {
  const now = performance.eventLoopUtilization();
  const stats = { ...(sqlite?.stats ?? { commits: 0, changes: 0 }) };
  const memory = Object.fromEntries(Object.entries(process.memoryUsage()).map(([key, bytes]) => [key, Math.round(bytes / 2 ** 20)]));
  const report = { utilisation: performance.eventLoopUtilization(now, since).utilization, commits: stats.commits - counted.commits, changes: stats.changes - counted.changes, memory };
  console.log(`event-loop ${JSON.stringify(report)}`);
  since = now;
  counted = stats;
});
