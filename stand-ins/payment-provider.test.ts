/** The stand-in payment provider's refunds over loopback: idempotent by key, settled once, signed callbacks, clear errors. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, validCallbackSignature } from "../runtime/payments/signature";
import { startStandInPaymentProvider, type PaymentProviderOptions } from "./payment-provider";

const API_KEY = "merchant-key";
const SECRET = "callback-secret";
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

interface Received {
  body: string;
  signature: string;
  timestamp: string;
}

async function setup(options: Partial<PaymentProviderOptions> = {}) {
  const received: Received[] = [];
  const merchant: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ body, signature: String(req.headers[SIGNATURE_HEADER]), timestamp: String(req.headers[TIMESTAMP_HEADER]) });
      res.end();
    });
  });
  await new Promise<void>((resolve) => merchant.listen(0, "127.0.0.1", resolve));
  const provider = await startStandInPaymentProvider({ apiKey: API_KEY, callbackSecret: SECRET, ...options });
  cleanup.push(() => provider.close(), () => new Promise((resolve) => merchant.close(() => resolve())));
  const callbackUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}/payments/callback`;
  const api = (path: string, init: { method?: string; body?: unknown; key?: string } = {}) =>
    fetch(`${provider.url}${path}`, {
      method: init.method ?? "GET",
      headers: { "content-type": "application/json", authorization: `Bearer ${init.key ?? API_KEY}` },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const checkout = async (orderId: string, amount = 230) => {
    const created = (await (await api("/checkout", { method: "POST", body: { orderId, amount, callbackUrl } })).json()) as { paymentId: string };
    return created.paymentId;
  };
  const paid = async (orderId: string, amount = 230) => {
    const paymentId = await checkout(orderId, amount);
    expect((await fetch(`${provider.url}/checkout/${paymentId}/pay`, { method: "POST" })).status).toBe(200);
    return paymentId;
  };
  const refundCallbacks = () => received.filter((r) => JSON.parse(r.body).type === "refund");
  return { provider, api, checkout, paid, received, refundCallbacks };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
};

describe("stand-in payment provider: refunds", () => {
  it("refunds a paid payment in full once; the same key answers the same refund; the completion is a signed callback", async () => {
    const { provider, api, paid, refundCallbacks } = await setup();
    const paymentId = await paid("ord-1");
    const first = await api("/refunds", { method: "POST", body: { paymentId, refundKey: "refund:ord-1", amount: 230 } });
    expect(first.status).toBe(201);
    const refund = (await first.json()) as { refundId: string; status: string };
    expect(refund).toMatchObject({ refundKey: "refund:ord-1", paymentId, orderId: "ord-1", amount: 230, currency: "UAH", status: "pending" });

    await until(() => refundCallbacks().length === 1);
    const again = await api("/refunds", { method: "POST", body: { paymentId, refundKey: "refund:ord-1" } });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ refundId: refund.refundId, status: "success" });
    expect(provider.payments.get(paymentId)!.refunds).toBe(1);
    expect(provider.refunds.size).toBe(1);

    const [callback] = refundCallbacks();
    expect(validCallbackSignature(SECRET, callback.timestamp, callback.body, callback.signature)).toBe(true);
    expect(validCallbackSignature("other-secret", callback.timestamp, callback.body, callback.signature)).toBe(false);
    expect(JSON.parse(callback.body)).toMatchObject({ type: "refund", refundId: refund.refundId, refundKey: "refund:ord-1", orderId: "ord-1", status: "success", amount: 230 });

    // Status lookups by the provider's id and by the merchant's key; a redelivery settles nothing again.
    for (const id of [refund.refundId, "refund:ord-1"]) expect(await (await api(`/refunds/${encodeURIComponent(id)}`)).json()).toMatchObject({ refundId: refund.refundId, status: "success" });
    expect((await api(`/refunds/${refund.refundId}/resend`, { method: "POST" })).status).toBe(200);
    expect(refundCallbacks()).toHaveLength(2);
    expect(await provider.completeRefund(refund.refundId)).toBe(false);
    expect(provider.payments.get(paymentId)!.refunds).toBe(1);
  });

  it("a pending refund settles once, whether it succeeds or fails", async () => {
    const { provider, api, paid, refundCallbacks } = await setup({ refundDelayMs: false });
    const paymentId = await paid("ord-2");
    const refund = (await (await api("/refunds", { method: "POST", body: { paymentId, refundKey: "k-2" } })).json()) as { refundId: string };
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await (await api("/refunds/k-2")).json()).toMatchObject({ status: "pending" });
    expect(refundCallbacks()).toHaveLength(0);
    expect(await provider.completeRefund(refund.refundId, "failure")).toBe(true);
    expect(await provider.completeRefund(refund.refundId, "success")).toBe(false);
    expect(provider.payments.get(paymentId)!.refunds).toBe(0);
    expect(refundCallbacks().map((c) => JSON.parse(c.body).status)).toEqual(["failure"]);
  });

  it("refuses what is no refund: unpaid or unknown payments, a second refund, a reused key, a partial amount, no merchant key", async () => {
    const { api, checkout, paid } = await setup();
    const unpaid = await checkout("ord-3");
    const notPaid = await api("/refunds", { method: "POST", body: { paymentId: unpaid, refundKey: "k-3" } });
    expect(notPaid.status).toBe(409);
    expect(await notPaid.json()).toMatchObject({ error: "notPaid", status: "created" });
    expect((await api("/refunds", { method: "POST", body: { paymentId: "pay_nope", refundKey: "k-x" } })).status).toBe(404);

    const paymentId = await paid("ord-4");
    expect(await (await api("/refunds", { method: "POST", body: { paymentId, refundKey: "k-4", amount: 100 } })).json()).toMatchObject({ error: "partialRefund" });
    expect((await api("/refunds", { method: "POST", body: { paymentId, refundKey: "k-4" } })).status).toBe(201);
    const second = await api("/refunds", { method: "POST", body: { paymentId, refundKey: "k-4-again" } });
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ error: "alreadyRefunded" });
    const other = await paid("ord-5");
    expect(await (await api("/refunds", { method: "POST", body: { paymentId: other, refundKey: "k-4" } })).json()).toMatchObject({ error: "refundKeyReused" });
    expect((await api("/refunds", { method: "POST", body: { paymentId: other } })).status).toBe(400);
    expect((await api("/refunds", { method: "POST", body: { paymentId: other, refundKey: "k-5" }, key: "wrong" })).status).toBe(401);
    expect((await api("/refunds/k-unknown")).status).toBe(404);
  });
});

describe("stand-in payment provider: the checkout page", () => {
  it("shows the amount, purpose and merchant with a card form, pay and cancel, in the lang it gets or the browser's", async () => {
    const { provider, api } = await setup({ merchantName: { uk: "Демо-надавач", en: "Demo merchant" } });
    const created = (await (await api("/checkout", { method: "POST", body: { orderId: "o-page", amount: 1234.5, description: "Державне мито", callbackUrl: "http://127.0.0.1:9/cb" } })).json()) as { paymentId: string; checkoutUrl: string };
    const page = async (query: string, acceptLanguage?: string) => (await fetch(`${created.checkoutUrl}${query}`, { headers: acceptLanguage ? { "accept-language": acceptLanguage } : {} })).text();

    const uk = await page("");
    expect(uk).toContain('<html lang="uk">');
    expect(uk).toMatch(/1\s234,50\sгрн/);
    for (const text of ["Державне мито", "Демо-надавач", "Номер картки", "Сплатити 1", "Скасувати оплату", `action="/checkout/${created.paymentId}/pay"`, `action="/checkout/${created.paymentId}/fail"`, 'name="viewport"']) expect(uk).toContain(text);

    const en = (await page("?lang=en")).replaceAll("\u00a0", " "); // Intl's no-break space
    expect(en).toContain('<html lang="en">');
    for (const text of ["UAH 1,234.50", "Demo merchant", "Card number", "Pay UAH 1,234.50", "Cancel the payment"]) expect(en).toContain(text);
    expect(await page("", "en-GB,en;q=0.9,uk;q=0.8")).toContain('<html lang="en">');
    expect(await page("", "de-DE,uk;q=0.5,en;q=0.4")).toContain('<html lang="uk">');
    expect(await page("?lang=uk", "en")).toContain('<html lang="uk">');

    // Paid: the page says so instead of offering the form again; paying twice is still refused.
    expect((await fetch(`${provider.url}/checkout/${created.paymentId}/pay`, { method: "POST" })).status).toBe(200);
    const paid = await page("?lang=en");
    expect(paid).toContain("This payment has been made.");
    expect(paid).not.toContain("/pay");
    expect((await fetch(`${provider.url}/checkout/${created.paymentId}/pay`, { method: "POST" })).status).toBe(409);
    expect(provider.payments.get(created.paymentId)!.charges).toBe(1);
  });
});
