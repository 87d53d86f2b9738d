/** Which answer groups of a summary form (`summary: true`) get a "Change" link, and where sending it leads. */
import type { ServiceDefinition, Step } from "../../../engine";
import { changeableSteps, isSummaryForm } from "../../../engine/forms/summary";

export interface SummaryView {
  /** The earlier forms answered in this application whose answers may be changed here. */
  changeable: string[];
  /** The next step is a signature: sending the summary goes straight to the signing provider. */
  signsNext: boolean;
}

/** The summary of the form step `stepId`, or undefined when it is not one. */
export function summaryOf(definition: ServiceDefinition, stepId: string, data: Record<string, unknown>): SummaryView | undefined {
  const step = definition.steps[stepId];
  if (!isSummaryForm(step) || step.kind !== "form") return undefined;
  const answered = (id: string) => data[savedName(id, definition.steps[id])] !== undefined;
  return { changeable: changeableSteps(definition, stepId).filter(answered), signsNext: definition.steps[step.next]?.kind === "sign" };
}

export const savedName = (id: string, step: Step) => (step.kind === "form" && step.saveAs) || id;

