/**
 * The applicant invites another party of the application (a partner, a buyer, an owner who consents): a role
 * declared under `parties` (engine/definition/parties.ts). The invitee is named by tax number (`taxId`, a CEL
 * expression over the data: only that person may accept, and they find the invitation in their own list)
 * and/or reached by a one-time link and code the applicant passes on (`link`, on by default). The invitee
 * signs in, sees what is asked and by whom, and accepts (`next`) or declines (`declined`); when the deadline
 * passes first, `expired`. The answer is saved under the step's name: `{ role, status, respondedAt }` and, on
 * accepted, `person` (tax number, names, birth date of who accepted), so later steps can use it
 * (`invitePartner.person.lastName`). The runtime half is runtime/steps/invite.ts.
 *
 * A tax number is the invitee's as the identity provider says when they sign in; whether the person exists in
 * the population register is a registry step before the invite (population.getPerson), as for any other check.
 */
import { Type, type Static } from "@sinclair/typebox";
import { PartyRoleId } from "../definition/parties";
import { Duration, StepId, stepSchema, TextSchema } from "./parts";
import { isRecord, str, tryMapping } from "./shared";
import type { EngineStepModule, Outlet } from "./types";

export const InviteStepSchema = stepSchema("invite", "The applicant invites another party (a role under `parties`), who accepts or declines before a deadline.", {
  role: PartyRoleId,
  taxId: Type.Optional(Type.String({ minLength: 1, description: "The invitee's tax number (RNOKPP): a CEL expression over the data, e.g. answers.partnerTaxId. Only that person may accept." })),
  link: Type.Optional(Type.Boolean({ default: true, description: "Give the applicant a one-time link and code to pass on (default true). Without one, `taxId` is required." })),
  message: Type.Optional(TextSchema),
  deadline: Duration,
  saveAs: Type.Optional(Type.String({ description: "Where the answer goes in the data; defaults to the step id." })),
  next: StepId,
  declined: StepId,
  expired: StepId,
});
export type InviteStep = Static<typeof InviteStepSchema>;

/** Who accepts in a simulation when a scenario's reply names nobody (a demo person of the stand-in population register). */
export const DEMO_PARTY = { taxId: "3131910259", firstName: "Тарас", lastName: "Бондаренко", middleName: "Миколайович", birthDate: "1985-09-30" } as const;

/** The outcomes of an invite; `expired` is its deadline, which the runtime reports as `timeout`. */
export const INVITE_OUTCOMES = ["accepted", "declined", "expired"] as const;

export const inviteStep: EngineStepModule<"invite"> = {
  kind: "invite",
  schema: InviteStepSchema,
  palette: {
    label: { uk: "Запрошення", en: "Invitation" },
    symbol: "⚭",
    color: "#6a1b9a",
    help: { uk: "Запросити іншу сторону заяви (партнера, покупця, власника)", en: "Invite another party (a partner, a buyer, an owner)" },
    shape: ["[", "]"],
  },
  input: "reply",
  builtinOutcomes: [],
  outlets: (id, step) => {
    const outlets: Outlet[] = [
      { outcome: "accepted", label: "accepted", to: str(step.next), path: ["steps", id, "next"], event: "outcome.accepted" },
      { outcome: "declined", label: "declined", to: str(step.declined), path: ["steps", id, "declined"], event: "outcome.declined" },
      // The deadline job reports `timeout` (runtime/jobs/worker.ts), whatever the step calls it.
      { outcome: "expired", label: "expired", to: str(step.expired), path: ["steps", id, "expired"], event: "outcome.timeout" },
    ];
    return outlets;
  },
  provides: (id, step) => step.saveAs ?? id,
  saveAsPath: ["saveAs"],
  expressionSites: (id, step) => (step.taxId ? [{ path: ["steps", id, "taxId"], expr: step.taxId, expected: "string" as const }] : []),
  catalogRefs: () => [],
  durations: (id, step) => [[step.deadline, ["steps", id, "deadline"]]],
  fallible: () => false,
  moreTexts: (id, step) => (step.message !== undefined ? [{ path: ["steps", id, "message"], text: step.message }] : []),
  result: () => ({
    suffix: "Invitation",
    schema: {
      type: "object",
      required: ["role", "status"],
      properties: {
        role: { type: "string" },
        status: { type: "string", enum: ["accepted", "declined", "expired"] },
        respondedAt: { type: ["string", "null"], format: "date-time" },
        person: {
          type: "object",
          description: "Who accepted, as the identity provider says (only on accepted)",
          required: ["taxId", "firstName", "lastName"],
          properties: { taxId: { type: "string" }, firstName: { type: "string" }, lastName: { type: "string" }, middleName: { type: "string" }, birthDate: { type: "string", format: "date" } },
        },
      },
      // Whoever accepted is saved with the acceptance (runtime/parties): on `accepted`, `person` is there.
      anyOf: [{ properties: { status: { const: "accepted" } }, required: ["person"] }, { properties: { status: { enum: ["declined", "expired"] } } }],
      additionalProperties: true,
    },
  }),
  newStep: () => ({ kind: "invite", title: { uk: "Запрошення", en: "Invitation" }, role: "partner", deadline: "P7D" }),
  /** A scenario replies as the party: `accepted` or `declined`, or `expired` for the deadline. */
  simulate(step, { id, data, input, values }) {
    if (step.taxId) {
      const mapped = tryMapping({ taxId: step.taxId }, data);
      if ("failure" in mapped) return { failure: `Step "${id}": ${mapped.failure}` };
      if (typeof mapped.value.taxId !== "string" || !mapped.value.taxId) return { failure: `Step "${id}": the invitee's tax number is ${JSON.stringify(mapped.value.taxId)}, not a text` };
    }
    if (input === undefined) return { needs: "reply" };
    if (!isRecord(input) || typeof input.outcome !== "string") return { failure: `The reply to step "${id}" is not { outcome, data }` };
    const outcome = input.outcome === "timeout" ? "expired" : input.outcome;
    if (!(INVITE_OUTCOMES as readonly string[]).includes(outcome)) return { failure: `Step "${id}" has no outcome "${input.outcome}" (it has: ${INVITE_OUTCOMES.join(", ")})` };
    if (outcome === "expired") return { outcome };
    const answer = { role: step.role, status: outcome, respondedAt: values.now() };
    if (outcome === "declined") return { outcome, data: answer };
    // The runtime saves who accepted; a scenario may name the person (`data.person`), else a demo one.
    const given = isRecord(input.data) && isRecord(input.data.person) ? input.data.person : DEMO_PARTY;
    return { outcome, data: { ...answer, person: given } };
  },
};
