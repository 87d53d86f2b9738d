/**
 * The audit log is append-only by a database rule (migration 20261201110000_audit_append_only), not by
 * convention: UPDATE and DELETE of AuditEvent rows are refused on SQLite and on PostgreSQL, through Prisma
 * and through raw SQL, while the runtime's own writes (start, submit, cancel) keep appending.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InMemoryRegistry } from "../connectors/in-memory";
import { Runtime } from "../runtime";
import { applicant, certificateService, tempDbUrl } from "../testing/fixtures";
import { postgresBinDir, startPostgresCluster, type PostgresCluster } from "../testing/postgres-cluster";

async function refused(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error, "the database accepted a change to the audit log").toBeInstanceOf(Error);
  return (error as Error).message;
}

async function checkAppendOnly(databaseUrl: string, provider: "sqlite" | "postgresql") {
  const population = new InMemoryRegistry({ getPerson: { outcome: "found", data: { convictions: 0 } } });
  const runtime = await Runtime.create({ databaseUrl, connectors: { population }, worker: { autoStart: false } });
  try {
    expect(runtime.database.provider).toBe(provider);
    await runtime.publish(certificateService(), "analyst");
    const { applicationId } = await runtime.start("test-certificate", applicant());
    await runtime.submit(applicationId, { step: "purpose", data: { reason: "employment" }, expectedVersion: 1 });
    await runtime.cancel(applicationId, "applicant:p-1", "changed my mind"); // appends, so it still works
    const db = runtime.database.prisma;
    const before = await runtime.audit(applicationId);
    expect(before.map((e) => e.event)).toEqual(["start", "submit", "cancel"]);

    expect(await refused(db.auditEvent.update({ where: { id: before[0].id }, data: { actor: "someone-else" } }))).toMatch(/append-only/);
    expect(await refused(db.auditEvent.updateMany({ where: { applicationId }, data: { dataHash: "" } }))).toMatch(/append-only/);
    expect(await refused(db.auditEvent.delete({ where: { id: before[1].id } }))).toMatch(/append-only/);
    expect(await refused(db.auditEvent.deleteMany({}))).toMatch(/append-only/);
    expect(await refused(db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "event" = 'forged'`))).toMatch(/append-only/);
    expect(await refused(db.$executeRawUnsafe(`DELETE FROM "AuditEvent"`))).toMatch(/append-only/);
    if (provider === "postgresql") expect(await refused(db.$executeRawUnsafe(`TRUNCATE "AuditEvent"`))).toMatch(/append-only/);

    expect(await runtime.audit(applicationId)).toEqual(before);
  } finally {
    await runtime.close();
  }
}

describe("the audit log is append-only", () => {
  it("on SQLite: UPDATE and DELETE of AuditEvent are refused by triggers", async () => {
    await checkAppendOnly(tempDbUrl("audit"), "sqlite");
  });

  const binaries = postgresBinDir();
  describe.skipIf(!binaries)("on PostgreSQL", () => {
    let cluster: PostgresCluster;
    beforeAll(async () => {
      cluster = await startPostgresCluster();
    }, 60_000);
    afterAll(() => cluster?.stop());

    it("UPDATE, DELETE and TRUNCATE of AuditEvent are refused by triggers", async () => {
      await checkAppendOnly(await cluster.createDatabase("audit"), "postgresql");
    }, 60_000);
  });
});
