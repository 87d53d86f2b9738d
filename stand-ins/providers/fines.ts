/** Fines register: a fine by its resolution number (or a person's unpaid fines); recording a payment once. */
import { json, problem, type Provider } from "../provider";
import type { RegistryState } from "../state";
import { ERROR, TAX_ID, objectOf } from "./schemas";

const FINE = objectOf({
  resolutionNumber: { type: "string" },
  taxId: TAX_ID,
  offenderName: { type: "string" },
  offence: objectOf({ article: { type: "string" }, description: { type: "string" } }),
  vehiclePlate: { type: ["string", "null"] },
  issuedOn: { type: "string", format: "date" },
  amount: { type: "number" },
  currency: { const: "UAH" },
  status: { enum: ["UNPAID", "PAID"] },
  paidAt: { type: ["string", "null"] },
  department: { type: "string" },
});

export function finesProvider(state: RegistryState): Provider {
  const publicFine = ({ paymentId: _paymentId, ...fine }: ReturnType<typeof state.fines.get> & object) => fine;
  return {
    registry: "fines",
    service: state.services.fines,
    title: "Реєстр адміністративних правопорушень (fines register)",
    endpoints: [
      {
        operationId: "findFine",
        method: "POST",
        path: "/v1/fines/search",
        summary: "A fine by its resolution number, or the person's unpaid fines",
        request: {
          type: "object",
          properties: { resolutionNumber: { type: "string" }, taxId: TAX_ID },
          oneOf: [{ required: ["resolutionNumber"] }, { required: ["taxId"] }],
        },
        responses: {
          200: {
            description: "found | alreadyPaid (fine.status PAID)",
            schema: { type: "object", properties: { fine: FINE, fines: { type: "array", items: FINE } } },
          },
          404: { description: "notFound", schema: ERROR },
        },
        handle: ({ body }) => {
          const input = (body ?? {}) as { resolutionNumber?: string; taxId?: string };
          if (input.resolutionNumber) {
            const fine = state.fines.get(input.resolutionNumber.trim());
            return fine ? json(200, { fine: publicFine(fine) }) : problem(404, "notFound", "No fine with this resolution number");
          }
          if (input.taxId) {
            const unpaid = [...state.fines.values()].filter((fine) => fine.taxId === input.taxId && fine.status === "UNPAID");
            return unpaid.length ? json(200, { fines: unpaid.map(publicFine) }) : problem(404, "notFound", "No unpaid fines");
          }
          return problem(400, "badRequest", "Give resolutionNumber or taxId");
        },
      },
      {
        operationId: "markPaid",
        method: "POST",
        path: "/v1/fines/{resolutionNumber}/payments",
        summary: "Record a payment of a fine",
        request: objectOf({ paymentId: { type: "string" }, amount: { type: "number" }, paidAt: { type: "string", format: "date-time" } }, ["paymentId", "amount"]),
        responses: {
          200: { description: "recorded (the same payment again)", schema: objectOf({ fine: FINE }) },
          201: { description: "recorded", schema: objectOf({ fine: FINE }) },
          404: { description: "no such fine", schema: ERROR },
          409: { description: "paid already by another payment", schema: ERROR },
          422: { description: "wrong amount", schema: ERROR },
        },
        handle: ({ params, body }) => {
          const fine = state.fines.get(params.resolutionNumber);
          if (!fine) return problem(404, "notFound", "No fine with this resolution number");
          const input = (body ?? {}) as { paymentId?: string; amount?: number; paidAt?: string };
          if (!input.paymentId) return problem(400, "badRequest", "paymentId is required");
          // The payment id makes the call idempotent: a repeated callback records nothing new.
          if (fine.status === "PAID") {
            return fine.paymentId === input.paymentId
              ? json(200, { fine: publicFine(fine) })
              : problem(409, "alreadyPaid", "The fine was paid by another payment");
          }
          // Half the amount within 10 days of the resolution (ст. 300-1 КУпАП), up to the end of the 10th day.
          const paidAt = input.paidAt ? Date.parse(input.paidAt) : state.now();
          const discounted = paidAt < Date.parse(`${fine.issuedOn}T00:00:00Z`) + 11 * 86_400_000;
          const due = discounted ? [fine.amount, fine.amount / 2] : [fine.amount];
          if (!due.includes(Number(input.amount))) return problem(422, "wrongAmount", `The fine is ${fine.amount} UAH${discounted ? ` (or ${fine.amount / 2} UAH with the discount)` : ""}`);
          fine.status = "PAID";
          fine.paymentId = input.paymentId;
          fine.paidAt = input.paidAt ?? new Date(state.now()).toISOString();
          return json(201, { fine: publicFine(fine) });
        },
      },
    ],
  };
}
