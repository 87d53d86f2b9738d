/** A review: an officer task for the step's role (and its deadline job); the officer's decision moves it. */
import { localize } from "../../engine";
import { durationMs } from "../duration";
import { newId } from "../ids";
import type { RuntimeStepModule } from "./types";

export const reviewStep: RuntimeStepModule<"review"> = {
  kind: "review",
  status: () => "processing",
  work: "external",
  waitsFor: "officer",
  citizenCancels: true,
  enter(step, ctx) {
    const { at, now } = ctx;
    const task = {
      id: newId(),
      role: step.role,
      applicationId: at.applicationId,
      step: at.stepId,
      stepEntry: at.entry,
      due: step.deadline ? new Date(now.getTime() + durationMs(step.deadline)) : null,
      createdAt: now,
    };
    return { jobs: ctx.deadline(step.deadline), task };
  },
  view(step, ctx) {
    const review = { role: step.role, instructions: localize(step.instructions, ctx.lang, ctx.main), taskId: ctx.tasks[0]?.id, due: ctx.tasks[0]?.due };
    const decides = ctx.viewer.kind === "officer" && ctx.viewer.roles?.includes(step.role);
    return { fields: { review }, actions: decides ? Object.keys(step.on).filter((o) => o !== "timeout").map((o) => `decide.${o}`) : [] };
  },
  timeline: { arrived: "ev_review" },
  notice: {
    left: ["approve", "reject", "sendBack"],
    facts(_step, ctx) {
      if (!ctx.actor.startsWith("officer:")) return undefined;
      const reason = reasonOf(ctx.event);
      if (ctx.outcome === "sendBack") return { kind: "sendBack", reason };
      return { kind: "decision", decision: ctx.outcome === "approve" ? "approved" : "refused", reason };
    },
  },
};

/** An officer's reason as the decision's event carries it. */
function reasonOf(event: unknown): string | undefined {
  const reason = (event as { reason?: unknown } | null | undefined)?.reason;
  return typeof reason === "string" && reason.trim() ? reason.trim() : undefined;
}
