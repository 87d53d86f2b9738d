/** A form the citizen fills: its answers are saved under the step's name, then `next`. */
import { Type, type Static } from "@sinclair/typebox";
import { PartyRoleId } from "../definition/parties";
import { localizeSchema, schemaTexts } from "../definition/text";
import { validateAnswers } from "../forms/answers";
import { Expression, StepId, stepSchema } from "./parts";
import { isRecord, mappingSites, nextOutlet, tryMapping } from "./shared";
import type { EngineStepModule } from "./types";

export const FormStepSchema = stepSchema("form", "A form the citizen fills.", {
  schema: Type.Unsafe<{ type: "object"; [keyword: string]: unknown }>(
    Type.Object(
      { type: Type.Literal("object") },
      { additionalProperties: true, description: "JSON Schema 2020-12 of the answers; title/description may be per-language texts." },
    ),
  ),
  uiSchema: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "rjsf uiSchema" })),
  prefill: Type.Optional(Type.Record(Type.String(), Expression, { description: "Field → expression giving its initial value." })),
  saveAs: Type.Optional(Type.String({ description: "Where the answers go in the data; defaults to the step id." })),
  party: Type.Optional(Type.String({ pattern: PartyRoleId.pattern, description: "A party role (under `parties`) who fills this form instead of the applicant; the applicant waits." })),
  summary: Type.Optional(
    Type.Boolean({
      description:
        "The review before sending: the portal shows the answers of the earlier forms grouped by step, each with a Change link; a change is checked against that form and saved while the application stays here (only forms whose answers no step in between reads).",
    }),
  ),
  next: StepId,
});
export type FormStep = Static<typeof FormStepSchema>;

export const formStep: EngineStepModule<"form"> = {
  kind: "form",
  schema: FormStepSchema,
  palette: { label: { uk: "Форма", en: "Form" }, symbol: "✎", color: "#0b57d0", help: { uk: "Форма, яку заповнює громадянин", en: "A form the citizen fills" }, shape: ["[/", "/]"] },
  input: "answers",
  builtinOutcomes: [],
  outlets: (id, step) => [nextOutlet(id, step.next, "submit")],
  provides: (id, step) => step.saveAs ?? id,
  saveAsPath: ["saveAs"],
  expressionSites: (id, step) => mappingSites(step.prefill, ["steps", id, "prefill"]),
  catalogRefs: () => [],
  durations: () => [],
  fallible: () => false,
  moreTexts: (id, step) => schemaTexts(step.schema).map(({ path, text }) => ({ path: ["steps", id, "schema", ...path], text })),
  result: (step, { language, main }) => ({ suffix: "Answers", schema: localizeSchema(step.schema, language, main) as Record<string, unknown> }),
  newStep: () => ({ kind: "form", title: { uk: "Форма", en: "Form" }, schema: { type: "object", required: [], properties: {} } }),
  simulate(step, { id, data, input, language }) {
    const prefill = tryMapping(step.prefill, data); // evaluated when the form is shown: a failure shows here
    if ("failure" in prefill) return { failure: `Step "${id}": ${prefill.failure}` };
    if (input === undefined) return { needs: "answers" };
    if (!isRecord(input)) return { failure: `The answers for "${id}" are not a map of fields` };
    const errors = validateAnswers(step, input, language);
    if (errors.length) return { failure: `Answers for "${id}" are invalid: ${errors.map((e) => `${e.field.join(".") || "(form)"}: ${e.message}`).join("; ")}` };
    return { outcome: "next", data: input };
  },
};
