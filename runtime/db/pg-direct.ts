/**
 * The PostgreSQL hot path: the runtime's own statements of a change run on the very pg connection
 * that Prisma's interactive transaction holds, so they share its BEGIN…COMMIT with whatever the
 * caller's hooks write through Prisma, while skipping Prisma's per-query cost (about 1 ms of CPU for a
 * raw query, 2–3 ms for a model query, against tens of microseconds here) and using named prepared
 * statements, which PostgreSQL parses and plans once per connection.
 *
 * How the connection is found: the Prisma adapter is given our own pg.Pool (PrismaPg's public
 * option), whose `connect` is wrapped; a transaction started inside `transaction()` runs in an
 * AsyncLocalStorage context, and the first connection checked out in that context — the one
 * `startTransaction` takes for BEGIN — is the transaction's. If none was seen (a Prisma upgrade that
 * changed this), the caller falls back to raw SQL through Prisma's transaction client: slower, same result.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";
import type { Db, Tx } from "./open";

interface Holder {
  client?: pg.PoolClient;
}

export class PgTransactions {
  private context = new AsyncLocalStorage<Holder>();

  constructor(readonly pool: pg.Pool) {
    const connect = pool.connect.bind(pool) as (callback?: unknown) => unknown;
    const context = this.context;
    // Only the promise form is used by the adapter for transactions; pool.query passes a callback.
    (pool as { connect: unknown }).connect = (callback?: unknown) => {
      const holder = context.getStore();
      if (callback || !holder || holder.client) return connect(callback);
      return (connect() as Promise<pg.PoolClient>).then((client) => {
        holder.client ??= client;
        return client;
      });
    };
  }

  /** Runs a Prisma interactive transaction; `body` also gets the pg connection it runs on (when found). */
  run<T>(prisma: Db, body: (tx: Tx, client: pg.PoolClient | undefined) => Promise<T>): Promise<T> {
    const holder: Holder = {};
    return this.context.run(holder, () => prisma.$transaction((tx) => body(tx, holder.client)));
  }
}

const TIMESTAMP = 1114;
/** Prisma's DateTime columns are TIMESTAMP(3) holding UTC; pg would read them as local time. */
const types = {
  getTypeParser: (oid: number, format?: string) =>
    oid === TIMESTAMP ? (text: string) => new Date(`${text.replace(" ", "T")}Z`) : pg.types.getTypeParser(oid, format as "text"),
};

const names = new Map<string, string>();
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `civic_${names.size + 1}`;
    names.set(text, name);
  }
  return name;
}

/** A parameter as PostgreSQL reads it: dates as UTC text (a TIMESTAMP ignores the zone), bigints as text. */
function toPg(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  return value;
}

/** A prepared statement on the transaction's connection: the first row and the affected row count. */
export async function queryOn(client: pg.PoolClient, text: string, params: unknown[]): Promise<{ row?: Record<string, unknown>; count: number }> {
  const result = await client.query({ name: statementName(text), text, values: params.map(toPg), types } as pg.QueryConfig);
  return { row: result.rows[0], count: result.rowCount ?? 0 };
}

/** A prepared statement on any connection (a pool takes one for it): every row. */
export async function queryRows(on: pg.Pool | pg.PoolClient, text: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  const result = await on.query({ name: statementName(text), text, values: params.map(toPg), types } as pg.QueryConfig);
  return result.rows;
}
