/** The `wait` step's `until`: an instant an expression gives (a booking's start) instead of a duration. */
import { describe, expect, it } from "vitest";
import { engineSteps, loadDefinition, stepOutlets } from "..";
import { exampleCatalog } from "../../service-definitions";
import { simulationValues } from "../simulate/simulate";

const catalog = exampleCatalog();
const ctx = (input: unknown, data: Record<string, unknown> = {}) => ({ id: "day", data, language: "uk", input, values: simulationValues("t") });

const service = (wait: Record<string, unknown>) => `
schemaVersion: 1
id: ceremony-day
title: { uk: Церемонія, en: Ceremony }
languages: [uk, en]
owner: Ministry of Justice
start: ceremony
steps:
  ceremony: { kind: book, title: { uk: Дата, en: Date }, provider: appointments, service: marriage-ceremony, office: kyiv-palace, next: day }
  day: ${JSON.stringify({ kind: "wait", title: { uk: "День церемонії", en: "Ceremony day" }, on: { held: "done", timeout: "late" }, ...wait })}
  done: { kind: final, outcome: approved }
  late: { kind: final, outcome: rejected }
`;
const codes = (wait: Record<string, unknown>) => loadDefinition(service(wait), { catalog }).issues.filter((i) => i.severity === "error").map((i) => i.code);

describe("wait step until (engine)", () => {
  it("accepts until as a string expression over a booking, with its timeout outlet", () => {
    expect(codes({ until: "ceremony.start" })).toEqual([]);
    const { definition } = loadDefinition(service({ until: "ceremony.start" }), { catalog });
    expect(stepOutlets("day", definition!.steps.day, { open: true, catalog }).map((o) => o.outcome)).toEqual(["held", "timeout"]);
  });

  it("rejects until with a deadline, an expression that is not a string, a name not provided, and a timeout without either", () => {
    expect(codes({ until: "ceremony.start", deadline: "P1D" })).toContain("deadline.and-until");
    expect(codes({ until: "ceremony.date == '2026-01-01'" })).toContain("expression.target-type");
    expect(codes({ until: "ceremony.start" })).not.toContain("deadline.and-until");
    expect(codes({ until: "booking.start" })).toContain("expression.unknown-field");
    expect(codes({ until: "" })).toContain("schema.invalid");
    expect(codes({})).toContain("deadline.missing");
  });

  it("simulate: evaluates until, then takes the scenario's reply (timeout as for a deadline)", () => {
    const step = { kind: "wait" as const, until: "ceremony.start", on: { held: "done", timeout: "late" } };
    const data = { ceremony: { start: "2026-03-01T10:00:00.000Z" } };
    expect(engineSteps.wait.simulate(step, ctx({ outcome: "timeout" }, data))).toEqual({ outcome: "timeout" });
    expect(engineSteps.wait.simulate(step, ctx(undefined, data))).toEqual({ needs: "reply" });
    expect(engineSteps.wait.simulate(step, ctx({ outcome: "timeout" }, { ceremony: { start: "2026-03-01" } }))).toMatchObject({ failure: expect.stringMatching(/not an ISO 8601 date-time/) });
    expect(engineSteps.wait.simulate(step, ctx({ outcome: "timeout" }, { ceremony: { start: 5 } }))).toMatchObject({ failure: expect.stringMatching(/gives 5/) });
    expect(engineSteps.wait.simulate(step, ctx({ outcome: "timeout" }, {}))).toMatchObject({ failure: expect.stringMatching(/Step "day": until failed to evaluate/) });
  });
});
