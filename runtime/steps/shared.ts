/** Helpers the step modules share: call settings of registry/task/poll jobs, running a call, payment amounts. */
import { evaluate, evaluateMapping, localize, type Step } from "../../engine";
import { durationMs } from "../duration";
import type { JobRecord } from "../jobs/claim";
import { CallTimeout, executeCall, PermanentFailure } from "../jobs/execute";
import type { CallPayload, PollPayload, RegistryPayload } from "../jobs/kinds";
import type { CallResult, ExecuteDeps, ExecuteOutcome, JobApplication } from "./types";

export const DEFAULT_CALL_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_ATTEMPTS = 3;

export function callSettings(
  step: { input?: Record<string, string>; timeout?: string; retry?: { backoff?: "fixed" | "exponential"; interval?: string } },
  data: Record<string, unknown>,
): CallPayload {
  const settings: CallPayload = {
    input: {},
    timeoutMs: step.timeout ? durationMs(step.timeout) : DEFAULT_CALL_TIMEOUT_MS,
    backoff: step.retry?.backoff ?? "exponential",
    intervalMs: step.retry?.interval ? durationMs(step.retry.interval) : 1000,
  };
  try {
    settings.input = evaluateMapping(step.input, data);
  } catch (error) {
    settings.inputError = (error as Error).message;
  }
  return settings;
}

/** The amount a payment step asks for: a number, or an expression over the data. */
export function paymentAmount(step: Extract<Step, { kind: "payment" }>, data: Record<string, unknown>): number | undefined {
  if (typeof step.amount === "number") return step.amount;
  try {
    const value = evaluate(step.amount, data);
    return typeof value === "number" ? value : Number(value);
  } catch {
    return undefined;
  }
}

/**
 * Runs a registry call or handler (`call`) with the job's timeout: a result to feed back, a retry for a
 * transient failure, `outcome.error` at once for a permanent one, another poll while a poll is pending.
 */
export async function runCall(
  job: JobRecord,
  app: JobApplication,
  deps: ExecuteDeps,
  call: (signal: AbortSignal) => Promise<CallResult>,
): Promise<ExecuteOutcome> {
  const payload = JSON.parse(job.payload) as CallPayload;
  if (payload.inputError) return { result: { outcome: "error", data: { message: payload.inputError } } };
  const started = Date.now();
  let result: CallResult;
  try {
    result = await executeCall(call, Math.min(payload.timeoutMs, deps.leaseMs));
  } catch (error) {
    await deps.recordCall(job, app, error instanceof CallTimeout ? "timeout" : "error", Date.now() - started);
    if (error instanceof PermanentFailure) return { result: { outcome: "error", data: { message: error.message } } };
    return { retry: error as Error, timedOut: error instanceof CallTimeout };
  }
  const elapsed = Date.now() - started;
  if (job.kind === "poll" && result.outcome === (payload as PollPayload).pending) {
    await deps.recordCall(job, app, result.outcome, elapsed);
    return { pollAgain: true };
  }
  // A connector that stores its own call records (X-Road) needs no hook: without one, the result is applied
  // on SQLite's direct connection rather than in a Prisma transaction.
  if (job.kind === "task" || deps.connectors[(payload as Partial<RegistryPayload>).registry ?? ""]?.recordsCalls) return { result };
  return { result, before: (tx) => deps.recordCall(job, app, result.outcome, elapsed, tx) };
}

/** A registry operation through its connector (registry steps, and the polls of wait steps). */
export function callRegistry(job: JobRecord, app: JobApplication, deps: ExecuteDeps, signal: AbortSignal): Promise<CallResult> {
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

export const noView = () => ({ fields: {}, actions: [] });
