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
  /** The merchant's name on the checkout page, as the provider registered it (default: civic-flow's). */
  merchantName?: Record<CheckoutLang, string>;
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
      if (expireIfDue(payment)) await notify(payment);
      res.setHeader("content-type", "text/html;charset=utf-8");
      res.setHeader("cache-control", "no-store");
      return res.end(checkoutPage(payment, pageLanguage(url.searchParams.get("lang"), req.headers["accept-language"]), options.merchantName));
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

type CheckoutLang = "uk" | "en";

/** The checkout's language: the merchant's ?lang=, else the browser's first of uk/en (Accept-Language by weight), else Ukrainian. */
export function pageLanguage(query: string | null, acceptLanguage: string | undefined): CheckoutLang {
  if (query === "uk" || query === "en") return query;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(";");
      const q = Number(params.find((p) => p.trim().startsWith("q="))?.trim().slice(2) ?? 1);
      return { primary: tag.split("-")[0], q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0 && (entry.primary === "uk" || entry.primary === "en"))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return (ranked[0]?.primary as CheckoutLang | undefined) ?? "uk";
}

const CHECKOUT_TEXT = {
  uk: {
    title: "Оплата",
    provider: "Демо-еквайринг",
    testMode: "Тестовий режим: це замінник платіжного провайдера, гроші не списуються.",
    merchant: "Одержувач",
    purpose: "Призначення платежу",
    order: "Замовлення",
    amount: "До сплати",
    card: "Дані картки",
    cardNumber: "Номер картки",
    expiry: "Строк дії",
    cvv: "CVV2",
    holder: "Власник картки",
    pay: "Сплатити",
    cancel: "Скасувати оплату",
    secure: "Захищене з'єднання · 3-D Secure",
    paid: "Цей платіж уже сплачено.",
    failed: "Цей платіж скасовано.",
    expired: "Час на оплату минув. Поверніться на портал і почніть оплату знову.",
    back: "Повернутися на портал",
    otherLang: "English",
  },
  en: {
    title: "Payment",
    provider: "Demo acquiring",
    testMode: "Test mode: a stand-in for a payment provider; no money is taken.",
    merchant: "Merchant",
    purpose: "Purpose of payment",
    order: "Order",
    amount: "Amount due",
    card: "Card details",
    cardNumber: "Card number",
    expiry: "Expiry date",
    cvv: "CVV2",
    holder: "Cardholder",
    pay: "Pay",
    cancel: "Cancel the payment",
    secure: "Secure connection · 3-D Secure",
    paid: "This payment has been made.",
    failed: "This payment was cancelled.",
    expired: "The time to pay has run out. Go back to the portal and start the payment again.",
    back: "Back to the portal",
    otherLang: "Українська",
  },
} as const;

const DEFAULT_MERCHANT: Record<CheckoutLang, string> = { uk: "civic-flow — державні послуги онлайн", en: "civic-flow — public services online" };

/** "230,00 грн" / "UAH 230.00" (Intl; the hryvnia as Ukrainians write it). */
function money(amount: number, currency: string, lang: CheckoutLang): string {
  const format = new Intl.NumberFormat(lang === "uk" ? "uk-UA" : "en-GB", { style: "currency", currency, currencyDisplay: lang === "en" ? "code" : "symbol" });
  return lang === "uk" && currency === "UAH" ? format.formatToParts(amount).map((p) => (p.type === "currency" ? "грн" : p.value)).join("") : format.format(amount);
}

/** The hosted payment page: what is paid, to whom and why, a card form's look (demo values), pay and cancel. */
function checkoutPage(payment: ProviderPayment, lang: CheckoutLang, merchantName?: Record<CheckoutLang, string>): string {
  const text = CHECKOUT_TEXT[lang];
  const other: CheckoutLang = lang === "uk" ? "en" : "uk";
  const amount = escapeHtml(money(payment.amount, payment.currency, lang));
  const action = (what: string) => `/checkout/${encodeURIComponent(payment.paymentId)}/${what}`;
  const settled = payment.status === "success" ? text.paid : payment.status === "failure" ? text.failed : payment.status === "expired" ? text.expired : null;
  const field = (id: string, label: string, value: string, extra = "") =>
    `<div class="field"><label for="${id}">${label}</label><input id="${id}" value="${value}" readonly ${extra}></div>`;
  const body = settled
    ? `<p class="notice" role="status">${settled}</p>${payment.returnUrl ? `<p><a class="secondary" href="${escapeHtml(payment.returnUrl)}">${text.back}</a></p>` : ""}`
    : `<form method="post" action="${action("pay")}" class="card-form">
  <fieldset><legend>${text.card}</legend>
    ${field("card-number", text.cardNumber, "4242 4242 4242 4242", 'inputmode="numeric" autocomplete="off"')}
    <div class="row">${field("card-expiry", text.expiry, "12/29", 'autocomplete="off"')}${field("card-cvv", text.cvv, "•••", 'autocomplete="off"')}</div>
    ${field("card-holder", text.holder, "DEMO CARDHOLDER", 'autocomplete="off" translate="no"')}
  </fieldset>
  <button type="submit" class="pay">${text.pay} ${amount}</button>
</form>
<form method="post" action="${action("fail")}"><button type="submit" class="secondary">${text.cancel}</button></form>`;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text.title} ${amount} · ${text.provider}</title>
<style>
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1f;background:#eef1f6}
header{display:flex;align-items:center;justify-content:space-between;gap:12px;padding:10px 16px;background:#1d2330;color:#fff}
header .brand{font-weight:700;letter-spacing:.02em}
header a{color:#fff}
main{max-width:460px;margin:24px auto;padding:0 12px}
.sheet{background:#fff;border-radius:14px;box-shadow:0 4px 18px rgb(0 0 0/.12);padding:20px}
h1{font-size:1.2rem;margin:0 0 4px}
.amount{font-size:2rem;font-weight:700;margin:4px 0 16px}
dl{margin:0 0 16px;display:grid;grid-template-columns:minmax(7rem,auto) 1fr;gap:6px 12px}
dt{color:#555a66}
dd{margin:0;overflow-wrap:anywhere}
.test{background:#fff4d6;border-left:6px solid #b07d00;padding:8px 12px;margin:0 0 16px;font-size:.9rem}
fieldset{border:1px solid #d4d7de;border-radius:10px;padding:12px 14px;margin:0 0 16px}
legend{font-weight:600;padding:0 4px}
.field{margin:0 0 10px;flex:1}
.row{display:flex;gap:12px}
label{display:block;font-size:.875rem;color:#555a66;margin-bottom:2px}
input{width:100%;font:inherit;padding:10px;border:2px solid #8a8f99;border-radius:8px;background:#f6f7f9;color:#1b1b1f;min-height:44px}
button,.secondary{display:block;width:100%;min-height:48px;font:inherit;font-weight:600;border-radius:10px;cursor:pointer;text-align:center;text-decoration:none;padding:12px}
.pay{background:#146c2e;color:#fff;border:2px solid #146c2e}
.pay:hover{background:#0d4a1f}
.secondary{background:#fff;color:#0b57d0;border:2px solid #0b57d0;margin-top:10px}
.notice{font-weight:600}
.secure{color:#555a66;font-size:.85rem;text-align:center;margin:14px 0 0}
:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
@media (max-width:480px){main{margin:12px auto}.sheet{padding:16px}.amount{font-size:1.6rem}dl{grid-template-columns:1fr}dt{margin-top:6px}}
</style>
</head>
<body>
<header><span class="brand">${text.provider}</span><a href="?lang=${other}" lang="${other}">${text.otherLang}</a></header>
<main>
<div class="sheet">
<h1>${text.title}</h1>
<p class="amount">${amount}</p>
<p class="test">${text.testMode}</p>
<dl>
  <dt>${text.merchant}</dt><dd>${escapeHtml((merchantName ?? DEFAULT_MERCHANT)[lang])}</dd>
  <dt>${text.purpose}</dt><dd>${escapeHtml(payment.description)}</dd>
  <dt>${text.order}</dt><dd translate="no">${escapeHtml(payment.orderId)}</dd>
</dl>
${body}
<p class="secure">🔒 ${text.secure}</p>
</div>
</main>
</body>
</html>`;
}
