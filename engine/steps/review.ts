/** A decision by an officer in the office: the officer's decision (or the deadline) picks the way out. */
import { Type, type Static } from "@sinclair/typebox";
import { reviewResultSchema } from "../definition/applicant";
import { Duration, Outcomes, stepSchema, TextSchema } from "./parts";
import { isRecord, onOutlets, takeReply } from "./shared";
import type { EngineStepModule } from "./types";

export const ReviewStepSchema = stepSchema("review", "A decision by an officer in the office.", {
  role: Type.String({ description: "The officers' role that gets the task, e.g. mvs-officer" }),
  instructions: Type.Optional(TextSchema),
  deadline: Type.Optional(Duration),
  on: Outcomes("The officer's decisions (approve, reject, sendBack…) and timeout mapped to the next step."),
});
export type ReviewStep = Static<typeof ReviewStepSchema>;

const DECISIONS = ["approve", "reject", "sendBack"];

/** The officer who decides in simulations, unless a reply names one. */
export const SIMULATED_OFFICER = "officer-1";

export const reviewStep: EngineStepModule<"review"> = {
  kind: "review",
  schema: ReviewStepSchema,
  palette: { label: { uk: "Розгляд", en: "Officer review" }, symbol: "☑", color: "#00695c", help: { uk: "Рішення посадовця в офісі", en: "An officer decides in the office" }, shape: ["[", "]"] },
  input: "reply",
  builtinOutcomes: [],
  outlets: (id, step, { open } = {}) => onOutlets(id, step.on, open ? [...DECISIONS, ...(step.deadline ? ["timeout"] : [])] : []),
  provides: (id) => id,
  expressionSites: () => [],
  catalogRefs: (id, step) => [{ type: "role", role: step.role, path: ["steps", id, "role"] }],
  durations: (id, step) => [[step.deadline, ["steps", id, "deadline"]]],
  fallible: () => false,
  deadline: (step) => step.deadline,
  result: (step) => ({ suffix: "Decision", schema: reviewResultSchema(Object.keys(step.on).filter((o) => o !== "timeout")) as unknown as Record<string, unknown> }),
  newStep: (catalog) => ({ kind: "review", title: { uk: "Розгляд", en: "Officer review" }, role: Object.keys(catalog?.roles ?? {})[0] ?? "officer", deadline: "P10D" }),
  /** The decision as the office saves it: { decision, reason, officerId, decidedAt }; a deadline saves nothing. */
  simulate(step, { id, input, values }) {
    const reply = takeReply(id, input, step.on);
    if (!("outcome" in reply) || reply.outcome === "timeout") return reply;
    const given = isRecord(reply.data) ? reply.data : {};
    const reason = typeof given.reason === "string" ? given.reason : null;
    const officerId = typeof given.officerId === "string" ? given.officerId : SIMULATED_OFFICER;
    return { outcome: reply.outcome, data: { decision: reply.outcome, reason, officerId, decidedAt: values.now() } };
  },
};
