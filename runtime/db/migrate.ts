/**
 * Applies the committed migrations (prisma/<provider>/migrations) on start, recording them in
 * Prisma's own `_prisma_migrations` table so `prisma migrate deploy`/`status` agree with us.
 * Doing it here keeps first start instant and needs no CLI at run time.
 */
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";

const PRISMA_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "prisma");

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function committedMigrations(provider: "sqlite" | "postgres"): Migration[] {
  const folder = join(PRISMA_DIR, provider, "migrations");
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(folder, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(folder, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;

export function migrateSqlite(db: BetterSqlite3.Database): string[] {
  const applied: string[] = [];
  db.exec("BEGIN IMMEDIATE");
  try {
    db.exec(SQLITE_TABLE);
    const done = new Set(
      (db.prepare(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).all() as { migration_name: string }[]).map((r) => r.migration_name),
    );
    for (const m of committedMigrations("sqlite")) {
      if (done.has(m.name)) continue;
      db.exec(m.sql);
      db.prepare(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, current_timestamp, ?, current_timestamp, 1)`,
      ).run(randomUUID(), m.checksum, m.name);
      applied.push(m.name);
    }
    db.exec("COMMIT");
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
  return applied;
}

const PG_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
  id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ,
  migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at TIMESTAMPTZ,
  started_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_steps_count INTEGER NOT NULL DEFAULT 0)`;
/** Any fixed number: serialises processes that start at the same moment. */
const PG_LOCK = 72_707_001;

export async function migratePostgres(client: pg.Client): Promise<string[]> {
  const applied: string[] = [];
  await client.query("SELECT pg_advisory_lock($1)", [PG_LOCK]);
  try {
    await client.query(PG_TABLE);
    const { rows } = await client.query(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
    const done = new Set(rows.map((r: { migration_name: string }) => r.migration_name));
    for (const m of committedMigrations("postgres")) {
      if (done.has(m.name)) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
      applied.push(m.name);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PG_LOCK]);
  }
  return applied;
}
