/**
 * The in-process worker is a pool: a slow registry call (the stand-in's latency fault) holds up its own slot
 * only. Asserted on ordering, not on wall-clock thresholds: another application reaches its final step while
 * the slow call is still in flight. Stopping waits for the jobs in flight.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Runtime } from "../runtime";
import { PERSONAS, type StandInRegistries, startStandInRegistries } from "../../stand-ins";
import { applicant, tempDbUrl } from "../testing/fixtures";
import { loadService } from "../testing/load-service";
import { waitFor } from "../testing/processes";
import { standInConfig } from "../xroad/testing";

let standIns: StandInRegistries | undefined;
let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.close();
  await standIns?.close();
  runtime = standIns = undefined;
});

async function setup() {
  standIns = await startStandInRegistries({ host: "127.0.0.1" });
  runtime = await Runtime.create({
    databaseUrl: tempDbUrl("pool"),
    xroad: { config: standInConfig(standIns.url) },
    worker: { batchSize: 4, idleDelayMs: 50 },
    email: false,
  });
  await runtime.publish({ ...loadService, steps: { ...loadService.steps, lookup: { ...loadService.steps.lookup, timeout: "20s" } } } as typeof loadService, "tests");
  return { runtime, standIns };
}

async function submitted(runtime: Runtime, id: string): Promise<string> {
  const { applicationId } = await runtime.start("load-test", { ...applicant(id), taxId: PERSONAS.olena });
  await runtime.submit(applicationId, { step: "ask", data: { case: "normal" }, expectedVersion: 1 });
  return applicationId;
}

const lookupRunning = (runtime: Runtime, applicationId: string) => async () =>
  (await runtime.database.prisma.job.count({ where: { applicationId, step: "lookup", status: "running" } })) === 1;
const statusOf = async (runtime: Runtime, applicationId: string) => (await runtime.database.prisma.application.findUniqueOrThrow({ where: { id: applicationId } })).status;

describe("the worker pool", () => {
  it("finishes another application while one registry call is slow", async () => {
    const { runtime, standIns } = await setup();
    standIns.faults.add({ kind: "latency", service: "population", delayMs: 4000, times: 1 });
    const slow = await submitted(runtime, "p-slow");
    await waitFor(lookupRunning(runtime, slow), 10_000, 10);

    const fast = await submitted(runtime, "p-fast");
    await waitFor(async () => (await statusOf(runtime, fast)) === "done", 15_000, 20);
    // The fast application went through its registry call, task and document while the slow call is still out.
    expect(await lookupRunning(runtime, slow)()).toBe(true);
    expect(await statusOf(runtime, slow)).not.toBe("done");

    await waitFor(async () => (await statusOf(runtime, slow)) === "done", 15_000, 50);
    const events = (await runtime.audit(slow)).map((e) => e.event);
    expect(events).toEqual(["start", "submit", "outcome.found", "outcome.calculated", "outcome.issued"]);
  }, 40_000);

  it("stop() waits for the jobs in flight and then claims nothing more", async () => {
    const { runtime, standIns } = await setup();
    standIns.faults.add({ kind: "latency", service: "population", delayMs: 800, times: 1 });
    const applicationId = await submitted(runtime, "p-stop");
    await waitFor(lookupRunning(runtime, applicationId), 10_000, 10);

    await runtime.worker!.stop();
    const jobs = await runtime.database.prisma.job.findMany({ where: { applicationId }, orderBy: { createdAt: "asc" } });
    // The registry call finished and was applied; the job it created for the next step waits for a worker.
    expect(jobs.map((job) => `${job.step}:${job.status}`)).toEqual(["lookup:done", "fee:pending"]);
  }, 20_000);
});
