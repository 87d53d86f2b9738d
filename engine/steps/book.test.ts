/** The `book` step's engine half: schema, outlets, catalog checks, simulation, result type. */
import { describe, expect, it } from "vitest";
import { engineSteps, loadDefinition, stepOutlets, validateDefinition } from "..";
import { exampleCatalog } from "../../service-definitions";
import { simulationValues } from "../simulate/simulate";

const catalog = exampleCatalog();
const ctx = (input: unknown, data: Record<string, unknown> = {}) => ({ id: "ceremony", data, language: "uk", input, values: simulationValues("t") });

const service = (book: Record<string, unknown>) => `
schemaVersion: 1
id: marriage-lite
title: { uk: Шлюб, en: Marriage }
languages: [uk, en]
owner: Ministry of Justice
start: place
steps:
  place:
    kind: form
    title: { uk: Місце, en: Place }
    schema:
      type: object
      required: [office]
      properties:
        office: { type: string, title: { uk: Відділ, en: Office } }
    next: ceremony
  ceremony: ${JSON.stringify({ kind: "book", title: { uk: "Дата церемонії", en: "Ceremony date" }, provider: "appointments", service: "marriage-ceremony", next: "done", ...book })}
  done: { kind: final, outcome: approved }
  later: { kind: final, outcome: rejected }
`;

describe("book step (engine)", () => {
  it("validates against the catalog's slot provider: a fixed office, an office from the data, or the citizen's choice", () => {
    for (const book of [{ office: "kyiv-palace" }, { office: { from: "place.office" } }, {}, { noSlots: "later", cancelled: "later", holdMinutes: 5, within: "P14D", reminder: "PT2H" }]) {
      const { issues } = loadDefinition(service(book), { catalog });
      expect(issues.filter((i) => i.severity === "error" && i.code !== "step.unreachable"), JSON.stringify(book)).toEqual([]);
    }
    const codes = (book: Record<string, unknown>) => loadDefinition(service(book), { catalog }).issues.map((i) => i.code);
    expect(codes({ office: "hsc-8041" })).toContain("slots.unknown-office"); // a service centre holds no ceremonies
    expect(codes({ holdMinutes: 90 })).toContain("schema.invalid");
    expect(codes({ office: { from: "place.ofice" } })).toContain("expression.unknown-property");
    expect(codes({ within: "soon" })).toContain("duration.invalid");
  });

  it("has `booked` always and `noSlots`/`cancelled` when written (all three offered in the studio)", () => {
    const step = { kind: "book", provider: "appointments", service: "marriage-ceremony", next: "a", noSlots: "b" };
    expect(stepOutlets("s", step).map((o) => [o.outcome, o.to, o.event])).toEqual([["booked", "a", "outcome.booked"], ["noSlots", "b", "outcome.noSlots"]]);
    expect(stepOutlets("s", step, { open: true }).map((o) => o.outcome)).toEqual(["booked", "noSlots", "cancelled"]);
    expect(engineSteps.book.newStep(catalog)).toMatchObject({ kind: "book", provider: "appointments", service: "marriage-ceremony" });
    expect(engineSteps.book.provides("s", { kind: "book", provider: "p", service: "x", next: "a", saveAs: "wedding" })).toBe("wedding");
  });

  it("simulates: waits for a slot, saves it as the runtime does, refuses a reply it cannot take", () => {
    const step = { kind: "book" as const, provider: "appointments", service: "marriage-ceremony", office: { from: "place.office" }, next: "done", noSlots: "later" };
    const data = { place: { office: "kyiv-palace" } };
    expect(engineSteps.book.simulate(step, ctx(undefined, data))).toEqual({ needs: "reply" });
    const booked = engineSteps.book.simulate(step, ctx({ outcome: "booked", data: { date: "2026-12-12", time: "11:00" } }, data));
    expect(booked).toMatchObject({ outcome: "booked", data: { status: "booked", office: "kyiv-palace", service: "marriage-ceremony", date: "2026-12-12", time: "11:00", bookingId: expect.any(String) } });
    expect(engineSteps.book.simulate(step, ctx({ outcome: "noSlots" }, data))).toEqual({ outcome: "noSlots", data: { status: "noSlots" } });
    expect(engineSteps.book.simulate(step, ctx({ outcome: "cancelled" }, data))).toMatchObject({ failure: expect.stringMatching(/no way out "cancelled"/) });
    expect(engineSteps.book.simulate(step, ctx({ outcome: "booked", data: { date: "12.12.2026", time: "11:00" } }, data))).toMatchObject({ failure: expect.stringMatching(/date \(YYYY-MM-DD\)/) });
    expect(engineSteps.book.simulate(step, ctx({ outcome: "booked", data: { office: "lviv-dracs", date: "2026-12-12", time: "11:00" } }, data))).toMatchObject({ failure: expect.stringMatching(/books at "kyiv-palace"/) });
    expect(engineSteps.book.simulate(step, ctx({ outcome: "booked", data: { date: "2026-12-12", time: "11:00" } }, {}))).toMatchObject({ failure: expect.stringMatching(/Step "ceremony"/) });
    // Without an office the reply names the one the citizen picked.
    const open = { kind: "book" as const, provider: "appointments", service: "marriage-ceremony", next: "done" };
    expect(engineSteps.book.simulate(open, ctx({ outcome: "booked", data: { date: "2026-12-12", time: "11:00" } }))).toMatchObject({ failure: expect.stringMatching(/needs the office/) });
  });

  it("types what it saves: date, time, office, bookingId", () => {
    const result = engineSteps.book.result!({ kind: "book", provider: "p", service: "s", next: "a" }, { language: "en", main: "en" });
    expect(result.suffix).toBe("Booking");
    expect(result.schema.required).toEqual(expect.arrayContaining(["date", "time", "office", "bookingId"]));
    // A later step reading the booking type-checks against it.
    const definition = loadDefinition(service({ office: "kyiv-palace" }), { catalog }).definition!;
    const later = { ...definition, steps: { ...definition.steps, ceremony: { ...definition.steps.ceremony, next: "check" }, check: { kind: "decision", branches: [{ when: "ceremony.date > '2026-01-01'", next: "done" }], otherwise: "later" } } };
    expect(validateDefinition(later, { catalog }).filter((i) => i.severity === "error")).toEqual([]);
    const wrong = { ...later, steps: { ...later.steps, check: { kind: "decision", branches: [{ when: "ceremony.dat > '2026-01-01'", next: "done" }], otherwise: "later" } } };
    expect(validateDefinition(wrong, { catalog }).map((i) => i.code)).toContain("expression.unknown-property");
  });
});
