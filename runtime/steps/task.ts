/** A task: a step handler (TypeScript, by name and version) run as a job with retries. */
import { PermanentFailure } from "../jobs/execute";
import type { TaskPayload } from "../jobs/kinds";
import { callSettings, DEFAULT_MAX_ATTEMPTS, noView, runCall } from "./shared";
import type { RuntimeStepModule } from "./types";

export const taskStep: RuntimeStepModule<"task"> = {
  kind: "task",
  status: () => "processing",
  work: "own",
  waitsFor: "service",
  citizenCancels: false,
  enter(step, ctx) {
    const payload: TaskPayload = { handler: step.handler, version: step.version, params: step.params ?? {}, ...callSettings(step, ctx.at.data) };
    return { jobs: [ctx.job("task", payload, ctx.now, step.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)] };
  },
  execute(_step, job, app, deps) {
    return runCall(job, app, deps, async (signal) => {
      const payload = JSON.parse(job.payload) as TaskPayload;
      const entry = deps.handlers.get(payload.handler, payload.version);
      if (!entry) throw new PermanentFailure(`No handler ${payload.handler}@${payload.version} is registered`);
      const problems = entry.validate(payload.params);
      if (problems.length) throw new PermanentFailure(`Invalid params for ${payload.handler}@${payload.version}: ${problems.join("; ")}`);
      const result = await entry.handler.execute({
        params: payload.params,
        input: payload.input,
        application: { id: app.id, applicantId: app.applicantId, serviceId: app.serviceId, step: job.step, data: deepFreeze(JSON.parse(app.data)) },
        connectors: deps.connectors,
        logger: deps.logger,
        signal,
        clock: deps.ctx.clock,
        attempt: job.attempts,
        idempotencyKey: job.idempotencyKey,
      });
      if (!result || typeof result.outcome !== "string") throw new PermanentFailure(`Handler ${payload.handler} returned no outcome`);
      return result;
    });
  },
  view: noView,
  timeline: { left: { text: "ev_task", when: "moved" } },
};

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
