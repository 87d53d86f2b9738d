/** Runs the outside-world part of a job (registry call, handler) with a timeout and an abort signal. */
import { localize } from "../../engine";
import type { Clock } from "../clock";
import type { Connectors } from "../connectors/connector";
import type { HandlerRegistry } from "../handlers/registry";
import type { HandlerLogger } from "../handlers/define";
import type { JobRecord } from "./claim";
import type { PollPayload, RegistryPayload, TaskPayload } from "./kinds";

export interface CallResult {
  outcome: string;
  data?: unknown;
}

export class CallTimeout extends Error {}
/** A failure no retry can fix (unknown registry or handler, invalid params): goes straight to outcome.error. */
export class PermanentFailure extends Error {}

export interface CallDeps {
  connectors: Connectors;
  handlers: HandlerRegistry;
  clock: Clock;
  logger: HandlerLogger;
}

export interface AppView {
  id: string;
  applicantId: string;
  serviceId: string;
  data: Record<string, unknown>;
}

export async function executeCall(job: JobRecord, app: AppView, deps: CallDeps, timeoutMs: number): Promise<CallResult> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new CallTimeout(`No answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([run(job, app, deps, controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function run(job: JobRecord, app: AppView, deps: CallDeps, signal: AbortSignal): Promise<CallResult> {
  if (job.kind === "task") {
    const payload = JSON.parse(job.payload) as TaskPayload;
    const entry = deps.handlers.get(payload.handler, payload.version);
    if (!entry) throw new PermanentFailure(`No handler ${payload.handler}@${payload.version} is registered`);
    const problems = entry.validate(payload.params);
    if (problems.length) throw new PermanentFailure(`Invalid params for ${payload.handler}@${payload.version}: ${problems.join("; ")}`);
    const result = await entry.handler.execute({
      params: payload.params,
      input: payload.input,
      application: { id: app.id, applicantId: app.applicantId, serviceId: app.serviceId, step: job.step, data: deepFreeze(app.data) },
      connectors: deps.connectors,
      logger: deps.logger,
      signal,
      clock: deps.clock,
      attempt: job.attempts,
      idempotencyKey: job.idempotencyKey,
    });
    if (!result || typeof result.outcome !== "string") throw new PermanentFailure(`Handler ${payload.handler} returned no outcome`);
    return result;
  }
  const payload = JSON.parse(job.payload) as RegistryPayload | PollPayload;
  const connector = deps.connectors[payload.registry];
  if (!connector) throw new PermanentFailure(`No connector for registry "${payload.registry}"`);
  return connector.call(payload.operation, payload.input, {
    idempotencyKey: job.idempotencyKey,
    signal,
    applicationId: app.id,
    applicantId: app.applicantId,
    purpose: localize(payload.purpose, "uk") || undefined,
    ...(payload.purpose ? { purposeText: payload.purpose } : {}),
    jobId: job.id,
    attempt: job.attempts,
    step: job.step,
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
