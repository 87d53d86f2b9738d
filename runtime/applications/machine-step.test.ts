import { transition, type AnyMachineSnapshot } from "xstate";
import { describe, expect, it } from "vitest";
import { compileDefinition, createServiceMachine } from "../../engine";
import { minimalDefinition } from "../../engine/test-fixtures/load";
import { restoreSnapshot, stepMachine, storeSnapshot } from "./machine-step";

describe("stepMachine", () => {
  const machine = createServiceMachine(compileDefinition(minimalDefinition()));

  it("stores the snapshot XState's own transition would store (to a next step, through a decision, to a final step)", () => {
    const cases = [
      ["ask", { type: "submit", data: { age: 40 } }, {}],
      ["lookup", { type: "outcome.found", data: { name: "x" } }, { ask: { age: 17 } }],
      ["lookup", { type: "outcome.found", data: { name: "x" } }, { ask: { age: 40 } }],
    ] as const;
    for (const [value, event, data] of cases) {
      const ours = storeSnapshot(machine, stepMachine(machine, restoreSnapshot(machine, { value }, { ...data }), event as never));
      const [next] = transition(machine, machine.resolveState({ value, context: { data: { ...data } } }) as never, event as never);
      const xstate = storeSnapshot(machine, next as unknown as AnyMachineSnapshot);
      expect(JSON.stringify(ours.stored)).toBe(JSON.stringify(xstate.stored));
      expect(ours.data).toEqual(xstate.data);
    }
  });

  it("refuses an event the step does not take, naming the ones it does", () => {
    expect(() => stepMachine(machine, restoreSnapshot(machine, { value: "ask" }, {}), { type: "outcome.found" })).toThrow(/accepts "submit"/);
  });

  it("reports a condition that fails to evaluate as the service's fault", () => {
    expect(() => stepMachine(machine, restoreSnapshot(machine, { value: "lookup" }, {}), { type: "outcome.found", data: {} })).toThrow(/condition of the service failed/);
  });
});
