/**
 * The insight rollups on PostgreSQL: the same upserts and compare-and-set as on SQLite, here with two runtimes
 * (two connection pools) catching up at once, which SQLite in one process cannot show (its driver blocks the
 * thread while it waits for the lock).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../clock";
import { InMemoryRegistry } from "../connectors/in-memory";
import { Runtime } from "../runtime";
import { applicant } from "../testing/fixtures";
import { postgresBinDir, startPostgresCluster, type PostgresCluster } from "../testing/postgres-cluster";
import { insightService } from "./fixtures";

const binaries = postgresBinDir();

describe.skipIf(!binaries)("runtime.insight on PostgreSQL", () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 60_000);
  afterAll(() => cluster?.stop());

  it("two runtimes catching up at once count every event once; counts, times and payments as on SQLite", async () => {
    const url = await cluster.createDatabase("insight");
    const clock = new ManualClock("2026-03-02T09:00:00Z");
    const population = new InMemoryRegistry({ getPerson: { outcome: "found", data: {} } });
    const a = await Runtime.create({ databaseUrl: url, clock, connectors: { population }, worker: { autoStart: false }, documents: false, email: false });
    const b = await Runtime.create({ databaseUrl: url, clock, worker: false, documents: false, email: false });
    try {
      await a.publish(insightService(), "tests");
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) ids.push((await a.start("insight-test", applicant(`p-${i}`))).applicationId);
      clock.advance("PT1H");
      for (const id of ids.slice(0, 20)) await a.submit(id, { step: "apply", data: { name: "Olena" } });
      await a.worker!.runUntilIdle();
      const first = await Promise.all([a.insight.catchUp(), b.insight.catchUp(), a.insight.catchUp(), b.insight.catchUp()]);
      expect(first.reduce((sum, r) => sum + r.events, 0)).toBe(30 + 20 * 2);
      clock.advance("P1D");
      for (const task of (await a.tasks({ role: "officer" })).slice(0, 10)) await a.decide(task.id, { id: "o", roles: ["officer"] }, "approve", "Все добре");
      for (const app of (await a.database.prisma.application.findMany({ where: { currentStep: "pay" } })).slice(0, 6)) await a.signal(app.id, "paid");
      const second = await Promise.all([a.insight.catchUp(), b.insight.catchUp()]);
      expect(second.reduce((sum, r) => sum + r.events, 0)).toBe(10 + 6);

      const v = (await b.insight.service({ serviceId: "insight-test" })).total;
      expect(v).toMatchObject({ started: 30, submitted: 20, inProgress: 24 });
      expect(v.funnel.map((r) => [r.step, r.reached, r.stoppedHere])).toEqual([["apply", 30, 10], ["lookup", 20, 0], ["decide", 20, 10], ["pay", 10, null]]);
      expect(v.stepTimes.find((r) => r.step === "apply")).toMatchObject({ samples: 20 });
      expect(v.registryCalls[0]).toMatchObject({ found: 20, notFound: 0 });
      expect(v.decisions.map((d) => [d.decision, d.count])).toEqual([["approve", 10]]);
      expect(v.reasons).toEqual([{ step: "decide", decision: "approve", reason: "все добре", count: 10 }]);
      expect(v.payments).toEqual({ paid: 6, failed: 0, abandoned: 0, amountPaid: 600 });
      expect(v.finished).toEqual([{ outcome: "approved", title: { uk: "Схвалено", en: "Approved" }, count: 6 }]);
      await a.insight.recordFieldErrors(ids[25], "apply", [{ field: "name", code: "required" }, { field: "name", code: "required" }]);
      expect(await a.database.prisma.insightCounter.findMany({ where: { kind: "field-error" } })).toMatchObject([{ a: "apply", b: "name", c: "required", count: 1 }]);
    } finally {
      await b.close();
      await a.close();
    }
  }, 120_000);
});
