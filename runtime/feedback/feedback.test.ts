import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseSource, type ServiceDefinition } from "../../engine";
import { FEEDBACK_COMMENT_MAX } from "../../engine/feedback";
import { ManualClock } from "../clock";
import { isRuntimeError, type RuntimeError } from "../errors";
import { Runtime } from "../runtime";
import { applicant, tempDbUrl } from "../testing/fixtures";
import { postgresBinDir, startPostgresCluster, type PostgresCluster } from "../testing/postgres-cluster";

const SERVICE = `
schemaVersion: 1
id: rated
title: { uk: Оцінювана послуга, en: A rated service }
languages: [uk, en]
owner: Test
start: ask
steps:
  ask:
    kind: form
    title: { uk: Питання, en: Question }
    schema: { type: object, properties: { note: { type: string } } }
    next: more
  more:
    kind: form
    title: { uk: Ще питання, en: More }
    schema: { type: object, properties: { note: { type: string } } }
    next: review
  review:
    kind: review
    role: officer
    on: { approve: done, reject: rejected }
  done: { kind: final, outcome: approved }
  rejected: { kind: final, outcome: rejected }
`;

const citizen = { citizenId: "p-1", names: ["Олена", "Коваленко"] };
let runtime: Runtime;
let clock: ManualClock;
let databaseUrl = async () => tempDbUrl();

async function setup() {
  clock = new ManualClock("2026-11-02T09:00:00Z");
  runtime = await Runtime.create({ databaseUrl: await databaseUrl(), clock, worker: { autoStart: false }, documents: false, email: false });
  await runtime.publish(parseSource(SERVICE).value as ServiceDefinition, "analyst");
}

/** An application of p-1 (or another applicant) brought to a form step, to the officer, or finished. */
async function application(to: "ask" | "more" | "review" | "done", applicantId = "p-1") {
  const { applicationId } = await runtime.start("rated", applicant(applicantId));
  if (to === "ask") return applicationId;
  await runtime.submit(applicationId, { step: "ask", data: {}, applicantId });
  if (to === "more") return applicationId;
  await runtime.submit(applicationId, { step: "more", data: {}, applicantId });
  if (to === "review") return applicationId;
  const [task] = await runtime.tasks({ role: "officer", status: "open" });
  await runtime.decide(task.id, { id: "o-1", roles: ["officer"] }, "approve");
  return applicationId;
}

async function expectError(promise: Promise<unknown>, code: RuntimeError["code"]): Promise<RuntimeError> {
  const error = await promise.then(() => undefined, (e) => e);
  expect(isRuntimeError(error), String(error)).toBe(true);
  expect((error as RuntimeError).code).toBe(code);
  return error as RuntimeError;
}

function suite() {
  afterEach(async () => runtime?.close());

  it("asks after a finished application, stores the rating with its outcome and path and the comment masked, then not again", async () => {
    await setup();
    const id = await application("done");
    expect(await runtime.feedback.promptFor(id, "p-1")).toEqual({ ask: true, moment: "finished", step: null });
    const sent = await runtime.feedback.submit(id, citizen, {
      score: 5,
      reasons: ["no-visits", "fast", "fast"],
      comment: "  Дякую! Олена Коваленко, тел. +380671234567, olena@example.com, РНОКПП 3012345678  ",
    });
    expect(sent).toMatchObject({ moment: "finished", step: null, score: 5, reasons: ["fast", "no-visits"], askAgainAt: "2026-12-02T09:00:00.000Z" });
    expect(sent.comment).toBe("Дякую! [name], тел. [phone], [e-mail], РНОКПП [tax number]");
    const [row] = await runtime.database.prisma.feedback.findMany();
    expect(row).toMatchObject({ applicationId: id, moment: "finished", outcome: "approved", step: null, score: 5, comment: sent.comment });
    expect(JSON.parse(row.reasons)).toEqual(["fast", "no-visits"]);
    expect(JSON.parse(row.path)).toEqual(["ask", "more", "review", "done"]);
    expect(Object.keys(row)).not.toContain("citizenId");
    expect(await runtime.feedback.promptFor(id, "p-1")).toEqual({ ask: false, reason: "rated", askAgainAt: "2026-12-02T09:00:00.000Z" });
  });

  it("asks on a form step (left-form, with the step), not while the service is working on it", async () => {
    await setup();
    const id = await application("more");
    expect(await runtime.feedback.promptFor(id, "p-1")).toEqual({ ask: true, moment: "left-form", step: "more" });
    await runtime.feedback.submit(id, citizen, { score: 2, reasons: ["too-many-steps"], moment: "left-form" });
    const [row] = await runtime.database.prisma.feedback.findMany();
    expect(row).toMatchObject({ moment: "left-form", step: "more", outcome: null, comment: null });
    expect(JSON.parse(row.path)).toEqual(["ask", "more"]);

    const working = await application("review", "p-2");
    expect(await runtime.feedback.promptFor(working, "p-2")).toEqual({ ask: false, reason: "not-now", askAgainAt: null });
    const error = await expectError(runtime.feedback.submit(working, { citizenId: "p-2" }, { score: 3 }), "conflict");
    expect(error.details.reason).toBe("not-now");
  });

  it("refuses a rating for a moment the application has left", async () => {
    await setup();
    const id = await application("ask");
    await runtime.submit(id, { step: "ask", data: {}, applicantId: "p-1" });
    await runtime.submit(id, { step: "more", data: {}, applicantId: "p-1" });
    const error = await expectError(runtime.feedback.submit(id, citizen, { score: 3, moment: "left-form" }), "conflict");
    expect(error.details.reason).toBe("moved");
    const other = await application("more", "p-2");
    const step = await expectError(runtime.feedback.submit(other, { citizenId: "p-2" }, { score: 3, moment: "left-form", step: "ask" }), "conflict");
    expect(step.details.reason).toBe("moved");
    await runtime.feedback.submit(other, { citizenId: "p-2" }, { score: 3, moment: "left-form", step: "more" });
  });

  it("takes one rating per citizen and service per 30 days (by the runtime's clock)", async () => {
    await setup();
    const first = await application("done");
    await runtime.feedback.submit(first, citizen, { score: 4 });
    const second = await application("done");
    expect(await runtime.feedback.promptFor(second, "p-1")).toMatchObject({ ask: false, reason: "rated" });
    const error = await expectError(runtime.feedback.submit(second, citizen, { score: 1 }), "conflict");
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/30 days/);
    // Another citizen is not limited by p-1's rating.
    await runtime.feedback.submit(await application("done", "p-2"), { citizenId: "p-2" }, { score: 3 });

    clock.advance("P29DT23H");
    await expectError(runtime.feedback.submit(second, citizen, { score: 1 }), "conflict");
    clock.advance("PT1H");
    expect(await runtime.feedback.promptFor(second, "p-1")).toEqual({ ask: true, moment: "finished", step: null });
    await runtime.feedback.submit(second, citizen, { score: 1, reasons: ["waited-too-long"] });
    // An application rated once is not asked again, even 30 days later.
    clock.advance("P31D");
    expect(await runtime.feedback.promptFor(first, "p-1")).toEqual({ ask: false, reason: "rated", askAgainAt: null });
    await expectError(runtime.feedback.submit(first, citizen, { score: 2 }), "conflict");
    expect(await runtime.database.prisma.feedback.count()).toBe(3);
  });

  it("stores one of two concurrent ratings, for one application or two", async () => {
    await setup();
    const [a, b] = [await application("done"), await application("done")];
    const results = await Promise.allSettled([
      runtime.feedback.submit(a, citizen, { score: 5 }),
      runtime.feedback.submit(a, citizen, { score: 4 }),
      runtime.feedback.submit(b, citizen, { score: 3 }),
      runtime.feedback.submit(b, citizen, { score: 2 }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results) if (result.status === "rejected") expect((result.reason as RuntimeError).code).toBe("conflict");
    expect(await runtime.database.prisma.feedback.count()).toBe(1);
    expect(await runtime.database.prisma.feedbackLimit.count()).toBe(1);
  });

  it("refuses a bad score, reasons not offered for the score, and a comment too long, field by field", async () => {
    await setup();
    const id = await application("done");
    for (const score of [0, 6, 2.5, "5", null, undefined]) {
      const error = await expectError(runtime.feedback.submit(id, citizen, { score }), "invalid_data");
      expect(error.details.fields).toEqual([expect.objectContaining({ path: "/score", code: "enum" })]);
    }
    const reasons = await expectError(runtime.feedback.submit(id, citizen, { score: 1, reasons: ["waited-too-long", "fast", 7] }), "invalid_data");
    expect(reasons.details.fields).toEqual([expect.objectContaining({ path: "/reasons/1" }), expect.objectContaining({ path: "/reasons/2" })]);
    expect(reasons.message).toMatch(/"fast" is not a reason offered for a score of 1/);
    await expectError(runtime.feedback.submit(id, citizen, { score: 1, reasons: "fast" }), "invalid_data");
    const long = await expectError(runtime.feedback.submit(id, citizen, { score: 3, comment: "я".repeat(FEEDBACK_COMMENT_MAX + 1) }), "invalid_data");
    expect(long.details.fields).toEqual([expect.objectContaining({ path: "/comment", code: "maxLength" })]);
    await expectError(runtime.feedback.submit(id, citizen, { score: 3, comment: 42 }), "invalid_data");
    await expectError(runtime.feedback.submit(id, citizen, { score: 3, moment: "later" }), "invalid_data");
    expect(await runtime.database.prisma.feedback.count()).toBe(0);
    // Exactly the limit is fine.
    await runtime.feedback.submit(id, citizen, { score: 3, comment: "я".repeat(FEEDBACK_COMMENT_MAX) });
  });

  it("is the applicant's only: anyone else, and a missing application, is not found", async () => {
    await setup();
    const id = await application("done");
    await expectError(runtime.feedback.promptFor(id, "p-2"), "not_found");
    // An accepted party sees the application (runtime/views accessOf) but the rating is the applicant's.
    const now = new Date();
    await runtime.database.prisma.applicationParty.create({
      data: { id: "party-1", applicationId: id, role: "partner", step: "ask", stepEntry: 1, status: "accepted", citizenId: "p-3", createdAt: now, updatedAt: now },
    });
    await expectError(runtime.feedback.promptFor(id, "p-3"), "not_found");
    await expectError(runtime.feedback.submit(id, { citizenId: "p-3" }, { score: 5 }), "not_found");
    await expectError(runtime.feedback.submit(id, { citizenId: "p-2" }, { score: 5 }), "not_found");
    await expectError(runtime.feedback.promptFor(id, ""), "not_found");
    await expectError(runtime.feedback.promptFor("missing", "p-1"), "not_found");
    expect(await runtime.database.prisma.feedback.count()).toBe(0);
  });

  it("masks the register's names given to it", async () => {
    await setup();
    runtime.feedback.useNames(["Зоряна"]);
    const sent = await runtime.feedback.submit(await application("done"), { citizenId: "p-1" }, { score: 4, comment: "допомогла Зоряна у віконці" });
    expect(sent.comment).toBe("допомогла [name] у віконці");
  });
}

describe("feedback (SQLite)", suite);

const binaries = postgresBinDir();
describe.skipIf(!binaries)("feedback (PostgreSQL)", () => {
  let cluster: PostgresCluster | undefined;
  let n = 0;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    databaseUrl = () => cluster!.createDatabase(`feedback${n++}`);
  }, 120_000);
  afterAll(() => {
    databaseUrl = async () => tempDbUrl();
    cluster?.stop();
  });
  suite();
});
