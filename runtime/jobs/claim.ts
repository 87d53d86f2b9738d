/**
 * Claiming due jobs with a lease, in one statement: PostgreSQL skips rows other workers hold
 * (FOR UPDATE SKIP LOCKED); SQLite has one writer at a time, so a single UPDATE … RETURNING is atomic.
 * A running job whose lease has expired (its worker died) is taken over and counts as an attempt.
 */
import type { Database } from "../db/open";

export type JobRecord = NonNullable<Awaited<ReturnType<Database["prisma"]["job"]["findUnique"]>>>;

export async function claimJobs(database: Database, owner: string, now: Date, leaseMs: number, limit: number): Promise<JobRecord[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  let ids: { id: string }[];
  if (database.provider === "postgresql") {
    ids = await database.prisma.$queryRawUnsafe<{ id: string }[]>(
      `UPDATE "Job" SET status = 'running', "leaseOwner" = $1, "leaseUntil" = $2, attempts = attempts + 1, "updatedAt" = $3
       WHERE id IN (
         SELECT id FROM "Job"
         WHERE (status = 'pending' AND "runAt" <= $3) OR (status = 'running' AND "leaseUntil" < $3)
         ORDER BY "runAt" LIMIT $4 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      owner,
      leaseUntil,
      now,
      limit,
    );
  } else {
    // DateTime columns hold epoch milliseconds (the adapter's unixepoch-ms format).
    ids = await database.prisma.$queryRawUnsafe<{ id: string }[]>(
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
  }
  if (!ids.length) return [];
  return database.prisma.job.findMany({ where: { id: { in: ids.map((r) => r.id) }, leaseOwner: owner } });
}
