/**
 * Crash test: the runtime runs as a child process (worker, registry calls over X-Road, payment callbacks,
 * reconciliation) on a SQLite file; citizens (this process) start applications, wait for the registry lookup
 * and pay on the stand-in provider's page. The child is killed with SIGKILL mid-load, with jobs in flight and
 * citizens about to pay (their callbacks find nobody), and started again on the same file. Afterwards nothing
 * is lost or doubled: every application reached its final step through exactly the expected events, every
 * request the register received has exactly one call record, every order was paid and applied once.
 */
import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ServiceDefinition } from "../engine";
import { openDatabase, type Database } from "./db/open";
import { Runtime } from "./runtime";
import { PERSONAS, type StandInPaymentProvider, type StandInRegistries, startStandInPaymentProvider, startStandInRegistries } from "../stand-ins";
import { applicant, tempDbUrl } from "./testing/fixtures";
import { killHard, spawnProcess, stopWorker, waitFor, waitForLine } from "./testing/processes";

const APPLICATIONS = 60;
const CITIZENS = 8;
const EXPECTED_EVENTS = ["start", "submit", "outcome.found", "outcome.paid", "outcome.issued"];
const API_KEY = "crash-merchant-key";
const SECRET = "crash-callback-secret";

const crashService = {
  schemaVersion: 1,
  id: "crash-test",
  title: "Crash test",
  languages: ["en"],
  owner: "Tests",
  start: "ask",
  steps: {
    ask: { kind: "form", schema: { type: "object", required: ["case"], properties: { case: { type: "string" } } }, next: "lookup" },
    lookup: {
      kind: "registry", registry: "population", operation: "getPerson", input: { taxId: "applicant.taxId" }, saveAs: "person",
      timeout: "5s", retry: { maxAttempts: 5, backoff: "fixed", interval: "200ms" },
      on: { found: "pay", notFound: "failed", error: "failed" },
    },
    pay: { kind: "payment", amount: "50", currency: "UAH", purpose: "Fee", deadline: "P1D", saveAs: "payment", on: { paid: "issue", failed: "failed", timeout: "failed" } },
    issue: { kind: "document", template: "receipt", data: { amount: "payment.amount" }, next: "done" },
    done: { kind: "final", outcome: "approved" },
    failed: { kind: "final", outcome: "failed" },
  },
} as unknown as ServiceDefinition;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the runtime killed with SIGKILL mid-load and started again", () => {
  let standIns: StandInRegistries;
  let provider: StandInPaymentProvider;
  let api: Runtime | undefined;
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child) await stopWorker(child);
    await api?.close();
    await provider?.close();
    await standIns?.close();
  });

  // In 1 of 3 full CI runs on 2 Dec an application had not finished 60 s after the restart. Reproduced under
  // load, it was an incident: its document's result refused three times with "database is locked" when this
  // process wrote between the result transaction's read and its write (fixed in db/open.ts, see
  // runtime/jobs/result-contention.test.ts). A wait that times out prints where the applications stand.
  it("loses nothing and does nothing twice: applications, registry calls, payments, audit", { timeout: 120_000 }, async () => {
    // The outside world outlives the runtime: the registries (some lookups slow) and the payment provider.
    standIns = await startStandInRegistries({ host: "127.0.0.1", faults: [{ kind: "latency", service: "population", delayMs: 300, probability: 0.4 }] });
    provider = await startStandInPaymentProvider({ apiKey: API_KEY, callbackSecret: SECRET });
    const databaseUrl = tempDbUrl("crash");
    const callbackPort = await freePort();
    const payments = { providerUrl: provider.url, apiKey: API_KEY, callbackSecret: SECRET, callbackUrl: `http://127.0.0.1:${callbackPort}/payments/callback` };
    // The citizens' side (what the web app does for them): start, submit, checkout. It runs no jobs.
    api = await Runtime.create({ databaseUrl, worker: false, payments: { ...payments, reconcileEveryMs: 0 }, documents: false, email: false });
    await api.publish(crashService, "tests");
    const db = api.database.prisma;

    const startRuntime = async (id: string) => {
      const started = spawnProcess(join(__dirname, "testing", "runtime-process.ts"), {
        DATABASE_URL: databaseUrl,
        STAND_INS_URL: standIns.url,
        PAYMENT_PROVIDER_URL: provider.url,
        PAYMENT_API_KEY: API_KEY,
        PAYMENT_CALLBACK_SECRET: SECRET,
        CALLBACK_PORT: String(callbackPort),
        WORKER_ID: id,
        WORKER_LEASE_MS: "1500",
        WORKER_IDLE_MS: "50",
        RECONCILE_EVERY_MS: "1000",
      });
      await waitForLine(started, /"ready":true/, 60_000); // under load, starting (tsx, migrations, templates) took 24 s
      return started;
    };
    child = await startRuntime("first");

    // Where unfinished applications and their jobs stand: printed when a wait below times out, so that a
    // failure can be diagnosed from the CI log.
    const whereTheyStand = async (where: { id: string } | { status: { not: string } }) => {
      const stuck = await db.application.findMany({ where, select: { id: true, currentStep: true, status: true } });
      const jobs = await db.job.findMany({ where: { applicationId: { in: stuck.map((a) => a.id) } }, select: { applicationId: true, kind: true, step: true, status: true, attempts: true, runAt: true, leaseUntil: true, lastError: true } });
      return JSON.stringify({ stuck, jobs }, null, 1);
    };

    // Citizens: each starts an application, waits for the registry lookup, then pays after a short pause.
    const ids: string[] = [];
    let next = 0;
    /** Citizens with a checkout who have not pressed "pay" yet. */
    let aboutToPay = 0;
    const stepOf = async (id: string) => (await db.application.findUniqueOrThrow({ where: { id } })).currentStep;
    const citizens = Promise.all(Array.from({ length: CITIZENS }, async () => {
      while (next < APPLICATIONS) {
        const i = next++;
        const person = `c-${i}`;
        const { applicationId } = await api!.start("crash-test", { ...applicant(person), taxId: PERSONAS.olena });
        ids.push(applicationId);
        await api!.submit(applicationId, { step: "ask", data: { case: "normal" }, expectedVersion: 1 });
        await waitFor(async () => (await stepOf(applicationId)) === "pay", 60_000, 25).catch(async (error) => {
          console.error(`crash test: ${applicationId} did not reach "pay"`, await whereTheyStand({ id: applicationId }));
          throw error;
        });
        const checkout = await api!.paymentCheckout(applicationId, person);
        aboutToPay++;
        await sleep(150 + (i % 4) * 50);
        aboutToPay--;
        const paid = await fetch(`${checkout.checkoutUrl}/pay`, { method: "POST" });
        expect(paid.status).toBe(200);
      }
    }));

    // Kill it while registry jobs are leased and a citizen is about to pay. The citizens are checked last, with
    // no await between the check and the kill: one of them presses "pay" only after the kill, so its callback
    // finds nobody (one who had pressed it already might have been answered before the kill).
    const done = () => db.application.count({ where: { status: "done" } });
    await waitFor(async () => (await done()) >= APPLICATIONS / 4 && (await db.job.count({ where: { status: "running" } })) > 0 && aboutToPay > 0, 60_000, 5);
    await killHard(child);
    const doneAtKill = await done();
    const leasedAtKill = await db.job.count({ where: { status: "running" } });
    // While it is down, payments go through at the provider and their callbacks find nobody.
    await waitFor(async () => [...provider.payments.values()].some((p) => p.callbacks.some((c) => c.status === "failed")), 10_000, 20);

    child = await startRuntime("second");
    await citizens;
    await waitFor(async () => (await done()) === APPLICATIONS, 60_000, 100).catch(async (error) => {
      console.error("crash test: unfinished after the restart", await whereTheyStand({ status: { not: "done" } }));
      throw error;
    });
    expect(doneAtKill).toBeLessThan(APPLICATIONS);
    expect(leasedAtKill).toBeGreaterThan(0);

    // Every application went through exactly the expected events, with no gap and no repeat in the audit log.
    const audit = await db.auditEvent.findMany({ where: { applicationId: { in: ids } }, orderBy: [{ applicationId: "asc" }, { seq: "asc" }] });
    const events = new Map<string, string[]>();
    for (const event of audit) {
      const list = events.get(event.applicationId) ?? [];
      expect(event.seq).toBe(list.length + 1);
      list.push(event.event);
      events.set(event.applicationId, list);
    }
    for (const id of ids) expect(events.get(id), id).toEqual(EXPECTED_EVENTS);
    expect(await db.job.count({ where: { status: { in: ["pending", "running", "failed"] } } })).toBe(0);
    expect(await db.job.count({ where: { attempts: { gt: 1 } } })).toBeGreaterThan(0); // jobs of the killed process were taken over
    expect(await db.document.count()).toBe(APPLICATIONS);
    expect(new Set((await db.document.findMany()).map((d) => d.applicationId)).size).toBe(APPLICATIONS);

    // Payments: one order per application, paid once at the provider, applied once (outcome.paid above).
    const orders = await db.payment.findMany();
    expect(orders).toHaveLength(APPLICATIONS);
    expect(orders.every((order) => order.status === "paid")).toBe(true);
    expect(provider.payments.size).toBe(APPLICATIONS);
    expect([...provider.payments.values()].every((payment) => payment.charges === 1)).toBe(true);
    const lostCallbacks = [...provider.payments.values()].filter((p) => p.callbacks.every((c) => c.status === "failed")).length;
    expect(lostCallbacks).toBeGreaterThan(0); // some applications moved by reconciliation alone

    // Registry calls: every request the register received has exactly one call record (the same X-Road id);
    // a record without a request at the register can only be one cut off as "started".
    const received = standIns.log.entries().filter((entry) => entry.path.startsWith("/v1/persons/lookup"));
    const calls = await db.registryCall.findMany();
    const byXRoadId = new Map<string, number>();
    for (const call of calls) byXRoadId.set(call.xRoadId!, (byXRoadId.get(call.xRoadId!) ?? 0) + 1);
    for (const entry of received) expect(byXRoadId.get(entry.queryId), entry.queryId).toBe(1);
    expect([...byXRoadId.values()].every((count) => count === 1)).toBe(true);
    const receivedIds = new Set(received.map((entry) => entry.queryId));
    for (const call of calls.filter((c) => !receivedIds.has(c.xRoadId!))) expect(call.status).toBe("started");
    for (const id of ids) expect(calls.some((call) => call.applicationId === id && call.status === "found"), id).toBe(true);
    console.log(
      `crash test: ${APPLICATIONS} applications, killed with ${doneAtKill} done and ${leasedAtKill} jobs leased; ` +
        `${received.length} register requests, ${calls.filter((c) => c.status === "started").length} cut off; ${lostCallbacks} payments applied by reconciliation`,
    );
  });
});

/**
 * Group commit under SIGKILL: 50 applications move at once through form steps in a child process, their
 * changes sharing commits (one transaction, a savepoint each). The process is killed mid-load, with a
 * submit of every application in flight. Every step it acknowledged is in the file; then every client
 * retries all its submits with the same idempotency keys, and each step is applied exactly once.
 */
describe("group commit: the runtime killed with SIGKILL with 50 applications moving at once", () => {
  let child: ChildProcess | undefined;
  let database: Database | undefined;
  afterAll(async () => {
    if (child) await killHard(child);
    await database?.close();
  });

  it("loses no acknowledged step and applies none twice", async () => {
    const STEPS = 8;
    const CLIENTS = 50;
    const databaseUrl = tempDbUrl("group-crash");
    const script = join(__dirname, "testing", "concurrent-steps-process.ts");
    const env = { DATABASE_URL: databaseUrl, STEPS: String(STEPS), CLIENTS: String(CLIENTS) };

    // What the process answered: the highest version acknowledged per application, and its commits so far.
    const acked = new Map<string, number>();
    let acks = 0;
    let batches = { commits: 0, changes: 0 };
    const first = (child = spawnProcess(script, env));
    let buffered = "";
    first.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) {
        const [kind, a, b] = line.split(" ");
        if (kind === "ack") {
          acks++;
          acked.set(a, Math.max(acked.get(a) ?? 0, Number(b)));
        } else if (kind === "batches") batches = { commits: Number(a), changes: Number(b) };
      }
    });
    await waitForLine(first, /"ready":true/, 60_000);
    // A full round of every application and then some: every client has a change in flight now (the process
    // runs until killed; its clients move in step, one change each per commit, so the kill may also land
    // between two rounds, with the next round's starts in flight).
    await waitFor(async () => acks >= CLIENTS * (STEPS + 4) && batches.commits > 0, 60_000, 5);
    await killHard(first);
    expect(first.signalCode).toBe("SIGKILL");
    const ackedAtKill = new Map(acked);
    expect(batches.changes / batches.commits).toBeGreaterThan(1); // commits were shared

    database = await openDatabase(databaseUrl);
    const db = database.prisma;
    const versions = new Map((await db.application.findMany({ where: { serviceId: "group-commit" } })).map((a) => [a.id, a.version]));
    for (const [id, version] of ackedAtKill) expect(versions.get(id), id).toBeGreaterThanOrEqual(version);
    const unfinished = [...versions.values()].filter((version) => version < STEPS + 1).length;

    // Every client retries everything it sent, with the same keys: nothing is applied twice.
    child = spawnProcess(script, { ...env, RESUME: "1" });
    await waitForLine(child, /"done":true/, 90_000);
    const applications = await db.application.findMany({ where: { serviceId: "group-commit" } });
    expect(applications.length).toBe(versions.size);
    const audit = await db.auditEvent.findMany({ where: { applicationId: { in: applications.map((a) => a.id) } }, orderBy: [{ applicationId: "asc" }, { seq: "asc" }] });
    const steps = Array.from({ length: STEPS }, (_, i) => `s${i}`);
    const expected = ["1:start:s0", ...steps.map((_, i) => `${i + 2}:submit:${steps[i + 1] ?? "done"}`)];
    const byApplication = new Map<string, string[]>();
    for (const event of audit) byApplication.set(event.applicationId, [...(byApplication.get(event.applicationId) ?? []), `${event.seq}:${event.event}:${event.toStep}`]);
    for (const application of applications) {
      expect(application.status, application.id).toBe("done");
      expect(application.version).toBe(STEPS + 1);
      expect(byApplication.get(application.id), application.id).toEqual(expected);
      const data = JSON.parse(application.data) as Record<string, unknown>;
      for (const [i, step] of steps.entries()) expect(data[step]).toEqual({ v: i });
    }
    expect(await db.idempotentRequest.count()).toBe(applications.length * STEPS);
    console.log(
      `group commit crash test: killed with ${ackedAtKill.size} applications acknowledged (${acks} acks, ${(batches.changes / batches.commits).toFixed(1)} changes per commit), ` +
        `${unfinished} unfinished; ${applications.length} completed after the retries`,
    );
  }, 180_000);
});
