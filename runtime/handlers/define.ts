/** Custom step handlers: TypeScript code a `task` step runs by type and version. */
import type { Clock } from "../clock";
import type { Connectors } from "../connectors/connector";

export interface HandlerLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface StepHandlerContext<Params, Input> {
  /** The step's params, validated against the handler's params schema. */
  params: Params;
  /** The step's input mapping, evaluated over the application's data. */
  input: Input;
  /** The application's data, frozen: a handler reports results through its return value only. */
  application: { id: string; applicantId: string; serviceId: string; step: string; data: Readonly<Record<string, unknown>> };
  connectors: Connectors;
  logger: HandlerLogger;
  signal: AbortSignal;
  clock: Clock;
  /** 1 for the first attempt. */
  attempt: number;
  /** The same for every attempt: pass it on to anything with side effects. */
  idempotencyKey: string;
}

export interface StepHandlerResult {
  outcome: string;
  data?: unknown;
}

export interface StepHandler<Params = Record<string, unknown>, Input = Record<string, unknown>> {
  type: string;
  version: number;
  title: string;
  description?: string;
  /** JSON Schema of the params a step gives. */
  params: Record<string, unknown>;
  /** JSON Schema of the input a step maps (its keys are checked when a definition is validated). */
  input?: Record<string, unknown>;
  /** JSON Schema of the result data of its outcomes (expressions reading the saved result are typed by it). */
  output?: Record<string, unknown>;
  /** Result data per outcome, where it differs from `output`. */
  outputs?: Record<string, Record<string, unknown>>;
  /** Business results; "error" and "timeout" come from failures and need not be listed. */
  outcomes: string[];
  /** A business result is an outcome; a thrown error is a technical failure and is retried. */
  execute(ctx: StepHandlerContext<Params, Input>): Promise<StepHandlerResult> | StepHandlerResult;
}

export function defineStepHandler<Params = Record<string, unknown>, Input = Record<string, unknown>>(handler: StepHandler<Params, Input>): StepHandler<Params, Input> {
  if (!/^[a-z][a-z0-9-]*$/.test(handler.type)) throw new Error(`Handler type "${handler.type}" must be kebab-case`);
  if (!Number.isInteger(handler.version) || handler.version < 1) throw new Error(`Handler "${handler.type}" needs a version >= 1`);
  if (!handler.outcomes.length) throw new Error(`Handler "${handler.type}" declares no outcomes`);
  return Object.freeze(handler);
}
