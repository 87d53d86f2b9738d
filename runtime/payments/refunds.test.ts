/**
 * Refunds against the stand-in provider over loopback: an application that paid and ends refused, cancelled
 * (by the citizen, or an operator's cancel of an incident) or expired gets its money back once (audited, told in the inbox); one that paid nothing or was approved
 * asks for nothing; an unreachable provider is retried with backoff; a lost callback is made up for by the
 * job looking again; a payment made after the application was cancelled goes back too.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ServiceDefinition } from "../../engine";
import { ManualClock } from "../clock";
import { Runtime } from "../runtime";
import { applicant, tempDbUrl } from "../testing/fixtures";
import { postgresBinDir, startPostgresCluster, type PostgresCluster } from "../testing/postgres-cluster";
import { waitFor } from "../testing/processes";
import { startCallbackListener } from "../wiring/integrated-runtime";
import { refundsOnEnding } from "./refunds";
import { signCallback } from "./signature";
import { startStandInPaymentProvider, type PaymentProviderOptions, type StandInPaymentProvider } from "../../stand-ins";

const API_KEY = "merchant-key";
const SECRET = "callback-secret";

const permit = {
  schemaVersion: 1,
  id: "permit",
  title: { uk: "Дозвіл", en: "Permit" },
  languages: ["uk", "en"],
  owner: "Tests",
  start: "ask",
  steps: {
    ask: { kind: "form", schema: { type: "object", required: ["zone"], properties: { zone: { type: "string" } } }, next: "pay" },
    pay: { kind: "payment", amount: "230", currency: "UAH", purpose: { uk: "Збір", en: "Fee" }, deadline: "P5D", on: { paid: "review", failed: "unpaid", timeout: "unpaid" } },
    review: { kind: "review", role: "officer", deadline: "P10D", on: { approve: "done", reject: "refused", timeout: "expired" } },
    done: { kind: "final", outcome: "approved" },
    refused: { kind: "final", outcome: "rejected" },
    expired: { kind: "final", outcome: "cancelled" },
    unpaid: { kind: "final", outcome: "rejected" },
  },
} as unknown as ServiceDefinition;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

/** A proxy in front of the provider that answers 503 to the first `failRefunds` refund requests (an outage). */
async function flakyProxy(target: string, failRefunds: number) {
  const seen: string[] = [];
  let failures = failRefunds;
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    seen.push(`${req.method} ${req.url}`);
    if (req.method === "POST" && req.url === "/refunds" && failures > 0) {
      failures--;
      res.statusCode = 503;
      return res.end("down for maintenance");
    }
    const answer = await fetch(`${target}${req.url}`, { method: req.method, headers: { "content-type": "application/json", authorization: String(req.headers.authorization ?? "") }, body: body || undefined, redirect: "manual" });
    res.statusCode = answer.status;
    res.end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanup.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

interface Setup {
  databaseUrl?: string;
  provider?: Partial<PaymentProviderOptions>;
  /** Refund requests answered 503 before they reach the provider. */
  outage?: number;
  callbackUrl?: string;
  definition?: ServiceDefinition;
}

async function setup(options: Setup = {}) {
  const clock = new ManualClock(new Date()); // real time (callbacks' timestamps are checked), moved by hand
  const provider: StandInPaymentProvider = await startStandInPaymentProvider({ apiKey: API_KEY, callbackSecret: SECRET, ...options.provider });
  cleanup.push(() => provider.close());
  const proxy = options.outage ? await flakyProxy(provider.url, options.outage) : undefined;
  const providerUrl = proxy?.url ?? provider.url;
  let runtime: Runtime | undefined;
  const listener = await startCallbackListener(() => runtime);
  runtime = await Runtime.create({
    databaseUrl: options.databaseUrl ?? tempDbUrl("refunds"),
    clock,
    payments: { providerUrl, apiKey: API_KEY, callbackSecret: SECRET, callbackUrl: options.callbackUrl ?? listener.url, reconcileEveryMs: 0 },
    email: false,
    worker: { autoStart: false },
  });
  cleanup.push(async () => {
    await listener.close();
    await runtime!.close();
  });
  await runtime.publish(options.definition ?? permit, "analyst");
  const rt = runtime;
  const db = rt.database.prisma;

  /** An application that paid 230 UAH and waits for the officer. */
  const paid = async (person = "p-1", language = "uk") => {
    const { applicationId } = await rt.start("permit", applicant(person), { language });
    await rt.submit(applicationId, { step: "ask", data: { zone: "A" } });
    const checkout = await rt.paymentCheckout(applicationId, person);
    await payAt(checkout.checkoutUrl);
    await waitFor(async () => (await db.application.findUniqueOrThrow({ where: { id: applicationId } })).currentStep === "review", 10_000, 20);
    return { applicationId, checkout };
  };
  const payAt = async (checkoutUrl: string) => expect((await fetch(`${checkoutUrl}/pay`, { method: "POST" })).status).toBe(200);
  const officer = { id: "o-1", roles: ["officer"] };
  const reject = async (applicationId: string) => {
    const [task] = await rt.tasks({ role: "officer" });
    expect(task.applicationId).toBe(applicationId);
    await rt.decide(task.id, officer, "reject", "Documents missing");
  };
  const paymentRow = (applicationId: string) => db.payment.findFirstOrThrow({ where: { applicationId } });
  const refunded = (applicationId: string) => waitFor(async () => (await paymentRow(applicationId)).refundStatus === "refunded", 10_000, 20);
  const refundEvents = async (applicationId: string) => (await rt.audit(applicationId)).filter((e) => e.event.startsWith("refund."));
  return { runtime: rt, db, clock, provider, proxy, paid, payAt, reject, officer, paymentRow, refunded, refundEvents };
}

describe("refunds", () => {
  it("an officer refuses a paid application: the money goes back once, audited, and the citizen is told in their language", async () => {
    const { runtime, db, provider, paid, reject, paymentRow, refunded, refundEvents } = await setup({ provider: { callbackRepeats: 2 } });
    const { applicationId, checkout } = await paid("p-1", "uk");
    await reject(applicationId);
    // Requested in the ending's own transaction, before any job ran.
    expect(await paymentRow(applicationId)).toMatchObject({ refundStatus: "requested", refundDue: true, refundAmount: 230 });
    expect(await runtime.refunds.ofApplication(applicationId)).toEqual([
      expect.objectContaining({ orderId: checkout.orderId, amount: 230, currency: "UAH", status: "requested", refundedAt: null }),
    ]);
    expect(await db.job.count({ where: { applicationId, kind: "refund", status: "pending" } })).toBe(1);

    await runtime.worker!.runUntilIdle();
    await refunded(applicationId);
    const row = await paymentRow(applicationId);
    expect(row.refundedAt).toBeInstanceOf(Date);
    expect(row.providerRefundId).toMatch(/^ref_/);
    const atProvider = [...provider.payments.values()][0];
    expect(atProvider.refunds).toBe(1);
    expect(provider.refunds.size).toBe(1);

    // Two callbacks (the provider repeats them) and the job looking again: one settlement.
    await runtime.worker!.runUntilIdle();
    expect((await refundEvents(applicationId)).map((e) => [e.event, e.actor])).toEqual([["refund.refunded", "payments"]]);
    expect(JSON.parse((await refundEvents(applicationId))[0].detail!)).toMatchObject({ orderId: checkout.orderId, amount: 230, currency: "UAH" });
    const inbox = await runtime.notifications("p-1");
    expect(inbox.filter((n) => n.title === "Кошти повернуто")).toHaveLength(1);
    expect(inbox[0].message).toMatch(/^Кошти повернуто: 230,00\s(грн|UAH) за заяву «Дозвіл»/);
    expect(await db.application.findUniqueOrThrow({ where: { id: applicationId } })).toMatchObject({ status: "rejected", currentStep: "refused" });
  }, 30_000);

  it("a citizen's cancel and an expired review both refund; English for an English application", async () => {
    const { runtime, clock, paid, refunded, refundEvents } = await setup();
    const cancelled = await paid("p-2", "en");
    await runtime.cancel(cancelled.applicationId, "applicant:p-2");
    const expired = await paid("p-3", "en");
    clock.advance("P11D");
    await runtime.worker!.runUntilIdle(); // the review's deadline: ends at `expired`, whose refund job runs next
    const app = await runtime.database.prisma.application.findUniqueOrThrow({ where: { id: expired.applicationId } });
    expect(app.currentStep).toBe("expired");
    // Callbacks are refused as stale past the skew (the clock moved 11 days): the refunds pending at the provider are
    // looked at again by their jobs.
    clock.advance("2m");
    await runtime.worker!.runUntilIdle();
    await refunded(cancelled.applicationId);
    await refunded(expired.applicationId);
    for (const { applicationId } of [cancelled, expired]) expect(await refundEvents(applicationId)).toHaveLength(1);
    const [message] = await runtime.notifications("p-2");
    expect(message).toMatchObject({ title: "Your payment was refunded" });
    expect(message.message).toMatch(/^Refunded: UAH\s230\.00 for your application “Permit”/);
  }, 30_000);

  it("nothing is asked for an application that paid nothing or was approved", async () => {
    const { runtime, db, provider, paid, officer } = await setup();
    const { applicationId } = await runtime.start("permit", applicant("p-4"));
    await runtime.submit(applicationId, { step: "ask", data: { zone: "A" } });
    await runtime.cancel(applicationId, "applicant:p-4"); // at the payment step, before paying
    const approved = await paid("p-5");
    const [task] = await runtime.tasks({ role: "officer" });
    await runtime.decide(task.id, officer, "approve");
    await runtime.worker!.runUntilIdle();
    expect(await db.job.count({ where: { kind: "refund" } })).toBe(0);
    expect(await runtime.refunds.ofApplication(applicationId)).toEqual([]);
    expect(await runtime.refunds.ofApplication(approved.applicationId)).toEqual([]);
    expect(provider.refunds.size).toBe(0);
  }, 30_000);

  it("a provider that is down is tried again with backoff until it answers", async () => {
    const { runtime, db, clock, provider, proxy, paid, reject, paymentRow, refunded } = await setup({ outage: 2 });
    const { applicationId } = await paid("p-6");
    await reject(applicationId);
    await runtime.worker!.runUntilIdle();
    const job = await db.job.findFirstOrThrow({ where: { applicationId, kind: "refund" } });
    expect(job).toMatchObject({ status: "pending", attempts: 1, lastError: expect.stringContaining("503") });
    expect(job.runAt.getTime()).toBeGreaterThan(clock.now().getTime());
    expect((await paymentRow(applicationId)).refundStatus).toBe("requested");
    for (let round = 0; round < 2; round++) {
      clock.advance("1m");
      await runtime.worker!.runUntilIdle();
    }
    await refunded(applicationId);
    expect(provider.refunds.size).toBe(1);
    expect(proxy!.seen.filter((r) => r === "POST /refunds")).toHaveLength(3);
  }, 30_000);

  it("a provider down for good: the refund ends failed after the last attempt, audited for finance", async () => {
    const { runtime, db, clock, paid, reject, paymentRow, refundEvents } = await setup({ outage: 1000 });
    const { applicationId } = await paid("p-7");
    await reject(applicationId);
    for (let round = 0; round < 15; round++) {
      await runtime.worker!.runUntilIdle();
      clock.advance("2h");
    }
    expect(await paymentRow(applicationId)).toMatchObject({ refundStatus: "failed", refundedAt: null, refundError: expect.stringContaining("after 12 attempts") });
    expect(await db.job.findFirstOrThrow({ where: { applicationId, kind: "refund" } })).toMatchObject({ status: "failed", attempts: 12 });
    expect((await refundEvents(applicationId)).map((e) => e.event)).toEqual(["refund.failed"]);
    expect((await runtime.notifications("p-7")).some((n) => n.title === "Кошти повернуто")).toBe(false);
  }, 30_000);

  it("a refund given up as failed whose provider then says the money went back ends refunded (never the reverse)", async () => {
    const { runtime, db, provider, paid, reject, paymentRow, refundEvents } = await setup({ provider: { refundDelayMs: false } });
    const { applicationId } = await paid("p-14");
    await reject(applicationId);
    await runtime.worker!.runUntilIdle();
    const refundId = (await paymentRow(applicationId)).providerRefundId!;
    // What 12 lost answers leave behind.
    await db.payment.updateMany({ where: { applicationId }, data: { refundStatus: "failed", refundError: "Not requested after 12 attempts" } });
    expect(await provider.completeRefund(refundId)).toBe(true); // its callback reaches the runtime
    await waitFor(async () => (await paymentRow(applicationId)).refundStatus === "refunded", 10_000, 20);
    expect((await refundEvents(applicationId)).map((e) => e.event)).toEqual(["refund.refunded"]);
    // A late "failure" for a refunded payment changes nothing.
    const body = JSON.stringify({ type: "refund", ...(await (await fetch(`${provider.url}/refunds/${refundId}`, { headers: { authorization: `Bearer ${API_KEY}` } })).json()), status: "failure" });
    const timestamp = String(Math.floor(Date.now() / 1000));
    expect(await runtime.paymentCallback(body, { signature: signCallback(SECRET, timestamp, body), timestamp })).toMatchObject({ status: 200, accepted: true, applied: false });
    expect((await paymentRow(applicationId)).refundStatus).toBe("refunded");
  }, 30_000);

  it("a refund the provider refuses (refunded already by hand) fails at once with its answer", async () => {
    const { runtime, provider, paid, reject, paymentRow } = await setup();
    const { applicationId } = await paid("p-8");
    const payment = [...provider.payments.values()][0];
    const manual = await fetch(`${provider.url}/refunds`, { method: "POST", headers: { authorization: `Bearer ${API_KEY}` }, body: JSON.stringify({ paymentId: payment.paymentId, refundKey: "by-hand" }) });
    expect(manual.status).toBe(201);
    await reject(applicationId);
    await runtime.worker!.runUntilIdle();
    expect(await paymentRow(applicationId)).toMatchObject({ refundStatus: "failed", refundError: expect.stringContaining("alreadyRefunded") });
    expect(payment.refunds).toBe(1);
  }, 30_000);

  it("a lost refund callback: the job looks again at the provider and settles it", async () => {
    const { runtime, db, clock, provider, paid, reject, paymentRow, refundEvents } = await setup({ provider: { refundDelayMs: false } });
    const { applicationId } = await paid("p-9");
    await reject(applicationId);
    await runtime.worker!.runUntilIdle();
    const row = await paymentRow(applicationId);
    expect(row).toMatchObject({ refundStatus: "requested", providerRefundId: expect.stringMatching(/^ref_/) });
    const refund = provider.refunds.get(row.providerRefundId!)!;
    refund.callbackUrl = "http://127.0.0.1:9/payments/callback"; // nobody listens there: the callback is lost
    expect(await provider.completeRefund(refund.refundId)).toBe(true);
    expect(refund.callbacks.map((c) => c.status)).toEqual(["failed"]);
    expect((await paymentRow(applicationId)).refundStatus).toBe("requested");
    clock.advance("2m");
    await runtime.worker!.runUntilIdle();
    expect((await paymentRow(applicationId)).refundStatus).toBe("refunded");
    expect(await refundEvents(applicationId)).toHaveLength(1);
    expect(await db.job.findFirstOrThrow({ where: { applicationId, kind: "refund" } })).toMatchObject({ status: "done" });
  }, 30_000);

  it("a checkout paid after the application was cancelled is refunded", async () => {
    const { runtime, provider, payAt, paymentRow, refunded } = await setup();
    const { applicationId } = await runtime.start("permit", applicant("p-10"));
    await runtime.submit(applicationId, { step: "ask", data: { zone: "A" } });
    const checkout = await runtime.paymentCheckout(applicationId, "p-10");
    await runtime.cancel(applicationId, "applicant:p-10");
    await payAt(checkout.checkoutUrl); // the tab was still open
    expect((await paymentRow(applicationId)).refundStatus).toBe("requested");
    await runtime.worker!.runUntilIdle();
    await refunded(applicationId);
    expect([...provider.payments.values()][0].refunds).toBe(1);
  }, 30_000);

  it("an operator cancels the incident of a paid application: refunded", async () => {
    // Approved, the citizen is told, then a condition throws (int("A")): the application halts as an incident.
    const steps: Record<string, unknown> = {
      ...(permit.steps as Record<string, unknown>),
      issue: { kind: "notification", message: { uk: "Схвалено", en: "Approved" }, channels: ["inbox"], next: "check" },
      check: { kind: "decision", branches: [{ when: "int(ask.zone) > 1", next: "done" }], otherwise: "done" },
    };
    const review = { ...(steps.review as object), on: { approve: "issue", reject: "refused", timeout: "expired" } };
    const { runtime, paid, officer, paymentRow, refunded, refundEvents } = await setup({ definition: { ...permit, steps: { ...steps, review } } as unknown as ServiceDefinition });
    const { applicationId } = await paid("p-12");
    const [task] = await runtime.tasks({ role: "officer" });
    await runtime.decide(task.id, officer, "approve");
    await runtime.worker!.runUntilIdle();
    const [incident] = await runtime.incidents();
    expect(incident).toMatchObject({ applicationId, payments: [{ amount: 230, refundDue: false }] });
    expect((await paymentRow(applicationId)).refundStatus).toBeNull(); // halted is not ended: nothing asked yet
    await runtime.cancelIncident(incident.id, "staff:admin", "the condition cannot be fixed");
    expect((await runtime.incidents({ status: "all" }))[0]).toMatchObject({ status: "cancelled", payments: [{ refundDue: true }] });
    await runtime.worker!.runUntilIdle();
    await refunded(applicationId);
    expect(await refundEvents(applicationId)).toHaveLength(1);
  }, 30_000);

  it("a final step says whether it refunds: by default every ending but approved, `refund` overrides it", () => {
    const final = (outcome: string, refund?: boolean) => ({ kind: "final", outcome, ...(refund === undefined ? {} : { refund }) }) as never;
    const withPayment = permit;
    expect(refundsOnEnding(withPayment, final("rejected"))).toBe(true);
    expect(refundsOnEnding(withPayment, final("failed"))).toBe(true);
    expect(refundsOnEnding(withPayment, final("approved"))).toBe(false);
    expect(refundsOnEnding(withPayment, final("rejected", false))).toBe(false);
    expect(refundsOnEnding(withPayment, final("approved", true))).toBe(true);
    const free = { ...permit, steps: { done: { kind: "final", outcome: "rejected" } } } as unknown as ServiceDefinition;
    expect(refundsOnEnding(free, final("rejected"))).toBe(false); // no payment step: nothing to ask, no statement
  });

  describe.skipIf(!postgresBinDir())("on PostgreSQL", () => {
    let cluster: PostgresCluster;
    beforeAll(async () => {
      cluster = await startPostgresCluster();
    }, 60_000);
    afterAll(() => cluster?.stop());

    it("refused by an officer, or expired by the worker's deadline job (its result written as one statement): refunded once", async () => {
      const { runtime, db, clock, paid, reject, refunded, refundEvents } = await setup({ databaseUrl: await cluster.createDatabase("refunds") });
      const refused = await paid("p-11");
      await reject(refused.applicationId);
      const expired = await paid("p-13");
      clock.advance("P11D");
      await runtime.worker!.runUntilIdle();
      expect((await db.application.findUniqueOrThrow({ where: { id: expired.applicationId } })).currentStep).toBe("expired");
      clock.advance("2m"); // callbacks are stale for the moved clock: the jobs look again
      await runtime.worker!.runUntilIdle();
      for (const { applicationId } of [refused, expired]) {
        await refunded(applicationId);
        expect(await refundEvents(applicationId)).toHaveLength(1);
      }
      await runtime.worker!.runUntilIdle();
      expect(await db.job.count({ where: { kind: "refund" } })).toBe(2);
      expect((await db.notification.findMany({ where: { applicantId: "p-11" } })).filter((n) => n.title === "Кошти повернуто")).toHaveLength(1);
    }, 60_000);
  });
});
