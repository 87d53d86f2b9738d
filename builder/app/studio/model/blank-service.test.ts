import { describe, expect, it } from "vitest";
import { loadDefinition } from "../../../../engine";
import { blankServiceSource } from "./blank-service";
import { buildGraph } from "./graph";

describe("a new service", () => {
  it("starts valid: a start form with one field, connected to an End with outcome approved", () => {
    const loaded = loadDefinition(blankServiceSource("new-service"));
    expect(loaded.issues).toEqual([]);
    expect(loaded.definition).toBeDefined();
    const graph = buildGraph(loaded.value, loaded.issues, undefined, "uk");
    expect(graph.steps.map((s) => [s.id, s.kind, s.isStart])).toEqual([
      ["form1", "form", true],
      ["final1", "final", false],
    ]);
    expect(graph.edges.map((e) => [e.source, e.target])).toEqual([["form1", "final1"]]);
    const value = loaded.value as { steps: { form1: { schema: { properties: object } }; final1: { outcome: string } } };
    expect(Object.keys(value.steps.form1.schema.properties)).toHaveLength(1);
    expect(value.steps.final1.outcome).toBe("approved");
  });

  it("keeps the id it is given", () => {
    expect((loadDefinition(blankServiceSource("parking-permit")).value as { id: string }).id).toBe("parking-permit");
  });
});
