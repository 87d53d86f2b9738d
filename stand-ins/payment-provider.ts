/**
 * A stand-in payment provider, like a bank's acquiring API: checkout (idempotent per order), a hosted payment
 * page, the citizen's success/failure/abandonment, an HMAC-signed callback to the merchant, sent again
 * (as real providers do) when asked, so the merchant must cope with repeats, and a status lookup by order id
 * (GET /orders/:orderId) for the callbacks the merchant missed.
 *
 * Refunds (POST /refunds): a full refund of a paid payment, idempotent by the merchant's refund key (the same
 * key again answers the same refund); a payment is refunded once (another key for it, an unpaid payment or a
 * key reused for another payment is a 409). A refund settles once, asynchronously (after `refundDelayMs`, or
 * when a test says so), and its completion is a callback signed like the payment callbacks. GET
 * /refunds/:refundIdOrKey answers its status for the callbacks the merchant missed.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { signCallback, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "../runtime/payments/signature";
import { readJson, send } from "./json-http";

export type ProviderPaymentStatus = "created" | "success" | "failure" | "expired";
export type ProviderRefundStatus = "pending" | "success" | "failure";

export interface ProviderRefund {
  refundId: string;
  /** The merchant's idempotency key. */
  refundKey: string;
  paymentId: string;
  orderId: string;
  amount: number;
  currency: string;
  callbackUrl: string;
  status: ProviderRefundStatus;
  createdAt: number;
  settledAt?: number;
  callbacks: { status: number | "failed"; at: number }[];
}

export interface ProviderPayment {
  paymentId: string;
  orderId: string;
  amount: number;
  currency: string;
  description: string;
  callbackUrl: string;
  returnUrl?: string;
  status: ProviderPaymentStatus;
  createdAt: number;
  /** How many times the card was charged: must never exceed 1. */
  charges: number;
  /** How many times the money went back to the card: must never exceed 1 (full refunds only). */
  refunds: number;
  callbacks: { status: number | "failed"; at: number }[];
}

export interface PaymentProviderOptions {
  port?: number;
  apiKey: string;
  callbackSecret: string;
  /** Unpaid checkouts expire after this (default 15 min). */
  checkoutTtlMs?: number;
  /** Each callback is sent this many times (default 1; 2+ imitates at-least-once delivery). */
  callbackRepeats?: number;
  /**
   * A refund settles (success, and its callback) this long after it was asked for (default 0: right after the
   * answer). false: refunds stay pending until `completeRefund` (tests of what happens meanwhile).
   */
  refundDelayMs?: number | false;
  now?: () => number;
}

export async function startStandInPaymentProvider(options: PaymentProviderOptions) {
  const payments = new Map<string, ProviderPayment>();
  const byOrder = new Map<string, string>();
  const refunds = new Map<string, ProviderRefund>();
  const refundByKey = new Map<string, string>();
  const refundByPayment = new Map<string, string>();
  const timers = new Set<NodeJS.Timeout>();
  const now = options.now ?? Date.now;
  const ttl = options.checkoutTtlMs ?? 15 * 60_000;

  function notify(payment: ProviderPayment): Promise<void> {
    const body = JSON.stringify({
      paymentId: payment.paymentId,
      orderId: payment.orderId,
      status: payment.status,
      amount: payment.amount,
      currency: payment.currency,
      at: new Date(now()).toISOString(),
    });
    return deliver(payment.callbackUrl, body, payment.callbacks);
  }

  /** A refund's callback: the same signing as a payment's; `type: "refund"` tells the merchant which it is. */
  function notifyRefund(refund: ProviderRefund): Promise<void> {
    return deliver(refund.callbackUrl, JSON.stringify({ type: "refund", ...refundView(refund), at: new Date(now()).toISOString() }), refund.callbacks);
  }

  async function deliver(url: string, body: string, log: { status: number | "failed"; at: number }[]): Promise<void> {
    for (let i = 0; i < (options.callbackRepeats ?? 1); i++) {
      const timestamp = String(Math.floor(now() / 1000));
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signCallback(options.callbackSecret, timestamp, body), [TIMESTAMP_HEADER]: timestamp },
          body,
          redirect: "manual",
        });
        log.push({ status: response.status, at: now() });
      } catch {
        log.push({ status: "failed", at: now() });
      }
    }
  }

  /** Settles a pending refund once (success: the money goes back) and sends its callback; false if it was settled already. */
  async function completeRefund(refundId: string, status: Exclude<ProviderRefundStatus, "pending"> = "success"): Promise<boolean> {
    const refund = refunds.get(refundId);
    if (!refund) throw new Error(`No refund ${refundId}`);
    if (refund.status !== "pending") return false;
    refund.status = status;
    refund.settledAt = now();
    if (status === "success") payments.get(refund.paymentId)!.refunds++;
    await notifyRefund(refund);
    return true;
  }

  /** POST /refunds: a full refund of a paid payment, once per payment, idempotent by the refund key. */
  function requestRefund(input: { paymentId?: unknown; refundKey?: unknown; amount?: unknown; callbackUrl?: unknown }): { status: number; body: unknown } {
    if (typeof input.paymentId !== "string" || typeof input.refundKey !== "string" || !input.refundKey || input.refundKey.length > 200) {
      return { status: 400, body: { error: "badRequest", message: "paymentId and a refundKey (at most 200 characters) are required" } };
    }
    const again = refundByKey.get(input.refundKey);
    if (again) {
      const refund = refunds.get(again)!;
      if (refund.paymentId !== input.paymentId) return { status: 409, body: { error: "refundKeyReused", message: "This refund key belongs to another payment" } };
      return { status: 200, body: refundView(refund) };
    }
    const payment = payments.get(input.paymentId);
    if (!payment) return { status: 404, body: { error: "unknownPayment" } };
    if (payment.status !== "success") return { status: 409, body: { error: "notPaid", message: `Only a paid payment is refunded (this one is ${payment.status})`, status: payment.status } };
    const earlier = refundByPayment.get(payment.paymentId);
    if (earlier) return { status: 409, body: { error: "alreadyRefunded", message: "The payment has a refund already", refundId: earlier } };
    if (input.amount !== undefined && input.amount !== payment.amount) {
      return { status: 400, body: { error: "partialRefund", message: `Only full refunds: the amount must be ${payment.amount}` } };
    }
    if (input.callbackUrl !== undefined && typeof input.callbackUrl !== "string") return { status: 400, body: { error: "badRequest", message: "callbackUrl must be a URL" } };
    const refund: ProviderRefund = {
      refundId: `ref_${randomUUID()}`,
      refundKey: input.refundKey,
      paymentId: payment.paymentId,
      orderId: payment.orderId,
      amount: payment.amount,
      currency: payment.currency,
      callbackUrl: (input.callbackUrl as string | undefined) ?? payment.callbackUrl,
      status: "pending",
      createdAt: now(),
      callbacks: [],
    };
    refunds.set(refund.refundId, refund);
    refundByKey.set(refund.refundKey, refund.refundId);
    refundByPayment.set(payment.paymentId, refund.refundId);
    if (options.refundDelayMs !== false) {
      // Settles after the answer has gone out, as a bank's refund does.
      const timer = setTimeout(() => {
        timers.delete(timer);
        void completeRefund(refund.refundId).catch(() => {});
      }, options.refundDelayMs ?? 0);
      timers.add(timer);
    }
    return { status: 201, body: refundView(refund) };
  }

  function expireIfDue(payment: ProviderPayment): boolean {
    if (payment.status === "created" && now() - payment.createdAt >= ttl) {
      payment.status = "expired";
      return true;
    }
    return false;
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const body = await readJson(req);
    const parts = url.pathname.split("/").filter(Boolean);
    if (parts[0] === "checkout" && parts.length === 1 && req.method === "POST") {
      if (req.headers.authorization !== `Bearer ${options.apiKey}`) return send(res, 401, { error: "unauthorized" });
      const input = body as Partial<ProviderPayment>;
      if (!input.orderId || !(typeof input.amount === "number" && input.amount > 0) || !input.callbackUrl) {
        return send(res, 400, { error: "badRequest", message: "orderId, a positive amount and callbackUrl are required" });
      }
      // One payment per order: a repeated checkout returns the same payment instead of a second charge.
      const existing = byOrder.get(input.orderId);
      if (existing) {
        const payment = payments.get(existing)!;
        if (payment.amount !== input.amount) return send(res, 409, { error: "orderAmountMismatch" });
        return send(res, 200, view(payment, url));
      }
      const payment: ProviderPayment = {
        paymentId: `pay_${randomUUID()}`,
        orderId: input.orderId,
        amount: input.amount,
        currency: input.currency ?? "UAH",
        description: input.description ?? "",
        callbackUrl: input.callbackUrl,
        returnUrl: input.returnUrl,
        status: "created",
        createdAt: now(),
        charges: 0,
        refunds: 0,
        callbacks: [],
      };
      payments.set(payment.paymentId, payment);
      byOrder.set(payment.orderId, payment.paymentId);
      return send(res, 201, view(payment, url));
    }
    // The merchant's status lookup by its order id (reconciliation of callbacks it missed).
    if (parts[0] === "orders" && parts.length === 2 && req.method === "GET") {
      if (req.headers.authorization !== `Bearer ${options.apiKey}`) return send(res, 401, { error: "unauthorized" });
      const known = byOrder.get(parts[1]);
      if (!known) return send(res, 404, { error: "notFound" });
      const ordered = payments.get(known)!;
      if (expireIfDue(ordered)) await notify(ordered);
      return send(res, 200, view(ordered, url));
    }
    if (parts[0] === "refunds" && (parts.length === 1 || parts.length === 2)) {
      if (req.headers.authorization !== `Bearer ${options.apiKey}`) return send(res, 401, { error: "unauthorized" });
      if (parts.length === 1 && req.method === "POST") {
        const answer = requestRefund((body ?? {}) as Record<string, unknown>);
        return send(res, answer.status, answer.body);
      }
      // The merchant's status lookup by the provider's refund id or its own refund key.
      const id = parts[1] ? decodeURIComponent(parts[1]) : "";
      const refund = id && (refunds.get(id) ?? refunds.get(refundByKey.get(id) ?? ""));
      if (parts.length === 2 && req.method === "GET") return refund ? send(res, 200, refundView(refund)) : send(res, 404, { error: "notFound" });
    }
    // Sends a refund's last callback again (a provider's redelivery).
    if (parts[0] === "refunds" && parts[2] === "resend" && req.method === "POST" && refunds.has(parts[1])) {
      const refund = refunds.get(parts[1])!;
      await notifyRefund(refund);
      return send(res, 200, refundView(refund));
    }
    const payment = parts[1] ? payments.get(parts[1]) : undefined;
    if (parts[0] === "payments" && payment && req.method === "GET") {
      if (expireIfDue(payment)) await notify(payment);
      return send(res, 200, view(payment, url));
    }
    if (parts[0] === "checkout" && payment && req.method === "GET" && parts.length === 2) {
      res.setHeader("content-type", "text/html;charset=utf-8");
      return res.end(
        `<!doctype html><meta charset="utf-8"><title>Оплата</title><h1>${escapeHtml(payment.description)}</h1>` +
          `<p>${payment.amount.toFixed(2)} ${payment.currency}</p>` +
          `<form method="post" action="/checkout/${payment.paymentId}/pay"><button>Сплатити / Pay</button></form>` +
          `<form method="post" action="/checkout/${payment.paymentId}/fail"><button>Відхилити / Decline</button></form>`,
      );
    }
    // What the citizen does on the hosted page.
    if (parts[0] === "checkout" && payment && req.method === "POST" && ["pay", "fail", "abandon"].includes(parts[2])) {
      expireIfDue(payment);
      if (payment.status !== "created") return send(res, 409, { error: "notPayable", status: payment.status });
      if (parts[2] === "pay") {
        payment.charges++;
        payment.status = "success";
      } else payment.status = parts[2] === "fail" ? "failure" : "expired";
      await notify(payment);
      if (payment.returnUrl) {
        res.statusCode = 303;
        res.setHeader("location", payment.returnUrl);
        return res.end();
      }
      return send(res, 200, view(payment, url));
    }
    // Sends the last callback again (a provider's redelivery).
    if (parts[0] === "payments" && payment && req.method === "POST" && parts[2] === "resend") {
      await notify(payment);
      return send(res, 200, view(payment, url));
    }
    return send(res, 404, { error: "notFound" });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function view(payment: ProviderPayment, _url: URL) {
    return { paymentId: payment.paymentId, orderId: payment.orderId, status: payment.status, amount: payment.amount, currency: payment.currency, checkoutUrl: `${base}/checkout/${payment.paymentId}` };
  }

  function refundView(refund: ProviderRefund) {
    return {
      refundId: refund.refundId,
      refundKey: refund.refundKey,
      paymentId: refund.paymentId,
      orderId: refund.orderId,
      status: refund.status,
      amount: refund.amount,
      currency: refund.currency,
      ...(refund.settledAt ? { settledAt: new Date(refund.settledAt).toISOString() } : {}),
    };
  }

  return {
    url: base,
    payments,
    refunds,
    /** Settles a pending refund (success or failure) and sends its callback; false when it had settled already. */
    completeRefund,
    /** Lets time pass for abandoned checkouts: expires them and sends their callbacks. */
    async expireDue(): Promise<void> {
      for (const payment of payments.values()) if (expireIfDue(payment)) await notify(payment);
    },
    close: () => new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

export type StandInPaymentProvider = Awaited<ReturnType<typeof startStandInPaymentProvider>>;


const escapeHtml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
