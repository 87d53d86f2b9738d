/**
 * The one way an application changes: in a single transaction, load the row, restore the snapshot,
 * send the event, then write the new snapshot with the version check, the audit event, and whatever
 * entering the new step needs (jobs, officer tasks, the applicant's slot). Nothing half-written.
 */
import type { AnyMachineSnapshot } from "xstate";
import { canonicalJson, sha256Hex, type ServiceEvent } from "../../engine";
import type { Clock } from "../clock";
import type { Db, Tx } from "../db/open";
import { RuntimeError } from "../errors";
import { newId } from "../ids";
import type { LoadedVersion, ServiceVersions } from "../services/versions";
import { createOfficerTask, jobsForStep } from "./enter-step";
import { restoreSnapshot, stepMachine, storeSnapshot } from "./machine-step";
import { isFinished, statusOf } from "./status";

export type ApplicationRow = NonNullable<Awaited<ReturnType<Db["application"]["findUnique"]>>>;

export interface TransitionRequest {
  applicationId: string;
  event: ServiceEvent;
  /** Who caused it: "applicant:<id>", "officer:<id>", "worker:<id>", "system". */
  actor: string;
  expectedVersion?: number;
  /** For results of jobs: apply only while the application is still in this entry of `step`. */
  expectStep?: { step: string; entry: number };
  /** Checks and extra writes inside the same transaction, before the event is applied. */
  before?: (tx: Tx, app: ApplicationRow, version: LoadedVersion) => Promise<void>;
  /** Extra writes in the same transaction, after the event is applied. */
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

/** Thrown when a job's result arrives after the application moved on: the job is discarded. */
export class StaleStepError extends Error {}

export class Transitions {
  constructor(
    private db: Db,
    private versions: ServiceVersions,
    private clock: Clock,
    private onJobsCreated: () => void = () => {},
  ) {}

  notifyJobs(): void {
    this.onJobsCreated();
  }

  async apply(request: TransitionRequest): Promise<TransitionResult> {
    let createdJobs = false;
    const result = await this.db.$transaction(async (tx) => {
      const app = await tx.application.findUnique({ where: { id: request.applicationId } });
      if (!app) throw new RuntimeError("not_found", `No application "${request.applicationId}"`);
      if (request.expectStep && (app.currentStep !== request.expectStep.step || app.stepEntry !== request.expectStep.entry || isFinished(app.status))) {
        throw new StaleStepError(`Application ${app.id} left step "${request.expectStep.step}" (entry ${request.expectStep.entry})`);
      }
      if (request.expectedVersion !== undefined && app.version !== request.expectedVersion) {
        throw new RuntimeError("stale_version", `The application changed meanwhile (version ${app.version}, not ${request.expectedVersion}): reload it and try again`, {
          currentVersion: app.version,
        });
      }
      if (isFinished(app.status)) throw new RuntimeError("event_not_allowed", `The application has ended (${app.status}): it accepts no more events`);
      const version = await this.versions.get(app.serviceVersionId, tx);
      await request.before?.(tx, app, version);
      const snapshot = restoreSnapshot(version.machine, JSON.parse(app.snapshot), JSON.parse(app.data));
      const next = stepMachine(version.machine, snapshot, request.event);
      const written = await writeTransition(tx, this.clock, app, version, next, request);
      createdJobs = written.createdJobs;
      await request.after?.(tx, written.result);
      return written.result;
    });
    if (createdJobs) this.onJobsCreated();
    return result;
  }
}

/** Persists a computed snapshot: shared by events, cancellations and version migrations. */
export async function writeTransition(
  tx: Tx,
  clock: Clock,
  app: ApplicationRow,
  version: LoadedVersion,
  next: AnyMachineSnapshot,
  request: Pick<TransitionRequest, "actor" | "event" | "detail" | "fromOwnJob"> & { statusOverride?: string },
): Promise<{ result: TransitionResult; createdJobs: boolean }> {
  const definition = version.compiled.definition;
  const { stored, data } = storeSnapshot(version.machine, next);
  const to = String(next.value);
  const step = definition.steps[to];
  const status = request.statusOverride ?? statusOf(step);
  const seq = app.version + 1;
  const now = clock.now();
  const finished = isFinished(status);

  const updated = await tx.application.updateMany({
    where: { id: app.id, version: app.version },
    data: {
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
  });
  if (updated.count !== 1) throw new RuntimeError("stale_version", "The application changed meanwhile: reload it and try again");

  await tx.auditEvent.create({
    data: {
      id: newId(),
      applicationId: app.id,
      seq,
      actor: request.actor,
      event: request.event.type,
      fromStep: app.currentStep,
      toStep: to,
      at: now,
      dataHash: sha256Hex(canonicalJson(data)),
      detail: request.detail ? JSON.stringify(request.detail) : null,
    },
  });

  // Leaving a step: its pending jobs (deadlines, polls) and open officer tasks are void now.
  const fromKind = version.compiled.definition.steps[app.currentStep]?.kind;
  const leftWork = fromKind && !["form", "decision", "final"].includes(fromKind);
  if (leftWork && !(request.fromOwnJob && ["registry", "task", "document", "notification"].includes(fromKind))) {
    await tx.job.updateMany({ where: { applicationId: app.id, stepEntry: app.stepEntry, status: "pending" }, data: { status: "discarded", updatedAt: now } });
  }
  if (fromKind === "review") {
    await tx.officerTask.updateMany({ where: { applicationId: app.id, stepEntry: app.stepEntry, status: "open" }, data: { status: "closed" } });
  }

  let createdJobs = false;
  if (!finished) {
    const at = { applicationId: app.id, applicantId: app.applicantId, serviceId: app.serviceId, definition, stepId: to, entry: seq, data };
    const jobs = jobsForStep(at, clock);
    if (jobs.length) {
      await tx.job.createMany({ data: jobs });
      createdJobs = true;
    }
    await createOfficerTask(tx, at, clock);
  } else {
    await releaseSlot(tx, app, definition.limits?.openApplicationsPerApplicant);
  }
  return { result: { applicationId: app.id, version: seq, from: app.currentStep, step: to, status }, createdJobs };
}

export async function releaseSlot(tx: Tx, app: { applicantId: string; serviceId: string }, limit: number | undefined) {
  if (!limit) return;
  await tx.applicantSlot.updateMany({ where: { applicantId: app.applicantId, serviceId: app.serviceId, open: { gt: 0 } }, data: { open: { decrement: 1 } } });
}
