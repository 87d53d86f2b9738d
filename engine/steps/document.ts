/**
 * Issues a signed document to the applicant, or one to each of `holders` (the applicant and/or party roles:
 * both partners get a marriage extract); `issued` takes `next`.
 */
import { Type, type Static } from "@sinclair/typebox";
import { APPLICANT_ROLE, PartyRoleId } from "../definition/parties";
import { Duration, Mapping, StepId, stepSchema } from "./parts";
import { mappingSites, nextOutlet, tryMapping } from "./shared";
import type { EngineStepModule } from "./types";

export const DocumentStepSchema = stepSchema("document", "Issues a signed document to the applicant.", {
  template: Type.String(),
  data: Type.Optional(Mapping),
  validFor: Type.Optional(Duration),
  saveAs: Type.Optional(Type.String()),
  holders: Type.Optional(
    Type.Array(Type.String({ pattern: PartyRoleId.pattern }), {
      minItems: 1,
      uniqueItems: true,
      description: "Who gets the document, each their own copy with its own number: applicant and/or party roles declared under `parties`. Defaults to [applicant].",
    }),
  ),
  next: StepId,
});
export type DocumentStep = Static<typeof DocumentStepSchema>;

/** The roles a document step issues to, in order: `[applicant]` unless the step names `holders`. */
export function documentHolders(step: Pick<DocumentStep, "holders">): string[] {
  return step.holders?.length ? step.holders : [APPLICANT_ROLE];
}

/**
 * The document in the step's result: the applicant's when they are a holder (as before holders existed), else
 * the first holder's.
 */
export function primaryHolder(holders: string[]): string {
  return holders.includes(APPLICANT_ROLE) ? APPLICANT_ROLE : holders[0];
}

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
        ...(step.holders
          ? {
              issued: {
                type: "array",
                description: "Every document issued, one per holder, in the order of `holders`.",
                items: {
                  type: "object",
                  required: ["role", "id", "number"],
                  properties: { role: { type: "string" }, id: { type: "string" }, number: { type: "string" } },
                },
              },
            }
          : {}),
      },
    },
  }),
  newStep: (catalog) => ({ kind: "document", title: { uk: "Документ", en: "Document" }, template: Object.keys(catalog?.templates ?? {})[0] ?? "certificate" }),
  /**
   * The document as the runtime saves it: { id, number, template, issuedAt, expiresAt, data }, with
   * `issued: [{ role, id, number }]` when the step names holders.
   */
  simulate(step, { id, data, values }) {
    const mapped = tryMapping(step.data, data);
    if ("failure" in mapped) return { failure: `Step "${id}": ${mapped.failure}` };
    const holders = documentHolders(step);
    const issued = holders.map((role) => ({ role, id: values.id(), number: values.number(step.template.slice(0, 3).toUpperCase()) }));
    const primary = issued[holders.indexOf(primaryHolder(holders))];
    const document = {
      id: primary.id,
      number: primary.number,
      template: step.template,
      issuedAt: values.now(),
      expiresAt: values.after(step.validFor),
      data: mapped.value,
      ...(step.holders ? { issued } : {}),
    };
    return { outcome: "issued", data: document, saves: { document: step.template } };
  },
};
