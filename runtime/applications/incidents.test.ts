/**
 * No silent hangs: a step that fails with no `error` outcome makes the application an incident (not a
 * "processing" that never ends); operators retry it after a fix, migrate it to a fixed version, or cancel it
 * (a payment it made is flagged for refund). With an `error` outcome the step takes it.
 */
import { generateKeyPairSync } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Catalog, ServiceDefinition } from "../../engine";
import { ManualClock } from "../clock";
import { signerFromKey } from "../documents/signing";
import { isRuntimeError } from "../errors";
import { defineStepHandler } from "../handlers/define";
import { Runtime, type RuntimeOptions } from "../runtime";
import { applicant, tempDbUrl } from "../testing/fixtures";
import { postgresBinDir, startPostgresCluster, type PostgresCluster } from "../testing/postgres-cluster";

let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

const ask = { kind: "form", schema: { type: "object", required: ["note"], properties: { note: { type: "string" } } } };
const service = (steps: Record<string, unknown>, id = "incident-test"): ServiceDefinition =>
  ({ schemaVersion: 1, id, title: "Incident test", languages: ["en"], owner: "Tests", start: "ask", steps: { ask: { ...ask, next: "work" }, ...steps, done: { kind: "final", outcome: "approved" }, failed: { kind: "final", outcome: "failed" } } }) as unknown as ServiceDefinition;

/**
 * A handler that answers an outcome its step has no edge for until it is "fixed" (the validator makes task
 * steps name an `error` outcome, so a handler's bug is how a task step gets nowhere to go).
 */
function flakyHandler() {
  const state = { broken: true, calls: 0 };
  const handler = defineStepHandler<Record<string, never>, Record<string, never>>({
    type: "flaky",
    version: 1,
    title: "Flaky",
    outcomes: ["ok"],
    params: { type: "object", properties: {} },
    execute() {
      state.calls++;
      if (state.broken) return { outcome: "archiveGone" };
      return { outcome: "ok" };
    },
  });
  return { state, handler };
}

const taskStep = (on: Record<string, string>) => ({ kind: "task", handler: "flaky", version: 1, retry: { maxAttempts: 2, interval: "1s" }, on });

async function setup(options: Partial<RuntimeOptions> = {}) {
  const clock = new ManualClock();
  runtime = await Runtime.create({ databaseUrl: tempDbUrl("incidents"), clock, email: false, worker: { autoStart: false }, ...options });
  return { clock, runtime, worker: runtime.worker! };
}

/** Starts an application and submits its form, then runs jobs (retries included) until nothing is due. */
async function submitted(rt: Runtime, clock: ManualClock, serviceId = "incident-test") {
  const { applicationId } = await rt.start(serviceId, applicant("p-1"));
  await rt.submit(applicationId, { step: "ask", data: { note: "n" } });
  await settle(rt, clock);
  return applicationId;
}

async function settle(rt: Runtime, clock: ManualClock) {
  for (let i = 0; i < 5; i++) {
    await rt.worker!.runUntilIdle();
    clock.advance("PT1M");
  }
}

const statusOf = async (rt: Runtime, id: string) => (await rt.database.prisma.application.findUniqueOrThrow({ where: { id } })).status;

describe("incidents", () => {
  it("a handler answering an outcome its step has no edge for: an incident the citizen is told of; retry after the fix moves it on", async () => {
    const flaky = flakyHandler();
    const { clock, runtime: rt } = await setup({ handlers: [flaky.handler] });
    await rt.publish(service({ work: taskStep({ ok: "done", error: "failed" }) }), "analyst");
    const id = await submitted(rt, clock);

    expect(flaky.state.calls).toBe(1);
    expect(await statusOf(rt, id)).toBe("incident");
    const [incident] = await rt.incidents();
    expect(incident).toMatchObject({ applicationId: id, serviceId: "incident-test", version: 1, step: "work", status: "open", payments: [] });
    expect(incident.error).toContain("outcome.archiveGone");
    // Nothing else runs for it; the citizen sees it is being looked at, with nothing to do.
    expect(await rt.database.prisma.job.count({ where: { applicationId: id, status: { in: ["pending", "running"] } } })).toBe(0);
    const view = await rt.view(id, { kind: "applicant", id: "p-1" });
    expect(view).toMatchObject({ status: "incident", step: { id: "work", incident: true }, actions: [] });
    expect((await rt.audit(id)).map((e) => e.event)).toEqual(["start", "submit", "incident"]);
    // A citizen's event is refused while it is an incident.
    await expect(rt.signal(id, "ok")).rejects.toSatisfy((e) => isRuntimeError(e, "event_not_allowed"));

    flaky.state.broken = false;
    await rt.retryIncident(incident.id, "staff:admin");
    await settle(rt, clock);
    expect(await statusOf(rt, id)).toBe("done");
    expect((await rt.audit(id)).map((e) => `${e.event}:${e.actor}`)).toEqual(["start:applicant:p-1", "submit:applicant:unknown", expect.stringMatching(/^incident:worker:/), "incident.retry:staff:admin", "outcome.ok:" + (await rt.audit(id))[4].actor]);
    expect(await rt.incidents()).toEqual([]);
    expect((await rt.incidents({ status: "all" }))[0]).toMatchObject({ status: "retried", resolvedBy: "staff:admin" });
    // Resolved once: a second retry is refused.
    await expect(rt.retryIncident(incident.id, "staff:admin")).rejects.toSatisfy((e) => isRuntimeError(e, "event_not_allowed"));
  });

  it("a handler that always throws takes the step's error outcome after its retries: no incident", async () => {
    let calls = 0;
    const throwing = defineStepHandler<Record<string, never>, Record<string, never>>({
      type: "flaky",
      version: 1,
      title: "Throws",
      outcomes: ["ok"],
      params: { type: "object", properties: {} },
      execute() {
        calls++;
        throw new Error("the archive is down");
      },
    });
    const { clock, runtime: rt } = await setup({ handlers: [throwing] });
    await rt.publish(service({ work: taskStep({ ok: "done", error: "failed" }) }), "analyst");
    const id = await submitted(rt, clock);
    expect(calls).toBe(2);
    expect(await statusOf(rt, id)).toBe("failed");
    expect(await rt.incidents()).toEqual([]);
  });

  it("a condition that throws while the application moves on: an incident at the step whose result it was", async () => {
    const flaky = flakyHandler();
    flaky.state.broken = false;
    const { clock, runtime: rt } = await setup({ handlers: [flaky.handler] });
    await rt.publish(
      service({ work: taskStep({ ok: "check", error: "failed" }), check: { kind: "decision", branches: [{ when: "int(ask.note) > 1", next: "done" }], otherwise: "failed" } }),
      "analyst",
    );
    const { applicationId: id } = await rt.start("incident-test", applicant("p-1"));
    await rt.submit(id, { step: "ask", data: { note: "not a number" } });
    await settle(rt, clock);
    expect(await statusOf(rt, id)).toBe("incident");
    const [incident] = await rt.incidents();
    expect(incident.step).toBe("work");
    expect(incident.error).toMatch(/condition/);
  });

  it("a condition that throws right after the citizen's form: an incident at the form, the citizen told it is being looked at", async () => {
    const { runtime: rt } = await setup();
    await rt.publish(service({ work: { kind: "decision", branches: [{ when: "int(ask.note) > 1", next: "done" }], otherwise: "failed" } }), "analyst");
    const { applicationId: id } = await rt.start("incident-test", applicant("p-1"));
    const refused = await rt.submit(id, { step: "ask", data: { note: "not a number" } }).then(() => undefined, (e: unknown) => e);
    expect(isRuntimeError(refused, "event_not_allowed")).toBe(true);
    expect(await statusOf(rt, id)).toBe("incident");
    expect((await rt.incidents())[0]).toMatchObject({ step: "ask" });
    expect((await rt.incidents())[0].error).toMatch(/condition/);
  });

  it("a document step whose data misses the template's required fields: an incident naming them", async () => {
    const signer = signerFromKey(generateKeyPairSync("ed25519").privateKey);
    const { clock, runtime: rt } = await setup({ documents: { signer } });
    // residence-registration requires fullName, birthDate, address and registeredOn; only the name is given.
    await rt.publish(service({ work: { kind: "document", template: "residence-registration", data: { fullName: "applicant.lastName" }, next: "done" } }), "analyst");
    const id = await submitted(rt, clock);
    expect(await statusOf(rt, id)).toBe("incident");
    const [incident] = await rt.incidents();
    expect(incident.error).toMatch(/residence-registration/);
    expect(incident.error).toMatch(/birthDate/);
    expect(await rt.documents("p-1")).toEqual([]);
  });

  it("an unknown template: an incident; cancelling it ends the application and flags what it paid for a refund", async () => {
    const catalog: Omit<Catalog, "handlers"> = { registries: {}, templates: { "allotment-permit": { title: "Parking permit" } }, roles: {} };
    const { clock, runtime: rt } = await setup({ catalog });
    await rt.publish(service({ work: { kind: "document", template: "allotment-permit", data: { note: "ask.note" }, next: "done" } }), "analyst");
    delete catalog.templates["allotment-permit"]; // withdrawn from the catalog after publishing
    const { applicationId: id } = await rt.start("incident-test", applicant("p-1"));
    // It paid earlier (a fee step of the service, simplified to its row).
    await rt.database.prisma.payment.create({
      data: { id: "pay-1", orderId: "order-1", applicationId: id, step: "pay", stepEntry: 1, providerPaymentId: "prov-1", amount: 900, currency: "UAH", purpose: "Fee", checkoutUrl: "http://x", status: "paid", createdAt: new Date(), settledAt: new Date() },
    });
    await rt.submit(id, { step: "ask", data: { note: "n" } });
    await settle(rt, clock);
    expect(await statusOf(rt, id)).toBe("incident");
    const [incident] = await rt.incidents();
    expect(incident.error).toContain('No document template "allotment-permit"');
    expect(incident.payments).toEqual([{ orderId: "order-1", amount: 900, currency: "UAH", status: "paid", refundDue: false }]);

    await rt.cancelIncident(incident.id, "staff:admin", "the template is gone");
    expect(await statusOf(rt, id)).toBe("cancelled");
    expect((await rt.database.prisma.payment.findUniqueOrThrow({ where: { id: "pay-1" } })).refundDue).toBe(true);
    expect((await rt.incidents({ status: "all" }))[0]).toMatchObject({ status: "cancelled", payments: [{ refundDue: true }] });
    expect((await rt.audit(id)).at(-1)).toMatchObject({ event: "incident.cancel", actor: "staff:admin" });
    await expect(rt.cancelIncident(incident.id, "staff:admin")).rejects.toSatisfy((e) => isRuntimeError(e, "event_not_allowed"));
  });

  it("migrating an incident to a fixed version enters its step there", async () => {
    const flaky = flakyHandler();
    const { clock, runtime: rt } = await setup({ handlers: [flaky.handler] });
    await rt.publish(service({ work: taskStep({ ok: "done", error: "failed" }) }), "analyst");
    const id = await submitted(rt, clock);
    const [incident] = await rt.incidents();
    await expect(rt.migrateIncident(incident.id, 1, "staff:admin")).rejects.toSatisfy((e) => isRuntimeError(e, "invalid_migration"));
    // Version 2 sends a notification instead of calling the broken handler.
    await rt.publish(service({ work: { kind: "notification", message: "Received", next: "done" } }), "analyst");
    await rt.migrateIncident(incident.id, 2, "staff:admin");
    await settle(rt, clock);
    const view = await rt.view(id, { kind: "system", id: "t" });
    expect(view).toMatchObject({ status: "done", service: { version: 2 } });
    expect((await rt.incidents({ status: "all" }))[0]).toMatchObject({ status: "migrated" });
  });

  it("a document's data mapping that fails to evaluate is an incident too", async () => {
    const { clock, runtime: rt } = await setup();
    await rt.publish(service({ work: { kind: "document", template: "certificate", data: { number: "int(ask.note)" }, next: "done" } }), "analyst");
    const { applicationId: id } = await rt.start("incident-test", applicant("p-1"));
    await rt.submit(id, { step: "ask", data: { note: "not a number" } });
    await settle(rt, clock);
    expect(await statusOf(rt, id)).toBe("incident");
    expect((await rt.incidents())[0].error).toMatch(/data failed to evaluate/);
  });
});

describe.skipIf(!postgresBinDir())("incidents on PostgreSQL", () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 60_000);
  afterAll(() => cluster?.stop());

  it("raised by the worker, retried, raised again and cancelled with the refund flag", async () => {
    const flaky = flakyHandler();
    const { clock, runtime: rt } = await setup({ databaseUrl: await cluster.createDatabase("incidents"), handlers: [flaky.handler] });
    await rt.publish(service({ work: taskStep({ ok: "done", error: "failed" }) }), "analyst");
    const id = await submitted(rt, clock);
    expect(await statusOf(rt, id)).toBe("incident");
    const [first] = await rt.incidents();
    await rt.retryIncident(first.id, "staff:admin");
    await settle(rt, clock); // still broken: an incident again
    const [second] = await rt.incidents();
    expect(second.id).not.toBe(first.id);
    await rt.database.prisma.payment.create({
      data: { id: "pay-pg", orderId: "order-pg", applicationId: id, step: "pay", stepEntry: 1, providerPaymentId: "prov", amount: 120, currency: "UAH", purpose: "Fee", checkoutUrl: "http://x", status: "paid", createdAt: new Date(), settledAt: new Date() },
    });
    await rt.cancelIncident(second.id, "staff:admin");
    expect(await statusOf(rt, id)).toBe("cancelled");
    expect((await rt.database.prisma.payment.findUniqueOrThrow({ where: { id: "pay-pg" } })).refundDue).toBe(true);
    expect((await rt.audit(id)).map((e) => e.event)).toEqual(["start", "submit", "incident", "incident.retry", "incident", "incident.cancel"]);
  }, 60_000);
});
