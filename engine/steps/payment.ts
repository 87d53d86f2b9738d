/** A fee the citizen pays: the provider's answer (paid, failed) or the deadline picks the way out. */
import { Type, type Static } from "@sinclair/typebox";
import { Duration, Expression, Outcomes, stepSchema, TextSchema } from "./parts";
import { onOutlets, takeReply, tryMapping } from "./shared";
import type { EngineStepModule } from "./types";

export const PaymentStepSchema = stepSchema("payment", "A fee the citizen pays.", {
  amount: Type.Union([Type.Number({ minimum: 0 }), Expression], { description: "In the currency's main unit." }),
  currency: Type.Optional(Type.String({ pattern: "^[A-Z]{3}$", default: "UAH" })),
  purpose: TextSchema,
  deadline: Type.Optional(Duration),
  saveAs: Type.Optional(Type.String()),
  on: Outcomes("paid, failed and timeout mapped to the next step."),
});
export type PaymentStep = Static<typeof PaymentStepSchema>;

const PAYMENT_OUTCOMES = ["paid", "failed"];

export const paymentStep: EngineStepModule<"payment"> = {
  kind: "payment",
  schema: PaymentStepSchema,
  palette: { label: { uk: "Оплата", en: "Payment" }, symbol: "₴", color: "#2e7d32", help: { uk: "Громадянин сплачує збір", en: "The citizen pays a fee" }, shape: ["[", "]"] },
  input: "reply",
  builtinOutcomes: [],
  outlets: (id, step, { open } = {}) => onOutlets(id, step.on, open ? [...PAYMENT_OUTCOMES, ...(step.deadline ? ["timeout"] : [])] : []),
  provides: (id, step) => step.saveAs ?? id,
  saveAsPath: ["saveAs"],
  expressionSites: (id, step) => (typeof step.amount === "string" ? [{ path: ["steps", id, "amount"], expr: step.amount, expected: "number" as const }] : []),
  catalogRefs: () => [],
  durations: (id, step) => [[step.deadline, ["steps", id, "deadline"]]],
  fallible: () => false,
  deadline: (step) => step.deadline,
  result: () => ({ suffix: "Payment", schema: { type: "object", additionalProperties: true } }),
  newStep: () => ({ kind: "payment", title: { uk: "Оплата", en: "Payment" }, amount: 0, currency: "UAH", purpose: { uk: "Адміністративний збір", en: "Administrative fee" } }),
  /** The amount is computed as the runtime computes it for the checkout; the provider's callback data is saved as given. */
  simulate(step, { id, data, input }) {
    let amount: unknown = step.amount;
    if (typeof step.amount === "string") {
      const mapped = tryMapping({ amount: step.amount }, data);
      if ("failure" in mapped) return { failure: `Step "${id}": ${mapped.failure}` };
      amount = mapped.value.amount;
    }
    if (typeof amount !== "number" || !(amount >= 0)) return { failure: `Step "${id}": the amount to pay is ${JSON.stringify(amount)}, not a number` };
    return takeReply(id, input, step.on);
  },
};
