/**
 * Group commit on SQLite's direct connection: changes of one tick share one transaction, each in its own
 * savepoint; each is answered only after the shared COMMIT; Prisma transactions of the process keep the
 * direct connection out while they are open.
 */
import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { tempDbUrl } from "../testing/fixtures";
import { openDatabase, type Database } from "./open";
import { SqliteDirect } from "./sqlite-direct";

const fileOf = (url: string) => url.replace(/^file:/, "");
const tick = () => new Promise((resolve) => setImmediate(resolve));
const outcome = (r: PromiseSettledResult<unknown>) => (r.status === "fulfilled" ? r.value : `error: ${(r.reason as Error).message}`);

/** A direct connection on a fresh file with a table of rows and a deferred foreign key (checked at COMMIT only). */
function fresh() {
  const file = fileOf(tempDbUrl("direct"));
  const direct = new SqliteDirect(file);
  direct.db.exec(`
    CREATE TABLE row (id TEXT PRIMARY KEY, n INTEGER);
    CREATE TABLE parent (id TEXT PRIMARY KEY);
    CREATE TABLE child (id TEXT PRIMARY KEY, parent TEXT REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
  `);
  direct.db.pragma("foreign_keys = ON");
  const rows = () => new BetterSqlite3(file, { readonly: true }).prepare("SELECT id, n FROM row ORDER BY id").all();
  return { direct, rows };
}

describe("SqliteDirect: group commit", () => {
  let direct: SqliteDirect | undefined;
  afterEach(() => direct?.close());

  it("runs the changes of one tick in one commit, in arrival order, each seeing the ones before it", async () => {
    const made = fresh();
    direct = made.direct;
    const d = direct;
    const before = { ...d.stats };
    const insert = (id: string) =>
      d.transaction(() => {
        const count = d.get<{ n: number }>("SELECT count(*) AS n FROM row")!.n;
        d.run("INSERT INTO row (id, n) VALUES (?, ?)", [id, count]);
        return count;
      });
    expect(await Promise.all(["a", "b", "c", "d"].map(insert))).toEqual([0, 1, 2, 3]);
    expect(d.stats.commits - before.commits).toBe(1);
    expect(d.stats.changes - before.changes).toBe(4);
    expect(made.rows()).toEqual([
      { id: "a", n: 0 },
      { id: "b", n: 1 },
      { id: "c", n: 2 },
      { id: "d", n: 3 },
    ]);
  });

  it("a change that throws rolls back its own writes only and gets its own error", async () => {
    const made = fresh();
    direct = made.direct;
    const d = direct;
    const results = await Promise.allSettled([
      d.transaction(() => d.run("INSERT INTO row (id, n) VALUES ('a', 1)")),
      d.transaction(() => {
        d.run("INSERT INTO row (id, n) VALUES ('b', 2)");
        throw new Error("refused b");
      }),
      d.transaction(() => d.run("INSERT INTO row (id, n) VALUES ('a', 3)")), // a constraint error of SQLite itself
      d.transaction(() => d.run("INSERT INTO row (id, n) VALUES ('c', 4)")),
    ]);
    expect(results.map(outcome)).toEqual([1, "error: refused b", "error: UNIQUE constraint failed: row.id", 1]);
    expect(d.stats.commits).toBe(1);
    expect(made.rows()).toEqual([
      { id: "a", n: 1 },
      { id: "c", n: 4 },
    ]);
  });

  it("answers every change only after the shared COMMIT: when the COMMIT fails, all get its error and nothing is written", async () => {
    const made = fresh();
    direct = made.direct;
    const d = direct;
    const results = await Promise.allSettled([
      d.transaction(() => d.run("INSERT INTO row (id, n) VALUES ('a', 1)")),
      d.transaction(() => {
        d.run("INSERT INTO row (id, n) VALUES ('b', 2)");
        throw new Error("refused b");
      }),
      // Fine inside its savepoint; the deferred foreign key fails the COMMIT of the whole batch.
      d.transaction(() => d.run("INSERT INTO child (id, parent) VALUES ('x', 'missing')")),
    ]);
    expect(results.map(outcome)).toEqual(["error: FOREIGN KEY constraint failed", "error: refused b", "error: FOREIGN KEY constraint failed"]);
    expect(d.db.inTransaction).toBe(false);
    expect(made.rows()).toEqual([]);
    // The connection goes on: the next batch commits.
    expect(await d.transaction(() => d.run("INSERT INTO row (id, n) VALUES ('z', 0)"))).toBe(1);
    expect(made.rows()).toEqual([{ id: "z", n: 0 }]);
  });

  it("a change alone in its batch is one plain transaction; a throw rolls it back", async () => {
    const made = fresh();
    direct = made.direct;
    const d = direct;
    await expect(
      d.transaction(() => {
        d.run("INSERT INTO row (id, n) VALUES ('a', 1)");
        throw new Error("no");
      }),
    ).rejects.toThrow("no");
    expect(await d.transaction(() => d.run("INSERT INTO row (id, n) VALUES ('b', 1)"))).toBe(1);
    expect(made.rows()).toEqual([{ id: "b", n: 1 }]);
    expect(d.stats).toEqual({ commits: 1, changes: 1 });
  });
});

describe("SqliteDirect and Prisma transactions of the same process", () => {
  let database: Database | undefined;
  afterEach(async () => database?.close());

  it("changes arriving while a Prisma transaction is open wait for it and then share one commit", async () => {
    database = await openDatabase(tempDbUrl("interlock"));
    const direct = database.sqlite!;
    const ran: string[] = [];
    let pending: Promise<unknown>[] = [];
    const before = { ...direct.stats };
    await database.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`INSERT INTO "IdempotentRequest" ("key", "applicationId", "response", "createdAt") VALUES ('prisma', 'a', '{}', 0)`);
      // Not awaited here: they must wait for this transaction, which holds the in-process lock.
      pending = ["one", "two", "three"].map((key) =>
        direct.transaction(() => {
          ran.push(key);
          direct.run(`INSERT INTO "IdempotentRequest" ("key", "applicationId", "response", "createdAt") VALUES (?, 'a', '{}', 0)`, [key]);
          return key;
        }),
      );
      for (let i = 0; i < 5; i++) await tick();
      expect(ran).toEqual([]);
    });
    expect(await Promise.all(pending)).toEqual(["one", "two", "three"]);
    expect(ran).toEqual(["one", "two", "three"]);
    expect(direct.stats.commits - before.commits).toBe(1);
    expect((await database.prisma.idempotentRequest.findMany({ orderBy: { key: "asc" } })).map((r) => r.key)).toEqual(["one", "prisma", "three", "two"]);
  });
});
