import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical";

/** The first implementation: hashes already stored (service versions, audit rows) were made with it. */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

describe("canonicalJson", () => {
  it("sorts keys at every level and drops undefined members, as JSON", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: "ü" }], c: undefined }, "": true })).toBe('{"":true,"a":{"d":[3,{"y":"ü","z":null}]},"b":1}');
    expect(canonicalJson([undefined, 1.5, "x\n"])).toBe('[null,1.5,"x\\n"]');
    expect(canonicalJson(undefined)).toBe("null");
    expect(canonicalJson({})).toBe("{}");
    expect(canonicalJson([])).toBe("[]");
  });

  it("gives the same text as the first implementation", () => {
    const values: unknown[] = [
      null,
      0,
      -0.25,
      "текст",
      { applicant: { id: "p", taxId: "301", firstName: "Олена" }, application: { id: "a", createdAt: "2026-01-01T00:00:00.000Z", language: "uk" } },
      { z: [1, [2, [3, { B: 1, a: 2, "10": 3, "2": 4 }]]], y: { x: { w: false } }, k: undefined, "ключ": "значення", "a b": "\u0000" },
      { date: new Date(0), list: [{}, [], [undefined]] },
      Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${29 - i}`, { b: i, a: [i] }])),
    ];
    for (const value of values) expect(canonicalJson(value)).toBe(reference(value));
  });

  it("gives the same text as the first implementation on random data (keys in and out of order, integer-like keys, odd values)", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
    const keys = ["a", "b", "Z", "10", "2", "0", "01", "ключ", "a b", "", "toJSON", "__proto__x", "\u{1F600}"];
    const leaves = [null, true, 0, -0, 1.5e300, Number.NaN, "x", "\u0000\n", "\uD800", undefined, new Date(0), () => 1];
    const make = (depth: number): unknown => {
      if (depth > 3 || random() < 0.3) return pick(leaves);
      if (random() < 0.3) return Array.from({ length: Math.floor(random() * 4) }, () => make(depth + 1));
      const object: Record<string, unknown> = random() < 0.1 ? Object.create(null) : {};
      for (let i = Math.floor(random() * 5); i > 0; i--) object[pick(keys)] = make(depth + 1);
      return object;
    };
    for (let i = 0; i < 3000; i++) {
      const value = make(0);
      expect(canonicalJson(value)).toBe(reference(value));
    }
  });
});
