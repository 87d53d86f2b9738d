/**
 * A registry read cut off by a crash is still in the citizen's "who read my data": a worker process sends
 * a population lookup, the stand-in register receives it (and never answers), the process is killed with
 * SIGKILL. The read is listed as started, with the X-Road id the security server logged; the job taken over
 * afterwards reads again and is listed as well.
 */
import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { Runtime } from "../runtime";
import { PERSONAS, type StandInRegistries, startStandInRegistries } from "../../stand-ins";
import { applicant, tempDbUrl } from "../testing/fixtures";
import { loadService } from "../testing/load-service";
import { spawnWorker, stopWorker, waitFor } from "../testing/processes";
import { standInConfig } from "../xroad/testing";

let standIns: StandInRegistries | undefined;
let api: Runtime | undefined;
let worker: ChildProcess | undefined;
afterEach(async () => {
  if (worker) await stopWorker(worker);
  await api?.close();
  await standIns?.close();
  worker = api = standIns = undefined;
});

describe("a registry read interrupted by a crash", () => {
  it("is listed in the citizen's data access log as started, with the evidence the register logged", async () => {
    standIns = await startStandInRegistries({ host: "127.0.0.1" });
    standIns.faults.add({ kind: "hang", service: "population", times: 1 }); // received, never answered
    const databaseUrl = tempDbUrl("read-crash");
    api = await Runtime.create({ databaseUrl, xroad: { config: standInConfig(standIns.url) }, worker: { autoStart: false, leaseMs: 1000 }, email: false });
    await api.publish(loadService, "tests");
    const { applicationId } = await api.start("load-test", { ...applicant("p-crash"), taxId: PERSONAS.olena });
    await api.submit(applicationId, { step: "ask", data: { case: "normal" }, expectedVersion: 1 });

    // A worker process over X-Road (no test doubles) sends the lookup; it dies while the register holds it.
    worker = spawnWorker({
      DATABASE_URL: databaseUrl,
      CIVIC_WORKER_SETUP: "",
      XROAD_SECURITY_SERVER_URL: standIns.url,
      XROAD_USERID_SECRET: "test-secret",
      WORKER_ID: "victim",
      WORKER_LEASE_MS: "1000",
      WORKER_IDLE_MS: "50",
    });
    const received = () => standIns!.log.entries().find((entry) => entry.fault?.includes("hang"));
    await waitFor(async () => received() !== undefined, 30_000, 20);
    const exited = new Promise((resolve) => worker!.once("exit", resolve));
    worker.kill("SIGKILL");
    await exited;
    worker = undefined;

    const reads = (await api.dataAccessLog("p-crash")).filter((entry) => entry.kind === "registry");
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ who: "population", what: "getPerson", status: "started", finished: false, applicationId });
    expect(reads[0].evidence!.xRoadId).toBe(received()!.queryId);

    // The job is taken over once its lease expires: a second read, answered this time. Both are listed.
    await waitFor(async () => {
      await api!.worker!.runUntilIdle();
      return (await api!.database.prisma.application.findUniqueOrThrow({ where: { id: applicationId } })).status === "done";
    }, 20_000, 200);
    const after = (await api.dataAccessLog("p-crash")).filter((entry) => entry.kind === "registry");
    expect(after.map((entry) => `${entry.status}:${entry.finished}`).sort()).toEqual(["found:true", "started:false"]);
    expect(standIns.log.entries().filter((entry) => entry.service?.endsWith("population") || entry.path.includes("persons"))).toHaveLength(2);
  }, 60_000);
});
