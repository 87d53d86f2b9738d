/** A wait: for an external event (signal), a registry polled every so often, or its deadline. */
import { durationMs } from "../duration";
import type { PollPayload } from "../jobs/kinds";
import { callRegistry, callSettings, DEFAULT_MAX_ATTEMPTS, noView, runCall } from "./shared";
import type { RuntimeStepModule } from "./types";

export const waitStep: RuntimeStepModule<"wait"> = {
  kind: "wait",
  status: () => "processing",
  work: "external",
  waitsFor: "event",
  citizenCancels: true,
  enter(step, ctx) {
    const jobs = ctx.deadline(step.deadline);
    if (step.poll) {
      const { registry, operation, purpose, every, pending } = step.poll;
      const payload: PollPayload = {
        registry,
        operation,
        purpose,
        everyMs: durationMs(every),
        pending: pending ?? "pending",
        ...callSettings({ input: step.poll.input }, ctx.at.data),
      };
      jobs.push(ctx.job("poll", payload, ctx.now, DEFAULT_MAX_ATTEMPTS));
    }
    return { jobs };
  },
  execute: (_step, job, app, deps) => runCall(job, app, deps, (signal) => callRegistry(job, app, deps, signal)),
  view: noView,
  timeline: { arrived: "ev_waiting", left: { text: "ev_wait", when: "moved" } },
};
