/**
 * The service dashboard's aggregates on a small deterministic data set driven through the runtime (a manual
 * clock, an in-memory registry, officers deciding, payments signalled): counts, funnel, times, suppression,
 * incremental and concurrent catch-ups, version and period filters, and field problems.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../clock";
import { InMemoryRegistry } from "../connectors/in-memory";
import { isRuntimeError } from "../errors";
import { Runtime } from "../runtime";
import { applicant, tempDbUrl } from "../testing/fixtures";
import { insightService } from "./fixtures";
import { bucketOf, bucketValue, timesOf } from "./histogram";
import { normaliseReason, registryClass } from "./rollup";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let runtime: Runtime;
afterEach(async () => runtime?.close());

async function setup() {
  const clock = new ManualClock("2026-03-02T09:00:00Z");
  // Applicants whose id ends in "nf" are not in the register.
  const population = new InMemoryRegistry({ getPerson: (_input, ctx) => ({ outcome: ctx.applicantId.endsWith("nf") ? "notFound" : "found", data: {} }) });
  runtime = await Runtime.create({ databaseUrl: tempDbUrl("insight"), clock, connectors: { population }, worker: { autoStart: false }, documents: false, email: false });
  await runtime.publish(insightService(), "tests");
  return { clock, worker: runtime.worker! };
}

const officer = { id: "o-1", roles: ["officer"] };

async function decideAll(decisions: [string, string | undefined][]) {
  const tasks = await runtime.tasks({ role: "officer", status: "open" });
  for (const [i, task] of tasks.entries()) if (decisions[i]) await runtime.decide(task.id, officer, decisions[i][0], decisions[i][1]);
}

/**
 * 12 applications on one day: 2 never submit; 10 submit after an hour; 2 are not in the register; of 8 reviewed
 * after two days, 6 are approved (5 with one reason written three ways) and 2 rejected; 5 of 6 pay after 30 minutes.
 */
async function scenario(clock: ManualClock, worker: NonNullable<Runtime["worker"]>) {
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) ids.push((await runtime.start("insight-test", applicant(`p-${i}${i >= 10 ? "nf" : ""}`))).applicationId);
  clock.advance(HOUR);
  for (const id of ids.slice(2)) await runtime.submit(id, { step: "apply", data: { name: "Olena" } });
  await worker.runUntilIdle();
  clock.advance(2 * DAY);
  await decideAll([["approve", "Усе гаразд."], ["approve", "усе   гаразд"], ["approve", "Усе гаразд"], ["approve", "УСЕ ГАРАЗД!"], ["approve", "усе гаразд"], ["approve", undefined], ["reject", "Немає документів"], ["reject", "Немає документів"]]);
  clock.advance(30 * 60_000);
  const atPay = await runtime.database.prisma.application.findMany({ where: { currentStep: "pay" }, orderBy: { id: "asc" } });
  for (const app of atPay.slice(0, 5)) await runtime.signal(app.id, "paid", { amount: 100 });
  await worker.runUntilIdle();
  return ids;
}

describe("runtime.insight.service", () => {
  it("counts, funnel, times, registry calls, decisions, reasons, deadlines and payments; cells of 1-4 are null", async () => {
    const { clock, worker } = await setup();
    await scenario(clock, worker);
    const insight = await runtime.insight.service({ serviceId: "insight-test" });
    expect(insight.versions.map((v) => v.number)).toEqual([1]);
    const v = insight.total;
    expect(v).toMatchObject({ version: "all", started: 12, submitted: 10, inProgress: null });
    expect(v.finished).toEqual([
      { outcome: "approved", title: { uk: "Схвалено", en: "Approved" }, count: 5 },
      { outcome: "rejected", title: { uk: "Відмовлено", en: "Rejected" }, count: null }, // 4 people
    ]);
    expect(v.funnel.map((r) => [r.step, r.reached, r.stoppedHere])).toEqual([
      ["apply", 12, null],
      ["lookup", 10, 0],
      ["decide", 8, 0],
      ["pay", 6, null],
    ]);
    expect(v.funnel[0].title).toEqual({ en: "Apply" });
    const apply = v.stepTimes.find((r) => r.step === "apply")!;
    expect(apply).toMatchObject({ actor: "citizen", samples: 10 });
    expect(Math.abs(apply.medianMs! - HOUR) / HOUR).toBeLessThan(0.05);
    const decide = v.stepTimes.find((r) => r.step === "decide")!;
    expect(decide).toMatchObject({ actor: "waiting", samples: 8 });
    expect(Math.abs(decide.p90Ms! - 2 * DAY) / (2 * DAY)).toBeLessThan(0.05);
    // Five paid: enough samples; the one still paying is not a sample yet.
    expect(v.stepTimes.find((r) => r.step === "pay")).toMatchObject({ samples: 5 });
    expect(v.registryCalls).toEqual([expect.objectContaining({ registry: "population", operation: "getPerson", found: 8, notFound: null, error: 0, timeout: 0, samples: 10 })]);
    expect(v.decisions.map((d) => [d.decision, d.count, d.samples])).toEqual([["approve", 6, 6], ["reject", null, null]]);
    expect(Math.abs(v.decisions[0].medianMs! - 2 * DAY) / (2 * DAY)).toBeLessThan(0.05);
    expect(v.reasons).toEqual([{ step: "decide", decision: "approve", reason: "усе гаразд", count: 5 }]);
    expect(v.deadlines).toEqual([{ step: "decide", due: 8, breached: 0 }]);
    expect(v.payments).toEqual({ paid: 5, failed: 0, abandoned: 0, amountPaid: 500 });
    expect(insight.byVersion).toHaveLength(1);
    expect(insight.byVersion[0]).toMatchObject({ version: 1, started: 12 });
    expect(new Date(insight.asOf).getTime()).toBe(clock.now().getTime());
  });

  it("a check before the first form is not a submission: submitted counts the citizens who finished their part", async () => {
    const { worker } = await setup();
    const service = insightService();
    service.id = "insight-eligibility";
    service.steps.eligible = { kind: "registry", registry: "population", operation: "getPerson", purpose: { en: "Check" }, input: { taxId: "applicant.taxId" }, timeout: "5s", retry: { maxAttempts: 1 }, on: { found: "apply", notFound: "rejected", error: "failed" } } as (typeof service.steps)[string];
    service.start = "eligible";
    await runtime.publish(service, "tests");
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await runtime.start("insight-eligibility", applicant(`e-${i}`))).applicationId);
    await worker.runUntilIdle();
    for (const id of ids.slice(2)) await runtime.submit(id, { step: "apply", data: { name: "Olena" } });
    await worker.runUntilIdle();
    const v = (await runtime.insight.service({ serviceId: "insight-eligibility" })).total;
    expect(v).toMatchObject({ started: 7, submitted: 5 });
    // An untitled step is named by its kind.
    expect(v.funnel[0]).toMatchObject({ step: "eligible", title: { uk: "Реєстр (eligible)", en: "Registry call (eligible)" } });
  });

  it("a payment paid without a provider's order counts the amount its expression gives", async () => {
    const definition = insightService();
    (definition.steps.pay as { amount: unknown }).amount = "apply.name == 'Olena' ? 75.5 : 1.0";
    const clock = new ManualClock("2026-03-02T09:00:00Z");
    runtime = await Runtime.create({
      databaseUrl: tempDbUrl("insight"), clock, connectors: { population: new InMemoryRegistry({ getPerson: { outcome: "found", data: {} } }) },
      worker: { autoStart: false }, documents: false, email: false,
    });
    await runtime.publish(definition, "tests");
    for (let i = 0; i < 5; i++) {
      const { applicationId } = await runtime.start("insight-test", applicant(`p-${i}`));
      await runtime.submit(applicationId, { step: "apply", data: { name: "Olena" } });
    }
    await runtime.worker!.runUntilIdle();
    for (const task of await runtime.tasks({ role: "officer" })) await runtime.decide(task.id, officer, "approve");
    for (const app of await runtime.database.prisma.application.findMany({ where: { currentStep: "pay" } })) await runtime.signal(app.id, "paid", {});
    expect((await runtime.insight.service({ serviceId: "insight-test" })).total.payments).toEqual({ paid: 5, failed: 0, abandoned: 0, amountPaid: 377.5 });
  });

  it("catches up incrementally: events after a catch-up are counted once, and two catch-ups at once count nothing twice", async () => {
    const { clock, worker } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await runtime.start("insight-test", applicant(`p-${i}`))).applicationId);
    expect(await runtime.insight.catchUp()).toMatchObject({ applications: 6, events: 6, complete: true });
    expect(await runtime.insight.catchUp()).toMatchObject({ applications: 0, events: 0 });
    clock.advance(HOUR);
    for (const id of ids) await runtime.submit(id, { step: "apply", data: { name: "Olena" } });
    await worker.runUntilIdle();
    const [first, second] = await Promise.all([runtime.insight.catchUp(), runtime.insight.catchUp()]);
    // Each application's new events were counted by exactly one of them.
    expect(first.events + second.events).toBe(12);
    const v = (await runtime.insight.service({ serviceId: "insight-test" })).total;
    expect(v.funnel.map((r) => [r.step, r.reached])).toEqual([["apply", 6], ["lookup", 6], ["decide", 6]]);
    expect(v.stepTimes.find((r) => r.step === "apply")?.samples).toBe(6);
    expect(v.registryCalls[0].found).toBe(6);
  });

  it("filters by version and by period (start day); 4 people are null, 5 are 5", async () => {
    const { clock } = await setup();
    for (let i = 0; i < 4; i++) await runtime.start("insight-test", applicant(`a-${i}`)); // 2 March, version 1
    clock.set("2026-03-03T10:00:00Z");
    for (let i = 0; i < 5; i++) await runtime.start("insight-test", applicant(`b-${i}`)); // 3 March, version 1
    await runtime.publish(insightService("Apply now"), "tests");
    clock.set("2026-03-04T10:00:00Z");
    for (let i = 0; i < 7; i++) await runtime.start("insight-test", applicant(`c-${i}`)); // 4 March, version 2

    const all = await runtime.insight.service({ serviceId: "insight-test" });
    expect(all.versions.map((v) => v.number)).toEqual([2, 1]);
    expect(all.total.started).toBe(16);
    expect(all.byVersion.map((v) => [v.version, v.started])).toEqual([[2, 7], [1, 9]]);
    // Titles of "all" come from the newest selected version.
    expect(all.total.funnel[0].title).toEqual({ en: "Apply now" });

    const second = await runtime.insight.service({ serviceId: "insight-test", versions: [2] });
    expect(second.query.versions).toEqual([2]);
    expect(second.total.started).toBe(7);
    expect(second.byVersion).toHaveLength(1);

    const day = (from: string, to: string) => runtime.insight.service({ serviceId: "insight-test", from: new Date(from), to: new Date(to) });
    expect((await day("2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z")).total.started).toBeNull(); // 4 people
    expect((await day("2026-03-03T00:00:00Z", "2026-03-04T00:00:00Z")).total.started).toBe(5);
    // Widened to whole days: a period inside 3 March covers the day.
    expect((await day("2026-03-03T12:00:00Z", "2026-03-03T13:00:00Z")).total.started).toBe(5);
    expect((await day("2026-03-02T00:00:00Z", "2026-03-04T00:00:00Z")).total.funnel[0]).toMatchObject({ reached: 9, stoppedHere: 9 });
  });

  it("refuses an unknown service, version or a period that ends before it starts", async () => {
    await setup();
    const code = (p: Promise<unknown>) => p.then(() => "ok", (e) => (isRuntimeError(e) ? e.code : String(e)));
    expect(await code(runtime.insight.service({ serviceId: "nope" }))).toBe("not_found");
    expect(await code(runtime.insight.service({ serviceId: "insight-test", versions: [3] }))).toBe("invalid_data");
    expect(await code(runtime.insight.service({ serviceId: "insight-test", from: new Date("2026-03-02"), to: new Date("2026-03-01") }))).toBe("invalid_data");
    expect(await code(runtime.insight.service({ serviceId: "insight-test", from: new Date("nonsense") }))).toBe("invalid_data");
  });
});

describe("runtime.insight.recordFieldErrors", () => {
  it("counts a field's problem once per application and refuses unknown steps, fields and keywords", async () => {
    const { worker } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await runtime.start("insight-test", applicant(`p-${i}`))).applicationId);
    const code = (p: Promise<unknown>) => p.then(() => "ok", (e) => (isRuntimeError(e) ? e.code : String(e)));
    expect(await code(runtime.insight.recordFieldErrors(ids[0], "nope", [{ field: "name", code: "required" }]))).toBe("invalid_data");
    expect(await code(runtime.insight.recordFieldErrors(ids[0], "lookup", [{ field: "name", code: "required" }]))).toBe("invalid_data");
    expect(await code(runtime.insight.recordFieldErrors(ids[0], "apply", [{ field: "surname", code: "required" }]))).toBe("invalid_data");
    expect(await code(runtime.insight.recordFieldErrors(ids[0], "apply", [{ field: "name", code: "Olena" }]))).toBe("invalid_data");
    expect(await code(runtime.insight.recordFieldErrors("no-such", "apply", [{ field: "name", code: "required" }]))).toBe("not_found");
    const many = Array.from({ length: 51 }, () => ({ field: "name", code: "required" }));
    expect(await code(runtime.insight.recordFieldErrors(ids[0], "apply", many))).toBe("invalid_data");

    for (const id of ids.slice(0, 5)) {
      await runtime.insight.recordFieldErrors(id, "apply", [{ field: "/address/postcode", code: "pattern" }]);
      await runtime.insight.recordFieldErrors(id, "apply", [{ field: ".address.postcode", code: "pattern" }, { field: "name", code: "minLength" }]);
    }
    await runtime.insight.recordFieldErrors(ids[5], "apply", [{ field: "address/postcode", code: "pattern" }]);
    const v = (await runtime.insight.service({ serviceId: "insight-test" })).total;
    expect(v.fieldErrors).toEqual([
      { step: "apply", field: "address/postcode", code: "pattern", count: 6 },
      { step: "apply", field: "name", code: "minLength", count: 5 },
    ]);
    expect(await runtime.database.prisma.insightFieldError.count()).toBe(11);
    await worker.runUntilIdle();
  });
});

describe("helpers", () => {
  it("log buckets give percentiles within 5 %, and none under five samples", () => {
    for (const ms of [1, 7, 999, 3_600_000, 172_800_000]) expect(Math.abs(bucketValue(bucketOf(ms)) - ms) / ms).toBeLessThan(0.05);
    expect(timesOf(new Map([[bucketOf(1000), 4]]))).toEqual({ samples: null, medianMs: null, p90Ms: null });
    const t = timesOf(new Map([[bucketOf(1000), 5], [bucketOf(60_000), 1]]));
    expect(t.samples).toBe(6);
    expect(Math.abs(t.medianMs! - 1000)).toBeLessThan(50);
    expect(Math.abs(t.p90Ms! - 60_000)).toBeLessThan(3000);
  });
  it("reasons are masked and folded; registry statuses grouped", () => {
    expect(normaliseReason("  Заявник  3012345678 не має права.  ")).not.toContain("3012345678");
    expect(normaliseReason("Усе Гаразд!!")).toBe("усе гаразд");
    expect([registryClass("found", null), registryClass("notFound", null), registryClass("error", "ETIMEDOUT"), registryClass("error", null), registryClass("timeout", null), registryClass("started", null)])
      .toEqual(["found", "notFound", "timeout", "error", "timeout", null]);
  });
});
