/**
 * A job's result written to PostgreSQL in one round trip. The change's statements (settle the leased job,
 * update the application with its version check, audit, new jobs, the step's record rows) become the
 * data-modifying CTEs of a single statement, which PostgreSQL runs atomically without BEGIN/COMMIT.
 *
 * A statement that must change exactly one row (the lease, the version check) is checked in the final
 * SELECT: a miss casts a text naming the statement to int, which raises, so the whole statement writes
 * nothing (a non-constant text, or the planner would raise while folding it). The error is then mapped
 * back to the statement's own error (LeaseLost, stale_version).
 *
 * The step modules' `before` hooks write through Prisma's transaction client; here they get a collecting
 * client that turns `<model>.create({ data })` into an INSERT and refuses anything else (NotCollectable),
 * before anything was sent, so the caller can fall back to the ordinary transaction.
 */
import type pg from "pg";
import type { Tx } from "../db/open";
import { queryRows } from "../db/pg-direct";
import type { SqlValue } from "../db/sqlite-direct";
import { dialect, type Statement } from "../applications/writes";

export class NotCollectable extends Error {}

const EXPECT = "civic_expect_one:";

/** The statements as one: `?` placeholders in order, counts checked at the end. */
export function combine(statements: Statement[]): { sql: string; params: SqlValue[] } {
  const parts: string[] = [];
  const checks: string[] = [];
  statements.forEach((statement, i) => {
    if (statement.expectOne) {
      parts.push(`s${i} AS (${statement.sql} RETURNING 1)`);
      checks.push(`CASE WHEN (SELECT count(*) FROM s${i}) = 1 THEN 1 ELSE ('${EXPECT}${i}:' || (SELECT count(*) FROM s${i}))::int END`);
    } else parts.push(`s${i} AS (${statement.sql})`);
  });
  return { sql: `WITH ${parts.join(", ")} SELECT ${checks.length ? checks.join(" + ") : "1"} AS ok`, params: statements.flatMap((s) => s.params) };
}

/** Runs the statements as one on a pooled connection; a missed row count throws that statement's error. */
export async function runAsOne(pool: pg.Pool, statements: Statement[]): Promise<void> {
  const { sql, params } = combine(statements);
  try {
    await queryRows(pool, dialect(sql, "postgresql"), params);
  } catch (error) {
    const missed = new RegExp(`${EXPECT}(\\d+):`).exec((error as Error).message);
    if (missed) throw statements[Number(missed[1])].expectOne!();
    throw error;
  }
}

const tableOf = (model: string) => model[0].toUpperCase() + model.slice(1);

/** An INSERT of one row of a model (Prisma's tables are named after their models). */
export function insertRow(model: string, data: Record<string, unknown>): Statement {
  const columns: string[] = [];
  const params: SqlValue[] = [];
  for (const [column, value] of Object.entries(data)) {
    if (value === undefined) continue;
    const plain = value === null || typeof value !== "object" || value instanceof Date || Buffer.isBuffer(value);
    if (!plain) throw new NotCollectable(`${model}.${column} is a nested write`);
    columns.push(`"${column}"`);
    params.push(value as SqlValue);
  }
  return { sql: `INSERT INTO "${tableOf(model)}" (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`, params };
}

/** A stand-in for Prisma's transaction client whose only operation is `<model>.create({ data })`, collected as statements. */
export function collectingTx(into: Statement[]): Tx {
  const refuse = (what: string) => {
    throw new NotCollectable(`${what} is not collected`);
  };
  return new Proxy({} as Tx, {
    get(_, model) {
      if (model === "then") return undefined; // not a promise
      if (typeof model !== "string" || model.startsWith("$")) return refuse(String(model));
      return new Proxy(
        {},
        {
          get(__, operation) {
            if (operation !== "create") return refuse(`${model}.${String(operation)}`);
            return async (args: { data: Record<string, unknown> } & Record<string, unknown>) => {
              if (Object.keys(args).some((key) => key !== "data")) refuse(`${model}.create with ${Object.keys(args).join(", ")}`);
              into.push(insertRow(model, args.data));
            };
          },
        },
      );
    },
  });
}
