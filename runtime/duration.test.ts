import { describe, expect, it } from "vitest";
import { ManualClock } from "./clock";
import { durationMs } from "./duration";

describe("durationMs and ManualClock", () => {
  it("reads ISO 8601 and short forms", () => {
    expect(durationMs("P10D")).toBe(10 * 86_400_000);
    expect(durationMs("PT1H30M")).toBe(90 * 60_000);
    expect(durationMs("10s")).toBe(10_000);
    expect(() => durationMs("10 days")).toThrow(/not a duration/);
  });
  it("moves simulated time", () => {
    const clock = new ManualClock("2025-01-01T00:00:00Z");
    expect(clock.advance("P30D").toISOString()).toBe("2025-01-31T00:00:00.000Z");
  });
});
