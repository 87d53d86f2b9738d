import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "./clock";
import { InMemoryRegistry } from "./connectors/in-memory";
import { isRuntimeError, type RuntimeError } from "./errors";
import { Runtime } from "./runtime";
import { applicant, certificateService, tempDbUrl } from "./testing/fixtures";

const officer = { id: "o-1", roles: ["officer"] };
let runtime: Runtime;
afterEach(async () => runtime?.close());

async function setup(population = new InMemoryRegistry({ getPerson: { outcome: "found", data: { convictions: 1 } } })) {
  const clock = new ManualClock();
  runtime = await Runtime.create({ databaseUrl: tempDbUrl(), clock, connectors: { population }, worker: { autoStart: false } });
  await runtime.publish(certificateService(), "analyst");
  return { clock, population, worker: runtime.worker! };
}

async function expectError(promise: Promise<unknown>, code: RuntimeError["code"]) {
  const error = await promise.then(() => undefined, (e) => e);
  expect(isRuntimeError(error), String(error)).toBe(true);
  expect((error as RuntimeError).code).toBe(code);
  return error as RuntimeError;
}

describe("Runtime on SQLite, end to end", () => {
  it("form → registry → decision → review → document → notification → final, all audited", async () => {
    const { worker, population } = await setup();
    const started = await runtime.start("test-certificate", applicant());
    expect(started).toMatchObject({ step: "purpose", status: "draft", version: 1 });

    const view = await runtime.view(started.applicationId, { kind: "applicant", id: "p-1", language: "en" });
    expect(view.step).toMatchObject({ id: "purpose", kind: "form", title: "Purpose" });
    expect((view.step.form as { schema: { properties: { reason: { title: string } } } }).schema.properties.reason.title).toBe("Reason");
    expect((view.step.form as { prefill: unknown }).prefill).toEqual({ reason: "work" });
    expect(view.actions).toEqual(["submit", "cancel"]);

    await runtime.submit(started.applicationId, { step: "purpose", data: { reason: "employment" }, expectedVersion: 1, idempotencyKey: "k1", applicantId: "p-1" });
    expect(await worker.runUntilIdle()).toBe(1); // the registry call
    expect(population.calls).toHaveLength(1);
    expect(population.calls[0].input).toEqual({ taxId: "3012345678" });

    const [task] = await runtime.tasks({ role: "officer" });
    expect(task).toMatchObject({ applicationId: started.applicationId, step: "review", status: "open" });
    const officerView = await runtime.view(started.applicationId, { kind: "officer", id: "o-1", roles: ["officer"] });
    expect(officerView.actions).toEqual(["decide.approve", "decide.reject", "decide.sendBack", "cancel"]);
    await runtime.decide(task.id, officer, "approve", "all fine");
    expect(await worker.runUntilIdle()).toBe(2); // document, notification

    const done = await runtime.view(started.applicationId, { kind: "applicant", id: "p-1" });
    expect(done).toMatchObject({ status: "done", step: { id: "done", outcome: "approved" } });
    expect(done.timeline.map((t) => `${t.event}:${t.to}`)).toEqual([
      "start:purpose",
      "submit:lookup",
      "outcome.found:review",
      "outcome.approve:issue",
      "outcome.issued:notify",
      "outcome.sent:done",
    ]);
    const [document] = await runtime.documents("p-1");
    expect(document).toMatchObject({ template: "certificate", status: "valid" });
    expect(JSON.parse(document.data)).toEqual({ name: "Коваленко", reason: "employment" });
    // The platform's notices of the approval and the document, and the service's own message.
    expect((await runtime.notifications("p-1")).map((n) => n.title)).toEqual([null, "Документ видано", "Заяву схвалено"]);
    const calls = await runtime.database.prisma.registryCall.findMany();
    expect(calls).toMatchObject([{ registry: "population", operation: "getPerson", status: "found", applicantId: "p-1", purpose: "Перевірка особи" }]);
    expect(await runtime.applications({ applicantId: "p-1", status: "done" })).toHaveLength(1);
  });

  it("runs deadlines in simulated time: a review times out after 10 days, the certificate expires after 30", async () => {
    const { clock, worker } = await setup();
    const a = await runtime.start("test-certificate", applicant());
    await runtime.submit(a.applicationId, { step: "purpose", data: { reason: "travel" } });
    await worker.runUntilIdle();
    clock.advance("P9D");
    expect(await worker.runUntilIdle()).toBe(0);
    clock.advance("P1D");
    expect(await worker.runUntilIdle()).toBe(1);
    expect((await runtime.view(a.applicationId, { kind: "system", id: "t" })).status).toBe("failed");
    expect((await runtime.tasks({ role: "officer" }))).toHaveLength(0);

    // A second application gets approved; its document expires 30 days later.
    const b = await runtime.start("test-certificate", applicant("p-2"));
    await runtime.submit(b.applicationId, { step: "purpose", data: { reason: "travel" } });
    await worker.runUntilIdle();
    const [task] = await runtime.tasks({ role: "officer" });
    await runtime.decide(task.id, officer, "approve");
    await worker.runUntilIdle();
    clock.advance("P30D");
    await worker.runUntilIdle();
    const [doc] = await runtime.documents("p-2");
    expect(doc.status).toBe("expired");
    // The deadline of b's review was discarded when the officer decided: nothing else ran.
    expect(await runtime.database.prisma.job.count({ where: { status: "discarded" } })).toBe(1);
  });

  it("retries a failing registry with backoff, then takes the error edge", async () => {
    let calls = 0;
    const population = new InMemoryRegistry({ getPerson: () => { calls++; throw new Error("registry down"); } });
    const { clock, worker } = await setup(population);
    const a = await runtime.start("test-certificate", applicant());
    await runtime.submit(a.applicationId, { step: "purpose", data: { reason: "travel" } });
    await worker.runUntilIdle();
    expect(calls).toBe(1);
    const job = await runtime.database.prisma.job.findFirst({ where: { kind: "registry" } });
    expect(job).toMatchObject({ status: "pending", attempts: 1, lastError: "registry down" });
    const delay = job!.runAt.getTime() - clock.now().getTime();
    expect(delay).toBeGreaterThanOrEqual(800);
    expect(delay).toBeLessThanOrEqual(1200);
    clock.advance("1200ms"); // the longest first delay with jitter
    await worker.runUntilIdle();
    clock.advance("2400ms");
    await worker.runUntilIdle();
    expect(calls).toBe(3);
    const view = await runtime.view(a.applicationId, { kind: "system", id: "t" });
    expect(view).toMatchObject({ status: "failed", step: { id: "failed" } });
    expect(view.timeline.at(-1)).toMatchObject({ event: "outcome.error" });
  });

  it("refuses bad input with typed errors and writes nothing", async () => {
    await setup();
    const a = await runtime.start("test-certificate", applicant());
    const before = await runtime.audit(a.applicationId);

    await expectError(runtime.view("nope", { kind: "system", id: "t" }), "not_found");
    await expectError(runtime.submit("nope", { step: "purpose", data: { reason: "abc" } }), "not_found");
    await expectError(runtime.start("no-such-service", applicant()), "not_found");
    await expectError(runtime.submit(a.applicationId, { step: "purpose", data: { reason: "abc" }, expectedVersion: 7 }), "stale_version");
    await expectError(runtime.signal(a.applicationId, "found"), "event_not_allowed");
    await expectError(runtime.submit(a.applicationId, { step: "lookup", data: {} }), "event_not_allowed");
    const invalid = await expectError(runtime.submit(a.applicationId, { step: "purpose", data: { reason: "x", urgent: "yes" }, language: "en" }), "invalid_data");
    expect(invalid.details.fields).toEqual([
      { path: "/reason", code: "invalid", message: "At least 3 characters" },
      { path: "/urgent", code: "invalid", message: "Wrong type of value" },
    ]);
    const missing = await expectError(runtime.submit(a.applicationId, { step: "purpose", data: {} }), "invalid_data");
    expect(missing.details.fields).toEqual([{ path: "/reason", code: "invalid", message: "Обов'язкове поле" }]);
    await expectError(runtime.submit(a.applicationId, { step: "purpose", data: { reason: "x".repeat(70_000) } }), "payload_too_large");
    await expectError(runtime.view(a.applicationId, { kind: "applicant", id: "someone-else" }), "forbidden");
    await expectError(runtime.start("test-certificate", applicant()), "limit_reached");

    expect(await runtime.audit(a.applicationId)).toEqual(before);
    expect(await runtime.database.prisma.job.count()).toBe(0);
    expect((await runtime.view(a.applicationId, { kind: "system", id: "t" })).version).toBe(1);
  });

  it("applies a submission once for one idempotency key", async () => {
    await setup();
    const a = await runtime.start("test-certificate", applicant());
    const request = { step: "purpose", data: { reason: "travel" }, idempotencyKey: "same" };
    const [first, second] = await Promise.all([runtime.submit(a.applicationId, request), runtime.submit(a.applicationId, request)]);
    expect(second).toEqual(first);
    expect(await runtime.submit(a.applicationId, request)).toEqual(first);
    expect((await runtime.audit(a.applicationId)).map((e) => e.event)).toEqual(["start", "submit"]);
  });

  it("holds the open-applications limit under concurrent starts, and frees it on cancel", async () => {
    await setup();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => runtime.start("test-certificate", applicant("p-9"))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected" && isRuntimeError(r.reason, "limit_reached"))).toHaveLength(4);
    const [open] = await runtime.applications({ applicantId: "p-9" });
    await runtime.cancel(open.id, "applicant:p-9");
    await expectError(runtime.cancel(open.id, "applicant:p-9"), "event_not_allowed");
    await expect(runtime.start("test-certificate", applicant("p-9"))).resolves.toMatchObject({ step: "purpose" });
  });

  it("keeps applications on their version and moves them only by a validated migration", async () => {
    await setup();
    const a = await runtime.start("test-certificate", applicant());
    const v2 = certificateService();
    v2.steps.purpose = { ...(v2.steps.purpose as object), next: "lookup" } as never;
    v2.steps.contacts = { kind: "form", schema: { type: "object", properties: { phone: { type: "string" } } }, next: "lookup" } as never;
    (v2.steps.purpose as { next: string }).next = "contacts";
    const published = await runtime.publish(v2, "analyst");
    expect(published).toMatchObject({ number: 2, unchanged: false });
    expect(await runtime.publish(v2, "analyst")).toMatchObject({ number: 2, unchanged: true });
    expect((await runtime.view(a.applicationId, { kind: "system", id: "t" })).service.version).toBe(1);

    const bad = await runtime.planMigration({ serviceId: "test-certificate", fromVersion: 1, toVersion: 2, steps: { purpose: "nowhere" }, transform: "{" });
    expect(bad.ok).toBe(false);
    expect(bad.problems.join("\n")).toMatch(/no step "nowhere"[\s\S]*does not parse/);
    await expectError(runtime.migrate({ serviceId: "test-certificate", fromVersion: 1, toVersion: 2, steps: { purpose: "nowhere" } }, "admin"), "invalid_migration");

    const result = await runtime.migrate({ serviceId: "test-certificate", fromVersion: 1, toVersion: 2, steps: { purpose: "contacts" }, transform: '{"migratedFrom": 1}' }, "admin");
    expect(result).toEqual({ moved: 1, failed: [] });
    const view = await runtime.view(a.applicationId, { kind: "system", id: "t" });
    expect(view).toMatchObject({ service: { version: 2 }, step: { id: "contacts" } });
    expect((view as { data?: Record<string, unknown> }).data?.migratedFrom).toBe(1);
    expect(view.timeline.at(-1)).toMatchObject({ event: "outcome.migrated", from: "purpose", to: "contacts", actor: "admin" });
  });
});
