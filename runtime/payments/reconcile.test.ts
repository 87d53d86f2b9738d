/**
 * Payment reconciliation: the citizen pays while the app is down (the provider's callback finds nobody), the
 * runtime starts again on the same database, asks the provider about its pending orders and moves the
 * application on, exactly once; the provider's callback arriving afterwards changes nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ServiceDefinition } from "../../engine";
import { Runtime } from "../runtime";
import { applicant, tempDbUrl } from "../testing/fixtures";
import { postgresBinDir, startPostgresCluster, type PostgresCluster } from "../testing/postgres-cluster";
import { waitFor } from "../testing/processes";
import { startCallbackListener } from "../wiring/integrated-runtime";
import type { PaymentsConfig } from "../wiring/payments";
import { signCallback } from "./signature";
import { startStandInPaymentProvider, type StandInPaymentProvider } from "../../stand-ins";

const API_KEY = "merchant-key";
const SECRET = "callback-secret";

const feeService = {
  schemaVersion: 1,
  id: "fee-service",
  title: "Fee service",
  languages: ["en"],
  owner: "Tests",
  start: "ask",
  steps: {
    ask: { kind: "form", schema: { type: "object", required: ["case"], properties: { case: { type: "string" } } }, next: "pay" },
    pay: { kind: "payment", amount: "120", currency: "UAH", purpose: "Fee", deadline: "P5D", saveAs: "payment", on: { paid: "paid", failed: "unpaid", timeout: "unpaid" } },
    paid: { kind: "final", outcome: "approved" },
    unpaid: { kind: "final", outcome: "rejected" },
  },
} as unknown as ServiceDefinition;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function provider(): Promise<StandInPaymentProvider> {
  const started = await startStandInPaymentProvider({ apiKey: API_KEY, callbackSecret: SECRET });
  cleanup.push(() => started.close());
  return started;
}

/** A runtime with its own loopback callback endpoint, as `npm start` runs it; `close` takes both down. */
async function app(databaseUrl: string, providerUrl: string, extra: Partial<PaymentsConfig> = {}) {
  let runtime: Runtime | undefined;
  const listener = await startCallbackListener(() => runtime);
  const payments: PaymentsConfig = { providerUrl, apiKey: API_KEY, callbackSecret: SECRET, callbackUrl: listener.url, ...extra };
  runtime = await Runtime.create({ databaseUrl, payments, email: false, worker: { idleDelayMs: 50 } });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await listener.close();
    await runtime!.close();
  };
  cleanup.push(close);
  return { runtime, close };
}

async function atPayment(runtime: Runtime, person: string) {
  const { applicationId } = await runtime.start("fee-service", applicant(person));
  await runtime.submit(applicationId, { step: "ask", data: { case: "x" }, expectedVersion: 1 });
  const checkout = await runtime.paymentCheckout(applicationId, person);
  return { applicationId, checkout };
}

const paymentOf = (paymentProvider: StandInPaymentProvider, orderId: string) => [...paymentProvider.payments.values()].find((p) => p.orderId === orderId)!;
const stepOf = async (runtime: Runtime, applicationId: string) => (await runtime.database.prisma.application.findUniqueOrThrow({ where: { id: applicationId } })).currentStep;

async function paidWhileDown(databaseUrl: string) {
  const paymentProvider = await provider();
  const first = await app(databaseUrl, paymentProvider.url);
  await first.runtime.publish(feeService, "tests");
  const { applicationId, checkout } = await atPayment(first.runtime, "p-1");
  await first.close(); // the app is down

  const payment = paymentOf(paymentProvider, checkout.orderId);
  expect((await fetch(`${paymentProvider.url}/checkout/${payment.paymentId}/pay`, { method: "POST" })).status).toBe(200);
  expect(payment.callbacks.map((c) => c.status)).toEqual(["failed"]); // the callback found nobody

  const second = await app(databaseUrl, paymentProvider.url);
  await waitFor(async () => (await stepOf(second.runtime, applicationId)) === "paid", 10_000, 25);
  const audit = async () => (await second.runtime.audit(applicationId)).map((e) => `${e.event}:${e.actor}`);
  const expected = ["start:applicant:p-1", "submit:applicant:unknown", "outcome.paid:payments"];
  expect(await audit()).toEqual(expected);
  const [row] = await second.runtime.payments!.ofApplication(applicationId);
  expect(row).toMatchObject({ status: "paid", orderId: checkout.orderId });
  expect(payment.charges).toBe(1);

  // The provider's redelivery arrives after reconciliation: accepted, applied nowhere.
  const body = JSON.stringify({ paymentId: payment.paymentId, orderId: payment.orderId, status: "success", amount: 120, currency: "UAH", at: new Date().toISOString() });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const late = await second.runtime.paymentCallback(body, { signature: signCallback(SECRET, timestamp, body), timestamp });
  expect(late).toMatchObject({ status: 200, accepted: true, applied: false });
  // Reconciling again finds nothing to do.
  expect(await second.runtime.payments!.reconcile()).toEqual({ checked: 0, applied: 0 });
  expect(await audit()).toEqual(expected);
}

describe("payment reconciliation", () => {
  it("a payment made while the app was down moves the application when it starts again, once; a late callback changes nothing", async () => {
    await paidWhileDown(tempDbUrl("reconcile"));
  }, 30_000);

  it("a callback dropped while the app is up is made up for by the periodic reconciliation", async () => {
    const paymentProvider = await provider();
    // The callback goes to an address where nobody listens (a dropped callback).
    const { runtime } = await app(tempDbUrl("reconcile"), paymentProvider.url, { callbackUrl: "http://127.0.0.1:9/payments/callback", reconcileEveryMs: 100 });
    await runtime.publish(feeService, "tests");
    const { applicationId, checkout } = await atPayment(runtime, "p-2");
    const payment = paymentOf(paymentProvider, checkout.orderId);
    await fetch(`${paymentProvider.url}/checkout/${payment.paymentId}/pay`, { method: "POST" });
    expect(payment.callbacks.map((c) => c.status)).toEqual(["failed"]);
    await waitFor(async () => (await stepOf(runtime, applicationId)) === "paid", 10_000, 25);
    expect((await runtime.audit(applicationId)).filter((e) => e.event.startsWith("outcome."))).toHaveLength(1);
  }, 30_000);

  it("an order settled here whose outcome never reached the application (a crash between the two) is fed on reconciliation", async () => {
    const paymentProvider = await provider();
    const { runtime } = await app(tempDbUrl("reconcile"), paymentProvider.url, { reconcileEveryMs: 0 });
    await runtime.publish(feeService, "tests");
    const { applicationId, checkout } = await atPayment(runtime, "p-3");
    // What the callback's first half leaves behind when the process dies before feeding the application.
    await runtime.database.prisma.payment.updateMany({ where: { orderId: checkout.orderId }, data: { status: "failed", settledAt: new Date() } });
    expect(await runtime.payments!.reconcile()).toEqual({ checked: 0, applied: 1 });
    expect(await stepOf(runtime, applicationId)).toBe("unpaid");
    expect(await runtime.payments!.reconcile()).toEqual({ checked: 0, applied: 0 });
  }, 30_000);

  describe.skipIf(!postgresBinDir())("on PostgreSQL", () => {
    let cluster: PostgresCluster;
    beforeAll(async () => {
      cluster = await startPostgresCluster();
    }, 60_000);
    afterAll(() => cluster?.stop());

    it("a payment made while the app was down moves the application when it starts again, once", async () => {
      await paidWhileDown(await cluster.createDatabase("reconcile"));
    }, 60_000);
  });
});
