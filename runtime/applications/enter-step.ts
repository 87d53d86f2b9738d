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
  const now = clock.now();
  const job = (kind: JobKind, payload: unknown, runAt = now, maxAttempts = 1): JobRow => ({
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
  });
  const ctx: EnterContext = {
    at,
    now,
    job,
    deadline: (text) => (text ? [job("deadline", {}, new Date(now.getTime() + durationMs(text)))] : []),
  };
  return stepModule(step).enter(step, ctx);
}

export const jobsForStep = (at: StepEntry, clock: Clock) => enterStep(at, clock).jobs;
export const officerTaskForStep = (at: StepEntry, clock: Clock) => enterStep(at, clock).task;
