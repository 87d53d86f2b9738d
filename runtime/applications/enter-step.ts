/**
 * What happens when an application enters a step, written in the same transaction as the transition:
 * jobs for work steps and deadlines, officer tasks for reviews (rows computed here, written by the caller).
 */
import { evaluate, evaluateMapping, type ServiceDefinition, type Step } from "../../engine";
import type { Clock } from "../clock";
import { durationMs } from "../duration";
import { newId } from "../ids";
import type { OfficerTaskRow } from "./writes";
import type { CallPayload, DocumentPayload, JobKind, NotificationPayload, PollPayload, RegistryPayload, TaskPayload } from "../jobs/kinds";

export const DEFAULT_CALL_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_ATTEMPTS = 3;

export interface StepEntry {
  applicationId: string;
  applicantId: string;
  serviceId: string;
  definition: ServiceDefinition;
  stepId: string;
  /** The audit seq of this entry: jobs carry it so that a job for an older entry is recognised as stale. */
  entry: number;
  data: Record<string, unknown>;
}

export interface JobRow {
  id: string;
  kind: JobKind;
  applicationId: string;
  step: string;
  stepEntry: number;
  payload: string;
  runAt: Date;
  maxAttempts: number;
  status: "pending";
  idempotencyKey: string;
  createdAt: Date;
  updatedAt: Date;
}

export function jobsForStep(at: StepEntry, clock: Clock): JobRow[] {
  const step = at.definition.steps[at.stepId];
  const now = clock.now();
  const job = (kind: JobKind, payload: unknown, runAt = now, maxAttempts = 1): JobRow => ({
    id: newId(),
    kind,
    applicationId: at.applicationId,
    step: at.stepId,
    stepEntry: at.entry,
    payload: JSON.stringify(payload),
    runAt,
    maxAttempts,
    status: "pending",
    idempotencyKey: `${at.applicationId}:${at.entry}:${kind}`,
    createdAt: now,
    updatedAt: now,
  });
  const deadline = (text: string | undefined) => (text ? [job("deadline", {}, new Date(now.getTime() + durationMs(text)))] : []);

  switch (step.kind) {
    case "registry": {
      const payload: RegistryPayload = { registry: step.registry, operation: step.operation, purpose: step.purpose, ...callSettings(step, at.data) };
      return [job("registry", payload, now, step.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)];
    }
    case "task": {
      const payload: TaskPayload = { handler: step.handler, version: step.version, params: step.params ?? {}, ...callSettings(step, at.data) };
      return [job("task", payload, now, step.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)];
    }
    case "document": {
      const payload: DocumentPayload = { template: step.template, data: {}, validForMs: step.validFor ? durationMs(step.validFor) : undefined };
      try {
        payload.data = evaluateMapping(step.data, at.data);
      } catch (error) {
        payload.dataError = (error as Error).message;
      }
      return [job("document", payload, now, DEFAULT_MAX_ATTEMPTS)];
    }
    case "notification": {
      const payload: NotificationPayload = { message: step.message, channels: step.channels ?? ["inbox"] };
      return [job("notification", payload, now, DEFAULT_MAX_ATTEMPTS)];
    }
    case "review":
    case "payment":
      return deadline(step.deadline);
    case "wait": {
      const jobs = deadline(step.deadline);
      if (step.poll) {
        const { registry, operation, purpose, every, pending } = step.poll;
        const payload: PollPayload = {
          registry,
          operation,
          purpose,
          everyMs: durationMs(every),
          pending: pending ?? "pending",
          ...callSettings({ input: step.poll.input }, at.data),
        };
        jobs.push(job("poll", payload, now, DEFAULT_MAX_ATTEMPTS));
      }
      return jobs;
    }
    default:
      return [];
  }
}

function callSettings(step: { input?: Record<string, string>; timeout?: string; retry?: { backoff?: "fixed" | "exponential"; interval?: string } }, data: Record<string, unknown>): CallPayload {
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

/** What entering the step needs besides jobs: an officer task for a review. */
export function officerTaskForStep(at: StepEntry, clock: Clock): OfficerTaskRow | undefined {
  const step = at.definition.steps[at.stepId];
  if (step.kind !== "review") return undefined;
  const now = clock.now();
  return {
    id: newId(),
    role: step.role,
    applicationId: at.applicationId,
    step: at.stepId,
    stepEntry: at.entry,
    due: step.deadline ? new Date(now.getTime() + durationMs(step.deadline)) : null,
    createdAt: now,
  };
}
