/**
 * Claiming due jobs with a lease, in one statement: PostgreSQL skips rows other workers hold
 * (FOR UPDATE SKIP LOCKED); SQLite has one writer at a time, so a single UPDATE … RETURNING is atomic.
 * A running job whose lease has expired (its worker died) is taken over and counts as an attempt.
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
    WHERE (status = 'pending' AND "runAt" <= $3) OR (status = 'running' AND "leaseUntil" < $3)
    ORDER BY "runAt" LIMIT $4 FOR UPDATE SKIP LOCKED)
  RETURNING *)
SELECT claimed.*, ${APPLICATION_COLUMNS.map((c) => `a."${c}" AS "app.${c}"`).join(", ")}
FROM claimed LEFT JOIN "Application" a ON a.id = claimed."applicationId"`;

export async function claimJobs(database: Database, owner: string, now: Date, leaseMs: number, limit: number): Promise<ClaimedJob[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  if (database.postgres) {
    const rows = await queryRows(database.postgres.pool, CLAIM_POSTGRES, [owner, leaseUntil, now, limit]);
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
  const ids = await database.prisma.$queryRawUnsafe<{ id: string }[]>(
    `UPDATE "Job" SET status = 'running', leaseOwner = ?, leaseUntil = ?, attempts = attempts + 1, updatedAt = ?
     WHERE id IN (
       SELECT id FROM "Job"
       WHERE (status = 'pending' AND runAt <= ?) OR (status = 'running' AND leaseUntil < ?)
       ORDER BY runAt LIMIT ?)
     RETURNING id`,
    owner,
    leaseUntil.getTime(),
    now.getTime(),
    now.getTime(),
    now.getTime(),
    limit,
  );
  if (!ids.length) return [];
  return database.prisma.job.findMany({ where: { id: { in: ids.map((r) => r.id) }, leaseOwner: owner } });
}
