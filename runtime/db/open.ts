/**
 * Opens the database: a SQLite file by default (created and migrated on first start, WAL mode,
 * synchronous=FULL) or PostgreSQL when the URL says postgresql://. Both generated clients have the
 * same models (prisma/models.prisma.txt), so the rest of the runtime uses one type.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client";
import { PrismaClient as PostgresClient } from "../generated/postgres/client";
import { migratePostgres, migrateSqlite } from "./migrate";

export type Db = SqliteClient;
/** The client inside an interactive transaction. */
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;
export type Provider = "sqlite" | "postgresql";

export interface Database {
  prisma: Db;
  provider: Provider;
  url: string;
  close(): Promise<void>;
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
    const adapter = new PrismaPg({ connectionString: url, max: options.poolSize ?? 10 });
    const prisma = new PostgresClient({ adapter }) as unknown as Db;
    await prisma.$connect();
    return { prisma, provider: "postgresql", url, close: () => prisma.$disconnect() };
  }

  const file = url.replace(/^file:/, "");
  if (file === ":memory:") throw new Error("Use a file for SQLite: an in-memory database cannot be shared with workers");
  mkdirSync(dirname(resolve(file)), { recursive: true });
  const setup = new Database(file, { timeout: 10_000 });
  setup.pragma("journal_mode = WAL"); // persistent in the file
  migrateSqlite(setup);
  setup.close();
  // better-sqlite3 options pass through the adapter: a busy timeout lets worker processes share the file.
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: 10_000 } as { url: string }, { timestampFormat: "unixepoch-ms" });
  const prisma = new SqliteClient({ adapter });
  await prisma.$connect();

  await prisma.$queryRawUnsafe("PRAGMA synchronous = FULL");
  await prisma.$queryRawUnsafe("PRAGMA busy_timeout = 10000");
  return { prisma, provider: "sqlite", url, close: () => prisma.$disconnect() };
}
