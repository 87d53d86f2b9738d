/** A registry call: one job, retried with backoff; its answer (found, notFound, error…) moves the application. */
import type { RegistryPayload } from "../jobs/kinds";
import { callRegistry, callSettings, DEFAULT_MAX_ATTEMPTS, noView, runCall } from "./shared";
import type { RuntimeStepModule } from "./types";

export const registryStep: RuntimeStepModule<"registry"> = {
  kind: "registry",
  status: () => "processing",
  work: "own",
  waitsFor: "service",
  citizenCancels: false,
  enter(step, ctx) {
    const payload: RegistryPayload = { registry: step.registry, operation: step.operation, purpose: step.purpose, ...callSettings(step, ctx.at.data) };
    return { jobs: [ctx.job("registry", payload, ctx.now, step.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)] };
  },
  execute: (_step, job, app, deps) => runCall(job, app, deps, (signal) => callRegistry(job, app, deps, signal)),
  view: noView,
  timeline: { left: { text: "ev_registry", when: "moved" } },
};
