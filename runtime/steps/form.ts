/** A form: the citizen answers (submit), or the party the step is addressed to (`party`); nothing runs meanwhile. */
import { evaluate, localizeSchema } from "../../engine";
import type { RuntimeStepModule } from "./types";

export const formStep: RuntimeStepModule<"form"> = {
  kind: "form",
  status: () => "draft",
  work: "none",
  waitsFor: "citizen",
  citizenCancels: true,
  enter: () => ({ jobs: [] }),
  view(step, ctx) {
    const form = { schema: localizeSchema(step.schema, ctx.lang, ctx.main), uiSchema: step.uiSchema ?? {}, prefill: prefill(step.prefill, ctx.data, step.saveAs ?? ctx.stepId) };
    // Only whoever the form is addressed to answers it: the applicant, or the party in its role.
    const answers = ctx.viewer.kind !== "officer" && (ctx.viewer.party ?? null) === (step.party ?? null);
    // A summary (`summary: true`) also takes changes of earlier answers: runtime.changeAnswers.
    return { fields: { form, ...(step.party ? { party: step.party } : {}), ...(step.summary ? { summary: true } : {}) }, actions: answers ? ["submit"] : [] };
  },
  timeline: { arrived: "ev_form" },
};

/** Initial values of a form: its prefill mapping, then answers already given (after a send-back). */
function prefill(mapping: Record<string, string> | undefined, data: Record<string, unknown>, savedAs: string): Record<string, unknown> {
  // Field by field: one that cannot be evaluated yet stays empty for the citizen to type, the others are
  // still offered. Nulls (a registry's unknown parts) are left out, or the offered answers would not pass
  // the form's own schema.
  const values: Record<string, unknown> = {};
  for (const [field, source] of Object.entries(mapping ?? {})) {
    try {
      const value = evaluate(source, data);
      if (value !== null && value !== undefined) values[field] = withoutNulls(value);
    } catch {
      // left empty
    }
  }
  const earlier = data[savedAs];
  return earlier && typeof earlier === "object" ? { ...values, ...(earlier as Record<string, unknown>) } : values;
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, withoutNulls(v)]));
  }
  return value;
}
