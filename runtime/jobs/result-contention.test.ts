/**
 * A job's result written while another process writes the same SQLite file. Results with a Prisma hook (a
 * document's row) are applied in a Prisma transaction, which reads the application before its first write.
 * When another process (here a real one, spawned) commits between that read and that write, the
 * write used to be refused at once with "database is locked" (SQLITE_BUSY_SNAPSHOT; the busy timeout does not
 * apply to it): the job lost an attempt, and after three such results the application became an incident. This
 * is how the crash test (runtime/crash.test.ts) left an application unfinished under load.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ServiceDefinition } from "../../engine";
import { openDatabase, type Database, type Tx } from "../db/open";
import { Runtime } from "../runtime";
import { applicant, tempDbUrl } from "../testing/fixtures";

const service = {
  schemaVersion: 1,
  id: "contention",
  title: "Contention",
  languages: ["en"],
  owner: "Tests",
  start: "ask",
  steps: {
    ask: { kind: "form", schema: { type: "object", required: ["case"], properties: { case: { type: "string" } } }, next: "issue" },
    issue: { kind: "document", template: "receipt", data: { case: "ask.case" }, next: "done" },
    done: { kind: "final", outcome: "approved" },
  },
} as unknown as ServiceDefinition;

/**
 * Another process writing the file (a real one: SQLite's locks are per process). It does not wait for the
 * lock (timeout 0), since this test waits for it synchronously; refused, it writes again later, as a real
 * process would after its busy timeout. True when its row went in.
 */
function otherProcess(file: string) {
  const script = `const db = new (require("better-sqlite3"))(process.argv[1], { timeout: 0 });
    try { db.prepare('INSERT INTO "IdempotentRequest" ("key", "applicationId", "response", "createdAt") VALUES (?, ?, ?, ?)').run(process.argv[2], "other", "{}", Date.now()); }
    catch (error) { if (error.code !== "SQLITE_BUSY") throw error; process.exitCode = 3; }`;
  let writes = 0;
  return {
    write(): boolean {
      const run = spawnSync(process.execPath, ["-e", script, file, `other-${writes + 1}`], { cwd: root, encoding: "utf8" });
      if (run.status !== 0 && run.status !== 3) throw new Error(`The other process failed: ${run.stderr}`);
      if (run.status === 0) writes++;
      return run.status === 0;
    },
  };
}

/** Runs `between` in every Prisma transaction of `prisma` right before its first write. */
function beforeFirstWrite(prisma: Database["prisma"], between: () => void) {
  const transaction = prisma.$transaction.bind(prisma) as (fn: (tx: Tx) => Promise<unknown>, options?: unknown) => Promise<unknown>;
  return vi.spyOn(prisma, "$transaction").mockImplementation(((fn: (tx: Tx) => Promise<unknown>, options?: unknown) =>
    transaction((tx) => {
      let wrote = false;
      const wrapped = new Proxy(tx, {
        get(target, prop) {
          const value = Reflect.get(target, prop, target);
          if (prop !== "$executeRawUnsafe" || typeof value !== "function") return value;
          return (...args: unknown[]) => {
            if (!wrote) between();
            wrote = true;
            return value.apply(target, args);
          };
        },
      });
      return fn(wrapped);
    }, options)) as never);
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

let runtime: Runtime | undefined;
let database: Database | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await runtime?.close();
  await database?.close();
  runtime = database = undefined;
});

describe("results written while another process writes the file", () => {
  it("a Prisma transaction that read first still writes after another process committed", async () => {
    const url = tempDbUrl("contention-tx");
    database = await openDatabase(url);
    const other = otherProcess(url.replace(/^file:/, ""));
    const db = database.prisma;
    let otherWrote: boolean | undefined;
    await db.$transaction(async (tx) => {
      await tx.idempotentRequest.count();
      otherWrote = other.write();
      await tx.$executeRawUnsafe(`INSERT INTO "IdempotentRequest" ("key", "applicationId", "response", "createdAt") VALUES ('mine', 'me', '{}', ?)`, Date.now());
    });
    // The other process waits for the lock (a real one for its busy timeout) and writes after this commit.
    if (!otherWrote) expect(other.write()).toBe(true);
    expect((await db.idempotentRequest.findMany({ orderBy: { key: "asc" } })).map((row) => row.key)).toEqual(["mine", "other-1"]);
  });

  it("a document job's result is applied, not failed, when another process commits before its write", async () => {
    const url = tempDbUrl("contention-worker");
    runtime = await Runtime.create({ databaseUrl: url, worker: { autoStart: false }, documents: false, email: false });
    await runtime.publish(service, "tests");
    const { applicationId } = await runtime.start("contention", applicant("p-contention"));
    await runtime.submit(applicationId, { step: "ask", data: { case: "a" }, expectedVersion: 1 });

    const other = otherProcess(url.replace(/^file:/, ""));
    const deferred: (() => void)[] = [];
    beforeFirstWrite(runtime.database.prisma, () => {
      if (!other.write()) deferred.push(() => expect(other.write()).toBe(true));
    });
    expect(await runtime.worker!.runOnce()).toBe(1);
    for (const write of deferred) write();

    const db = runtime.database.prisma;
    const job = await db.job.findFirstOrThrow({ where: { applicationId, kind: "document" } });
    expect({ status: job.status, attempts: job.attempts, lastError: job.lastError }).toEqual({ status: "done", attempts: 1, lastError: null });
    const app = await db.application.findUniqueOrThrow({ where: { id: applicationId } });
    expect({ step: app.currentStep, status: app.status }).toEqual({ step: "done", status: "done" });
    expect(await db.document.count({ where: { applicationId } })).toBe(1);
    expect(await db.idempotentRequest.count({ where: { applicationId: "other" } })).toBe(1);
  });
});
