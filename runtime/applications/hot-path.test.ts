/**
 * The hot paths of a change (transition.ts): SQLite's direct connection and PostgreSQL's statements on
 * Prisma's own transaction connection. Both must keep every rule of the Prisma path: the version check,
 * one audit row per change, idempotency, limits under concurrency, nothing half-written.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ServiceDefinition } from "../../engine";
import { isRuntimeError } from "../errors";
import { Runtime } from "../runtime";
import { applicant, certificateService, tempDbUrl } from "../testing/fixtures";
import { postgresBinDir, startPostgresCluster, type PostgresCluster } from "../testing/postgres-cluster";

/** Three form steps in a row, then the end. */
const chain: ServiceDefinition = {
  schemaVersion: 1,
  id: "chain",
  title: "Chain",
  languages: ["en"],
  owner: "Tests",
  limits: { openApplicationsPerApplicant: 1 },
  start: "a",
  steps: {
    a: { kind: "form", schema: { type: "object", required: ["v"], properties: { v: { type: "integer" } } }, next: "b" },
    b: { kind: "form", schema: { type: "object", properties: { v: { type: "integer" } } }, next: "c" },
    c: { kind: "form", schema: { type: "object", properties: { v: { type: "integer" } } }, next: "done" },
    done: { kind: "final", outcome: "approved" },
  },
} as ServiceDefinition;

const settled = <T,>(promises: Promise<T>[]) => Promise.allSettled(promises);
const codes = (results: PromiseSettledResult<unknown>[]) =>
  results.map((r) => (r.status === "fulfilled" ? "ok" : isRuntimeError(r.reason) ? r.reason.code : String(r.reason))).sort();

/** The same behaviour on both providers. */
function hotPathRules(open: () => Promise<Runtime>) {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await open();
    await runtime.publish(chain, "tests");
    await runtime.publish(certificateService(), "tests");
  });
  afterAll(async () => runtime?.close());

  async function auditOf(id: string) {
    return (await runtime.audit(id)).map((e) => `${e.seq}:${e.event}:${e.toStep}`);
  }

  it("of concurrent submits on one version, exactly one wins; the others are refused and write nothing", async () => {
    const { applicationId } = await runtime.start("chain", applicant("race-1"));
    const results = await settled(Array.from({ length: 6 }, (_, i) => runtime.submit(applicationId, { step: "a", data: { v: i }, expectedVersion: 1 })));
    expect(codes(results)).toEqual(["ok", "stale_version", "stale_version", "stale_version", "stale_version", "stale_version"]);
    expect(await auditOf(applicationId)).toEqual(["1:start:a", "2:submit:b"]);
    const view = await runtime.view(applicationId, { kind: "system", id: "t" });
    expect(view).toMatchObject({ version: 2, step: { id: "b" } });
    const winner = results.findIndex((r) => r.status === "fulfilled");
    expect((view as { data?: { a?: { v: number } } }).data?.a).toEqual({ v: winner });
  });

  it("without an expected version, a second submit for a step already left is refused, never applied twice", async () => {
    const { applicationId } = await runtime.start("chain", applicant("race-2"));
    const results = await settled(Array.from({ length: 4 }, () => runtime.submit(applicationId, { step: "a", data: { v: 1 } })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(["event_not_allowed", "stale_version"]).toContain(r.reason.code);
    expect(await auditOf(applicationId)).toEqual(["1:start:a", "2:submit:b"]);
  });

  it("concurrent duplicates of one idempotency key all get the first answer; one change is written", async () => {
    const { applicationId } = await runtime.start("chain", applicant("idem"));
    const request = { step: "a", data: { v: 5 }, idempotencyKey: "k" };
    const answers = await Promise.all(Array.from({ length: 5 }, () => runtime.submit(applicationId, request)));
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]).toMatchObject({ step: "b", version: 2 });
    await runtime.submit(applicationId, { step: "b", data: {} });
    expect(await runtime.submit(applicationId, request)).toEqual(answers[0]); // still the first answer after moving on
    expect(await auditOf(applicationId)).toEqual(["1:start:a", "2:submit:b", "3:submit:c"]);
  });

  it("holds the open-applications limit under concurrent starts", async () => {
    const results = await settled(Array.from({ length: 6 }, () => runtime.start("chain", applicant("limited"))));
    expect(codes(results)).toEqual(["limit_reached", "limit_reached", "limit_reached", "limit_reached", "limit_reached", "ok"]);
    const [open] = await runtime.applications({ applicantId: "limited" });
    for (const step of ["a", "b", "c"]) await runtime.submit(open.id, { step, data: { v: 1 } });
    expect((await runtime.view(open.id, { kind: "system", id: "t" })).status).toBe("done");
    await expect(runtime.start("chain", applicant("limited"))).resolves.toMatchObject({ step: "a" }); // the end freed the slot
  });

  it("refused changes write nothing: invalid answers, wrong step, someone else's application, an ended one", async () => {
    const { applicationId } = await runtime.start("chain", applicant("refused"));
    const attempts = [
      runtime.submit(applicationId, { step: "a", data: {} }),
      runtime.submit(applicationId, { step: "b", data: { v: 1 } }),
      runtime.submit(applicationId, { step: "a", data: { v: 1 }, applicantId: "someone-else" }),
      runtime.submit("missing", { step: "a", data: { v: 1 } }),
    ];
    expect(codes(await settled(attempts))).toEqual(["event_not_allowed", "forbidden", "invalid_data", "not_found"]);
    await runtime.cancel(applicationId, "applicant:refused", "changed my mind");
    expect(codes(await settled([runtime.submit(applicationId, { step: "a", data: { v: 1 } }), runtime.cancel(applicationId, "x")]))).toEqual([
      "event_not_allowed",
      "event_not_allowed",
    ]);
    expect(await auditOf(applicationId)).toEqual(["1:start:a", "2:cancel:a"]);
  });

  it("an officer's decision and a concurrent one: one wins, the task is decided once", async () => {
    const { applicationId } = await runtime.start("test-certificate", applicant("officer-race"));
    await runtime.submit(applicationId, { step: "purpose", data: { reason: "work" } });
    // Put the application at the review step as the registry's answer would (a job result through the worker's path).
    await runtime.database.prisma.job.updateMany({ where: { applicationId }, data: { status: "discarded" } });
    await runtime.signal(applicationId, "found", { convictions: 1 }, "worker:test");
    const [task] = await runtime.tasks({ role: "officer" });
    expect(task).toMatchObject({ applicationId, status: "open" });
    const officer = { id: "o", roles: ["officer"] };
    const results = await settled([runtime.decide(task.id, officer, "approve"), runtime.decide(task.id, { ...officer, id: "o2" }, "reject")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const audit = await auditOf(applicationId);
    expect(audit.filter((e) => e.includes("outcome.approve") || e.includes("outcome.reject"))).toHaveLength(1);
  });

  it("a failing `after` hook rolls back the runtime's own statements too (one transaction)", async () => {
    const { applicationId } = await runtime.start("chain", applicant("rollback"));
    const transitions = (runtime as unknown as { ctx: { transitions: import("./transition").Transitions } }).ctx.transitions;
    await expect(
      transitions.apply({
        applicationId,
        event: { type: "submit", data: { v: 1 } },
        actor: "test",
        after: async () => {
          throw new Error("boom");
        },
      }),
    ).rejects.toThrow("boom");
    expect(await auditOf(applicationId)).toEqual(["1:start:a"]);
    expect((await runtime.view(applicationId, { kind: "system", id: "t" })).version).toBe(1);
    // With a hook that writes through Prisma, hook and change commit together.
    await transitions.apply({
      applicationId,
      event: { type: "submit", data: { v: 2 } },
      actor: "test",
      before: async (tx) => {
        await tx.notification.create({ data: { id: `n-${applicationId}`, applicantId: "rollback", applicationId, message: "hi", channels: "[]", createdAt: new Date() } });
      },
    });
    expect(await auditOf(applicationId)).toEqual(["1:start:a", "2:submit:b"]);
    expect(await runtime.database.prisma.notification.count({ where: { applicationId } })).toBe(1);
  });
}

describe("hot path on SQLite (direct connection)", () => {
  hotPathRules(() => Runtime.create({ databaseUrl: tempDbUrl("hot"), worker: false }));

  let runtime: Runtime | undefined;
  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
  });

  it("waits for an open Prisma transaction of the same process instead of blocking on the file lock", async () => {
    runtime = await Runtime.create({ databaseUrl: tempDbUrl("lock"), worker: false });
    await runtime.publish(chain, "tests");
    const { applicationId } = await runtime.start("chain", applicant("lock"));
    const order: string[] = [];
    let submitted: Promise<unknown> | undefined;
    await runtime.database.prisma.$transaction(async (tx) => {
      await tx.notification.create({ data: { id: "n-lock", applicantId: "lock", applicationId, message: "m", channels: "[]", createdAt: new Date() } });
      // The write lock of the file is held by this transaction now; the submit must queue behind it.
      submitted = runtime!.submit(applicationId, { step: "a", data: { v: 1 } }).then(() => order.push("submit"));
      await new Promise((resolve) => setTimeout(resolve, 50));
      order.push("prisma");
    });
    await submitted;
    expect(order).toEqual(["prisma", "submit"]);
    expect((await runtime.audit(applicationId)).map((e) => e.event)).toEqual(["start", "submit"]);
  });

  it("writes what Prisma reads back with the same types (dates, numbers, nulls)", async () => {
    runtime = await Runtime.create({ databaseUrl: tempDbUrl("types"), worker: false });
    await runtime.publish(certificateService(), "tests");
    const { applicationId } = await runtime.start("test-certificate", applicant("types"));
    await runtime.submit(applicationId, { step: "purpose", data: { reason: "work" } });
    const app = await runtime.database.prisma.application.findUniqueOrThrow({ where: { id: applicationId } });
    expect(app).toMatchObject({ currentStep: "lookup", status: "processing", version: 2, stepEntry: 2, finishedAt: null });
    expect(app.updatedAt).toBeInstanceOf(Date);
    expect(Math.abs(app.updatedAt.getTime() - Date.now())).toBeLessThan(60_000);
    const [job] = await runtime.database.prisma.job.findMany({ where: { applicationId } });
    expect(job).toMatchObject({ kind: "registry", status: "pending", attempts: 0, maxAttempts: 3, stepEntry: 2, leaseOwner: null });
    expect(Math.abs(job.runAt.getTime() - app.updatedAt.getTime())).toBeLessThan(1000);
  });
});

const binaries = postgresBinDir();

describe.skipIf(!binaries)("hot path on PostgreSQL (statements on Prisma's transaction connection)", () => {
  let cluster: PostgresCluster;
  let url: string;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    url = await cluster.createDatabase("hot");
  }, 60_000);
  afterAll(() => cluster?.stop());

  hotPathRules(() => Runtime.create({ databaseUrl: url, worker: false, poolSize: 8 }));

  it("finds the connection of the very transaction Prisma opened, for concurrent transactions too", async () => {
    const runtime = await Runtime.create({ databaseUrl: url, worker: false, poolSize: 8 });
    try {
      const postgres = runtime.database.postgres!;
      const seen = await Promise.all(
        Array.from({ length: 6 }, () =>
          postgres.run(runtime.database.prisma, async (tx, client) => {
            const [viaPrisma] = await tx.$queryRawUnsafe<{ id: string }[]>("SELECT txid_current()::text AS id");
            const viaClient = await client!.query("SELECT txid_current()::text AS id");
            return [viaPrisma.id, viaClient.rows[0].id];
          }),
        ),
      );
      for (const [prisma, direct] of seen) expect(direct).toBe(prisma);
      expect(new Set(seen.map(([id]) => id)).size).toBe(6);
    } finally {
      await runtime.close();
    }
  });

  it("more concurrent changes than pooled connections, on a version not compiled yet, do not deadlock", async () => {
    const publisher = await Runtime.create({ databaseUrl: url, worker: false, poolSize: 2 });
    await publisher.publish({ ...chain, id: "chain-pool" } as ServiceDefinition, "tests");
    await publisher.close();
    const runtime = await Runtime.create({ databaseUrl: url, worker: false, poolSize: 2 });
    try {
      const started = await Promise.all(Array.from({ length: 8 }, (_, i) => runtime.start("chain-pool", applicant(`pool-${i}`))));
      const submitted = await Promise.all(started.map((s) => runtime.submit(s.applicationId, { step: "a", data: { v: 1 } })));
      expect(submitted.map((r) => r.step)).toEqual(Array(8).fill("b"));
    } finally {
      await runtime.close();
    }
  }, 30_000);

  it("reads and writes dates as Prisma does (UTC in TIMESTAMP(3) columns)", async () => {
    const runtime = await Runtime.create({ databaseUrl: url, worker: false, poolSize: 4 });
    try {
      const { applicationId } = await runtime.start("test-certificate", applicant("pg-types"));
      await runtime.submit(applicationId, { step: "purpose", data: { reason: "work" } });
      const app = await runtime.database.prisma.application.findUniqueOrThrow({ where: { id: applicationId } });
      expect(Math.abs(app.updatedAt.getTime() - Date.now())).toBeLessThan(60_000);
      const [job] = await runtime.database.prisma.job.findMany({ where: { applicationId } });
      expect(Math.abs(job.runAt.getTime() - app.updatedAt.getTime())).toBeLessThan(1000);
      expect(job).toMatchObject({ attempts: 0, status: "pending", stepEntry: 2 });
    } finally {
      await runtime.close();
    }
  });
});
