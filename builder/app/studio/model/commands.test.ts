import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { loadDefinition, type Catalog } from "../../../../engine";
import { addStep, connect, copySteps, deleteSteps, disconnect, pasteSteps, renameStep } from "./commands";
import { fieldSchema, fieldTypeOf, FIELD_TYPES } from "./form-fields";
import { buildGraph } from "./graph";
import { outletsOf } from "./outcomes";
import { applyEdits } from "./yaml-edit";

const catalog: Catalog = {
  registries: { population: { operations: { getPerson: { outcomes: ["found", "notFound"] } } } },
  handlers: [{ type: "age-check", version: 1, outcomes: ["adult", "minor"] }],
  templates: { certificate: {} },
  roles: { "mvs-officer": {} },
};

const source = `# comment
schemaVersion: 1
id: demo
title: { uk: Демо, en: Demo }
languages: [uk, en]
owner: Test
start: ask
steps:
  ask:
    kind: form
    title: { uk: Питання, en: Question }
    schema: { type: object, required: [name], properties: { name: { type: string } } }
    next: lookup
  lookup:
    kind: registry
    registry: population
    operation: getPerson
    purpose: { uk: Мета, en: Purpose }
    input: { name: ask.name }
    on: { found: done, notFound: done, error: done, timeout: done }
  done: { kind: final, outcome: approved, title: { uk: Готово, en: Done } }
`;
const run = (text: string, ops: Parameters<typeof applyEdits>[1]) => applyEdits(text, ops);
const value = (text: string) => parse(text);

describe("canvas commands as YAML edits", () => {
  it("adds a step; the first step of an empty service becomes the start", () => {
    const blank = "id: x\nstart: \"\"\nsteps: {}\n";
    const { id, ops } = addStep(value(blank), "form", { x: 10.4, y: 20.6 }, catalog);
    const out = value(run(blank, ops));
    expect(id).toBe("form1");
    expect(out.start).toBe("form1");
    expect(out.steps.form1).toMatchObject({ kind: "form", position: { x: 10, y: 21 } });
    const second = addStep(out, "final", { x: 0, y: 0 }, catalog);
    expect(second.ops.some((o) => o.op === "set" && o.path[0] === "start")).toBe(false);
  });

  it("connects an open outcome handle, reconnects and disconnects", () => {
    let text = run(source, addStep(value(source), "review", { x: 0, y: 0 }, catalog).ops);
    expect(outletsOf("review1", value(text).steps.review1, catalog).map((o) => o.id)).toEqual(["on:approve", "on:reject", "on:sendBack", "on:timeout"]);
    text = run(text, connect(value(text), "review1", "on:approve", "done", catalog));
    expect(value(text).steps.review1.on).toEqual({ approve: "done" });
    text = run(text, connect(value(text), "lookup", "on:notFound", "review1", catalog));
    expect(value(text).steps.lookup.on.notFound).toBe("review1");
    text = run(text, disconnect(value(text), "lookup", "on:timeout", catalog));
    expect(value(text).steps.lookup.on).not.toHaveProperty("timeout");
    expect(text).toContain("# comment");
  });

  it("adds a decision's condition from its '+ condition' handle and removes it with its edge", () => {
    let text = run(source, addStep(value(source), "decision", { x: 0, y: 0 }, catalog).ops);
    text = run(text, connect(value(text), "decision1", "branch:new", "done", catalog));
    text = run(text, connect(value(text), "decision1", "branch:new", "ask", catalog));
    expect(value(text).steps.decision1.branches).toEqual([{ when: "true", next: "done" }, { when: "true", next: "ask" }]);
    text = run(text, disconnect(value(text), "decision1", "branch:0", catalog));
    expect(value(text).steps.decision1.branches).toEqual([{ when: "true", next: "ask" }]);
  });

  it("renames a step and every transition to it", () => {
    const text = run(source, renameStep(value(source), "done", "finished", catalog));
    const out = value(text);
    expect(out.steps.finished.kind).toBe("final");
    expect(Object.values(out.steps.lookup.on)).toEqual(["finished", "finished", "finished", "finished"]);
    expect(loadDefinition(text, { catalog }).issues.filter((i) => i.severity === "error")).toEqual([]);
  });

  it("deletes a step; transitions into it stay and the validator names them", () => {
    const text = run(source, deleteSteps(["lookup"]));
    const issues = loadDefinition(text, { catalog }).issues;
    expect(issues.some((i) => i.path.join(".") === "steps.ask.next")).toBe(true);
  });

  it("pastes copied steps under new ids, keeping transitions between them", () => {
    const clip = copySteps(value(source), ["ask", "lookup"]);
    const { ids, ops } = pasteSteps(value(source), clip, undefined, catalog);
    const out = value(run(source, ops));
    expect(ids).toEqual(["ask1", "lookup1"]);
    expect(out.steps.ask1.next).toBe("lookup1");
    expect(out.steps.lookup1.on.found).toBe("done");
  });

  it("puts validator issues on the nodes and edges they belong to", () => {
    const broken = source.replace("found: done", "found: dnoe");
    const loaded = loadDefinition(broken, { catalog });
    const graph = buildGraph(loaded.value, loaded.issues, catalog, "uk");
    const lookup = graph.steps.find((s) => s.id === "lookup")!;
    expect(lookup.outletIssues["on:found"]?.[0].message).toMatch(/dnoe/);
    expect(graph.edges.find((e) => e.id === "lookup|on:found")).toBeUndefined();
  });
});

describe("form designer field types", () => {
  it("maps every field type to a schema the engine accepts and back", () => {
    for (const { type } of FIELD_TYPES) {
      const { schema, ui } = fieldSchema(type, { title: { uk: "Поле", en: "Field" } });
      expect(fieldTypeOf(schema)).toBe(type);
      const text = run(source, [
        { op: "set", path: ["steps", "ask", "schema", "properties", "f"], value: schema },
        ...(ui ? [{ op: "set" as const, path: ["steps", "ask", "uiSchema", "f"], value: ui }] : []),
      ]);
      const errors = loadDefinition(text, { catalog }).issues.filter((i) => i.severity === "error");
      expect(errors, type).toEqual([]);
    }
  });
});
