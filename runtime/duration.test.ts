import { describe, expect, it } from "vitest";
import { parseDuration } from "./duration";

describe("parseDuration", () => {
  it("reads ISO 8601 and short forms", () => {
    expect(parseDuration("P10D")).toBe(10 * 86_400_000);
    expect(parseDuration("PT1H30M")).toBe(90 * 60_000);
    expect(parseDuration("P1W")).toBe(7 * 86_400_000);
    expect(parseDuration("10s")).toBe(10_000);
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("30d")).toBe(30 * 86_400_000);
  });
  it("rejects anything else", () => {
    expect(() => parseDuration("P")).toThrow(/not a duration/);
    expect(() => parseDuration("10 days")).toThrow(/not a duration/);
  });
});
