/**
 * GLUE until the runtime wires payments itself: the payment step's checkout through runtime/payments
 * (merchant client) and, unless PAYMENT_PROVIDER_URL names a real one, the stand-in payment provider
 * started in this process. The provider's signed callback (POST /payments/callback) settles the payment
 * once and feeds `paid` / `failed` / `timeout` to the application. Orders live in this process's memory.
 */
import { randomBytes } from "node:crypto";
import { createPayments, InMemoryPaymentStore, type Payments } from "../../../runtime/payments/payments";
import { startStandInPaymentProvider } from "../../../runtime/payments/stand-in-provider";
import type { Runtime } from "../../../runtime";
import type { CitizenUser } from "../auth/types";
import { publicBaseUrl } from "./document-service.server";
import { isRuntimeErrorCode } from "./errors.server";
import { ownApplication } from "./applications.server";

let glue: Promise<Payments> | undefined;

function payments(request: Request): Promise<Payments> {
  glue ??= (async () => {
    const apiKey = process.env.PAYMENT_API_KEY ?? randomBytes(18).toString("base64url");
    const callbackSecret = process.env.PAYMENT_CALLBACK_SECRET ?? randomBytes(32).toString("base64url");
    const providerUrl = process.env.PAYMENT_PROVIDER_URL ?? (await startStandInPaymentProvider({ apiKey, callbackSecret })).url;
    // The provider calls us back server to server: the address this process listens on will do.
    const callbackBase = process.env.PAYMENT_CALLBACK_BASE_URL ?? new URL(request.url).origin;
    return createPayments({ providerUrl, apiKey, callbackSecret, callbackUrl: `${callbackBase}/payments/callback`, store: new InMemoryPaymentStore() });
  })();
  glue.catch(() => (glue = undefined));
  return glue;
}

/** The checkout page for the application's payment step (its own, current one). */
export async function startPayment(runtime: Runtime, user: CitizenUser, applicationId: string, request: Request): Promise<string> {
  const row = await ownApplication(runtime, user, applicationId);
  const view = await runtime.view(applicationId, { kind: "applicant", id: user.applicantId });
  const payment = (view.step as { kind: string; payment?: { amount?: number; currency: string; purpose: string } }).payment;
  if (view.step.kind !== "payment" || !payment?.amount) return `/applications/${applicationId}?notice=step`;
  const record = await (await payments(request)).start({
    applicationId,
    amount: payment.amount,
    currency: payment.currency,
    purpose: payment.purpose,
    idempotencyKey: `${applicationId}:${row.stepEntry}`,
    returnUrl: `${publicBaseUrl(request)}/applications/${applicationId}`,
  });
  return record.checkoutUrl;
}

/** The provider's callback: verified, settled once, fed to the application. */
export async function paymentCallback(runtime: Runtime, request: Request): Promise<{ status: number; body: string }> {
  const body = await request.text();
  if (body.length > 16 * 1024) return { status: 413, body: "too large" };
  const result = await (await payments(request)).handleCallback(body, Object.fromEntries(request.headers.entries()));
  if (!result.accepted) return { status: 400, body: result.error ?? "refused" };
  if (result.applied && result.outcome && result.payment) {
    const p = result.payment;
    try {
      await runtime.signal(p.applicationId, result.outcome, { transactionId: p.providerPaymentId, orderId: p.orderId, amount: p.amount, currency: p.currency, paidAt: p.settledAt }, "payments");
    } catch (error) {
      // The application moved on (cancelled, deadline): the payment stays recorded; nothing to feed.
      if (!isRuntimeErrorCode(error, "event_not_allowed")) throw error;
    }
  }
  return { status: 200, body: "ok" };
}
