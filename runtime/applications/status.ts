import type { Step } from "../../engine";
import { stepModule } from "../steps";

/**
 * draft: waiting for the citizen's answers; processing: the service is working; incident: a step failed with
 * no `error` outcome and an operator must retry, migrate or cancel it; the rest are endings.
 */
export type ApplicationStatus = "draft" | "processing" | "incident" | "done" | "rejected" | "cancelled" | "failed";

export function statusOf(step: Step): ApplicationStatus {
  return stepModule(step).status(step);
}

/** Whether the application takes no more events (ended, or halted as an incident). */
export const isFinished = (status: string) => status !== "draft" && status !== "processing";
/** Whether it has ended for good. */
export const hasEnded = (status: string) => isFinished(status) && status !== "incident";
