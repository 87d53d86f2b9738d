import { describe, expect, it } from "vitest";
import { retryDelay } from "./backoff";

describe("retryDelay", () => {
  it("doubles per attempt with jitter within ±20%", () => {
    expect(retryDelay(1, 1000, "exponential", () => 0.5)).toBe(1000);
    expect(retryDelay(3, 1000, "exponential", () => 0.5)).toBe(4000);
    expect(retryDelay(3, 1000, "exponential", () => 0)).toBe(3200);
    expect(retryDelay(3, 1000, "exponential", () => 1)).toBe(4800);
    expect(retryDelay(5, 1000, "fixed", () => 0.5)).toBe(1000);
  });
});
