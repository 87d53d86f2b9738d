/**
 * A refund across a crash: the runtime runs as a child process; its worker asks the provider for the refund
 * of a refused application, the provider makes the refund, and the process is killed with SIGKILL before the
 * answer reaches it (nothing of the refund is recorded, the job is still leased, and the refund's callback
 * then finds nobody). Started again on the same database, the job is taken over when its lease expires,
 * asks again under the same key, finds the same refund and settles it: one refund at the provider, one
 * audit event, one inbox message. Never two, never zero.
 */
import type { ChildProcess } from "node:child_process";
import { createServer as createHttpServer, type ServerResponse } from "node:http";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ServiceDefinition } from "../../engine";
import { Runtime } from "../runtime";
import { applicant, tempDbUrl } from "../testing/fixtures";
import { killHard, spawnProcess, stopWorker, waitFor, waitForLine } from "../testing/processes";
import { startStandInPaymentProvider, type StandInPaymentProvider } from "../../stand-ins";

const API_KEY = "crash-merchant-key";
const SECRET = "crash-callback-secret";

const service = {
  schemaVersion: 1,
  id: "refund-crash",
  title: { uk: "Збір", en: "Fee" },
  languages: ["uk", "en"],
  owner: "Tests",
  start: "ask",
  steps: {
    ask: { kind: "form", schema: { type: "object", required: ["case"], properties: { case: { type: "string" } } }, next: "pay" },
    pay: { kind: "payment", amount: "123", currency: "UAH", purpose: { uk: "Збір", en: "Fee" }, deadline: "P5D", on: { paid: "review", failed: "refused", timeout: "refused" } },
    review: { kind: "review", role: "officer", on: { approve: "done", reject: "refused" } },
    done: { kind: "final", outcome: "approved" },
    refused: { kind: "final", outcome: "rejected" },
  },
} as unknown as ServiceDefinition;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The provider's network in front of it: passes every request through; while `hold` is on, a refund request
 * reaches the provider (which makes the refund) but its answer is held back, as if the merchant died first.
 */
async function holdingProxy(target: string) {
  const refundRequests: number[] = [];
  const held: ServerResponse[] = [];
  let reachedProvider: () => void = () => {};
  const state = { hold: false, reached: new Promise<void>((resolve) => (reachedProvider = resolve)) };
  const server = createHttpServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const answer = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers: { "content-type": "application/json", authorization: String(req.headers.authorization ?? "") },
      body: body || undefined,
      redirect: "manual",
    });
    const text = await answer.text();
    if (req.method === "POST" && req.url === "/refunds") {
      refundRequests.push(answer.status);
      if (state.hold) {
        held.push(res); // never answered: the asking process is killed meanwhile
        reachedProvider();
        return;
      }
    }
    res.statusCode = answer.status;
    res.setHeader("content-type", "application/json");
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    refundRequests,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

describe("a refund across a crash", () => {
  let provider: StandInPaymentProvider | undefined;
  let proxy: Awaited<ReturnType<typeof holdingProxy>> | undefined;
  let api: Runtime | undefined;
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child) await stopWorker(child);
    await api?.close();
    await proxy?.close();
    await provider?.close();
  });

  it("killed between asking the provider and recording the answer: after the restart exactly one refund", { timeout: 120_000 }, async () => {
    // The refund stays pending at the provider until the test settles it (while the runtime is down).
    provider = await startStandInPaymentProvider({ apiKey: API_KEY, callbackSecret: SECRET, refundDelayMs: false });
    proxy = await holdingProxy(provider.url);
    const databaseUrl = tempDbUrl("refund-crash");
    const callbackPort = await freePort();
    const payments = { providerUrl: proxy.url, apiKey: API_KEY, callbackSecret: SECRET, callbackUrl: `http://127.0.0.1:${callbackPort}/payments/callback` };
    // The citizen's and the officer's side (what the web app does for them); it runs no jobs.
    api = await Runtime.create({ databaseUrl, worker: false, payments: { ...payments, reconcileEveryMs: 0 }, documents: false, email: false });
    await api.publish(service, "tests");
    const db = api.database.prisma;

    const startRuntime = async (id: string) => {
      const started = spawnProcess(join(__dirname, "..", "testing", "runtime-process.ts"), {
        DATABASE_URL: databaseUrl,
        STAND_INS_URL: "http://127.0.0.1:9", // no registry steps here
        PAYMENT_PROVIDER_URL: proxy!.url,
        PAYMENT_API_KEY: API_KEY,
        PAYMENT_CALLBACK_SECRET: SECRET,
        CALLBACK_PORT: String(callbackPort),
        WORKER_ID: id,
        WORKER_LEASE_MS: "1500",
        WORKER_IDLE_MS: "50",
        RECONCILE_EVERY_MS: "0",
      });
      await waitForLine(started, /"ready":true/, 60_000);
      return started;
    };
    child = await startRuntime("first");

    // The citizen pays 123 UAH (the callback reaches the child, which moves the application to the review).
    const { applicationId } = await api.start("refund-crash", applicant("c-1"), { language: "uk" });
    await api.submit(applicationId, { step: "ask", data: { case: "x" } });
    const checkout = await api.paymentCheckout(applicationId, "c-1");
    expect((await fetch(`${checkout.checkoutUrl}/pay`, { method: "POST" })).status).toBe(200);
    const app = () => db.application.findUniqueOrThrow({ where: { id: applicationId } });
    await waitFor(async () => (await app()).currentStep === "review", 30_000, 25);

    // The officer refuses; the child's worker asks for the refund; the provider makes it; the child dies before the answer.
    proxy.state.hold = true;
    const [task] = await api.tasks({ role: "officer" });
    await api.decide(task.id, { id: "o-1", roles: ["officer"] }, "reject", "Not eligible");
    await proxy.state.reached;
    await killHard(child);

    const payment = await db.payment.findFirstOrThrow({ where: { applicationId } });
    expect(payment).toMatchObject({ refundStatus: "requested", providerRefundId: null, refundedAt: null });
    expect(await db.job.findFirstOrThrow({ where: { applicationId, kind: "refund" } })).toMatchObject({ status: "running", attempts: 1, leaseOwner: expect.stringContaining("first") });
    expect(provider.refunds.size).toBe(1);
    const [refund] = [...provider.refunds.values()];
    // While the runtime is down the refund goes through at the provider, and its callback finds nobody.
    expect(await provider.completeRefund(refund.refundId)).toBe(true);
    expect(refund.callbacks.map((c) => c.status)).toEqual(["failed"]);

    proxy.state.hold = false;
    child = await startRuntime("second");
    const refundJob = () => db.job.findFirstOrThrow({ where: { applicationId, kind: "refund" } });
    await waitFor(async () => (await db.payment.findFirstOrThrow({ where: { applicationId } })).refundStatus === "refunded" && (await refundJob()).status === "done", 60_000, 50);

    // The job was taken over, asked again under the same key and found the same refund.
    expect(proxy.refundRequests).toEqual([201, 200]);
    expect(provider.refunds.size).toBe(1);
    expect(provider.payments.get(refund.paymentId)!.refunds).toBe(1);
    expect(await db.payment.findFirstOrThrow({ where: { applicationId } })).toMatchObject({ providerRefundId: refund.refundId, refundAmount: 123 });
    expect(await refundJob()).toMatchObject({ status: "done", attempts: 2 });
    const audit = (await api.audit(applicationId)).map((e) => e.event);
    expect(audit.filter((e) => e.startsWith("refund."))).toEqual(["refund.refunded"]);
    expect((await api.notifications("c-1")).filter((n) => n.title === "Кошти повернуто")).toHaveLength(1);
  });
});
