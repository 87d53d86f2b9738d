/** A job's result in one PostgreSQL statement: all of it or nothing, with the failing check's own error. */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresBinDir, startPostgresCluster, type PostgresCluster } from "../testing/postgres-cluster";
import { collectingTx, combine, NotCollectable, runAsOne } from "./one-statement";

class LeaseLost extends Error {}

describe("combine", () => {
  it("numbers the placeholders of every statement in order and checks only the statements that must hit one row", () => {
    const { sql, params } = combine([
      { sql: `UPDATE "Job" SET "status" = ? WHERE "id" = ?`, params: ["done", "j1"], expectOne: () => new LeaseLost() },
      { sql: `INSERT INTO "AuditEvent" ("id") VALUES (?)`, params: ["a1"] },
    ]);
    expect(params).toEqual(["done", "j1", "a1"]);
    expect(sql).toContain(`s0 AS (UPDATE "Job" SET "status" = ? WHERE "id" = ? RETURNING 1)`);
    expect(sql).toContain(`s1 AS (INSERT INTO "AuditEvent" ("id") VALUES (?))`);
    expect(sql).not.toContain("FROM s1");
  });
});

describe("collectingTx", () => {
  it("collects create as an INSERT of the model's table and refuses any other operation", async () => {
    const statements: Parameters<typeof combine>[0] = [];
    const tx = collectingTx(statements);
    const at = new Date("2026-01-02T03:04:05Z");
    await tx.registryCall.create({ data: { id: "r1", registry: "population", purpose: null, at, transport: undefined } as never });
    expect(statements).toEqual([{ sql: `INSERT INTO "RegistryCall" ("id", "registry", "purpose", "at") VALUES (?, ?, ?, ?)`, params: ["r1", "population", null, at] }]);
    expect(() => tx.document.updateMany).toThrow(NotCollectable);
    await expect(tx.document.create({ data: { id: "d1", application: { connect: { id: "a" } } } as never })).rejects.toThrow(NotCollectable);
    await expect(tx.document.create({ data: { id: "d1" }, select: { id: true } } as never)).rejects.toThrow(NotCollectable);
  });
});

const binaries = postgresBinDir();
describe.skipIf(!binaries)("runAsOne on PostgreSQL", () => {
  let cluster: PostgresCluster;
  let pool: pg.Pool;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    pool = new pg.Pool({ connectionString: await cluster.createDatabase("one_statement") });
    await pool.query(`CREATE TABLE "Job" (id text PRIMARY KEY, owner text, status text)`);
    await pool.query(`CREATE TABLE "Audit" (id text PRIMARY KEY, at timestamp(3))`);
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    cluster?.stop();
  });

  const settle = (owner: string) => ({ sql: `UPDATE "Job" SET "status" = 'done' WHERE "id" = ? AND "owner" = ? AND "status" = 'running'`, params: ["j1", owner], expectOne: () => new LeaseLost() });
  const audit = (id: string) => ({ sql: `INSERT INTO "Audit" ("id", "at") VALUES (?, ?)`, params: [id, new Date("2026-01-02T03:04:05Z")] });

  it("writes nothing and throws the check's error when a statement misses its row (a lost lease)", async () => {
    await pool.query(`INSERT INTO "Job" VALUES ('j1', 'w2', 'running')`);
    await expect(runAsOne(pool, [audit("a1"), settle("w1")])).rejects.toThrow(LeaseLost);
    expect((await pool.query(`SELECT count(*)::int AS n FROM "Audit"`)).rows[0].n).toBe(0);
    expect((await pool.query(`SELECT status FROM "Job"`)).rows[0].status).toBe("running");
  });

  it("writes every statement when every check holds", async () => {
    await runAsOne(pool, [settle("w2"), audit("a2")]);
    expect((await pool.query(`SELECT id, at FROM "Audit"`)).rows).toEqual([{ id: "a2", at: expect.any(Date) }]);
    expect((await pool.query(`SELECT status FROM "Job"`)).rows[0].status).toBe("done");
  });

  it("passes other failures through (a duplicate key), writing nothing", async () => {
    await pool.query(`UPDATE "Job" SET status = 'running'`);
    await expect(runAsOne(pool, [settle("w2"), audit("a2")])).rejects.toThrow(/duplicate key/);
    expect((await pool.query(`SELECT status FROM "Job"`)).rows[0].status).toBe("running");
  });
});
