/**
 * A wait: for an external event (signal), a registry polled every so often, or its deadline: a duration from
 * entry or the instant `until` gives (a booking's start; one already past times out at once). An `until` that
 * fails or gives no date-time is a PermanentFailure at once (the step's `error` outcome, or an incident),
 * never a wait that never ends.
 */
import { untilInstant } from "../../engine/steps/wait";
import { durationMs } from "../duration";
import { PermanentFailure } from "../jobs/execute";
import type { PollPayload, WaitUntilErrorPayload } from "../jobs/kinds";
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
    if (step.until !== undefined) {
      const until = untilInstant(step.until, ctx.at.data);
      if ("failure" in until) {
        const payload: WaitUntilErrorPayload = { untilError: until.failure };
        jobs.push(ctx.job("wait-until-error", payload, ctx.now));
      } else {
        jobs.push(ctx.job("deadline", {}, new Date(Math.max(until.at.getTime(), ctx.now.getTime()))));
      }
    }
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
  async execute(_step, job, app, deps) {
    if (job.kind === "wait-until-error") throw new PermanentFailure(`The wait's ${(JSON.parse(job.payload) as WaitUntilErrorPayload).untilError}`);
    return runCall(job, app, deps, (signal) => callRegistry(job, app, deps, signal));
  },
  view: noView,
  timeline: { arrived: "ev_waiting", left: { text: "ev_wait", when: "moved" } },
};
