/**
 * Opens the database: a SQLite file by default (created and migrated on first start, WAL mode,
 * synchronous=FULL) or PostgreSQL when the URL says postgresql://. Both generated clients have the
 * same models (prisma/models.prisma.txt), so the rest of the runtime uses one type.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client";
import { PrismaClient as PostgresClient } from "../generated/postgres/client";
import { migratePostgres, migrateSqlite } from "./migrate";
import { PgTransactions } from "./pg-direct";
import { SqliteDirect, type AsyncLock } from "./sqlite-direct";

export type Db = SqliteClient;
/** The client inside an interactive transaction. */
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;
export type Provider = "sqlite" | "postgresql";

export interface Database {
  prisma: Db;
  provider: Provider;
  url: string;
  /** SQLite only: the direct connection for the runtime's hot path (see sqlite-direct.ts). */
  sqlite?: SqliteDirect;
  /** PostgreSQL only: transactions whose pg connection the runtime's hot path uses (see pg-direct.ts). */
  postgres?: PgTransactions;
  close(): Promise<void>;
}

const opened = new WeakMap<object, Database>();

/** The Database a Prisma client was opened with (its provider and, on SQLite, the direct connection). */
export function databaseOf(prisma: object): Database | undefined {
  return opened.get(prisma);
}

export const DEFAULT_DATABASE_URL = "file:./data/civic-flow.db";

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

export interface OpenOptions {
  /** Pool size for PostgreSQL (default 10). */
  poolSize?: number;
}

export async function openDatabase(url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, options: OpenOptions = {}): Promise<Database> {
  if (isPostgresUrl(url)) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await migratePostgres(client);
    } finally {
      await client.end();
    }
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    const transactions = new PgTransactions(pool);
    const prisma = new PostgresClient({ adapter: new PrismaPg(pool) }) as unknown as Db;
    await prisma.$connect();
    const database: Database = {
      prisma,
      provider: "postgresql",
      url,
      postgres: transactions,
      close: async () => {
        await prisma.$disconnect();
        await pool.end();
      },
    };
    opened.set(prisma, database);
    return database;
  }

  const file = url.replace(/^file:/, "");
  if (file === ":memory:") throw new Error("Use a file for SQLite: an in-memory database cannot be shared with workers");
  mkdirSync(dirname(resolve(file)), { recursive: true });
  const setup = new BetterSqlite3(file, { timeout: 10_000 });
  setup.pragma("journal_mode = WAL"); // persistent in the file
  migrateSqlite(setup);
  setup.close();
  const direct = new SqliteDirect(file);
  // better-sqlite3 options pass through the adapter: a busy timeout lets worker processes share the file.
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: 10_000 } as { url: string }, { timestampFormat: "unixepoch-ms" });
  const prisma = new SqliteClient({ adapter: lockTransactions(adapter, direct.lock) });
  await prisma.$connect();

  await prisma.$queryRawUnsafe("PRAGMA synchronous = FULL");
  await prisma.$queryRawUnsafe("PRAGMA busy_timeout = 10000");
  const database: Database = {
    prisma,
    provider: "sqlite",
    url,
    sqlite: direct,
    close: async () => {
      await prisma.$disconnect();
      direct.close();
    },
  };
  opened.set(prisma, database);
  return database;
}

/** A transaction of the driver adapter, as far as it is used here. */
interface AdapterTransaction {
  executeRaw(query: { sql: string; args: unknown[]; argTypes: unknown[] }): Promise<number>;
  rollback(): Promise<void>;
}

/**
 * A write that changes nothing, run first in every Prisma transaction on SQLite, so the transaction holds the
 * write lock from its start as BEGIN IMMEDIATE would (the adapter's BEGIN is deferred). A deferred transaction
 * that reads first is refused at its first write with "database is locked" (SQLITE_BUSY_SNAPSHOT, at once: the
 * busy timeout does not apply) whenever another process committed since its read; under load a worker's results
 * failed that way until the job ran out of attempts and the application became an incident. Taken first, the
 * lock is waited for (busy timeout) like the direct connection's, and nothing read can change before COMMIT.
 */
const TAKE_WRITE_LOCK = { sql: `DELETE FROM "_prisma_migrations" WHERE 0`, args: [], argTypes: [] };
const ROLLBACK = { sql: "ROLLBACK", args: [], argTypes: [] };

/**
 * Makes every Prisma transaction on this SQLite database (interactive ones, and the ones Prisma opens
 * itself for nested writes) hold `lock` from BEGIN to COMMIT/ROLLBACK, so the direct connection never
 * waits synchronously for a write lock that a suspended Prisma transaction of this process holds; and
 * take SQLite's write lock at BEGIN (TAKE_WRITE_LOCK above).
 */
function lockTransactions<F extends object>(factory: F, lock: AsyncLock): F {
  const wrapTransaction = (transaction: object, release: () => void) =>
    new Proxy(transaction, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (typeof value !== "function") return value;
        if (prop === "commit" || prop === "rollback") {
          return async (...args: unknown[]) => {
            try {
              return await value.apply(target, args);
            } finally {
              release();
            }
          };
        }
        return value.bind(target);
      },
    });
  const wrapAdapter = (adapter: object) =>
    new Proxy(adapter, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (typeof value !== "function") return value;
        if (prop === "startTransaction") {
          return async (...args: unknown[]) => {
            const release = await lock.acquire();
            let transaction: AdapterTransaction;
            try {
              transaction = await value.apply(target, args);
            } catch (error) {
              release();
              throw error;
            }
            try {
              await transaction.executeRaw(TAKE_WRITE_LOCK);
            } catch (error) {
              // Still locked after the busy timeout: ended as Prisma ends one (ROLLBACK, then the adapter's unlock).
              await transaction.executeRaw(ROLLBACK).catch(() => {});
              await transaction.rollback().finally(release);
              throw error;
            }
            return wrapTransaction(transaction, release);
          };
        }
        return value.bind(target);
      },
    });
  return new Proxy(factory, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      if (prop === "connect") return async (...args: unknown[]) => wrapAdapter(await value.apply(target, args));
      return value.bind(target);
    },
  });
}
