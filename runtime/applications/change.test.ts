import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceDefinition } from "../../engine";
import { isRuntimeError } from "../errors";
import { Runtime } from "../runtime";
import { applicant, tempDbUrl } from "../testing/fixtures";

const form = (next: string, extra: Record<string, unknown> = {}) => ({
  kind: "form",
  schema: { type: "object", required: ["x"], properties: { x: { type: "string", minLength: 1 } } },
  next,
  ...extra,
});

/** purpose → who → route (reads who) → review (the summary) → done. */
const service = {
  schemaVersion: 1,
  id: "summary-change",
  title: "Summary",
  languages: ["en"],
  owner: "Test",
  start: "purpose",
  steps: {
    purpose: form("who"),
    who: form("route"),
    route: { kind: "decision", branches: [{ when: 'who.x == "adult"', next: "review" }], otherwise: "review" },
    review: { kind: "form", summary: true, schema: { type: "object", properties: {} }, next: "done" },
    done: { kind: "final", outcome: "approved" },
  },
} as unknown as ServiceDefinition;

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isRuntimeError(error)) return error.code;
    throw error;
  }
  return "accepted";
}

describe("changing an earlier answer from a summary form", () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await Runtime.create({ databaseUrl: tempDbUrl("change"), worker: false });
    await runtime.publish(service, "test");
  });
  afterAll(() => runtime.close());

  async function atSummary(person: string) {
    const { applicationId } = await runtime.start("summary-change", applicant(person));
    await runtime.submit(applicationId, { step: "purpose", data: { x: "work" }, applicantId: person });
    await runtime.submit(applicationId, { step: "who", data: { x: "adult" }, applicantId: person });
    return applicationId;
  }

  it("saves the new answers while the application stays at the summary, audited", async () => {
    const id = await atSummary("p-change-1");
    const before = await runtime.view(id, { kind: "applicant", id: "p-change-1" });
    expect(before.step.id).toBe("review");
    expect(before.step.summary).toBe(true);
    const changed = await runtime.changeAnswers(id, { step: "review", target: "purpose", data: { x: "visa" }, applicantId: "p-change-1", expectedVersion: before.version });
    expect(changed).toEqual({ applicationId: id, version: before.version + 1, step: "review" });
    const after = await runtime.view(id, { kind: "system", id: "test" });
    expect(after.step.id).toBe("review");
    expect(after.data?.purpose).toEqual({ x: "visa" });
    const audit = await runtime.audit(id);
    expect(audit.at(-1)).toMatchObject({ event: "change", fromStep: "review", toStep: "review" });
    // Then on as usual: the summary's submit moves the machine with the changed data.
    await runtime.submit(id, { step: "review", data: {}, applicantId: "p-change-1" });
    expect((await runtime.view(id, { kind: "applicant", id: "p-change-1" })).step.id).toBe("done");
  });

  it("refuses a form a step on the way reads, bad answers, another person, and a page the application left", async () => {
    const id = await atSummary("p-change-2");
    // The decision read `who`: changed in place it could have branched the other way.
    expect(await refusal(runtime.changeAnswers(id, { step: "review", target: "who", data: { x: "minor" }, applicantId: "p-change-2" }))).toBe("event_not_allowed");
    expect(await refusal(runtime.changeAnswers(id, { step: "review", target: "purpose", data: { x: "" }, applicantId: "p-change-2" }))).toBe("invalid_data");
    expect(await refusal(runtime.changeAnswers(id, { step: "review", target: "purpose", data: { x: "visa" }, applicantId: "someone-else" }))).toBe("forbidden");
    expect(await refusal(runtime.changeAnswers(id, { step: "who", target: "purpose", data: { x: "visa" }, applicantId: "p-change-2" }))).toBe("event_not_allowed");
    expect((await runtime.view(id, { kind: "system", id: "test" })).data?.purpose).toEqual({ x: "work" });
    await runtime.submit(id, { step: "review", data: {}, applicantId: "p-change-2" });
    expect(await refusal(runtime.changeAnswers(id, { step: "review", target: "purpose", data: { x: "visa" }, applicantId: "p-change-2" }))).toBe("event_not_allowed");
  });
});
