/** Issues a signed document to the applicant; `issued` takes `next`. */
import { Type, type Static } from "@sinclair/typebox";
import { Duration, Mapping, StepId, stepSchema } from "./parts";
import { mappingSites, nextOutlet, tryMapping } from "./shared";
import type { EngineStepModule } from "./types";

export const DocumentStepSchema = stepSchema("document", "Issues a signed document to the applicant.", {
  template: Type.String(),
  data: Type.Optional(Mapping),
  validFor: Type.Optional(Duration),
  saveAs: Type.Optional(Type.String()),
  next: StepId,
});
export type DocumentStep = Static<typeof DocumentStepSchema>;

export const documentStep: EngineStepModule<"document"> = {
  kind: "document",
  schema: DocumentStepSchema,
  palette: { label: { uk: "Документ", en: "Document" }, symbol: "▤", color: "#1565c0", help: { uk: "Видати підписаний документ", en: "Issue a signed document" }, shape: ["[", "]"] },
  input: "none",
  builtinOutcomes: ["issued"],
  outlets: (id, step) => [nextOutlet(id, step.next, "outcome.issued")],
  provides: (id, step) => step.saveAs ?? id,
  saveAsPath: ["saveAs"],
  expressionSites: (id, step) => mappingSites(step.data, ["steps", id, "data"]),
  catalogRefs: (id, step) => [{ type: "template", template: step.template, path: ["steps", id, "template"] }],
  durations: (id, step) => [[step.validFor, ["steps", id, "validFor"]]],
  fallible: () => false,
  result: (step) => ({
    suffix: "Document",
    schema: {
      type: "object",
      required: ["id", "number", "template", "issuedAt", "data"],
      additionalProperties: true,
      properties: {
        id: { type: "string" },
        number: { type: "string" },
        template: { const: step.template },
        issuedAt: { type: "string", format: "date-time" },
        expiresAt: { type: ["string", "null"], format: "date-time" },
        data: { type: "object", additionalProperties: true },
      },
    },
  }),
  newStep: (catalog) => ({ kind: "document", title: { uk: "Документ", en: "Document" }, template: Object.keys(catalog?.templates ?? {})[0] ?? "certificate" }),
  /** The document as the runtime saves it: { id, number, template, issuedAt, expiresAt, data }. */
  simulate(step, { id, data, values }) {
    const mapped = tryMapping(step.data, data);
    if ("failure" in mapped) return { failure: `Step "${id}": ${mapped.failure}` };
    const document = {
      id: values.id(),
      number: values.number(step.template.slice(0, 3).toUpperCase()),
      template: step.template,
      issuedAt: values.now(),
      expiresAt: values.after(step.validFor),
      data: mapped.value,
    };
    return { outcome: "issued", data: document, saves: { document: step.template } };
  },
};
