import { defineStepHandler } from "./define";

interface Params {
  fees: Record<string, number>;
  default?: number;
}

/** The fee for a case from a table given as params: input `case` picks the row; 0 means free. */
export const feeCalculation = defineStepHandler<Params, { case?: unknown }>({
  type: "fee-calculation",
  version: 1,
  title: "Fee calculation",
  description: "Looks up the fee for a case in a table of fees given as parameters.",
  outcomes: ["calculated", "free"],
  params: {
    type: "object",
    required: ["fees"],
    additionalProperties: false,
    properties: {
      fees: { type: "object", additionalProperties: { type: "number", minimum: 0 } },
      default: { type: "number", minimum: 0 },
    },
  },
  input: {
    type: "object",
    additionalProperties: false,
    properties: { case: { type: ["string", "number", "boolean", "null"], description: "The row of the fee table; the default fee when absent or unknown" } },
  },
  output: {
    type: "object",
    required: ["amount", "case"],
    properties: { amount: { type: "number", minimum: 0 }, case: { type: ["string", "null"] } },
  },
  execute({ params, input }) {
    const key = input.case === undefined || input.case === null ? undefined : String(input.case);
    const amount = key !== undefined && key in params.fees ? params.fees[key] : params.default;
    if (amount === undefined) throw new Error(`No fee for case "${key}" and no default fee`);
    return { outcome: amount === 0 ? "free" : "calculated", data: { amount, case: key ?? null } };
  },
});
