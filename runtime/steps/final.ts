/** A final step: the application ends approved, rejected, cancelled or failed. */
import { localize } from "../../engine";
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
  notice: {
    // The end the citizen did not cause (a registry's answer, a rule, a deadline) and no decision told of.
    entered: true,
    facts: (step, ctx) => (ctx.actor.startsWith("applicant:") ? undefined : { kind: "ended", outcome: step.outcome, message: localize(step.message, ctx.lang, ctx.main) }),
  },
};
