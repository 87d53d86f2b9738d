/**
 * The one way an application changes: in a single transaction, read the row, restore the snapshot,
 * send the event, then write the new snapshot with the version check, the audit event, and whatever
 * entering the new step needs (jobs, officer tasks, the applicant's slot). Nothing half-written.
 *
 * A change is computed as a list of SQL statements (writes.ts) and run in one of two ways:
 * - SQLite, when the request needs no Prisma hook: synchronously on the direct connection in one
 *   `BEGIN IMMEDIATE` transaction (one fsync, no Prisma per-query cost; see db/sqlite-direct.ts);
 * - otherwise (PostgreSQL, or a caller's `before`/`after` hook that writes through Prisma): in a
 *   Prisma interactive transaction, reading and writing with raw SQL, the hooks sharing the transaction.
 * Either way the UPDATE of the application is conditional on the version that was read, so a
 * concurrent change makes this one fail with `stale_version` and write nothing.
 */
import { hash } from "node:crypto";
import type { AnyMachineSnapshot } from "xstate";
import { canonicalJson, type ServiceEvent } from "../../engine";
import type { Clock } from "../clock";
import { databaseOf, type Database, type Db, type Tx } from "../db/open";
import type { SqliteDirect } from "../db/sqlite-direct";
import { RuntimeError } from "../errors";
import { newId } from "../ids";
import type { LoadedVersion, ServiceVersions } from "../services/versions";
import { stepModule } from "../steps";
import { noticeStatements } from "../notifications/notices";
import { refundsOnEnding, requestRefunds } from "../payments/refunds";
import { enterStep } from "./enter-step";
import { restoreSnapshot, stepMachine, storeSnapshot } from "./machine-step";
import { isFinished, statusOf } from "./status";
import {
  claimOfficerTask,
  closeOpenTasks,
  discardPendingJobs,
  insertAudit,
  insertIdempotentAnswer,
  insertJob,
  insertOfficerTask,
  inTransaction,
  releaseApplicantSlot,
  runDirect,
  SELECT_APPLICATION,
  settleLeasedJob,
  SELECT_IDEMPOTENT,
  toApplicationRecord,
  updateApplication,
  versionIn,
  type ApplicationRecord,
  type Statement,
} from "./writes";

export type ApplicationRow = ApplicationRecord;

export interface TransitionRequest {
  applicationId: string;
  event: ServiceEvent;
  /** Who caused it: "applicant:<id>", "officer:<id>", "worker:<id>", "system". */
  actor: string;
  expectedVersion?: number;
  /** For results of jobs: apply only while the application is still in this entry of `step`. */
  expectStep?: { step: string; entry: number };
  /** Checks before the event is applied, with no database access (ownership, step, answers): throw to refuse. */
  check?: (app: ApplicationRow, version: LoadedVersion) => void;
  /** The same key twice gives the first answer again and changes nothing; the answer is written with the change. */
  idempotencyKey?: string;
  /** The leased job whose result this is: settled in the same transaction, refused (`lost()`) if the lease was lost. */
  settleJob?: { id: string; owner: string; result: string; lost: () => Error };
  /** An open officer task decided by this change: if it was decided meanwhile, the change is refused. */
  claimTask?: { id: string; decision: string; reason: string | null; officerId: string; decidedAt: Date };
  /** Checks and extra writes through Prisma inside the same transaction, before the event is applied. */
  before?: (tx: Tx, app: ApplicationRow, version: LoadedVersion) => Promise<void>;
  /** Extra writes through Prisma in the same transaction, after the event is applied. */
  after?: (tx: Tx, result: TransitionResult) => Promise<void>;
  detail?: Record<string, unknown>;
  /** When the event comes from this step's own work job, that job is already settled: skip the clean-up query. */
  fromOwnJob?: boolean;
}

export interface TransitionResult {
  applicationId: string;
  version: number;
  from: string;
  step: string;
  status: string;
}

/** What a change writes and answers. */
export interface ChangePlan<R> {
  statements: Statement[];
  result: R;
  createdJobs: boolean;
}

/** Thrown when a job's result arrives after the application moved on: the job is discarded. */
export class StaleStepError extends Error {}

const staleVersion = () => new RuntimeError("stale_version", "The application changed meanwhile: reload it and try again");

export interface ChangeOptions {
  idempotencyKey?: string;
  /** Written right after the prechecks, before the `before` hook (a job's settlement). */
  leading?: () => Statement[];
  before?: (tx: Tx, app: ApplicationRow, version: LoadedVersion) => Promise<void>;
  after?: (tx: Tx, result: never) => Promise<void>;
}

export class Transitions {
  private database: Database;
  private direct?: SqliteDirect;
  /** An e-mail sender is configured: the platform's notices are e-mailed too (runtime/notifications/notice-email.ts). */
  emailNotices = false;

  constructor(
    db: Db,
    private versions: ServiceVersions,
    private clock: Clock,
    private onJobsCreated: () => void = () => {},
  ) {
    const database = databaseOf(db);
    if (!database) throw new Error("Transitions need a client made by openDatabase()");
    this.database = database;
    this.direct = database.sqlite;
  }

  notifyJobs(): void {
    this.onJobsCreated();
  }

  apply(request: TransitionRequest): Promise<TransitionResult> {
    return this.change<TransitionResult>(
      request.applicationId,
      {
        idempotencyKey: request.idempotencyKey,
        before: request.before,
        after: request.after as ChangeOptions["after"],
        leading: request.settleJob ? () => [settleLeasedJob(request.settleJob!, this.clock.now(), request.settleJob!.lost)] : undefined,
      },
      (app) => {
        if (request.expectStep && (app.currentStep !== request.expectStep.step || app.stepEntry !== request.expectStep.entry || isFinished(app.status))) {
          throw new StaleStepError(`Application ${app.id} left step "${request.expectStep.step}" (entry ${request.expectStep.entry})`);
        }
        if (request.expectedVersion !== undefined && app.version !== request.expectedVersion) {
          throw new RuntimeError("stale_version", `The application changed meanwhile (version ${app.version}, not ${request.expectedVersion}): reload it and try again`, {
            currentVersion: app.version,
          });
        }
        if (isFinished(app.status)) throw new RuntimeError("event_not_allowed", `The application has ended (${app.status}): it accepts no more events`);
      },
      (app, version) => {
        const claim = request.claimTask ? [claimOfficerTask(request.claimTask, () => new RuntimeError("event_not_allowed", "The task was decided meanwhile"))] : [];
        request.check?.(app, version);
        const snapshot = restoreSnapshot(version.machine, JSON.parse(app.snapshot), JSON.parse(app.data));
        const next = stepMachine(version.machine, snapshot, request.event);
        const plan = planTransition(this.clock, app, version, next, request, this.emailNotices);
        plan.statements.unshift(...claim);
        return plan;
      },
    );
  }

  /**
   * One change of one application in one transaction: read the row (and the remembered answer of an
   * idempotency key), `precheck` it, run the `before` hook, compute the statements, write them, run
   * `after`. `compute` returning undefined means there is nothing to do. An idempotency key's answer is
   * written with the change.
   */
  async change<R>(
    applicationId: string,
    options: ChangeOptions,
    precheck: (app: ApplicationRow, version: LoadedVersion) => void,
    compute: (app: ApplicationRow, version: LoadedVersion) => ChangePlan<R> | undefined,
  ): Promise<R> {
    const key = options.idempotencyKey;

    if (this.direct && !options.before && !options.after) {
      const direct = this.direct;
      for (;;) {
        const outcome = await direct.transaction((): { replay: R } | { load: string } | { plan?: ChangePlan<R> } => {
          if (key) {
            const remembered = direct.get<{ response: string }>(SELECT_IDEMPOTENT, [key]);
            if (remembered) return { replay: JSON.parse(remembered.response) };
          }
          const row = direct.get<Record<string, unknown>>(SELECT_APPLICATION, [applicationId]);
          if (!row) throw notFound(applicationId);
          const app = toApplicationRecord(row);
          const version = this.versions.cached(app.serviceVersionId);
          if (!version) return { load: app.serviceVersionId }; // compiled outside the lock, then read again
          precheck(app, version);
          if (options.leading) runDirect(direct, options.leading());
          const plan = compute(app, version);
          if (!plan) return {};
          runDirect(direct, this.remember(plan, key, applicationId).statements);
          return { plan };
        });
        if ("load" in outcome) {
          await this.versions.get(outcome.load);
          continue;
        }
        if ("replay" in outcome) return outcome.replay;
        if (outcome.plan?.createdJobs) this.onJobsCreated();
        return outcome.plan?.result as R;
      }
    }

    let createdJobs = false;
    const hooks = Boolean(options.before || options.after);
    const result = await inTransaction(this.database, async (tx, sql) => {
      if (key) {
        const remembered = await sql.get<{ response: string }>(SELECT_IDEMPOTENT, [key]);
        if (remembered) return JSON.parse(remembered.response) as R;
      }
      const row = await sql.get<Record<string, unknown>>(SELECT_APPLICATION, [applicationId]);
      if (!row) throw notFound(applicationId);
      const app = toApplicationRecord(row);
      const version = await versionIn(this.versions, sql, app.serviceVersionId);
      precheck(app, version);
      if (options.leading) await sql.run(options.leading());
      await options.before?.(tx, app, version);
      const plan = compute(app, version);
      if (!plan) return undefined as R;
      await sql.run(this.remember(plan, key, applicationId).statements);
      createdJobs = plan.createdJobs;
      await options.after?.(tx, plan.result as never);
      return plan.result;
    }, hooks);
    if (createdJobs) this.onJobsCreated();
    return result;
  }

  /** An idempotency key's answer is written with the change. */
  private remember<R>(plan: ChangePlan<R>, key: string | undefined, applicationId: string): ChangePlan<R> {
    if (key) plan.statements.push(insertIdempotentAnswer(key, applicationId, JSON.stringify(plan.result), this.clock.now()));
    return plan;
  }
}

const notFound = (applicationId: string) => new RuntimeError("not_found", `No application "${applicationId}"`);

/** sha256 of the canonical JSON of the data (node's native one-shot hash: the same digest as the engine's sha256Hex). */
export function dataHash(data: unknown): string {
  return hash("sha256", canonicalJson(data), "hex");
}

/** The statements that persist a computed snapshot: shared by events and version migrations. */
export function planTransition(
  clock: Clock,
  app: ApplicationRow,
  version: LoadedVersion,
  next: AnyMachineSnapshot,
  request: Pick<TransitionRequest, "actor" | "event" | "detail" | "fromOwnJob">,
  /** Notices are e-mailed too (`Transitions.emailNotices`). */
  emailNotices = false,
): ChangePlan<TransitionResult> {
  const definition = version.compiled.definition;
  const { stored, data } = storeSnapshot(version.machine, next);
  const to = String(next.value);
  const step = definition.steps[to];
  const status = statusOf(step);
  const seq = app.version + 1;
  const now = clock.now();
  const finished = isFinished(status);

  const statements: Statement[] = [
    updateApplication(
      app.id,
      app.version,
      {
        currentStep: to,
        stepEntry: seq,
        snapshot: JSON.stringify(stored),
        data: JSON.stringify(data),
        status,
        version: seq,
        serviceVersionId: version.id,
        updatedAt: now,
        finishedAt: finished ? now : null,
      },
      staleVersion,
    ),
    insertAudit({
      id: newId(),
      applicationId: app.id,
      seq,
      actor: request.actor,
      event: request.event.type,
      fromStep: app.currentStep,
      toStep: to,
      at: now,
      dataHash: dataHash(data),
      detail: request.detail ? JSON.stringify(request.detail) : null,
    }),
  ];

  // Leaving a step: its pending jobs (deadlines, polls) and open officer tasks are void now. A result of the
  // step's own work job needs no clean-up: that job is settled with it and was the step's only one.
  const from = definition.steps[app.currentStep];
  const work = from ? stepModule(from).work : "none";
  if (work === "external" || (work === "own" && !request.fromOwnJob)) statements.push(discardPendingJobs(app.id, now, app.stepEntry));
  if (from?.kind === "review") statements.push(closeOpenTasks(app.id, app.stepEntry));

  // The platform's notice to the applicant (a decision, a payment due, a document…), once, with the change.
  const notice = noticeStatements({
    applicationId: app.id, applicantId: app.applicantId, definition, fromId: app.currentStep, toId: to,
    eventType: request.event.type, eventData: (request.event as { data?: unknown }).data, actor: request.actor, data, seq, now, email: emailNotices,
  });
  if (notice) statements.push(...notice.statements);

  let createdJobs = notice?.createdJobs ?? false;
  if (!finished) {
    const at = { applicationId: app.id, applicantId: app.applicantId, serviceId: app.serviceId, definition, stepId: to, entry: seq, data };
    const { jobs, task } = enterStep(at, clock);
    statements.push(...jobs.map(insertJob));
    createdJobs ||= jobs.length > 0;
    if (task) statements.push(insertOfficerTask(task));
  } else {
    if (definition.limits?.openApplicationsPerApplicant) statements.push(releaseApplicantSlot(app.applicantId, app.serviceId));
    // Ended refused, cancelled or expired: what it paid is refunded (runtime/payments/refunds.ts).
    if (refundsOnEnding(definition, step)) {
      statements.push(...requestRefunds(app.id, now));
      createdJobs = true;
    }
  }
  return { statements, result: { applicationId: app.id, version: seq, from: app.currentStep, step: to, status }, createdJobs };
}
