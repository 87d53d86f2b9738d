/** A wait step with `until`: it times out at the instant an expression over the data gives (runtime half). */
import { afterEach, describe, expect, it } from "vitest";
import { parseSource, type ServiceDefinition } from "../../engine";
import { ManualClock } from "../clock";
import { Runtime } from "../runtime";
import { applicant, tempDbUrl } from "../testing/fixtures";

const SERVICE = `
schemaVersion: 1
id: wait-until
title: { uk: Чекати до, en: Wait until }
languages: [uk, en]
owner: Test
start: ask
steps:
  ask:
    kind: form
    title: { uk: Коли, en: When }
    schema: { type: object, required: [when], properties: { when: { type: string } } }
    next: day
  day:
    kind: wait
    title: { uk: До дня, en: Until the day }
    until: ask.when
    on: { cancelledByOffice: rejected, timeout: done }
  done: { kind: final, outcome: approved }
  rejected: { kind: final, outcome: rejected }
`;

let runtime: Runtime;
let clock: ManualClock;
afterEach(async () => runtime?.close());

/** Publishes the service and submits `when`; the worker then runs what is due. */
async function start(when: string) {
  clock = new ManualClock("2026-03-01T09:00:00Z");
  runtime = await Runtime.create({ databaseUrl: tempDbUrl(), clock, email: false, worker: { autoStart: false } });
  await runtime.publish(parseSource(SERVICE).value as ServiceDefinition, "analyst");
  const { applicationId: id } = await runtime.start("wait-until", applicant());
  await runtime.submit(id, { step: "ask", data: { when }, applicantId: "p-1" });
  await runtime.worker!.runUntilIdle();
  return id;
}
const stepOf = async (id: string) => (await runtime.database.prisma.application.findUniqueOrThrow({ where: { id } })).currentStep;

describe("a wait step until an instant", () => {
  it("waits until the instant, then leaves by timeout", async () => {
    const id = await start("2026-03-05T10:00:00+02:00");
    expect(await stepOf(id)).toBe("day");
    const job = await runtime.database.prisma.job.findFirstOrThrow({ where: { applicationId: id, kind: "deadline" } });
    expect(job.runAt.toISOString()).toBe("2026-03-05T08:00:00.000Z");
    clock.set("2026-03-05T07:59:00Z");
    await runtime.worker!.runUntilIdle();
    expect(await stepOf(id)).toBe("day");
    clock.set("2026-03-05T08:00:01Z");
    await runtime.worker!.runUntilIdle();
    expect(await stepOf(id)).toBe("done");
  });

  it("an instant already past leaves at once", async () => {
    const id = await start("2026-02-01T10:00:00Z");
    expect(await stepOf(id)).toBe("done");
  });

  it("an until that gives no date-time is an incident saying why, not a wait that never ends", async () => {
    const id = await start("next Tuesday");
    expect(await stepOf(id)).toBe("day");
    const [incident] = await runtime.incidents();
    expect(incident).toMatchObject({ applicationId: id });
    expect(JSON.stringify(incident)).toMatch(/until gives \\"next Tuesday\\", not an ISO 8601 date-time/);
    expect(await runtime.database.prisma.job.count({ where: { applicationId: id, kind: "deadline" } })).toBe(0);
  });
});
