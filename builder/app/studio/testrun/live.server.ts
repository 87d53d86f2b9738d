/**
 * The live test run (issue 12, part 5): the draft — as the analyst has it, unpublished — runs in the engine's
 * simulator on the server, and its registry steps call the runtime's real registry connectors (the stand-ins in
 * development), task steps run their registered handlers. Payments and officers stay the analyst's choice.
 * Nothing is written as an application; the X-Road connector stores its call record as for any read.
 *
 * The server keeps no run: each request replays the run from the start with what was given so far (the same
 * seed, so the same data), then calls the registry of the step the run waits at and answers with the reply it
 * got. A registry that is down or slow is that step's error or timeout outcome, never a failed request.
 */
import type { AppLoadContext } from "@remix-run/node";
import {
  compileDefinition,
  evaluateMapping,
  loadDefinition,
  localize,
  parseDuration,
  Simulation,
  stepModule,
  type PlayedStep,
  type Step,
} from "../../../../engine";
import { StudioError } from "../server/errors.server";
import { traceStep, type LiveCall, type TracedStep } from "./trace";

/** A registry call or handler gets at most this long in a test run (the step's own timeout when shorter). */
export const LIVE_CALL_TIMEOUT_MS = 15_000;
const MAX_GIVEN = 500;

/** The staff role that lets an analyst run a test against real registries (a per-account permission). */
export const LIVE_RUN_ROLE = "live-run";

type Env = Record<string, string | undefined>;
const flag = (value: string | undefined) => (value === "1" || value === "true" ? true : value === "0" || value === "false" ? false : undefined);

/** Live runs on this server at all: on by default with the stand-ins, off when REGISTRIES_CONFIG names real ones (STUDIO_LIVE_RUN=1 / 0 decides). */
export function liveRunsEnabled(env: Env = process.env): boolean {
  return flag(env.STUDIO_LIVE_RUN) ?? !env.REGISTRIES_CONFIG;
}

export type LiveRunRefusal = "off" | "real_registries" | "role";
export type LiveRunAccess = { allowed: true; registries: "stand-ins" | "real" } | { allowed: false; reason: LiveRunRefusal };

/**
 * Whether this analyst may run live. Against the stand-ins (no REGISTRIES_CONFIG) any analyst may, unless
 * STUDIO_LIVE_RUN=0. Against real registries a run reads real people's records: the server must allow it
 * (STUDIO_LIVE_RUN=1) and the analyst's account must hold the "live-run" role, which an administrator grants.
 */
export function liveRunAccess(roles: readonly string[], env: Env = process.env): LiveRunAccess {
  if (!liveRunsEnabled(env)) return { allowed: false, reason: env.REGISTRIES_CONFIG && flag(env.STUDIO_LIVE_RUN) === undefined ? "real_registries" : "off" };
  if (!env.REGISTRIES_CONFIG) return { allowed: true, registries: "stand-ins" };
  return roles.includes(LIVE_RUN_ROLE) ? { allowed: true, registries: "real" } : { allowed: false, reason: "role" };
}

/** Catalog keys of the refusals (builder/app/studio/i18n/messages.ts), said in the analyst's language. */
export const LIVE_RUN_REFUSAL_KEYS = { off: "live_refusedOff", real_registries: "live_refusedReal", role: "live_refusedRole" } as const;

export interface LiveRunRequest {
  source: string;
  run: { seed: string; applicationId: string; startedAt: string; applicant?: Record<string, unknown> };
  /** What the run was given so far, in order: a form's answers or a reply, with the step it went to. */
  given: { step: string; input: unknown }[];
}

export interface LiveRunAnswer {
  /** The step that was called and the reply to give it. */
  step: string;
  reply: { outcome: string; data?: unknown };
  call: LiveCall;
  /** The call step as traced (its computed values: the registry input). */
  traced?: TracedStep;
}

export function parseLiveRunRequest(body: Record<string, unknown>): LiveRunRequest {
  const { source, run, given } = body as Partial<LiveRunRequest>;
  if (typeof source !== "string") throw new StudioError("invalid_data", "Send the draft's source");
  if (!run || typeof run !== "object" || typeof run.seed !== "string" || typeof run.applicationId !== "string" || typeof run.startedAt !== "string" || Number.isNaN(Date.parse(run.startedAt))) {
    throw new StudioError("invalid_data", "Send the run's seed, application id and start time");
  }
  if (run.applicant !== undefined && (typeof run.applicant !== "object" || run.applicant === null || Array.isArray(run.applicant))) throw new StudioError("invalid_data", "The applicant must be an object");
  if (!Array.isArray(given) || given.length > MAX_GIVEN || !given.every((g) => g && typeof g === "object" && typeof g.step === "string")) {
    throw new StudioError("invalid_data", "Send what the run was given, step by step");
  }
  return { source, run: { seed: run.seed.slice(0, 100), applicationId: run.applicationId.slice(0, 100), startedAt: run.startedAt, applicant: run.applicant }, given };
}

/** Replays the run and makes the call of the step it waits at. */
export async function liveStep(context: AppLoadContext, draftId: string, request: LiveRunRequest, by: string): Promise<LiveRunAnswer> {
  const { definition } = loadDefinition(request.source, { catalog: context.studio.catalog() });
  if (!definition) throw new StudioError("invalid_definition", "The service has errors (see Problems): fix them to run it");
  const played: PlayedStep[] = [];
  const simulation = new Simulation(compileDefinition(definition), {
    seed: request.run.seed,
    applicationId: request.run.applicationId,
    startedAt: request.run.startedAt,
    applicant: request.run.applicant,
    onStep: (p) => played.push(p),
  });
  try {
    for (const [i, g] of request.given.entries()) {
      const state = simulation.state();
      if (!("needs" in state) || state.step !== g.step) {
        throw new StudioError("invalid_data", `The run does not replay: turn ${i + 1} was given to "${g.step}", but the run is at "${simulation.current}" (restart the run)`);
      }
      simulation.give(g.input);
    }
    const state = simulation.state();
    if ("failed" in state) throw new StudioError("invalid_data", state.failed);
    if (!("needs" in state) || state.needs !== "reply") throw new StudioError("invalid_data", `The run waits at "${simulation.current}", which is not a registry or task step`);
    const id = simulation.current;
    const step = definition.steps[id] as Step;
    const data = simulation.data;
    const call = await callStep(context, draftId, id, step, data, request.run, by);
    const reply = { outcome: call.outcome, ...(call.data !== undefined ? { data: call.data } : {}) };
    const traced = traceStep(definition, { step: id, data, input: reply, result: { outcome: reply.outcome, data: reply.data } });
    traced.live = call;
    return { step: id, reply, call, traced };
  } finally {
    simulation.stop();
  }
}

function timeoutOf(step: { timeout?: string }): number {
  const own = step.timeout ? parseDuration(step.timeout) : undefined;
  return Math.min(own ?? LIVE_CALL_TIMEOUT_MS, LIVE_CALL_TIMEOUT_MS);
}

async function callStep(
  context: AppLoadContext,
  draftId: string,
  id: string,
  step: Step,
  data: Readonly<Record<string, unknown>>,
  run: LiveRunRequest["run"],
  by: string,
): Promise<LiveCall> {
  // A wait step that polls a registry asks it once (the analyst decides when, and answers its deadline).
  const registryCall = step.kind === "registry" ? step : step.kind === "wait" && step.poll ? { ...step.poll, timeout: undefined } : undefined;
  if (!registryCall && step.kind !== "task") throw new StudioError("invalid_data", `Step "${id}" (${stepModule(step).palette.label.en}) is answered by the analyst, not called`);
  const target = registryCall ? `${registryCall.registry}.${registryCall.operation}` : step.kind === "task" ? `${step.handler}@${step.version}` : id;
  let input: Record<string, unknown>;
  try {
    input = evaluateMapping(registryCall ? registryCall.input : step.kind === "task" ? step.input : undefined, data as Record<string, unknown>);
  } catch (error) {
    // As the runtime: an input that cannot be computed is the step's error outcome, without a call.
    return { target, input: {}, outcome: "error", data: { message: (error as Error).message }, durationMs: 0, error: (error as Error).message };
  }
  const timeoutMs = timeoutOf(registryCall ?? (step as { timeout?: string }));
  const controller = new AbortController();
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve("timeout");
    }, timeoutMs);
  });
  const applicantId = typeof run.applicant?.id === "string" ? run.applicant.id : "demo-applicant";
  const work = (async (): Promise<{ outcome: string; data?: unknown }> => {
    if (registryCall) {
      const connector = context.runtime.connectors[registryCall.registry];
      if (!connector) throw new Error(`No connector for registry "${registryCall.registry}" in this runtime`);
      return connector.call(registryCall.operation, input, {
        idempotencyKey: `studio-${draftId}-${run.seed}-${id}-${started}`,
        signal: controller.signal,
        applicationId: `studio-test-run:${draftId}`,
        applicantId,
        purpose: `Studio test run by ${by}: ${localize(registryCall.purpose, "uk") || id}`.slice(0, 500),
        step: id,
      });
    }
    if (step.kind !== "task") throw new Error(`Step "${id}" is not called`);
    const entry = context.runtime.handlers.get(step.handler, step.version);
    if (!entry) throw new Error(`No handler ${step.handler}@${step.version} is registered`);
    const problems = entry.validate(step.params ?? {});
    if (problems.length) throw new Error(`Invalid params for ${step.handler}@${step.version}: ${problems.join("; ")}`);
    return entry.handler.execute({
      params: step.params ?? {},
      input,
      application: { id: run.applicationId, applicantId, serviceId: (data as { application?: { serviceId?: string } }).application?.serviceId ?? "", step: id, data: structuredClone(data) },
      connectors: context.runtime.connectors,
      logger: { info: () => {}, warn: () => {} },
      signal: controller.signal,
      clock: context.runtime.clock,
      attempt: 1,
      idempotencyKey: `studio-${draftId}-${run.seed}-${id}-${started}`,
    });
  })();
  try {
    const result = await Promise.race([work, timeout]);
    const durationMs = Date.now() - started;
    if (result === "timeout") {
      work.catch(() => {}); // the aborted call's rejection is expected
      const message = `No answer from ${target} within ${timeoutMs} ms`;
      return { target, input, outcome: "timeout", data: { message }, durationMs, error: message };
    }
    if (!result || typeof result.outcome !== "string") return { target, input, outcome: "error", data: { message: `${target} returned no outcome` }, durationMs, error: `${target} returned no outcome` };
    return { target, input, outcome: result.outcome, ...(result.data !== undefined ? { data: result.data } : {}), durationMs };
  } catch (error) {
    const message = (error as Error).message || String(error);
    const timedOut = (error as { code?: string }).code === "timeout" || /timed? ?out/i.test(message);
    return { target, input, outcome: timedOut ? "timeout" : "error", data: { message }, durationMs: Date.now() - started, error: message };
  } finally {
    clearTimeout(timer);
  }
}

