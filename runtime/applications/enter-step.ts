/**
 * What happens when an application enters a step, written in the same transaction as the transition: the
 * step kind's `enter()` (runtime/steps) gives the jobs (work, deadlines) and officer task; rows are computed
 * here and written by the caller.
 */
import type { Clock } from "../clock";
import { durationMs } from "../duration";
import { newId } from "../ids";
import type { JobKind } from "../jobs/kinds";
import { stepModule } from "../steps";
import type { EnteredStep, EnterContext, JobRow, StepEntry } from "../steps/types";

export type { JobRow, StepEntry } from "../steps/types";
export { paymentAmount, DEFAULT_CALL_TIMEOUT_MS, DEFAULT_MAX_ATTEMPTS } from "../steps/shared";

export function enterStep(at: StepEntry, clock: Clock): EnteredStep {
  const step = at.definition.steps[at.stepId];
  return stepModule(step).enter(step, new Entering(at, clock.now()));
}

/** A class, not closures made per call: entering a step is on every transition's path. */
class Entering implements EnterContext {
  constructor(
    readonly at: StepEntry,
    readonly now: Date,
  ) {}

  job(kind: JobKind, payload: unknown, runAt = this.now, maxAttempts = 1): JobRow {
    const { at, now } = this;
    return {
      id: newId(),
      kind,
      applicationId: at.applicationId,
      step: at.stepId,
      stepEntry: at.entry,
      payload: JSON.stringify(payload),
      runAt,
      maxAttempts,
      status: "pending",
      idempotencyKey: `${at.applicationId}:${at.entry}:${kind}`,
      createdAt: now,
      updatedAt: now,
    };
  }

  deadline(text: string | undefined): JobRow[] {
    return text ? [this.job("deadline", {}, new Date(this.now.getTime() + durationMs(text)))] : [];
  }
}

export const jobsForStep = (at: StepEntry, clock: Clock) => enterStep(at, clock).jobs;
export const officerTaskForStep = (at: StepEntry, clock: Clock) => enterStep(at, clock).task;
