/** Payments against the stand-in provider over loopback: success, failure, abandonment, repeated callbacks. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createPayments, InMemoryPaymentStore, type CallbackResult } from "./payments";
import { signCallback, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./signature";
import { startStandInPaymentProvider, type StandInPaymentProvider } from "../../stand-ins";

const SECRET = "callback-secret";
const API_KEY = "merchant-key";
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function setup(options: { callbackRepeats?: number; checkoutTtlMs?: number; now?: () => number } = {}) {
  const results: CallbackResult[] = [];
  let payments!: ReturnType<typeof createPayments>;
  // Our callback endpoint: what the web app would mount.
  const merchant: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", async () => {
      const result = await payments.handleCallback(body, req.headers);
      results.push(result);
      res.statusCode = result.accepted ? 200 : 400;
      res.end();
    });
  });
  await new Promise<void>((resolve) => merchant.listen(0, "127.0.0.1", resolve));
  const provider: StandInPaymentProvider = await startStandInPaymentProvider({ apiKey: API_KEY, callbackSecret: SECRET, ...options });
  cleanup.push(() => provider.close(), () => new Promise((resolve) => merchant.close(() => resolve())));
  const store = new InMemoryPaymentStore();
  payments = createPayments({
    providerUrl: provider.url,
    apiKey: API_KEY,
    callbackSecret: SECRET,
    callbackUrl: `http://127.0.0.1:${(merchant.address() as AddressInfo).port}/payments/callback`,
    store,
  });
  const act = (paymentId: string, action: "pay" | "fail" | "abandon") => fetch(`${provider.url}/checkout/${paymentId}/${action}`, { method: "POST" });
  return { provider, payments, store, results, act };
}

const request = { applicationId: "APP-7", amount: 340, purpose: "Штраф ЕНА 1204417", idempotencyKey: "APP-7:pay:1" };

describe("payments", () => {
  it("a paid checkout settles once, whatever the number of callbacks and retries", async () => {
    const { provider, payments, results, act } = await setup({ callbackRepeats: 3 });
    const payment = await payments.start(request);
    expect(payment).toMatchObject({ status: "pending", amount: 340, currency: "UAH" });
    expect(payment.checkoutUrl).toBe(`${provider.url}/checkout/${payment.providerPaymentId}`);
    // A retried step (same idempotency key) finds the same order and payment.
    expect(await payments.start(request)).toEqual(payment);
    expect(provider.payments.size).toBe(1);

    expect((await act(payment.providerPaymentId, "pay")).status).toBe(200);
    expect(results).toHaveLength(3);
    expect(results.filter((r) => r.applied)).toEqual([expect.objectContaining({ outcome: "paid", payment: expect.objectContaining({ status: "paid" }) })]);
    expect(results.every((r) => r.accepted)).toBe(true);

    await fetch(`${provider.url}/payments/${payment.providerPaymentId}/resend`, { method: "POST" });
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    expect((await act(payment.providerPaymentId, "pay")).status).toBe(409);
    expect(provider.payments.get(payment.providerPaymentId)!.charges).toBe(1);
  });

  it("a declined payment ends in failed", async () => {
    const { payments, results, act, store } = await setup();
    const payment = await payments.start({ ...request, idempotencyKey: "k-fail" });
    await act(payment.providerPaymentId, "fail");
    expect(results[0]).toMatchObject({ applied: true, outcome: "failed" });
    expect((await store.byOrder(payment.orderId))!.status).toBe("failed");
  });

  it("an abandoned checkout expires and ends in timeout", async () => {
    let now = Date.now();
    const { payments, results, provider, act } = await setup({ checkoutTtlMs: 60_000, now: () => now });
    const payment = await payments.start({ ...request, idempotencyKey: "k-abandon" });
    now += 61_000;
    await provider.expireDue();
    expect(results[0]).toMatchObject({ applied: true, outcome: "timeout", payment: expect.objectContaining({ status: "expired" }) });
    expect((await act(payment.providerPaymentId, "pay")).status).toBe(409);
    expect(provider.payments.get(payment.providerPaymentId)!.charges).toBe(0);
  });

  it("refuses forged, stale and altered callbacks", async () => {
    const { payments } = await setup();
    const payment = await payments.start({ ...request, idempotencyKey: "k-forged" });
    const body = JSON.stringify({ paymentId: payment.providerPaymentId, orderId: payment.orderId, status: "success", amount: 340, currency: "UAH" });
    const now = String(Math.floor(Date.now() / 1000));
    const headers = (ts: string, text: string, secret = SECRET) => ({ [SIGNATURE_HEADER]: signCallback(secret, ts, text), [TIMESTAMP_HEADER]: ts });
    expect(await payments.handleCallback(body, headers(now, body, "wrong"))).toMatchObject({ accepted: false, error: "bad signature" });
    expect(await payments.handleCallback(body, { [TIMESTAMP_HEADER]: now })).toMatchObject({ accepted: false, error: "bad signature" });
    const old = String(Math.floor(Date.now() / 1000) - 3600);
    expect(await payments.handleCallback(body, headers(old, body))).toMatchObject({ accepted: false, error: "stale callback" });
    const cheaper = body.replace('"amount":340', '"amount":1');
    expect(await payments.handleCallback(cheaper, headers(now, cheaper))).toMatchObject({ accepted: false, error: "amount or currency differs from the order" });
    expect(await payments.handleCallback(body, headers(now, body))).toMatchObject({ accepted: true, applied: true, outcome: "paid" });
  });

  it("the provider refuses checkouts without the merchant key", async () => {
    const { provider } = await setup();
    const response = await fetch(`${provider.url}/checkout`, { method: "POST", body: JSON.stringify({ orderId: "x", amount: 1, callbackUrl: "http://127.0.0.1:9" }) });
    expect(response.status).toBe(401);
  });
});
