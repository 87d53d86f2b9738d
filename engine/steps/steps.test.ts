import { describe, expect, it } from "vitest";
import { engineSteps, stepKinds, stepOutlets, stepSchemas } from "..";
import { simulationValues } from "../simulate/simulate";

describe("step modules", () => {
  it("one module per kind, under its own name, with its schema", () => {
    expect(Object.keys(engineSteps).sort()).toEqual([...stepKinds].sort());
    for (const kind of stepKinds) {
      expect(engineSteps[kind].kind).toBe(kind);
      expect(engineSteps[kind].schema).toBe(stepSchemas[kind]);
    }
  });

  it("outlets tolerate half-written steps: missing or odd next, on, branches", () => {
    for (const kind of stepKinds) {
      for (const step of [{ kind }, { kind, next: 5, on: "x", branches: [null, { when: 3 }], otherwise: [] }]) {
        expect(() => stepOutlets("s", step, { open: true })).not.toThrow();
        for (const outlet of stepOutlets("s", step)) expect(outlet.to).toBeUndefined();
      }
    }
  });

  it("a new step from the palette has its kind and the outlets the studio connects", () => {
    for (const kind of stepKinds) {
      const step = engineSteps[kind].newStep();
      expect(step.kind).toBe(kind);
      expect(stepOutlets("s", step, { open: true }).every((o) => o.to === undefined)).toBe(true);
    }
    expect(stepOutlets("s", engineSteps.payment.newStep(), { open: true }).map((o) => o.outcome)).toEqual(["paid", "failed"]);
    expect(stepOutlets("s", engineSteps.decision.newStep(), { open: true }).map((o) => o.outcome)).toEqual(["+ condition", "otherwise"]);
  });

  it("expression sites say the type each expression must have", () => {
    const decision = engineSteps.decision.expressionSites("d", { kind: "decision", branches: [{ when: "a > 1", next: "x" }], otherwise: "y" });
    expect(decision).toEqual([{ path: ["steps", "d", "branches", 0, "when"], expr: "a > 1", expected: "bool" }]);
    const payment = engineSteps.payment.expressionSites("p", { kind: "payment", amount: "fee.amount", purpose: "Fee", on: { paid: "x" } });
    expect(payment).toEqual([{ path: ["steps", "p", "amount"], expr: "fee.amount", expected: "number" }]);
    const registry = engineSteps.registry.expressionSites("r", { kind: "registry", registry: "r", operation: "o", input: { taxId: "applicant.taxId" }, on: { found: "x" } });
    expect(registry).toEqual([{ path: ["steps", "r", "input", "taxId"], expr: "applicant.taxId", expected: "any", key: "taxId" }]);
  });

  it("simulate: a review saves the office's decision shape, a poll's pending keeps waiting, a wrong outcome fails", () => {
    const ctx = (input: unknown) => ({ id: "s", data: {}, language: "uk", input, values: simulationValues("t") });
    const review = { kind: "review" as const, role: "officer", on: { approve: "a", reject: "b" } };
    expect(engineSteps.review.simulate(review, ctx({ outcome: "reject", data: { reason: "no" } }))).toEqual({
      outcome: "reject", data: { decision: "reject", reason: "no", officerId: "officer-1", decidedAt: "2026-01-01T09:00:01.000Z" },
    });
    expect(engineSteps.review.simulate(review, ctx(undefined))).toEqual({ needs: "reply" });
    expect(engineSteps.review.simulate(review, ctx({ outcome: "toString" }))).toMatchObject({ failure: expect.stringMatching(/no outcome "toString"/) });
    const wait = { kind: "wait" as const, poll: { registry: "r", operation: "o", every: "1h" }, on: { ready: "a", error: "b" } };
    expect(engineSteps.wait.simulate(wait, ctx({ outcome: "pending" }))).toEqual({ stays: true });
  });
});
