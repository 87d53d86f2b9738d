/**
 * A stand-in payment provider, like a bank's acquiring API: checkout (idempotent per order), a hosted payment
 * page, the citizen's success/failure/abandonment, an HMAC-signed callback to the merchant, sent again
 * (as real providers do) when asked, so the merchant must cope with repeats, and a status lookup by order id
 * (GET /orders/:orderId) for the callbacks the merchant missed.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { signCallback, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "../runtime/payments/signature";
import { readJson, send } from "./json-http";

export type ProviderPaymentStatus = "created" | "success" | "failure" | "expired";

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
  now?: () => number;
}

export async function startStandInPaymentProvider(options: PaymentProviderOptions) {
  const payments = new Map<string, ProviderPayment>();
  const byOrder = new Map<string, string>();
  const now = options.now ?? Date.now;
  const ttl = options.checkoutTtlMs ?? 15 * 60_000;

  async function notify(payment: ProviderPayment): Promise<void> {
    const body = JSON.stringify({
      paymentId: payment.paymentId,
      orderId: payment.orderId,
      status: payment.status,
      amount: payment.amount,
      currency: payment.currency,
      at: new Date(now()).toISOString(),
    });
    for (let i = 0; i < (options.callbackRepeats ?? 1); i++) {
      const timestamp = String(Math.floor(now() / 1000));
      try {
        const response = await fetch(payment.callbackUrl, {
          method: "POST",
          headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signCallback(options.callbackSecret, timestamp, body), [TIMESTAMP_HEADER]: timestamp },
          body,
          redirect: "manual",
        });
        payment.callbacks.push({ status: response.status, at: now() });
      } catch {
        payment.callbacks.push({ status: "failed", at: now() });
      }
    }
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

  return {
    url: base,
    payments,
    /** Lets time pass for abandoned checkouts: expires them and sends their callbacks. */
    async expireDue(): Promise<void> {
      for (const payment of payments.values()) if (expireIfDue(payment)) await notify(payment);
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

export type StandInPaymentProvider = Awaited<ReturnType<typeof startStandInPaymentProvider>>;


const escapeHtml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
