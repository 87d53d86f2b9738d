/**
 * The payment step through the runtime's payments: the checkout page of the current payment step (the same
 * order on every call), and the provider's signed callback forwarded to the runtime, which settles it once
 * (refund callbacks come the same way). The refunds of an ended application for its pages.
 */
import type { Runtime } from "../../../runtime";
import type { CitizenUser } from "../auth/types";
import type { Lang } from "../i18n/lang";
import { ownApplication } from "./applications.server";
import { hideForeign, runtimeErrorCode } from "./errors.server";

export function publicBaseUrl(request: Request): string {
  return (process.env.PUBLIC_BASE_URL ?? new URL(request.url).origin).replace(/\/+$/, "");
}

export type CheckoutResult = { ok: true; checkoutUrl: string } | { ok: false };

export async function startPayment(runtime: Runtime, user: CitizenUser, applicationId: string, request: Request, lang: Lang): Promise<CheckoutResult> {
  await ownApplication(runtime, user, applicationId);
  try {
    const checkout = await runtime.paymentCheckout(applicationId, user.applicantId, { returnUrl: `${publicBaseUrl(request)}/applications/${applicationId}`, language: lang });
    // The provider's page in the portal's language (the order is made once, in whatever language it was first asked in).
    const url = new URL(checkout.checkoutUrl);
    url.searchParams.set("lang", lang);
    return { ok: true, checkoutUrl: url.href };
  } catch (error) {
    const code = runtimeErrorCode(error);
    if (code === "event_not_allowed" || code === "internal" || code === "stale_version") return { ok: false };
    return hideForeign(error);
  }
}

export async function paymentCallback(runtime: Runtime, request: Request): Promise<{ status: number; body: string }> {
  const body = await request.text();
  if (body.length > 16 * 1024) return { status: 413, body: "too large" };
  // Without a payment provider nobody can have paid: there is no callback to take.
  if (!runtime.payments) return { status: 404, body: "no payment provider" };
  const result = await runtime.paymentCallback(body, Object.fromEntries(request.headers.entries()));
  return { status: result.status, body: JSON.stringify({ accepted: result.accepted, applied: result.applied }) };
}

/** A refund of what the application paid, as the citizen's page shows it (dates as ISO strings). */
export interface RefundLine {
  amount: number;
  currency: string;
  status: "requested" | "refunded" | "failed";
  requestedAt: string | null;
  refundedAt: string | null;
}

/** The application's refunds for its applicant (a party viewing the application sees none: the money is not theirs). */
export async function citizenRefunds(runtime: Runtime, application: { id: string; viewer: { kind: string } }): Promise<RefundLine[]> {
  if (application.viewer.kind !== "applicant") return [];
  return (await runtime.refunds.ofApplication(application.id)).map(({ amount, currency, status, requestedAt, refundedAt }) => ({
    amount, currency, status, requestedAt: requestedAt?.toISOString() ?? null, refundedAt: refundedAt?.toISOString() ?? null,
  }));
}

/** For the office page, after officeApplication checked the officer's access: with the order and why a refund failed. */
export async function officeRefunds(runtime: Runtime, applicationId: string): Promise<(RefundLine & { orderId: string; error: string | null })[]> {
  return (await runtime.refunds.ofApplication(applicationId)).map((refund) => ({
    ...refund, requestedAt: refund.requestedAt?.toISOString() ?? null, refundedAt: refund.refundedAt?.toISOString() ?? null,
  }));
}
