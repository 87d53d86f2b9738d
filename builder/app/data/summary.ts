/**
 * A review before sending on the portal: which answer groups of a summary form (`summary: true`) get a
 * "Change" link, and whether sending a review (a summary or a confirmation) goes straight on to the
 * provider's page of the step after it (signing, paying) instead of that step's own page.
 */
import type { ServiceDefinition, Step } from "../../../engine";
import { changeableSteps, isSummaryForm } from "../../../engine/forms/summary";

export interface SummaryView {
  /** The earlier forms answered in this application whose answers may be changed here. */
  changeable: string[];
}

/** The summary of the form step `stepId`, or undefined when it is not one. */
export function summaryOf(definition: ServiceDefinition, stepId: string, data: Record<string, unknown>): SummaryView | undefined {
  if (!isSummaryForm(definition.steps[stepId])) return undefined;
  const answered = (id: string) => data[savedName(id, definition.steps[id])] !== undefined;
  return { changeable: changeableSteps(definition, stepId).filter(answered) };
}

export const savedName = (id: string, step: Step) => (step.kind === "form" && step.saveAs) || id;

/**
 * A review form (a summary, or a confirmation the citizen ticks) followed by a sign or payment step: the
 * citizen has just checked what they send, so sending takes them straight to the signing or payment page.
 * Decisions between them are taken at once and do not count; one that may end the application instead
 * (a check of the answers, as the driving licence's "has the name changed") leaves the way straight: the
 * action goes to the provider only when the application is at that step, else to the application's page.
 */
export function straightTo(definition: ServiceDefinition, stepId: string): "sign" | "payment" | undefined {
  const step = definition.steps[stepId];
  if (step?.kind !== "form" || step.party) return undefined;
  const properties = Object.values((step.schema.properties ?? {}) as Record<string, { type?: unknown; const?: unknown }>);
  const review = step.summary === true || properties.some((field) => field?.type === "boolean" && field.const === true);
  if (!review) return undefined;
  const resting = restingAfter(definition, step.next).filter((id) => definition.steps[id].kind !== "final");
  const next = resting.length === 1 ? definition.steps[resting[0]].kind : undefined;
  return next === "sign" || next === "payment" ? next : undefined;
}

/** The steps the application can rest at after entering `stepId`: through decisions, which never rest. */
function restingAfter(definition: ServiceDefinition, stepId: string, seen = new Set<string>()): string[] {
  const step = definition.steps[stepId];
  if (!step || seen.has(stepId)) return [];
  seen.add(stepId);
  if (step.kind !== "decision") return [stepId];
  return [...step.branches.map((branch) => branch.next), step.otherwise].flatMap((id) => restingAfter(definition, id, seen));
}
