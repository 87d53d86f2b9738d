import { transition, type AnyMachineSnapshot } from "xstate";
import { describe, expect, it } from "vitest";
import { exampleCatalog, exampleServices } from "../../service-definitions";
import { compileDefinition, createServiceMachine, loadDefinition, parseScenario, runScenario, type CompiledService, type ServiceEvent } from "..";
import { minimalDefinition } from "../test-fixtures/load";
import { generateLargeService } from "../generate/large-service";
import { flatStep } from "./machine";

/** XState's own transition from `value` with `data` on `event`: what flatStep must give. */
function xstateStep(machine: ReturnType<typeof createServiceMachine>, value: string, data: Record<string, unknown>, event: ServiceEvent) {
  const snapshot = machine.resolveState({ value, context: { data } }) as unknown as AnyMachineSnapshot;
  if (!snapshot.can(event as never)) return undefined;
  const [next] = transition(machine, snapshot as never, event as never);
  const after = next as unknown as AnyMachineSnapshot;
  return { value: String(after.value), data: (after.context as { data: Record<string, unknown> }).data, done: after.status === "done" };
}

function outcome(step: () => unknown) {
  try {
    return { step: step() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Every state of the service, every event it takes (and one it does not), with each data set. */
function expectSameAsXState(compiled: CompiledService, dataSets: Record<string, unknown>[]) {
  const machine = createServiceMachine(compiled);
  let compared = 0;
  for (const [value, state] of Object.entries(compiled.machine.states)) {
    if (state.type === "final") continue;
    for (const type of [...Object.keys(state.on ?? {}), "outcome.nonsense", "toString"]) {
      for (const data of dataSets) {
        // The answer or reply a scenario gave at this step, so that conditions on it take their branches.
        const name = state.on?.[type]?.actions?.[0]?.params.as;
        const event = { type, data: name ? data[name] : { any: 1 } } as ServiceEvent;
        // A condition that cannot be evaluated on this data throws on both sides, with the same error.
        const expected = outcome(() => xstateStep(machine, value, data, event));
        expect(outcome(() => flatStep(machine, value, data, event)), `${compiled.id}: ${value} on ${type}`).toEqual(expected);
        compared++;
      }
    }
  }
  return compared;
}

describe("flatStep", () => {
  it("gives XState's transition on every example service, with the data of each of its scenarios", () => {
    const catalog = exampleCatalog();
    for (const service of exampleServices()) {
      const compiled = compileDefinition(loadDefinition(service.text, { catalog }).definition!);
      const dataSets = service.scenarios.map((file) => runScenario(compiled, parseScenario(file.text).scenario!).data);
      expect(dataSets.length).toBeGreaterThan(0);
      expect(expectSameAsXState(compiled, dataSets)).toBeGreaterThan(10);
    }
  });

  it("gives XState's transition on the minimal service and a generated large one, whichever way their conditions go", () => {
    const compiled = compileDefinition(minimalDefinition());
    expectSameAsXState(compiled, [{ ask: { age: 17 }, person: {} }, { ask: { age: 40 }, person: { name: "x" } }, {}]);
    const large = compileDefinition(loadDefinition(JSON.stringify(generateLargeService(30)), { catalog: exampleCatalog() }).definition!);
    expect(expectSameAsXState(large, [{}])).toBeGreaterThan(30);
  });

  it("leaves a machine it does not know to XState, and throws what a condition throws", () => {
    const compiled = compileDefinition(minimalDefinition());
    const nested = { ...compiled, machine: { ...compiled.machine, states: { ...compiled.machine.states, ask: { ...compiled.machine.states.ask, entry: [{ type: "store" }] } } } };
    expect(flatStep(createServiceMachine(nested as CompiledService), "ask", {}, { type: "submit", data: {} })).toBeUndefined();
    const machine = createServiceMachine(compiled);
    expect(flatStep(machine, "ask", {}, { type: "submit", data: { age: 20 } })?.value).toBe("lookup");
    expect(() => flatStep(machine, "lookup", {}, { type: "outcome.found", data: null })).toThrow();
  });
});
