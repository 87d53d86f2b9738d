/**
 * The SQL of a change, written once for both providers: a change is computed as a list of statements
 * (with the row counts some of them must hit), then run in one transaction either synchronously on
 * SQLite's direct connection or through a Prisma interactive transaction (raw SQL, which skips
 * Prisma's per-query compilation: about a third of a model query's CPU cost).
 *
 * Placeholders are `?`; identifiers are quoted as the migrations create them. Dates are passed as
 * Date and stored as epoch milliseconds on SQLite, as timestamps on PostgreSQL.
 */
import type pg from "pg";
import type { Database, Provider, Tx } from "../db/open";
import { queryOn } from "../db/pg-direct";
import type { SqliteDirect, SqlValue } from "../db/sqlite-direct";
import { RuntimeError } from "../errors";
import type { LoadedVersion, ServiceVersions } from "../services/versions";
import type { JobRow } from "./enter-step";

export interface Statement {
  sql: string;
  params: SqlValue[];
  /** The statement must change exactly one row, or the whole change is refused with this error. */
  expectOne?: () => Error;
}

export interface ApplicationRecord {
  id: string;
  serviceId: string;
  serviceVersionId: string;
  applicantId: string;
  currentStep: string;
  stepEntry: number;
  snapshot: string;
  data: string;
  status: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export const SELECT_APPLICATION = `SELECT "id", "serviceId", "serviceVersionId", "applicantId", "currentStep", "stepEntry", "snapshot", "data", "status", "version", "createdAt", "updatedAt", "finishedAt" FROM "Application" WHERE "id" = ?`;
export const SELECT_IDEMPOTENT = `SELECT "response" FROM "IdempotentRequest" WHERE "key" = ?`;
export const SELECT_VERSION = `SELECT "id", "serviceId", "number", "hash", "definition", "machine", "templates" FROM "ServiceVersion" WHERE "id" = ?`;
export const SELECT_LATEST_VERSION = `SELECT "id" FROM "ServiceVersion" WHERE "serviceId" = ? ORDER BY "number" DESC LIMIT 1`;

/** A row as either driver returns it (numbers may be bigint, dates numbers, strings or Date). */
export function toApplicationRecord(row: Record<string, unknown>): ApplicationRecord {
  return {
    id: String(row.id),
    serviceId: String(row.serviceId),
    serviceVersionId: String(row.serviceVersionId),
    applicantId: String(row.applicantId),
    currentStep: String(row.currentStep),
    stepEntry: Number(row.stepEntry),
    snapshot: String(row.snapshot),
    data: String(row.data),
    status: String(row.status),
    version: Number(row.version),
    createdAt: toDate(row.createdAt)!,
    updatedAt: toDate(row.updatedAt)!,
    finishedAt: toDate(row.finishedAt),
  };
}

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === "bigint") return new Date(Number(value));
  if (typeof value === "number") return new Date(value);
  const text = String(value);
  return /^\d+$/.test(text) ? new Date(Number(text)) : new Date(text);
}

export function insertApplication(row: Omit<ApplicationRecord, "finishedAt">): Statement {
  return {
    sql: `INSERT INTO "Application" ("id", "serviceId", "serviceVersionId", "applicantId", "currentStep", "stepEntry", "snapshot", "data", "status", "version", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    params: [row.id, row.serviceId, row.serviceVersionId, row.applicantId, row.currentStep, row.stepEntry, row.snapshot, row.data, row.status, row.version, row.createdAt, row.updatedAt],
  };
}

const updateSql = new Map<string, string>();

/** The version check: the row changes only if nobody changed it since it was read. */
export function updateApplication(
  id: string,
  readVersion: number,
  set: { currentStep: string; stepEntry: number; snapshot?: string; data?: string; status: string; version: number; serviceVersionId?: string; updatedAt: Date; finishedAt: Date | null },
  stale: () => Error,
): Statement {
  // One SQL text per set of columns (a handful), made once: the statement cache is keyed by it.
  let shape = "";
  const params: SqlValue[] = [];
  for (const column in set) {
    const value = set[column as keyof typeof set];
    if (value === undefined) continue;
    shape += `${shape ? "," : ""}${column}`;
    params.push(value);
  }
  let sql = updateSql.get(shape);
  if (!sql) updateSql.set(shape, (sql = `UPDATE "Application" SET ${shape.split(",").map((column) => `"${column}" = ?`).join(", ")} WHERE "id" = ? AND "version" = ?`));
  params.push(id, readVersion);
  return { sql, params, expectOne: stale };
}

export interface AuditRow {
  id: string;
  applicationId: string;
  seq: number;
  actor: string;
  event: string;
  fromStep: string | null;
  toStep: string;
  at: Date;
  dataHash: string;
  detail: string | null;
}

export function insertAudit(row: AuditRow): Statement {
  return {
    sql: `INSERT INTO "AuditEvent" ("id", "applicationId", "seq", "actor", "event", "fromStep", "toStep", "at", "dataHash", "detail") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    params: [row.id, row.applicationId, row.seq, row.actor, row.event, row.fromStep, row.toStep, row.at, row.dataHash, row.detail],
  };
}

export function insertJob(job: JobRow): Statement {
  return {
    sql: `INSERT INTO "Job" ("id", "kind", "applicationId", "step", "stepEntry", "payload", "runAt", "attempts", "maxAttempts", "status", "idempotencyKey", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`,
    params: [job.id, job.kind, job.applicationId, job.step, job.stepEntry, job.payload, job.runAt, job.maxAttempts, job.status, job.idempotencyKey, job.createdAt, job.updatedAt],
  };
}

export interface OfficerTaskRow {
  id: string;
  role: string;
  applicationId: string;
  step: string;
  stepEntry: number;
  due: Date | null;
  createdAt: Date;
}

export function insertOfficerTask(task: OfficerTaskRow): Statement {
  return {
    sql: `INSERT INTO "OfficerTask" ("id", "role", "applicationId", "step", "stepEntry", "due", "status", "createdAt") VALUES (?, ?, ?, ?, ?, ?, 'open', ?)`,
    params: [task.id, task.role, task.applicationId, task.step, task.stepEntry, task.due, task.createdAt],
  };
}

/** Pending jobs of one step entry (or of every entry) are void; a notice's e-mail is the citizen's, not the step's: it stays. */
export function discardPendingJobs(applicationId: string, now: Date, stepEntry?: number): Statement {
  return stepEntry === undefined
    ? { sql: `UPDATE "Job" SET "status" = 'discarded', "updatedAt" = ? WHERE "applicationId" = ? AND "status" = 'pending' AND "kind" <> 'notice-email'`, params: [now, applicationId] }
    : { sql: `UPDATE "Job" SET "status" = 'discarded', "updatedAt" = ? WHERE "applicationId" = ? AND "stepEntry" = ? AND "status" = 'pending' AND "kind" <> 'notice-email'`, params: [now, applicationId, stepEntry] };
}

export function closeOpenTasks(applicationId: string, stepEntry?: number): Statement {
  return stepEntry === undefined
    ? { sql: `UPDATE "OfficerTask" SET "status" = 'closed' WHERE "applicationId" = ? AND "status" = 'open'`, params: [applicationId] }
    : { sql: `UPDATE "OfficerTask" SET "status" = 'closed' WHERE "applicationId" = ? AND "stepEntry" = ? AND "status" = 'open'`, params: [applicationId, stepEntry] };
}

/** The conditional update that makes two officers deciding at once safe: one wins, the other is refused. */
export function claimOfficerTask(claim: { id: string; decision: string; reason: string | null; officerId: string; decidedAt: Date }, taken: () => Error): Statement {
  return {
    sql: `UPDATE "OfficerTask" SET "status" = 'decided', "decision" = ?, "reason" = ?, "officerId" = ?, "decidedAt" = ? WHERE "id" = ? AND "status" = 'open'`,
    params: [claim.decision, claim.reason, claim.officerId, claim.decidedAt, claim.id],
    expectOne: taken,
  };
}

/** Taking one of a limited number of open applications: a conditional increment of one row. */
export function takeApplicantSlot(applicantId: string, serviceId: string, limit: number, full: () => Error): Statement[] {
  return [
    { sql: `INSERT INTO "ApplicantSlot" ("applicantId", "serviceId", "open") VALUES (?, ?, 0) ON CONFLICT DO NOTHING`, params: [applicantId, serviceId] },
    { sql: `UPDATE "ApplicantSlot" SET "open" = "open" + 1 WHERE "applicantId" = ? AND "serviceId" = ? AND "open" < ?`, params: [applicantId, serviceId, limit], expectOne: full },
  ];
}

export function releaseApplicantSlot(applicantId: string, serviceId: string): Statement {
  return { sql: `UPDATE "ApplicantSlot" SET "open" = "open" - 1 WHERE "applicantId" = ? AND "serviceId" = ? AND "open" > 0`, params: [applicantId, serviceId] };
}

/** A job's result applied with the change: settled only while this worker still holds its lease. */
export function settleLeasedJob(job: { id: string; owner: string; result: string }, now: Date, lost: () => Error): Statement {
  return {
    sql: `UPDATE "Job" SET "status" = 'done', "result" = ?, "leaseUntil" = NULL, "updatedAt" = ? WHERE "id" = ? AND "leaseOwner" = ? AND "status" = 'running'`,
    params: [job.result, now, job.id, job.owner],
    expectOne: lost,
  };
}

export function insertIdempotentAnswer(key: string, applicationId: string, response: string, at: Date): Statement {
  return { sql: `INSERT INTO "IdempotentRequest" ("key", "applicationId", "response", "createdAt") VALUES (?, ?, ?, ?)`, params: [key, applicationId, response, at] };
}

/** Runs statements on SQLite's direct connection; the caller holds its write transaction. */
export function runDirect(direct: SqliteDirect, statements: Statement[]): void {
  for (const statement of statements) {
    const changed = direct.run(statement.sql, statement.params);
    if (statement.expectOne && changed !== 1) throw statement.expectOne();
  }
}

const pgText = new Map<string, string>();

/** `?` placeholders as PostgreSQL's `$1, $2…` (the statements above have no `?` anywhere else). */
export function dialect(sql: string, provider: Provider): string {
  if (provider !== "postgresql") return sql;
  let text = pgText.get(sql);
  if (!text) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
    pgText.set(sql, text);
  }
  return text;
}

const forProvider = (provider: Provider) => (value: SqlValue) => (provider === "sqlite" && value instanceof Date ? value.getTime() : value);

/** Runs statements inside a Prisma interactive transaction, in order. */
export async function runInPrisma(tx: Tx, provider: Provider, statements: Statement[]): Promise<void> {
  const convert = forProvider(provider);
  for (const statement of statements) {
    const changed = await tx.$executeRawUnsafe(dialect(statement.sql, provider), ...statement.params.map(convert));
    if (statement.expectOne && changed !== 1) throw statement.expectOne();
  }
}

export async function queryInPrisma<T>(tx: Tx, provider: Provider, sql: string, params: SqlValue[]): Promise<T | undefined> {
  const rows = await tx.$queryRawUnsafe<T[]>(dialect(sql, provider), ...params.map(forProvider(provider)));
  return rows[0];
}

/** A published version, compiled once per process: read on the transaction's own connection when not cached yet. */
export async function versionIn(versions: ServiceVersions, runner: StatementRunner, id: string): Promise<LoadedVersion> {
  const cached = versions.cached(id);
  if (cached) return cached;
  const row = await runner.get<{ id: string; serviceId: string; number: number; hash: string; definition: string; machine: string; templates: string | null }>(SELECT_VERSION, [id]);
  if (!row) throw new RuntimeError("not_found", `No service version "${id}"`);
  return versions.load(row);
}

/** Reads and writes of a change inside an open transaction. */
export interface StatementRunner {
  get<T>(sql: string, params: SqlValue[]): Promise<T | undefined>;
  run(statements: Statement[]): Promise<void>;
}

export function prismaRunner(tx: Tx, provider: Provider): StatementRunner {
  return { get: (sql, params) => queryInPrisma(tx, provider, sql, params), run: (statements) => runInPrisma(tx, provider, statements) };
}

/** On the pg connection of Prisma's transaction itself (prepared statements, no Prisma per-query cost). */
export function pgRunner(client: pg.PoolClient): StatementRunner {
  return {
    async get<T>(sql: string, params: SqlValue[]) {
      return (await queryOn(client, dialect(sql, "postgresql"), params)).row as T | undefined;
    },
    async run(statements) {
      for (const statement of statements) {
        const { count } = await queryOn(client, dialect(statement.sql, "postgresql"), statement.params);
        if (statement.expectOne && count !== 1) throw statement.expectOne();
      }
    },
  };
}

/**
 * A transaction for a change. With `prismaHooks`, a Prisma interactive transaction (the hooks write
 * through `tx`) whose runtime statements go through the fastest runner available: the transaction's own
 * pg connection on PostgreSQL, raw SQL through Prisma otherwise. Without hooks on PostgreSQL, a plain
 * BEGIN…COMMIT on a pooled connection, no Prisma at all (`tx` is then the non-transactional client,
 * unused by the runtime: every read goes through the runner, on the transaction's connection).
 */
export async function inTransaction<T>(database: Database, body: (tx: Tx, runner: StatementRunner) => Promise<T>, prismaHooks = true): Promise<T> {
  const postgres = database.postgres;
  if (postgres && !prismaHooks) {
    const client = await postgres.pool.connect();
    let failure: Error | undefined;
    try {
      await client.query("BEGIN");
      const result = await body(database.prisma, pgRunner(client));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch((rollback: Error) => (failure = rollback)); // a broken connection is not reused
      throw error;
    } finally {
      client.release(failure);
    }
  }
  if (postgres) return postgres.run(database.prisma, (tx, client) => body(tx, client ? pgRunner(client) : prismaRunner(tx, database.provider)));
  return database.prisma.$transaction((tx) => body(tx, prismaRunner(tx, database.provider)));
}
