/**
 * A payment: the citizen pays through the provider (runtime/wiring/payments.ts); the provider's callback (or
 * the step's deadline) moves the application.
 *
 * No double charge: an application entering a payment step again (after a send-back) that already paid this
 * step the same amount in the same currency (a `paid` Payment row of this application and step, not flagged for
 * refund) is settled with `paid` by a `payment-settle` job, without asking the provider and without a new
 * checkout. Another amount or currency is a new charge (the fee changed with the answers).
 */
import { localize, providedName } from "../../engine";
import type { Db } from "../db/open";
import { durationMs } from "../duration";
import { deadlineReminder } from "../notifications/reminders";
import { paymentAmount } from "./shared";
import type { RuntimeStepModule } from "./types";

export const paymentStep: RuntimeStepModule<"payment"> = {
  kind: "payment",
  status: () => "processing",
  work: "external",
  waitsFor: "payment",
  citizenCancels: true,
  enter(step, ctx) {
    const jobs = ctx.deadline(step.deadline);
    // The step's earlier outcome is in the data: only then is the Payment table asked (by the job).
    const earlier = ctx.at.data[providedName(ctx.at.stepId, step) ?? ctx.at.stepId] as { status?: unknown } | undefined;
    if (earlier?.status === "paid") jobs.push(ctx.job("payment-settle", {}));
    else jobs.push(...deadlineReminder(ctx, step.deadline)); // "the deadline is near", once (issue 16)
    return { jobs };
  },
  async execute(step, job, app, deps) {
    const paid = await earlierPayment(deps.ctx.database.prisma, app.id, job.step, step, JSON.parse(app.data) as Record<string, unknown>);
    if (!paid) return { nothing: true };
    return { result: { outcome: "paid", data: { ...paidData(paid), alreadyPaid: true } } };
  },
  view(step, ctx) {
    const payment = { amount: paymentAmount(step, ctx.data), currency: step.currency ?? "UAH", purpose: localize(step.purpose, ctx.lang, ctx.main) };
    return { fields: { payment }, actions: ctx.viewer.kind !== "officer" ? ["pay"] : [] };
  },
  timeline: { arrived: "ev_payment", left: { text: "ev_paid", when: { outcome: "paid" } } },
  notice: {
    entered: true,
    left: ["timeout"],
    facts(step, ctx) {
      if (ctx.outcome === "timeout") return { kind: "deadline", what: "payment" };
      // Paid at this step before a send-back: settled by its job, nothing to pay.
      const earlier = ctx.data[providedName(ctx.stepId, step) ?? ctx.stepId] as { status?: unknown } | undefined;
      if (earlier?.status === "paid") return undefined;
      const amount = paymentAmount(step, ctx.data);
      return {
        kind: "paymentDue",
        amount: amount !== undefined && Number.isFinite(amount) ? amount : undefined,
        currency: step.currency ?? "UAH",
        purpose: localize(step.purpose, ctx.lang, ctx.main),
        due: step.deadline ? new Date(ctx.now.getTime() + durationMs(step.deadline)) : null,
      };
    },
  },
};

type PaymentRow = NonNullable<Awaited<ReturnType<Db["payment"]["findFirst"]>>>;

/** A payment this application already made at this step for the amount and currency the step asks now. */
export async function earlierPayment(db: Db, applicationId: string, stepId: string, step: Extract<Parameters<typeof paymentAmount>[0], object>, data: Record<string, unknown>): Promise<PaymentRow | null> {
  const amount = paymentAmount(step, data);
  if (amount === undefined || !Number.isFinite(amount)) return null;
  return db.payment.findFirst({
    where: { applicationId, step: stepId, status: "paid", refundDue: false, amount: Math.round(amount * 100) / 100, currency: step.currency ?? "UAH" },
    orderBy: { createdAt: "desc" },
  });
}

/** The data of a `paid` outcome, as the provider's callback gives it. */
export function paidData(row: PaymentRow) {
  return { status: row.status, transactionId: row.providerPaymentId, orderId: row.orderId, amount: row.amount, currency: row.currency, paidAt: row.status === "paid" ? (row.settledAt?.toISOString() ?? null) : null };
}
