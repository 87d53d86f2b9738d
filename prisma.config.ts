/**
 * Prisma 6.19 with the JS engine and driver adapters (no native engines to download).
 * DATABASE_URL=postgresql://… selects PostgreSQL (prisma/postgres); anything else is a SQLite file
 * (prisma/sqlite, default file:./data/civic-flow.db).
 */
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

const url = process.env.DATABASE_URL ?? "file:./data/civic-flow.db";
const postgres = /^postgres(ql)?:\/\//.test(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? "prisma/postgres/schema.prisma" : "prisma/sqlite/schema.prisma",
  migrations: { path: postgres ? "prisma/postgres/migrations" : "prisma/sqlite/migrations" },
  async adapter() {
    return postgres ? new PrismaPg({ connectionString: url }) : new PrismaBetterSQLite3({ url }, { timestampFormat: "unixepoch-ms" });
  },
});
