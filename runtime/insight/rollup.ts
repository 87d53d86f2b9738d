/**
 * The insight catch-up: brings the dashboard's rollups (InsightApplication, InsightCounter) up to date from the
 * audit log and what the steps left behind (officer tasks, registry calls, payments). It reads only what is new:
 * applications without a rollup row, and open ones with an audit event past the seq counted. Ended applications are not looked at again. Nothing runs on the step hot path.
 *
 * Safe with several processes: every application's row is written with a compare-and-set on its seenSeq (or
 * an insert that does nothing when the row exists) in the same transaction as its counter increments, so an
 * event is counted by exactly one catch-up; rows are locked in one order (applications by id, then counters by
 * key), so two catch-ups on PostgreSQL cannot deadlock. Counters are upserts (INSERT … ON CONFLICT DO UPDATE),
 * the same SQL on SQLite and PostgreSQL.
 *
 * Registry calls are counted in the window of audit time a catch-up covers ((seenAt, at of the last event]),
 * so a call made while its step is still running is counted once that step has been left. Officer tasks and
 * payments are counted when their step entry is left.
 */
import type { Step } from "../../engine";
import { hasEnded } from "../applications/status";
import { dialect } from "../applications/writes";
import type { Clock } from "../clock";
import type { Database } from "../db/open";
import { maskPersonalData } from "../feedback/mask";
import type { ServiceVersions } from "../services/versions";
import { paymentAmount } from "../steps/shared";
import { bucketOf } from "./histogram";

/** Step kinds whose time is the citizen's (or a party's); every other kind's time is waiting for the service. */
export const CITIZEN_KINDS = new Set(["form", "sign", "payment", "book", "invite"]);

export const actorOf = (kind: string): "citizen" | "waiting" => (CITIZEN_KINDS.has(kind) ? "citizen" : "waiting");

/** Counter kinds (InsightCounter.kind) and what a, b, c hold. */
export const K = {
  /** a: step. Applications that entered the step (once each). */
  reached: "reached",
  /** a: step; bucket. Time spent per step entry. */
  time: "time",
  /** a: registry, b: operation, c: found | notFound | error | timeout. One per attempt. */
  registry: "registry",
  /** a: registry, b: operation; bucket. Latency per attempt. */
  registryTime: "registry-time",
  /** a: step, b: role, c: decision; bucket. Officer tasks from creation to decision. */
  decision: "decision",
  /** a: step, b: decision, c: masked normalised reason. */
  reason: "reason",
  /** a: step, b: due | breached. */
  deadline: "deadline",
  /** a: paid | failed | abandoned; sum: amount paid. */
  payment: "payment",
  /** a: step, b: field, c: JSON-Schema keyword. Applications that hit the problem (once each). */
  fieldError: "field-error",
} as const;

const INSIGHT_STATE_ID = "insight";
const BATCH = 400;
const REASON_MAX = 120;

export interface CatchUpResult {
  /** Applications whose rollup changed. */
  applications: number;
  /** Audit events counted. */
  events: number;
  /** False when the time budget ran out first (call again). */
  complete: boolean;
  asOf: Date;
}

interface InsightRow {
  applicationId: string;
  serviceId: string;
  serviceVersionId: string;
  day: string;
  seenSeq: number;
  status: string;
  currentStep: string;
  entrySeq: number;
  enteredAt: number;
  seenAt: number;
  submitted: boolean;
  reached: string[];
  done: boolean;
}

type Counters = Map<string, { count: number; sum: number }>;

export const dayOf = (at: Date | number) => new Date(at).toISOString().slice(0, 10);

const counterKey = (version: string, day: string, kind: string, a: string, b = "", c = "", bucket = -1) => [version, day, kind, a, b, c, String(bucket)].join("\u0000");

function add(counters: Counters, key: string, count: number, sum = 0) {
  const cell = counters.get(key);
  if (cell) {
    cell.count += count;
    cell.sum += sum;
  } else counters.set(key, { count, sum });
}

/** An officer's reason as it is grouped: personal data masked, case and spacing folded, trailing dots dropped. */
export function normaliseReason(text: string): string {
  const masked = maskPersonalData(text.normalize("NFC"));
  const folded = masked.toLocaleLowerCase("uk").replace(/\s+/g, " ").trim().replace(/[.!…\s]+$/u, "");
  return folded.length > REASON_MAX ? `${folded.slice(0, REASON_MAX - 1)}…` : folded;
}

/** Registry call statuses as the dashboard groups them. */
export function registryClass(status: string, errorCode: string | null): "found" | "notFound" | "error" | "timeout" | null {
  if (status === "started") return null; // still in flight (or interrupted by a crash): not an answer
  if (status === "timeout" || /timeout|timed.?out/i.test(errorCode ?? "")) return "timeout";
  if (status === "error") return "error";
  if (/^not.?found$/i.test(status)) return "notFound";
  return "found";
}

export async function countersUpsert(tx: Parameters<Parameters<Database["prisma"]["$transaction"]>[0]>[0], database: Database, counters: Counters) {
  const keys = [...counters.keys()].sort();
  for (let i = 0; i < keys.length; i += 50) {
    const chunk = keys.slice(i, i + 50);
    const params: (string | number)[] = [];
    for (const key of chunk) {
      const [version, day, kind, a, b, c, bucket] = key.split("\u0000");
      const cell = counters.get(key)!;
      params.push(version, day, kind, a, b, c, Number(bucket), cell.count, cell.sum);
    }
    const sql = `INSERT INTO "InsightCounter" ("serviceVersionId", "day", "kind", "a", "b", "c", "bucket", "count", "sum") VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}
      ON CONFLICT ("serviceVersionId", "day", "kind", "a", "b", "c", "bucket") DO UPDATE SET "count" = "InsightCounter"."count" + excluded."count", "sum" = "InsightCounter"."sum" + excluded."sum"`;
    await tx.$executeRawUnsafe(dialect(sql, database.provider), ...params);
  }
}

export { counterKey, add as addCounter, type Counters };

export class InsightRollup {
  constructor(
    private readonly database: Database,
    private readonly versions: ServiceVersions,
    private readonly clock: Clock,
  ) {}

  private get db() {
    return this.database.prisma;
  }

  async asOf(): Promise<Date | null> {
    return (await this.db.insightState.findUnique({ where: { id: INSIGHT_STATE_ID } }))?.asOf ?? null;
  }

  /** Counts what is new since the last catch-up (of any process); stops between batches once `budgetMs` is spent. */
  async catchUp(options: { budgetMs?: number } = {}): Promise<CatchUpResult> {
    const started = performance.now();
    const asOf = this.clock.now();
    // Applications are never deleted, so equal counts mean none is new: two index counts instead of an anti-join
    // over every application.
    const [[all], [rolled]] = await Promise.all([
      this.db.$queryRawUnsafe<{ n: unknown }[]>(`SELECT COUNT(*) AS "n" FROM "Application"`),
      this.db.$queryRawUnsafe<{ n: unknown }[]>(`SELECT COUNT(*) AS "n" FROM "InsightApplication"`),
    ]);
    const fresh =
      Number(all.n) === Number(rolled.n)
        ? []
        : await this.db.$queryRawUnsafe<{ id: string }[]>(`SELECT a."id" FROM "Application" a WHERE NOT EXISTS (SELECT 1 FROM "InsightApplication" i WHERE i."applicationId" = a."id")`);
    const moved = await this.db.$queryRawUnsafe<{ id: string }[]>(
      // Open applications with an audit event past the one counted: index-only probes (the rollup's (done,
      // applicationId, seenSeq) and the audit's (applicationId, seq)), never the wide Application rows.
      `SELECT i."applicationId" AS "id" FROM "InsightApplication" i WHERE i."done" = false AND EXISTS (SELECT 1 FROM "AuditEvent" e WHERE e."applicationId" = i."applicationId" AND e."seq" > i."seenSeq")`,
    );
    const ids = [...fresh, ...moved].map((r) => r.id);
    let applications = 0;
    let events = 0;
    for (let i = 0; i < ids.length; i += BATCH) {
      if (options.budgetMs !== undefined && performance.now() - started > options.budgetMs) return { applications, events, complete: false, asOf: (await this.asOf()) ?? asOf };
      const counted = await this.batch(ids.slice(i, i + BATCH));
      applications += counted.applications;
      events += counted.events;
    }
    // Everything that existed when this catch-up began is counted now.
    await this.db.$executeRawUnsafe(
      dialect(`INSERT INTO "InsightState" ("id", "asOf") VALUES (?, ?) ON CONFLICT ("id") DO UPDATE SET "asOf" = excluded."asOf"`, this.database.provider),
      INSIGHT_STATE_ID,
      this.database.provider === "sqlite" ? asOf.getTime() : asOf,
    );
    return { applications, events, complete: true, asOf };
  }

  private async batch(ids: string[]): Promise<{ applications: number; events: number }> {
    const db = this.db;
    const [apps, rows] = await Promise.all([
      db.application.findMany({ where: { id: { in: ids } }, select: { id: true, serviceId: true, serviceVersionId: true, status: true, version: true, createdAt: true } }),
      db.insightApplication.findMany({ where: { applicationId: { in: ids } } }),
    ]);
    const known = new Map(rows.map((r) => [r.applicationId, { ...r, reached: JSON.parse(r.reached) as string[] } as InsightRow]));
    const [audit, tasks, calls, payments] = await Promise.all([
      db.auditEvent.findMany({ where: { applicationId: { in: ids } }, orderBy: [{ applicationId: "asc" }, { seq: "asc" }] }),
      db.officerTask.findMany({ where: { applicationId: { in: ids } } }),
      db.registryCall.findMany({ where: { applicationId: { in: ids } }, select: { applicationId: true, registry: true, operation: true, status: true, errorCode: true, durationMs: true, at: true } }),
      db.payment.findMany({ where: { applicationId: { in: ids } }, select: { applicationId: true, step: true, stepEntry: true, status: true, amount: true } }),
    ]);
    const group = <T extends { applicationId: string }>(list: T[]) => {
      const map = new Map<string, T[]>();
      for (const item of list) (map.get(item.applicationId) ?? map.set(item.applicationId, []).get(item.applicationId)!).push(item);
      return map;
    };
    const auditOf = group(audit);
    const tasksOf = group(tasks);
    const callsOf = group(calls);
    const paymentsOf = group(payments);

    const changes: { before: InsightRow | undefined; after: InsightRow; counters: Counters; events: number }[] = [];
    for (const app of apps.sort((x, y) => (x.id < y.id ? -1 : 1))) {
      const before = known.get(app.id);
      const fresh = (auditOf.get(app.id) ?? []).filter((e) => e.seq > (before?.seenSeq ?? 0) && e.seq <= app.version);
      if (!fresh.length) continue;
      const version = await this.versions.get(before?.serviceVersionId ?? app.serviceVersionId);
      const definition = version.compiled.definition;
      const state: InsightRow = before
        ? { ...before, reached: [...before.reached] }
        : {
            applicationId: app.id, serviceId: app.serviceId, serviceVersionId: app.serviceVersionId, day: dayOf(app.createdAt), seenSeq: 0,
            status: "draft", currentStep: "", entrySeq: 0, enteredAt: 0, seenAt: Number.NEGATIVE_INFINITY, submitted: false, reached: [], done: false,
          };
      const counters: Counters = new Map();
      const count = (kind: string, a: string, b?: string, c?: string, bucket?: number, sum = 0) => add(counters, counterKey(state.serviceVersionId, state.day, kind, a, b, c, bucket), 1, sum);
      const stepOf = (id: string): Step | undefined => definition.steps[id];
      const isCitizenStep = (id: string) => CITIZEN_KINDS.has(stepOf(id)?.kind ?? "");
      const citizenSteps = Object.keys(definition.steps).some(isCitizenStep);

      const enter = (step: string, seq: number, at: number) => {
        state.currentStep = step;
        state.entrySeq = seq;
        state.enteredAt = at;
        if (!state.reached.includes(step)) {
          state.reached.push(step);
          count(K.reached, step);
        }
        // Submitted: the citizen's part is done, i.e. a step of the service's own follows one of theirs
        // (an eligibility check before the first form is not a submission).
        const kind = stepOf(step)?.kind;
        if (!state.submitted && kind && !CITIZEN_KINDS.has(kind) && (state.reached.some(isCitizenStep) || !citizenSteps)) state.submitted = true;
      };
      const unpriced: { id: string; step: Extract<Step, { kind: "payment" }> }[] = [];
      const leave = (event: string, at: number) => {
        const id = state.currentStep;
        const step = stepOf(id);
        const ms = Math.max(0, at - state.enteredAt);
        count(K.time, id, "", "", bucketOf(ms), ms);
        if (!step) return;
        if (step.kind === "review") {
          for (const task of tasksOf.get(app.id) ?? []) {
            if (task.step !== id || task.stepEntry !== state.entrySeq) continue;
            const decision = task.decision ?? (event === "outcome.timeout" ? "timeout" : null);
            if (!decision) continue; // closed by a cancellation: nobody decided
            const decidedAt = task.decidedAt?.getTime() ?? at;
            const took = Math.max(0, decidedAt - task.createdAt.getTime());
            count(K.decision, id, task.role, decision, bucketOf(took), took);
            if (task.reason?.trim()) count(K.reason, id, decision, normaliseReason(task.reason));
            if (task.due) {
              count(K.deadline, id, "due");
              if (decision === "timeout" || decidedAt > task.due.getTime()) count(K.deadline, id, "breached");
            }
          }
        } else if (step.kind === "wait" && "deadline" in step && step.deadline) {
          count(K.deadline, id, "due");
          if (event === "outcome.timeout") count(K.deadline, id, "breached");
        } else if (step.kind === "payment") {
          const outcome = event === "outcome.paid" ? "paid" : event === "outcome.failed" ? "failed" : "abandoned";
          const order = (paymentsOf.get(app.id) ?? []).find((p) => p.step === id && p.stepEntry === state.entrySeq);
          const amount = outcome !== "paid" ? 0 : order ? order.amount : typeof step.amount === "number" ? step.amount : undefined;
          count(K.payment, outcome, "", "", -1, amount ?? 0);
          // Paid without a provider's order, by an amount computed from the answers: read from the data below.
          if (amount === undefined) unpriced.push({ id, step });
        }
      };

      for (const e of fresh) {
        const at = e.at.getTime();
        if (e.event === "start") enter(e.toStep, e.seq, at);
        else if (e.event === "cancel" || e.event === "incident.cancel") leave(e.event, at);
        else if (e.fromStep === e.toStep && e.event.startsWith("incident")) {
          // Halted or retried where it stands: the step's time goes on.
        } else {
          leave(e.event, at);
          enter(e.toStep, e.seq, at);
        }
      }
      if (unpriced.length) {
        const row = await db.application.findUnique({ where: { id: app.id }, select: { data: true } });
        const data = JSON.parse(row?.data ?? "{}") as Record<string, unknown>;
        for (const { id, step } of unpriced) {
          const saved = (data[step.saveAs ?? id] as { amount?: unknown } | undefined)?.amount;
          const amount = typeof saved === "number" ? saved : paymentAmount(step, data);
          if (typeof amount === "number" && Number.isFinite(amount)) add(counters, counterKey(state.serviceVersionId, state.day, K.payment, "paid"), 0, amount);
        }
      }
      // Registry calls of the audit time now covered (each attempt once: the windows do not overlap).
      const until = fresh[fresh.length - 1].at.getTime();
      for (const call of callsOf.get(app.id) ?? []) {
        const at = call.at.getTime();
        if (!(at > state.seenAt && at <= until)) continue;
        const outcome = registryClass(call.status, call.errorCode);
        if (!outcome) continue;
        count(K.registry, call.registry, call.operation, outcome);
        count(K.registryTime, call.registry, call.operation, "", bucketOf(call.durationMs), call.durationMs);
      }
      state.seenAt = until;
      state.seenSeq = fresh[fresh.length - 1].seq;
      state.status = state.seenSeq === app.version ? app.status : state.status === "draft" || state.status === "processing" ? state.status : "processing";
      state.done = state.seenSeq === app.version && hasEnded(app.status);
      changes.push({ before, after: state, counters, events: fresh.length });
    }
    if (!changes.length) return { applications: 0, events: 0 };

    const database = this.database;
    return db.$transaction(
      async (tx) => {
        const counters: Counters = new Map();
        let applications = 0;
        let events = 0;
        for (const change of changes) {
          const row = change.after;
          const values = [row.status, row.currentStep, row.entrySeq, row.enteredAt, row.seenAt, row.seenSeq, row.submitted, JSON.stringify(row.reached), row.done];
          const statement: { sql: string; params: (string | number | boolean)[] } = change.before
            ? {
                sql: `UPDATE "InsightApplication" SET "status" = ?, "currentStep" = ?, "entrySeq" = ?, "enteredAt" = ?, "seenAt" = ?, "seenSeq" = ?, "submitted" = ?, "reached" = ?, "done" = ? WHERE "applicationId" = ? AND "seenSeq" = ?`,
                params: [...values, row.applicationId, change.before.seenSeq],
              }
            : {
                sql: `INSERT INTO "InsightApplication" ("status", "currentStep", "entrySeq", "enteredAt", "seenAt", "seenSeq", "submitted", "reached", "done", "applicationId", "serviceId", "serviceVersionId", "day") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
                params: [...values, row.applicationId, row.serviceId, row.serviceVersionId, row.day],
              };
          // Another catch-up counted these events first: this one's counts of the application are dropped.
          const changed = await tx.$executeRawUnsafe(dialect(statement.sql, database.provider), ...statement.params.map((v) => (typeof v === "boolean" && database.provider === "sqlite" ? Number(v) : v)));
          if (changed !== 1) continue;
          applications++;
          events += change.events;
          for (const [key, cell] of change.counters) add(counters, key, cell.count, cell.sum);
        }
        await countersUpsert(tx, database, counters);
        return { applications, events };
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }
}
