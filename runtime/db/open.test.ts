import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { committedMigrations } from "./migrate";
import { openDatabase } from "./open";

const dir = mkdtempSync(join(tmpdir(), "civic-db-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("openDatabase (SQLite)", () => {
  it("uses one copy of SQLite: Prisma's adapter and the runtime's direct connection load the same better-sqlite3", () => {
    // Two SQLite libraries on one file in one process break each other's POSIX locks (sqlite.org/howtocorrupt.html 2.2.1).
    const require = createRequire(import.meta.url);
    const adapterDir = dirname(require.resolve("@prisma/adapter-better-sqlite3"));
    expect(require.resolve("better-sqlite3", { paths: [adapterDir] })).toBe(require.resolve("better-sqlite3"));
  });

  it("creates and migrates the file on first start, in WAL mode with synchronous=FULL", async () => {
    const db = await openDatabase(`file:${join(dir, "nested", "a.db")}`);
    const [mode] = await db.prisma.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    const [sync] = await db.prisma.$queryRawUnsafe<{ synchronous: unknown }[]>("PRAGMA synchronous");
    expect(mode.journal_mode).toBe("wal");
    expect(Number(sync.synchronous)).toBe(2);
    expect(await db.prisma.application.count()).toBe(0);
    const migrations = await db.prisma.$queryRawUnsafe<{ migration_name: string }[]>(`SELECT migration_name FROM "_prisma_migrations"`);
    expect(migrations.map((m) => m.migration_name)).toEqual(committedMigrations("sqlite").map((m) => m.name));
    expect(migrations[0].migration_name).toBe("20250101000000_init");
    await db.close();
    const again = await openDatabase(`file:${join(dir, "nested", "a.db")}`); // second start: nothing to apply
    expect(await again.prisma.application.count()).toBe(0);
    await again.close();
  });
});
