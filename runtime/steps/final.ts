/** A final step: the application ends approved, rejected, cancelled or failed. */
import type { RuntimeStepModule } from "./types";

const FINAL_STATUS = { approved: "done", rejected: "rejected", cancelled: "cancelled", failed: "failed" } as const;

export const finalStep: RuntimeStepModule<"final"> = {
  kind: "final",
  status: (step) => FINAL_STATUS[step.outcome],
  work: "none",
  waitsFor: "nobody",
  citizenCancels: false,
  enter: () => ({ jobs: [] }),
  view: (step) => ({ fields: { outcome: step.outcome }, actions: [] }),
  timeline: {},
};
