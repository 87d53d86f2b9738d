/**
 * Claiming due jobs with a lease, in one statement: PostgreSQL skips rows other workers hold
 * (FOR UPDATE SKIP LOCKED); SQLite has one writer at a time, so a single UPDATE … RETURNING is atomic.
 * A running job whose lease has expired (its worker died) is taken over and counts as an attempt, except by
 * the worker still running it (`running`: a job that outlived its lease there would run twice at once).
 */
import type { Database } from "../db/open";
import { queryRows } from "../db/pg-direct";
import { toApplicationRecord, type ApplicationRecord } from "../applications/writes";

export type JobRecord = NonNullable<Awaited<ReturnType<Database["prisma"]["job"]["findUnique"]>>>;
/**
 * A claimed job. On PostgreSQL the claim also returns its application as it was at the claim (null when it
 * is gone), so the worker reads nothing else before running it; the result's write re-checks its version.
 */
export type ClaimedJob = JobRecord & { application?: ApplicationRecord | null };

const APPLICATION_COLUMNS = ["id", "serviceId", "serviceVersionId", "applicantId", "currentStep", "stepEntry", "snapshot", "data", "status", "version", "createdAt", "updatedAt", "finishedAt"];

const CLAIM_POSTGRES = `WITH claimed AS (
  UPDATE "Job" SET status = 'running', "leaseOwner" = $1, "leaseUntil" = $2, attempts = attempts + 1, "updatedAt" = $3
  WHERE id IN (
    SELECT id FROM "Job"
    WHERE ((status = 'pending' AND "runAt" <= $3) OR (status = 'running' AND "leaseUntil" < $3)) AND NOT ("id" = ANY($5))
    ORDER BY "runAt" LIMIT $4 FOR UPDATE SKIP LOCKED)
  RETURNING *)
SELECT claimed.*, ${APPLICATION_COLUMNS.map((c) => `a."${c}" AS "app.${c}"`).join(", ")}
FROM claimed LEFT JOIN "Application" a ON a.id = claimed."applicationId"`;

export async function claimJobs(database: Database, owner: string, now: Date, leaseMs: number, limit: number, running: readonly string[] = []): Promise<ClaimedJob[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  if (database.postgres) {
    const rows = await queryRows(database.postgres.pool, CLAIM_POSTGRES, [owner, leaseUntil, now, limit, running]);
    return rows.map((row) => {
      const job: Record<string, unknown> = {};
      const app: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(row)) {
        if (key.startsWith("app.")) app[key.slice(4)] = value;
        else job[key] = value;
      }
      return { ...(job as JobRecord), application: app.id === null ? null : toApplicationRecord(app) };
    });
  }
  // DateTime columns hold epoch milliseconds (the adapter's unixepoch-ms format).
  if (database.sqlite) {
    // The runtime's direct connection, group-committed with the changes of the same tick (no Prisma query).
    const direct = database.sqlite;
    const rows = await direct.transaction(() =>
      direct.statement(`${CLAIM_SQLITE} RETURNING *`).all(owner, leaseUntil.getTime(), now.getTime(), now.getTime(), now.getTime(), JSON.stringify(running), limit),
    );
    return (rows as Record<string, unknown>[]).map(sqliteJob);
  }
  const ids = await database.prisma.$queryRawUnsafe<{ id: string }[]>(
    `${CLAIM_SQLITE} RETURNING id`,
    owner,
    leaseUntil.getTime(),
    now.getTime(),
    now.getTime(),
    now.getTime(),
    JSON.stringify(running),
    limit,
  );
  if (!ids.length) return [];
  return database.prisma.job.findMany({ where: { id: { in: ids.map((r) => r.id) }, leaseOwner: owner } });
}

const CLAIM_SQLITE = `UPDATE "Job" SET status = 'running', leaseOwner = ?, leaseUntil = ?, attempts = attempts + 1, updatedAt = ?
  WHERE id IN (
    SELECT id FROM "Job"
    WHERE ((status = 'pending' AND runAt <= ?) OR (status = 'running' AND leaseUntil < ?)) AND id NOT IN (SELECT value FROM json_each(?))
    ORDER BY runAt LIMIT ?)`;

/** A Job row as better-sqlite3 returns it (DateTime columns as epoch milliseconds), typed as Prisma's. */
function sqliteJob(row: Record<string, unknown>): JobRecord {
  const date = (value: unknown) => (value === null ? null : new Date(Number(value)));
  return {
    ...(row as JobRecord),
    runAt: date(row.runAt)!,
    leaseUntil: date(row.leaseUntil),
    createdAt: date(row.createdAt)!,
    updatedAt: date(row.updatedAt)!,
  };
}
