/**
 * No double charge: an officer sends a paid application back to its form; when it reaches the payment step
 * again with the same amount and currency it is settled with `paid` at once: no new order, no new charge at
 * the provider. A different amount (the answers changed the fee) is a new charge.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ServiceDefinition } from "../../engine";
import { Runtime } from "../runtime";
import { applicant, tempDbUrl } from "../testing/fixtures";
import { waitFor } from "../testing/processes";
import { startCallbackListener } from "../wiring/integrated-runtime";
import { startStandInPaymentProvider, type StandInPaymentProvider } from "../../stand-ins";

const API_KEY = "merchant-key";
const SECRET = "callback-secret";

const permit = {
  schemaVersion: 1,
  id: "parking-permit",
  title: "Parking permit",
  languages: ["en"],
  owner: "Tests",
  start: "ask",
  steps: {
    ask: { kind: "form", schema: { type: "object", required: ["zone"], properties: { zone: { type: "string" } } }, next: "pay" },
    pay: { kind: "payment", amount: 'ask.zone == "centre" ? 900 : 300', currency: "UAH", purpose: "Permit fee", deadline: "P5D", on: { paid: "review", failed: "unpaid", timeout: "unpaid" } },
    review: { kind: "review", role: "officer", on: { approve: "done", reject: "unpaid", sendBack: "ask" } },
    done: { kind: "final", outcome: "approved" },
    unpaid: { kind: "final", outcome: "rejected" },
  },
} as unknown as ServiceDefinition;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function setup(worker: { autoStart?: boolean } = {}) {
  const provider: StandInPaymentProvider = await startStandInPaymentProvider({ apiKey: API_KEY, callbackSecret: SECRET });
  cleanup.push(() => provider.close());
  let runtime: Runtime | undefined;
  const listener = await startCallbackListener(() => runtime);
  runtime = await Runtime.create({
    databaseUrl: tempDbUrl("double-charge"),
    payments: { providerUrl: provider.url, apiKey: API_KEY, callbackSecret: SECRET, callbackUrl: listener.url, reconcileEveryMs: 0 },
    email: false,
    worker: { idleDelayMs: 20, ...worker },
  });
  cleanup.push(async () => {
    await listener.close();
    await runtime!.close();
  });
  await runtime.publish(permit, "analyst");
  return { runtime, provider };
}

const stepOf = async (runtime: Runtime, id: string) => (await runtime.database.prisma.application.findUniqueOrThrow({ where: { id } })).currentStep;
const officer = { id: "o-1", roles: ["officer"] };

/** Applies for the centre zone, pays 900 UAH at the provider, and is sent back to the form by the officer. */
async function paidAndSentBack(runtime: Runtime, provider: StandInPaymentProvider) {
  const { applicationId } = await runtime.start("parking-permit", applicant("p-1"));
  await runtime.submit(applicationId, { step: "ask", data: { zone: "centre" } });
  const checkout = await runtime.paymentCheckout(applicationId, "p-1");
  expect(checkout).toMatchObject({ amount: 900, currency: "UAH", status: "pending" });
  const payment = [...provider.payments.values()].find((p) => p.orderId === checkout.orderId)!;
  expect((await fetch(`${provider.url}/checkout/${payment.paymentId}/pay`, { method: "POST" })).status).toBe(200);
  await waitFor(async () => (await stepOf(runtime, applicationId)) === "review", 10_000, 20);
  const [task] = await runtime.tasks({ role: "officer" });
  await runtime.decide(task.id, officer, "sendBack", "Please attach the car's plate number");
  expect(await stepOf(runtime, applicationId)).toBe("ask");
  return { applicationId, payment, checkout };
}

describe("no double charge", () => {
  it("a payment step entered again with the same amount is settled at once: no new order, no new charge", async () => {
    const { runtime, provider } = await setup();
    const { applicationId, payment, checkout } = await paidAndSentBack(runtime, provider);

    await runtime.submit(applicationId, { step: "ask", data: { zone: "centre" } });
    await waitFor(async () => (await stepOf(runtime, applicationId)) === "review", 10_000, 20);
    expect(payment.charges).toBe(1);
    expect(provider.payments.size).toBe(1);
    expect(await runtime.payments!.ofApplication(applicationId)).toMatchObject([{ orderId: checkout.orderId, status: "paid" }]);
    const paidEvents = (await runtime.audit(applicationId)).filter((e) => e.event === "outcome.paid");
    expect(paidEvents.map((e) => e.actor)).toEqual(["payments", expect.stringMatching(/^worker:/)]);
    // The deadline of the second entry was discarded with it: nothing is left to run.
    expect(await runtime.database.prisma.job.count({ where: { applicationId, status: "pending" } })).toBe(0);
  }, 30_000);

  it("a checkout asked before the settle job ran answers paid and moves the application, without a new order", async () => {
    const { runtime, provider } = await setup();
    const { applicationId, checkout } = await paidAndSentBack(runtime, provider);
    await runtime.worker!.stop(); // the settle job waits
    await runtime.submit(applicationId, { step: "ask", data: { zone: "centre" } });
    expect(await stepOf(runtime, applicationId)).toBe("pay");
    const again = await runtime.paymentCheckout(applicationId, "p-1", { returnUrl: "http://portal/applications/x" });
    expect(again).toEqual({ orderId: checkout.orderId, checkoutUrl: "http://portal/applications/x", amount: 900, currency: "UAH", status: "paid" });
    expect(await stepOf(runtime, applicationId)).toBe("review");
    expect(provider.payments.size).toBe(1);
  }, 30_000);

  it("another amount is a new charge: the application waits at the payment step for the citizen", async () => {
    const { runtime, provider } = await setup();
    const { applicationId, checkout } = await paidAndSentBack(runtime, provider);
    await runtime.submit(applicationId, { step: "ask", data: { zone: "suburb" } });
    await new Promise((resolve) => setTimeout(resolve, 200)); // a settle job would have run by now
    expect(await stepOf(runtime, applicationId)).toBe("pay");
    const second = await runtime.paymentCheckout(applicationId, "p-1");
    expect(second).toMatchObject({ amount: 300, status: "pending" });
    expect(second.orderId).not.toBe(checkout.orderId);
  }, 30_000);
});
