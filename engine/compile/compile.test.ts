import { createActor } from "xstate";
import { describe, expect, it } from "vitest";
import { compileDefinition, createServiceMachine } from "..";
import { minimalDefinition } from "../test-fixtures/load";

describe("compile", () => {
  it("produces plain JSON: implementations are referenced by name", () => {
    const compiled = compileDefinition(minimalDefinition());
    expect(JSON.parse(JSON.stringify(compiled))).toEqual(compiled);
    expect(compiled.machine.states.check.always![0].guard).toEqual({ type: "expression", params: { expr: "ask.age >= 18" } });
    expect(compiled.machine.states.lookup.on!["outcome.found"]).toEqual({ target: "check", actions: [{ type: "store", params: { as: "person" } }] });
    expect(compiled.machine.states.done.type).toBe("final");
  });

  it("is deterministic, and the hash ignores layout and key order but not content", () => {
    const definition = minimalDefinition();
    const a = compileDefinition(definition);
    const shuffled = Object.fromEntries(Object.entries(structuredClone(definition)).reverse()) as typeof definition;
    shuffled.steps = Object.fromEntries(Object.entries(definition.steps).reverse());
    shuffled.steps.ask = { ...definition.steps.ask, position: { x: 10, y: 20 } };
    const b = compileDefinition(shuffled);
    expect(b.hash).toBe(a.hash);
    expect(JSON.stringify(b.machine)).toBe(JSON.stringify(a.machine));
    const changed = structuredClone(definition);
    (changed.steps.check as { otherwise: string }).otherwise = "done";
    expect(compileDefinition(changed).hash).not.toBe(a.hash);
  });

  it("runs in XState: forms take `submit`, work steps `outcome.*`, decisions decide by themselves", () => {
    const actor = createActor(createServiceMachine(compileDefinition(minimalDefinition())), {
      input: { data: { applicant: { taxId: "1" } } },
    }).start();
    actor.send({ type: "submit", data: { age: 17 } });
    expect(actor.getSnapshot().value).toBe("lookup");
    actor.send({ type: "outcome.nonsense" });
    expect(actor.getSnapshot().value).toBe("lookup");
    actor.send({ type: "outcome.found", data: { name: "x" } });
    expect(actor.getSnapshot().value).toBe("rejected");
    expect(actor.getSnapshot().status).toBe("done");
    expect(actor.getSnapshot().context.data).toMatchObject({ ask: { age: 17 }, person: { name: "x" } });
  });

  it("restores from a persisted snapshot and goes on", () => {
    const machine = createServiceMachine(compileDefinition(minimalDefinition()));
    const first = createActor(machine, { input: { data: {} } }).start();
    first.send({ type: "submit", data: { age: 30 } });
    first.send({ type: "outcome.found", data: {} });
    const persisted = JSON.parse(JSON.stringify(first.getPersistedSnapshot()));
    const second = createActor(machine, { snapshot: persisted, input: { data: {} } }).start();
    expect(second.getSnapshot().value).toBe("review");
    second.send({ type: "outcome.approve", data: { decision: "approve" } });
    expect(second.getSnapshot().value).toBe("issue");
  });
});
