import type { Step } from "../../engine";

export type ApplicationStatus = "draft" | "processing" | "done" | "rejected" | "cancelled" | "failed";

const FINAL_STATUS = { approved: "done", rejected: "rejected", cancelled: "cancelled", failed: "failed" } as const;

/** draft: waiting for the citizen's answers; processing: the service is working; the rest are endings. */
export function statusOf(step: Step): ApplicationStatus {
  if (step.kind === "final") return FINAL_STATUS[step.outcome];
  return step.kind === "form" ? "draft" : "processing";
}

export const isFinished = (status: string) => status !== "draft" && status !== "processing";
