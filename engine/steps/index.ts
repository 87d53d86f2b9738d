/**
 * Every step kind's engine module. A `Record<StepKind, …>`: a kind without a module is a compile error, not
 * a silent `default:`. The validator, compiler, path analysis, type generation, simulator and studio read
 * these; runtime/steps/index.ts holds the other half (what a kind does in the runtime).
 */
import type { Step, StepKind } from "../definition/schema";
import { own } from "../own";
import { bookStep, BookStepSchema } from "./book";
import { decisionStep, DecisionStepSchema } from "./decision";
import { documentStep, DocumentStepSchema } from "./document";
import { finalStep, FinalStepSchema } from "./final";
import { formStep, FormStepSchema } from "./form";
import { inviteStep, InviteStepSchema } from "./invite";
import { notificationStep, NotificationStepSchema } from "./notification";
import { paymentStep, PaymentStepSchema } from "./payment";
import { registryStep, RegistryStepSchema } from "./registry";
import { reviewStep, ReviewStepSchema } from "./review";
import { signStep, SignStepSchema } from "./sign";
import { taskStep, TaskStepSchema } from "./task";
import type { EngineStepModule, ExpressionSite, Outlet, OutletOptions } from "./types";
import { waitStep, WaitStepSchema } from "./wait";

/** Each kind's schema (engine/definition/schema.ts makes the definition's steps their union). */
export const stepSchemas = {
  form: FormStepSchema,
  registry: RegistryStepSchema,
  task: TaskStepSchema,
  decision: DecisionStepSchema,
  review: ReviewStepSchema,
  payment: PaymentStepSchema,
  sign: SignStepSchema,
  book: BookStepSchema,
  document: DocumentStepSchema,
  notification: NotificationStepSchema,
  wait: WaitStepSchema,
  invite: InviteStepSchema,
  final: FinalStepSchema,
} as const;

export const engineSteps: { [K in StepKind]: EngineStepModule<K> } = {
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

/** The module of a step kind (own keys only: "toString" is no kind), or undefined for an unknown kind. */
export function kindModule(kind: unknown): EngineStepModule<StepKind> | undefined {
  return typeof kind === "string" ? (own(engineSteps, kind) as EngineStepModule<StepKind> | undefined) : undefined;
}

/** The module of a step, typed for that step (the record's per-kind types do not narrow on a union key). */
export function stepModule(step: Step): EngineStepModule<StepKind> {
  return engineSteps[step.kind] as unknown as EngineStepModule<StepKind>;
}

/** A step's outlets; nothing for a step that is not an object or of no known kind (the schema check reports it). */
export function stepOutlets(id: string, step: unknown, options?: OutletOptions): Outlet[] {
  if (!step || typeof step !== "object") return [];
  const module = kindModule((step as { kind?: unknown }).kind);
  return module ? module.outlets(id, step as never, options) : [];
}

/** Every expression of a step with the type it must have (a step that passed the schema check). */
export function stepExpressionSites(id: string, step: Step): ExpressionSite[] {
  return stepModule(step).expressionSites(id, step);
}

/** Whether a step ends applications (a final step). */
export const isEnding = (step: unknown): boolean => !!kindModule((step as { kind?: unknown } | undefined)?.kind)?.ending;

export type { CatalogRef, DraftOf, EngineStepModule, ExpectedType, ExpressionSite, Outlet, OutletOptions, PaletteEntry, Path, SimulateContext, Simulated, SimulationValues, StepOf } from "./types";
export { branchOutcome } from "./decision";
export { SIMULATED_OFFICER } from "./review";
