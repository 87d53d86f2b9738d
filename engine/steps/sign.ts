/**
 * The citizen signs the application with a qualified electronic signature (КЕП) through a signing provider
 * modelled on Diia.Signature: what is signed is `content` (a mapping over the application's data; by default
 * the whole data but the application's own metadata) and the SHA-256 of the PDFs the named document steps
 * issued. `signed` takes `next`; `declined` takes `declined` when it is written, and otherwise the
 * application keeps waiting for a signature (the citizen may try again). The runtime half is
 * runtime/steps/sign.ts; docs/signatures.md tells the whole flow.
 */
import { Type, type Static } from "@sinclair/typebox";
import { PartyRoleId } from "../definition/parties";
import { Mapping, StepId, stepSchema } from "./parts";
import { isRecord, mappingSites, str, tryMapping } from "./shared";
import type { EngineStepModule, Outlet } from "./types";

export const SignStepSchema = stepSchema("sign", "The citizen signs the application's data with a qualified electronic signature.", {
  content: Type.Optional(Mapping),
  documents: Type.Optional(
    Type.Array(Type.String({ minLength: 1 }), { description: "saveAs names of document steps whose issued PDF's SHA-256 is signed too." }),
  ),
  saveAs: Type.Optional(Type.String({ description: "Where the signature's summary goes in the data; defaults to the step id." })),
  parties: Type.Optional(
    Type.Array(Type.String({ pattern: PartyRoleId.pattern }), {
      minItems: 1,
      uniqueItems: true,
      description: "Parties (roles under `parties`) who must sign too, besides the applicant: [all] or a list of roles. `signed` once every one has.",
    }),
  ),
  next: StepId,
  declined: Type.Optional(StepId),
});
export type SignStep = Static<typeof SignStepSchema>;

export const SIGN_OUTCOMES = ["signed", "declined"] as const;

export const signStep: EngineStepModule<"sign"> = {
  kind: "sign",
  schema: SignStepSchema,
  palette: { label: { uk: "Підпис", en: "Signature" }, symbol: "✍", color: "#283593", help: { uk: "Громадянин підписує заяву КЕП (Дія.Підпис)", en: "The citizen signs with a qualified signature" }, shape: ["[", "]"] },
  input: "reply",
  builtinOutcomes: [],
  outlets(id, step, { open } = {}) {
    const outlets: Outlet[] = [{ outcome: "signed", label: "signed", to: str(step.next), path: ["steps", id, "next"], event: "outcome.signed" }];
    if (step.declined !== undefined || open) outlets.push({ outcome: "declined", label: "declined", to: str(step.declined), path: ["steps", id, "declined"], event: "outcome.declined" });
    return outlets;
  },
  provides: (id, step) => step.saveAs ?? id,
  saveAsPath: ["saveAs"],
  expressionSites: (id, step) => mappingSites(step.content, ["steps", id, "content"]),
  catalogRefs: () => [],
  durations: () => [],
  fallible: () => false,
  result: () => ({
    suffix: "Signature",
    schema: {
      type: "object",
      properties: {
        status: { type: "string", enum: ["signed", "declined"] },
        signatureId: { type: "string" },
        signedAt: { type: "string", format: "date-time" },
        contentSha256: { type: "string" },
        signer: { type: "object", properties: { name: { type: "string" }, taxId: { type: "string" } } },
        certificate: { type: "object", properties: { serial: { type: "string" }, issuer: { type: "string" } } },
      },
      additionalProperties: true,
    },
  }),
  newStep: () => ({ kind: "sign", title: { uk: "Підписання заяви", en: "Signing the application" } }),
  /** The content is evaluated as the runtime evaluates it for the citizen; the provider's answer is saved as given. */
  simulate(step, { id, data, input }) {
    if (step.content) {
      const mapped = tryMapping(step.content, data);
      if ("failure" in mapped) return { failure: `Step "${id}": ${mapped.failure}` };
    }
    if (input === undefined) return { needs: "reply" };
    if (!isRecord(input) || typeof input.outcome !== "string") return { failure: `The reply to step "${id}" is not { outcome, data }` };
    if (input.outcome === "signed" || (input.outcome === "declined" && step.declined)) {
      return { outcome: input.outcome, ...(input.data !== undefined && { data: input.data }) };
    }
    // Declining without a `declined` way out: the application keeps waiting to be signed.
    if (input.outcome === "declined") return { stays: true };
    return { failure: `Step "${id}" has no outcome "${input.outcome}" (it has: signed${step.declined ? ", declined" : ""})` };
  },
};
