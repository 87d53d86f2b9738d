/**
 * The worker: claims due jobs with a lease, runs them, and feeds each result back as an event in one
 * transaction that also marks the job done, conditional on still holding the lease. So a result is
 * applied at most once, and a job whose worker died is taken over when its lease expires.
 */
import { hostname } from "node:os";
import { createHash } from "node:crypto";
import { isFinished } from "../applications/status";
import { readApplication } from "../applications/queries";
import { planTransition, StaleStepError } from "../applications/transition";
import { restoreSnapshot, stepMachine } from "../applications/machine-step";
import { settleLeasedJob, type ApplicationRecord, type Statement } from "../applications/writes";
import type { Connectors } from "../connectors/connector";
import type { RuntimeContext } from "../context";
import { isRuntimeError, type RuntimeError } from "../errors";
import type { HandlerLogger } from "../handlers/define";
import type { HandlerRegistry } from "../handlers/registry";
import { newId } from "../ids";
import { localize, type ServiceEvent } from "../../engine";
import { retryDelay } from "./backoff";
import { claimJobs, type ClaimedJob, type JobRecord } from "./claim";
import { collectingTx, NotCollectable, runAsOne } from "./one-statement";
import { PermanentFailure, type CallResult } from "./execute";
import type { CallPayload, ExpiryPayload, PollPayload, RegistryPayload } from "./kinds";
import { raiseIncident } from "../applications/incidents";
import { stepModule } from "../steps";
import type { ExecuteDeps, ExecuteOutcome } from "../steps/types";
import type { Tx } from "../db/open";
import type { RuntimeDocuments } from "../wiring/documents";
import type { RuntimeNotifications } from "../wiring/notifications";

export interface WorkerOptions {
  id?: string;
  /** Jobs run at once (the pool's slots); a freed slot is filled at once, without waiting for the others. */
  batchSize?: number;
  /** How long a claim holds; a call's timeout is cut to fit in it. */
  leaseMs?: number;
  idleDelayMs?: number;
  logger?: HandlerLogger;
}

/** What the worker issues and sends through, besides registries and handlers (see runtime/wiring). */
export interface WorkerServices {
  /** Document steps of templates with a layout become signed PDFs; without it (or for other templates) data-only rows. */
  documents?: RuntimeDocuments;
  /** Notification steps: the inbox and e-mail; without it, the inbox alone. */
  notifications?: RuntimeNotifications;
  /** The catalog's document templates (when the runtime has a catalog): others without a layout are unknown. */
  catalogTemplates?: () => Record<string, unknown> | undefined;
  /** `refund` jobs of ended applications (runtime/payments/refunds.ts): the job is theirs to settle. */
  refunds?: { run(job: JobRecord, owner: string): Promise<void> };
  /** `notice-email` and `deadline-reminder` jobs (runtime/notifications/notice-jobs.ts); without it they are discarded. */
  notices?: { run(job: JobRecord, owner: string): Promise<void> };
}

class LeaseLost extends Error {}
/** A result the step has no edge for (`error` without an `error` outcome): the application becomes an incident. */
class NoEdge extends Error {}

const quietLogger: HandlerLogger = { info() {}, warn() {} };

export class Worker {
  readonly id: string;
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  /** A wake-up that came while the pump was not waiting. */
  private woken = false;
  private inFlight = new Set<Promise<void>>();
  /** Ids of the jobs this worker is running: never claimed again meanwhile, even when their lease has expired. */
  private runningJobs = new Set<string>();
  private batchSize: number;
  private leaseMs: number;
  private idleDelayMs: number;
  private logger: HandlerLogger;

  constructor(
    private ctx: RuntimeContext,
    private handlers: HandlerRegistry,
    private connectors: Connectors,
    options: WorkerOptions = {},
    private services: WorkerServices = {},
  ) {
    this.id = options.id ?? `${hostname()}:${process.pid}:${newId().slice(0, 8)}`;
    this.batchSize = options.batchSize ?? 8;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.idleDelayMs = options.idleDelayMs ?? 200;
    this.logger = options.logger ?? quietLogger;
  }

  /**
   * Runs jobs continuously as a pool of `batchSize` slots: whenever a slot frees, more due jobs are claimed,
   * so one slow registry call holds up only its own slot, never the jobs claimed with it.
   */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.pump();
  }

  private async pump(): Promise<void> {
    while (this.running) {
      const free = this.batchSize - this.inFlight.size;
      let claimed = 0;
      if (free > 0) {
        try {
          const jobs = await claimJobs(this.ctx.database, this.id, this.ctx.clock.now(), this.leaseMs, free, [...this.runningJobs]);
          for (const job of jobs) this.runInSlot(job);
          claimed = jobs.length;
        } catch (error) {
          this.logger.warn("worker round failed", { error: (error as Error).message });
        }
      }
      // Fewer due jobs than free slots, or no free slot: wait for a new job, a freed slot or the next poll.
      if (this.running && (free === 0 || claimed < free)) await this.idle();
    }
    await Promise.all(this.inFlight);
  }

  private runInSlot(job: ClaimedJob): void {
    const running = this.process(job)
      .catch((error) => this.logger.warn("job failed unexpectedly", { job: job.id, error: (error as Error).message }))
      .finally(() => {
        this.inFlight.delete(running);
        this.wake();
      });
    this.inFlight.add(running);
  }

  private idle(): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.idleDelayMs);
      this.wakeUp = done;
    });
  }

  /** Called after a transaction created jobs (and when a slot frees), so the worker does not wait for its next poll. */
  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.woken = true; // the pump is busy claiming: it looks again before waiting
  }

  /** Stops claiming and waits for the jobs in flight to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** Claims one batch of due jobs and runs them all; returns how many were claimed. For tests and simulated time. */
  async runOnce(): Promise<number> {
    const jobs = await claimJobs(this.ctx.database, this.id, this.ctx.clock.now(), this.leaseMs, this.batchSize, [...this.runningJobs]);
    await Promise.all(jobs.map((job) => this.process(job)));
    return jobs.length;
  }

  /** Runs jobs until none is due (at the clock's current time). For tests and simulated time. */
  async runUntilIdle(maxRounds = 10_000): Promise<number> {
    let total = 0;
    for (let round = 0; round < maxRounds; round++) {
      const count = await this.runOnce();
      if (count === 0) return total;
      total += count;
    }
    throw new Error(`Jobs still due after ${maxRounds} rounds`);
  }

  private async process(job: ClaimedJob): Promise<void> {
    this.runningJobs.add(job.id);
    try {
      await this.processOrFail(job);
    } finally {
      this.runningJobs.delete(job.id);
    }
  }

  private async processOrFail(job: ClaimedJob): Promise<void> {
    try {
      await this.processUnsafe(job);
    } catch (error) {
      if (error instanceof LeaseLost) return; // another worker owns the job now
      try {
        // No edge for the result, or a condition of the service that throws: a retry gives the same.
        if (error instanceof NoEdge || isRuntimeError(error, "internal")) throw error;
        if (error instanceof PermanentFailure) {
          // Nothing a retry can fix (a document's data lacks a required field): the step's error edge, or an incident.
          this.logger.warn("job failed permanently", { job: job.id, error: error.message });
          await this.applyResult(job, { outcome: "error", data: { message: error.message } });
          return;
        }
        this.logger.warn("job failed unexpectedly", { job: job.id, error: (error as Error).message });
        await this.retryOrFail(job, error as Error, false);
      } catch (failure) {
        await this.incident(job, failure as Error).catch((last) => this.logger.warn("incident not recorded", { job: job.id, error: (last as Error).message }));
      }
    }
  }

  /**
   * A failure with nowhere to go (no edge for its outcome, a condition that throws, entering the next step
   * failing): the application becomes an incident, and the job fails visibly.
   */
  private async incident(job: JobRecord, error: Error): Promise<void> {
    if (error instanceof LeaseLost) return;
    this.logger.warn("application becomes an incident", { job: job.id, application: job.applicationId, error: error.message });
    await raiseIncident(this.ctx, { applicationId: job.applicationId, step: job.step, stepEntry: job.stepEntry, error: error.message, actor: `worker:${this.id}` });
    await this.settleAlone(job, "failed", error.message);
  }

  private async processUnsafe(job: ClaimedJob): Promise<void> {
    const db = this.ctx.database.prisma;
    if (job.kind === "refund" && this.services.refunds) return this.services.refunds.run(job, this.id);
    if (job.kind === "notice-email" || job.kind === "deadline-reminder") return this.services.notices ? this.services.notices.run(job, this.id) : this.settleAlone(job, "discarded");
    if (job.kind === "document-expiry") {
      const { documentId } = JSON.parse(job.payload) as ExpiryPayload;
      await db.$transaction(async (tx) => {
        await this.settle(tx, job, "done");
        await tx.document.updateMany({ where: { id: documentId, status: "valid" }, data: { status: "expired" } });
      });
      return;
    }
    // Read with the claim on PostgreSQL; the result's write re-checks the version, so this row may be a little old.
    const app = job.application !== undefined ? job.application : await readApplication(this.ctx, job.applicationId);
    if (!app || app.stepEntry !== job.stepEntry || app.currentStep !== job.step || isFinished(app.status)) {
      await this.settleAlone(job, "discarded");
      return;
    }

    let outcome: ExecuteOutcome;
    if (job.kind === "deadline") outcome = { result: { outcome: "timeout" } };
    else {
      // The step's own module runs the job (runtime/steps/<kind>.ts).
      const version = await this.ctx.versions.get(app.serviceVersionId);
      const step = version.compiled.definition.steps[job.step];
      const module = step ? stepModule(step) : undefined;
      if (!step || !module?.execute) throw new PermanentFailure(`Step "${job.step}" (${step?.kind ?? "unknown"}) runs no ${job.kind} job`);
      outcome = await module.execute(step, job, app, this.executeDeps(version));
    }
    if ("retry" in outcome) return this.retryOrFail(job, outcome.retry, outcome.timedOut);
    if ("pollAgain" in outcome) return this.pollAgain(job);
    if ("nothing" in outcome) return this.settleAlone(job, "done");
    await this.applyResult(job, outcome.result, outcome.before);
  }

  private executeDeps(version: ExecuteDeps["version"]): ExecuteDeps {
    return {
      ctx: this.ctx,
      version,
      connectors: this.connectors,
      handlers: this.handlers,
      logger: this.logger,
      leaseMs: this.leaseMs,
      documents: this.services.documents,
      notifications: this.services.notifications,
      catalogTemplates: this.services.catalogTemplates,
      recordCall: (job, app, status, durationMs, tx) => this.recordCall(job, app, status, durationMs, tx),
      expiryJob: (tx, job, applicationId, documentId, expiresAt) => this.expiryJob(tx, job, applicationId, documentId, expiresAt),
    };
  }

  /** Feeds a result back: job settled + registry record + event, in one transaction. */
  private async applyResult(job: ClaimedJob, result: CallResult, extra?: (tx: Tx) => Promise<void>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        // First try: one statement from the application read with the claim; a stale version re-reads below.
        if (attempt === 0 && job.application && this.ctx.database.postgres && (await this.applyAsOneStatement(job, job.application, result, extra))) return;
        await this.ctx.transitions.apply({
          applicationId: job.applicationId,
          event: { type: `outcome.${result.outcome}`, data: result.data },
          actor: `worker:${this.id}`,
          expectStep: { step: job.step, entry: job.stepEntry },
          fromOwnJob: job.kind !== "deadline" && job.kind !== "poll",
          detail: { job: job.id, kind: job.kind, attempt: job.attempts },
          settleJob: { id: job.id, owner: this.id, result: JSON.stringify(result), lost: () => new LeaseLost() },
          before: extra,
        });
        return;
      } catch (error) {
        if (error instanceof StaleStepError) return this.settleAlone(job, "discarded");
        if (isRuntimeError(error, "stale_version") && attempt < 5) continue; // another change won the race: re-read
        if (isRuntimeError(error, "event_not_allowed")) {
          // The step has no edge for this outcome: nothing to retry; the caller makes it an incident.
          const reported = (result.data as { message?: unknown } | undefined)?.message;
          throw new NoEdge(`${typeof reported === "string" ? `${reported} — ` : ""}${(error as RuntimeError).message}`);
        }
        throw error; // a condition that throws (internal) ends as an incident in process()
      }
    }
  }

  /**
   * PostgreSQL: the same change as `transitions.apply` (settle the leased job, the event, the hook's rows),
   * computed from the row read with the claim and written in one statement (one-statement.ts). False when
   * the hook writes something that cannot be collected: nothing was written, the caller takes the usual path.
   */
  private async applyAsOneStatement(job: ClaimedJob, app: ApplicationRecord, result: CallResult, extra?: (tx: Tx) => Promise<void>): Promise<boolean> {
    const now = this.ctx.clock.now();
    const statements: Statement[] = [settleLeasedJob({ id: job.id, owner: this.id, result: JSON.stringify(result) }, now, () => new LeaseLost())];
    try {
      await extra?.(collectingTx(statements));
    } catch (error) {
      if (error instanceof NotCollectable) return false;
      throw error;
    }
    const version = await this.ctx.versions.get(app.serviceVersionId);
    const event: ServiceEvent = { type: `outcome.${result.outcome}`, data: result.data };
    const next = stepMachine(version.machine, restoreSnapshot(version.machine, JSON.parse(app.snapshot), JSON.parse(app.data)), event);
    const plan = planTransition(this.ctx.clock, app, version, next, {
      actor: `worker:${this.id}`,
      event,
      detail: { job: job.id, kind: job.kind, attempt: job.attempts },
      fromOwnJob: job.kind !== "deadline" && job.kind !== "poll",
    }, this.ctx.transitions.emailNotices);
    statements.push(...plan.statements);
    await runAsOne(this.ctx.database.postgres!.pool, statements);
    if (plan.createdJobs) this.ctx.transitions.notifyJobs();
    return true;
  }

  private async retryOrFail(job: JobRecord, error: Error, timedOut: boolean): Promise<void> {
    const payload = JSON.parse(job.payload) as Partial<CallPayload>;
    if (job.attempts < job.maxAttempts) {
      const delay = retryDelay(job.attempts, payload.intervalMs ?? 1000, payload.backoff ?? "exponential");
      const now = this.ctx.clock.now();
      const updated = await this.ctx.database.prisma.job.updateMany({
        where: { id: job.id, leaseOwner: this.id, status: "running" },
        data: { status: "pending", runAt: new Date(now.getTime() + delay), leaseOwner: null, leaseUntil: null, lastError: error.message, updatedAt: now },
      });
      if (updated.count !== 1) throw new LeaseLost();
      return;
    }
    // Exhausted: the step's error outcome (or timeout, when the last failure was one and the step has that
    // edge). A poll's `timeout` edge is its wait's deadline, not a slow registry: a poll gets `error`.
    const outcome = timedOut && job.kind !== "poll" ? "timeout" : "error";
    await this.applyResult(job, { outcome, data: { message: error.message, attempts: job.attempts } }).catch(async (failure) => {
      if (timedOut && failure instanceof NoEdge) return this.applyResult(job, { outcome: "error", data: { message: error.message } });
      throw failure;
    });
  }

  private async pollAgain(job: JobRecord): Promise<void> {
    const payload = JSON.parse(job.payload) as PollPayload;
    const now = this.ctx.clock.now();
    const updated = await this.ctx.database.prisma.job.updateMany({
      where: { id: job.id, leaseOwner: this.id, status: "running" },
      data: { status: "pending", attempts: 0, runAt: new Date(now.getTime() + payload.everyMs), leaseOwner: null, leaseUntil: null, updatedAt: now },
    });
    if (updated.count !== 1) throw new LeaseLost();
  }

  private async settle(tx: Tx, job: JobRecord, status: string, result?: string, lastError?: string): Promise<void> {
    const updated = await tx.job.updateMany({
      where: { id: job.id, leaseOwner: this.id, status: "running" },
      data: { status, result, lastError, leaseUntil: null, updatedAt: this.ctx.clock.now() },
    });
    if (updated.count !== 1) throw new LeaseLost();
  }

  private async settleAlone(job: JobRecord, status: string, lastError?: string): Promise<void> {
    await this.ctx.database.prisma.$transaction((tx) => this.settle(tx, job, status, undefined, lastError)).catch((error) => {
      if (!(error instanceof LeaseLost)) throw error;
    });
  }

  /**
   * The call record of a connector that keeps none itself (test doubles, custom connectors): the X-Road
   * connector stores its own, with the security server's evidence, for every attempt.
   */
  private async recordCall(job: JobRecord, app: { id: string; applicantId: string }, status: string, durationMs: number, tx: Tx = this.ctx.database.prisma) {
    if (job.kind === "task") return;
    const payload = JSON.parse(job.payload) as RegistryPayload;
    if (this.connectors[payload.registry]?.recordsCalls) return;
    await tx.registryCall.create({
      data: {
        id: newId(),
        registry: payload.registry,
        operation: payload.operation,
        purpose: localize(payload.purpose, "uk") || null,
        purposeText: payload.purpose ? JSON.stringify(payload.purpose) : null,
        applicantId: app.applicantId,
        applicationId: app.id,
        step: job.step,
        jobId: job.id,
        attempt: job.attempts,
        status,
        durationMs: Math.round(durationMs),
        requestHash: createHash("sha256").update(JSON.stringify(payload.input)).digest("hex"),
        transport: "connector",
        at: this.ctx.clock.now(),
      },
    });
  }

  /** A job that marks the document expired in the register when its validity ends. */
  private async expiryJob(tx: Tx, job: JobRecord, applicationId: string, documentId: string, expiresAt: Date): Promise<void> {
    const now = this.ctx.clock.now();
    await tx.job.create({
      data: {
        id: newId(), kind: "document-expiry", applicationId, step: job.step, stepEntry: job.stepEntry, payload: JSON.stringify({ documentId }),
        runAt: expiresAt, maxAttempts: 3, status: "pending", idempotencyKey: `expire:${documentId}`, createdAt: now, updatedAt: now,
      },
    });
  }
}
