/**
 * Writes the first migration of both providers from their schemas (`prisma migrate dev` answers
 * P1014 on a brand-new database with the JS engine, so the first one is a `migrate diff` script).
 * PostgreSQL's diff needs a reachable database: a throwaway cluster is started for it.
 * Later migrations: `DATABASE_URL=… npx prisma migrate dev --name …` per provider.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { startPostgresCluster } from "../runtime/testing/postgres-cluster";

const name = "20250101000000_init";
const diff = (schema: string, url: string) =>
  execFileSync("npx", ["prisma", "migrate", "diff", "--from-empty", "--to-schema-datamodel", schema, "--script"], {
    env: { ...process.env, DATABASE_URL: url },
  }).toString();

mkdirSync("data", { recursive: true });
mkdirSync(`prisma/sqlite/migrations/${name}`, { recursive: true });
writeFileSync(`prisma/sqlite/migrations/${name}/migration.sql`, diff("prisma/sqlite/schema.prisma", "file:./data/diff.db"));

const cluster = await startPostgresCluster();
try {
  mkdirSync(`prisma/postgres/migrations/${name}`, { recursive: true });
  const url = await cluster.createDatabase("diff");
  writeFileSync(`prisma/postgres/migrations/${name}/migration.sql`, diff("prisma/postgres/schema.prisma", url));
} finally {
  cluster.stop();
}
