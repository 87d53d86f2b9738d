/**
 * Every step kind's runtime module. A `Record<StepKind, …>`: a kind the engine adds without a module here
 * is a compile error, not a silent `default:`.
 */
import type { Step, StepKind } from "../../engine";
import { bookStep } from "./book";
import { decisionStep } from "./decision";
import { documentStep } from "./document";
import { finalStep } from "./final";
import { formStep } from "./form";
import { inviteStep } from "./invite";
import { notificationStep } from "./notification";
import { paymentStep } from "./payment";
import { registryStep } from "./registry";
import { reviewStep } from "./review";
import { signStep } from "./sign";
import { taskStep } from "./task";
import type { RuntimeStepModule } from "./types";
import { waitStep } from "./wait";

export const runtimeSteps: { [K in StepKind]: RuntimeStepModule<K> } = {
  form: formStep,
  registry: registryStep,
  task: taskStep,
  decision: decisionStep,
  review: reviewStep,
  payment: paymentStep,
  sign: signStep,
  book: bookStep,
  document: documentStep,
  notification: notificationStep,
  wait: waitStep,
  invite: inviteStep,
  final: finalStep,
};

/** The module of a step, typed for that step (the record's per-kind types do not narrow on a union key). */
export function stepModule(step: Step): RuntimeStepModule<StepKind> {
  return runtimeSteps[step.kind] as unknown as RuntimeStepModule<StepKind>;
}

export type { RuntimeStepModule, StepView, ViewContext, WaitsFor, TimelineWords, StepEntry, JobRow, EnteredStep, ExecuteOutcome, ExecuteDeps, CallResult } from "./types";
export { paymentAmount, DEFAULT_CALL_TIMEOUT_MS, DEFAULT_MAX_ATTEMPTS } from "./shared";
