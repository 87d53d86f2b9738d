/**
 * PostgreSQL for real: a throwaway cluster (initdb + pg_ctl), one API process (this test) and worker
 * processes (`runtime/worker-main.ts`) claiming jobs with FOR UPDATE SKIP LOCKED.
 */
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Runtime } from "./runtime";
import { applicant } from "./testing/fixtures";
import { loadService } from "./testing/load-service";
import { startHttpRegistry, type HttpRegistryServer } from "./testing/http-registry";
import { postgresBinDir, startPostgresCluster, type PostgresCluster } from "./testing/postgres-cluster";
import { spawnWorker, stopWorker, waitFor } from "./testing/processes";

const binaries = postgresBinDir();
if (!binaries) console.warn("PostgreSQL tests skipped: no initdb/pg_ctl (apt-get install -y postgresql)");

const EXPECTED_EVENTS = ["start", "submit", "outcome.found", "outcome.calculated", "outcome.issued"];

describe.skipIf(!binaries)("Runtime on PostgreSQL", () => {
  let cluster: PostgresCluster;
  let registry: HttpRegistryServer;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    registry = await startHttpRegistry(() => ({ outcome: "found", data: { convictions: 0 } }), 5);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(workers.map(stopWorker));
    await registry?.close();
    cluster?.stop();
  });

  async function driveApplications(api: Runtime, count: number, concurrency = 16): Promise<string[]> {
    const ids: string[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const started = await api.start("load-test", applicant(`p-${i}`));
        await api.submit(started.applicationId, { step: "ask", data: { case: i % 2 ? "urgent" : "normal" }, expectedVersion: 1 });
        ids.push(started.applicationId);
      }
    }));
    return ids;
  }

  async function checkExactlyOnce(api: Runtime, ids: string[]) {
    const db = api.database.prisma;
    const audit = await db.auditEvent.findMany({ select: { applicationId: true, seq: true, event: true }, orderBy: [{ applicationId: "asc" }, { seq: "asc" }] });
    const byApp = new Map<string, string[]>();
    for (const e of audit) {
      const list = byApp.get(e.applicationId) ?? [];
      expect(e.seq).toBe(list.length + 1); // no gap, no duplicate
      list.push(e.event);
      byApp.set(e.applicationId, list);
    }
    for (const id of ids) expect(byApp.get(id)).toEqual(EXPECTED_EVENTS);
    expect(await db.document.count()).toBe(ids.length);
    expect(await db.job.count({ where: { status: { notIn: ["done"] } } })).toBe(0);
    const keys = [...registry.effects.entries()].filter(([key]) => ids.some((id) => key.startsWith(id)));
    expect(keys).toHaveLength(ids.length);
    expect(keys.every(([, times]) => times === 1)).toBe(true);
  }

  it("1 API process + 2 worker processes drive 1,000 applications to their final step exactly once", async () => {
    const url = await cluster.createDatabase("load");
    const api = await Runtime.create({ databaseUrl: url, worker: false, poolSize: 16 });
    try {
      await api.publish(loadService, "tests");
      for (const n of [1, 2]) workers.push(spawnWorker({ DATABASE_URL: url, TEST_REGISTRY_URL: registry.url, WORKER_ID: `w${n}`, WORKER_BATCH: "16", WORKER_IDLE_MS: "50" }));
      const started = Date.now();
      const ids = await driveApplications(api, 1000);
      await waitFor(async () => (await api.database.prisma.application.count({ where: { status: "done" } })) === 1000, 240_000, 500);
      const seconds = (Date.now() - started) / 1000;
      console.log(`PostgreSQL: 1,000 applications (5 transitions each) in ${seconds.toFixed(1)} s`);
      await checkExactlyOnce(api, ids);
      const owners = await api.database.prisma.auditEvent.groupBy({ by: ["actor"], where: { actor: { startsWith: "worker:" } }, _count: { _all: true } });
      expect(owners.map((o) => o.actor).sort()).toEqual(["worker:w1", "worker:w2"]); // both did work
    } finally {
      await Promise.all(workers.splice(0).map(stopWorker));
      await api.close();
    }
  }, 300_000);

  it("a worker killed with SIGKILL mid-jobs loses nothing: leases expire, another worker finishes, nothing twice", async () => {
    const url = await cluster.createDatabase("kill");
    const api = await Runtime.create({ databaseUrl: url, worker: false });
    const slow = await startHttpRegistry(() => ({ outcome: "found", data: { convictions: 0 } }), 150);
    try {
      await api.publish(loadService, "tests");
      const env = { DATABASE_URL: url, TEST_REGISTRY_URL: slow.url, WORKER_BATCH: "8", WORKER_LEASE_MS: "1500", WORKER_IDLE_MS: "50" };
      const victim = spawnWorker({ ...env, WORKER_ID: "victim" });
      const survivor = spawnWorker({ ...env, WORKER_ID: "survivor" });
      workers.push(victim, survivor);
      const ids = await driveApplications(api, 150);
      // Kill while the victim holds leases on jobs in the middle of registry calls.
      await waitFor(async () => (await api.database.prisma.job.count({ where: { status: "running", leaseOwner: "victim" } })) > 0, 60_000, 20);
      const held = await api.database.prisma.job.count({ where: { status: "running", leaseOwner: "victim" } });
      victim.kill("SIGKILL");
      await waitFor(async () => (await api.database.prisma.application.count({ where: { status: "done" } })) === 150, 120_000, 300);
      expect(held).toBeGreaterThan(0);
      const takenOver = await api.database.prisma.job.count({ where: { attempts: { gt: 1 } } });
      expect(takenOver).toBeGreaterThan(0); // some jobs ran again after the lease expired
      const db = api.database.prisma;
      const audit = await db.auditEvent.findMany({ orderBy: [{ applicationId: "asc" }, { seq: "asc" }] });
      for (const id of ids) expect(audit.filter((e) => e.applicationId === id).map((e) => e.event)).toEqual(EXPECTED_EVENTS);
      expect(await db.document.count()).toBe(150);
      expect([...slow.effects.values()].every((times) => times === 1)).toBe(true);
      expect(slow.effects.size).toBe(150);
    } finally {
      await Promise.all(workers.splice(0).map(stopWorker));
      await slow.close();
      await api.close();
    }
  }, 300_000);
});
