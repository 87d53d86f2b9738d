import { describe, expect, it } from "vitest";
import { stepModule, type Step } from "../../../../engine";
import { exampleCatalog } from "../../../../service-definitions";
import { sampleReply } from "./sample-reply";

const catalog = exampleCatalog();
const now = new Date("2026-12-02T09:00:00Z");
const values = { id: () => "b-1", now: () => now.toISOString(), after: () => null, number: (p: string) => `${p}-1` };
/** What the simulator (as in the test run) makes of the reply. */
const simulate = (step: Step, input: unknown) => stepModule(step).simulate(step as never, { id: "ceremony", data: {}, language: "uk", input, values });

describe("the test run's sample reply", () => {
  it("books a week ahead at 10:00 at an office that offers the service when the step leaves the office to the citizen", () => {
    const step = { kind: "book", provider: "appointments", service: "vehicle-registration", next: "done" } as Step;
    const reply = sampleReply(step, catalog, now);
    expect(reply).toEqual({ outcome: "booked", data: { date: "2026-12-09", time: "10:00", office: "hsc-8041" } });
    expect(simulate(step, reply)).toMatchObject({ outcome: "booked", data: { status: "booked", office: "hsc-8041" } });
  });

  it("leaves a fixed office to the step, and offers nothing for steps whose reply needs no data", () => {
    const fixed = { kind: "book", provider: "appointments", service: "marriage-ceremony", office: "lviv-dracs", next: "done" } as Step;
    const reply = sampleReply(fixed, catalog, now);
    expect(reply).toEqual({ outcome: "booked", data: { date: "2026-12-09", time: "10:00" } });
    expect(simulate(fixed, reply)).toMatchObject({ outcome: "booked", data: { office: "lviv-dracs" } });
    expect(sampleReply({ kind: "sign", next: "done" } as Step, catalog, now)).toBeUndefined();
  });
});
