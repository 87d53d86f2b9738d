import { describe, expect, it } from "vitest";
import { semanticDiff } from "./semantic-diff";

const v1 = {
  id: "s", title: { uk: "Послуга", en: "Service" }, start: "ask",
  steps: {
    ask: { kind: "form", schema: { type: "object", properties: { name: { type: "string", title: { en: "Name" } }, age: { type: "integer" } } }, next: "pay" },
    pay: { kind: "payment", amount: 10, purpose: "Fee", on: { paid: "done", failed: "done" } },
    done: { kind: "final", outcome: "approved" },
  },
};

describe("semantic diff", () => {
  it("says what changed in an analyst's words", () => {
    const v2 = structuredClone(v1) as typeof v1 & { steps: Record<string, unknown> };
    v2.steps.ask.schema = { type: "object", required: ["name"], properties: { name: { type: "string", title: { en: "Name" } }, email: { type: "string", format: "email" } } } as never;
    v2.steps.pay.amount = 15;
    v2.steps.pay.on = { paid: "notify", failed: "done" };
    (v2.steps as Record<string, unknown>).notify = { kind: "notification", message: "Paid", next: "done" };
    (v2.steps.done as Record<string, unknown>).position = { x: 1, y: 1 };
    const texts = semanticDiff(v1, v2).map((c) => c.text);
    expect(texts).toEqual(expect.arrayContaining([
      'Step "notify" (notification) added',
      'Field "email" added to "ask"',
      'Field "age" removed from "ask"',
      'Field "Name" (name) in "ask" became required',
      'Fee in "pay" changed from 10 to 15 UAH',
      '"pay": on paid now goes to notify instead of done',
    ]));
    expect(texts.some((t) => t.includes("position"))).toBe(false);
  });

  it("shows coverage waivers added, changed and removed, with their reason", () => {
    const before = { ...structuredClone(v1), coverageWaivers: [{ step: "pay", outcome: "failed", reason: "the provider never fails in tests" }, { step: "ask", outcome: "next", reason: "x" }] };
    const after = { ...structuredClone(v1), coverageWaivers: [{ step: "pay", outcome: "failed", reason: "covered by the provider's own tests" }, { step: "pay", outcome: "timeout", reason: "no deadline yet" }] };
    expect(semanticDiff(before, after).map((c) => c.text)).toEqual([
      'Coverage waiver of "pay.failed": reason changed from "the provider never fails in tests" to "covered by the provider\'s own tests"',
      'Coverage waiver added: no scenario needs to take "pay.timeout" (no deadline yet)',
      'Coverage waiver removed: a scenario must take "ask.next" again',
    ]);
  });

  it("is empty for equal versions", () => {
    expect(semanticDiff(v1, structuredClone(v1))).toEqual([]);
  });
});
