import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock";
import { ageCheck, ageOn } from "./age-check";
import { builtinHandlers } from "./builtin";
import { defineStepHandler } from "./define";
import { feeCalculation } from "./fee-calculation";
import { HandlerRegistry } from "./registry";

const ctx = (params: unknown, input: unknown, data: Record<string, unknown> = {}) =>
  ({
    params,
    input,
    application: { id: "a", applicantId: "p", serviceId: "s", step: "t", data: Object.freeze(data) },
    connectors: {},
    logger: { info() {}, warn() {} },
    signal: new AbortController().signal,
    clock: new ManualClock("2025-06-01T00:00:00Z"),
    attempt: 1,
    idempotencyKey: "k",
  }) as never;

describe("built-in handlers", () => {
  it("fee-calculation picks the fee by case, falls back to the default, reports free", async () => {
    const params = { fees: { urgent: 150, normal: 0 }, default: 50 };
    expect(await feeCalculation.execute(ctx(params, { case: "urgent" }))).toEqual({ outcome: "calculated", data: { amount: 150, case: "urgent" } });
    expect(await feeCalculation.execute(ctx(params, { case: "normal" }))).toMatchObject({ outcome: "free" });
    expect(await feeCalculation.execute(ctx(params, { case: "other" }))).toMatchObject({ data: { amount: 50 } });
    expect(() => feeCalculation.execute(ctx({ fees: {} }, { case: "x" }))).toThrow(/No fee/);
  });

  it("age-check compares the age on the clock's day with the minimum", async () => {
    expect(ageOn("2007-06-01", new Date("2025-06-01T00:00:00Z"))).toBe(18);
    expect(ageOn("2007-06-02", new Date("2025-06-01T00:00:00Z"))).toBe(17);
    expect(await ageCheck.execute(ctx({ minimumAge: 18 }, {}, { applicant: { birthDate: "1990-04-12" } }))).toMatchObject({ outcome: "adult", data: { age: 35 } });
    expect(await ageCheck.execute(ctx({ minimumAge: 18 }, { birthDate: "2010-01-01" }))).toMatchObject({ outcome: "minor" });
  });

  it("the registry rejects duplicates and builds the catalog's handlers", () => {
    const registry = new HandlerRegistry(builtinHandlers);
    expect(() => registry.register(feeCalculation)).toThrow(/already registered/);
    expect(registry.catalog().map((h) => `${h.type}@${h.version}`)).toEqual(["fee-calculation@1", "age-check@1"]);
    expect(registry.get("age-check", 1)!.validate({ minimumAge: "x" })).toHaveLength(1);
    expect(() => defineStepHandler({ type: "Bad Type", version: 1, title: "x", params: {}, outcomes: ["ok"], execute: () => ({ outcome: "ok" }) })).toThrow(/kebab/);
  });
});
