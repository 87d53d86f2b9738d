import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { applyEdits, diffToEdits } from "./yaml-edit";

const source = `# A comment at the top
schemaVersion: 1
id: demo   # the id
title: { uk: Демо, en: Demo }
start: ask
steps:
  # Ask the citizen
  ask:
    kind: form
    title: { uk: Питання, en: Question }
    description: >-
      A long text that the yaml package would re-wrap if it printed the whole document again, which we avoid.
    schema:
      type: object
      properties:
        name: { type: string }
    next: check

  check:
    kind: decision
    branches:
      - when: ask.name == "x"
        next: done
    otherwise: done

  done: { kind: final, outcome: approved }
`;

describe("surgical YAML edits", () => {
  it("replaces a scalar and keeps everything else byte for byte", () => {
    const out = applyEdits(source, [{ op: "set", path: ["steps", "ask", "next"], value: "done" }]);
    expect(out).toBe(source.replace("next: check", "next: done"));
  });

  it("adds a key at the end of a block map with its indentation", () => {
    const out = applyEdits(source, [{ op: "set", path: ["steps", "ask", "position"], value: { x: 10, y: 20 } }]);
    expect(out).toContain("    next: check\n    position: { x: 10, y: 20 }\n\n  check:");
    expect(parse(out).steps.ask.position).toEqual({ x: 10, y: 20 });
  });

  it("adds a key to a flow map", () => {
    const out = applyEdits(source, [{ op: "set", path: ["steps", "done", "position"], value: { x: 1, y: 2 } }]);
    expect(out).toContain("done: { kind: final, outcome: approved, position: { x: 1, y: 2 } }");
  });

  it("adds a whole step as a block with small maps in flow style", () => {
    const step = { kind: "registry", registry: "population", operation: "getPerson", on: { found: "done" }, purpose: { uk: "Мета", en: "Why" } };
    const out = applyEdits(source, [{ op: "set", path: ["steps", "lookup"], value: step }]);
    expect(out.endsWith("  done: { kind: final, outcome: approved }\n  lookup:\n    kind: registry\n    registry: population\n    operation: getPerson\n    on: { found: done }\n    purpose: { uk: Мета, en: Why }\n")).toBe(true);
    expect(parse(out).steps.lookup).toEqual(step);
  });

  it("creates missing parents", () => {
    const out = applyEdits(source, [{ op: "set", path: ["steps", "ask", "uiSchema", "name", "ui:widget"], value: "textarea" }]);
    expect(parse(out).steps.ask.uiSchema).toEqual({ name: { "ui:widget": "textarea" } });
    expect(out).toContain("# Ask the citizen");
  });

  it("deletes a key, a flow key and a list item", () => {
    const a = applyEdits(source, [{ op: "delete", path: ["steps", "ask", "description"] }]);
    expect(a).not.toContain("long text");
    expect(parse(a).steps.ask.schema.type).toBe("object");
    const b = applyEdits(source, [{ op: "delete", path: ["title", "en"] }]);
    expect(b).toContain("title: { uk: Демо }");
    const c = applyEdits(source, [{ op: "push", path: ["steps", "check", "branches"], value: { when: "true", next: "ask" } }]);
    expect(parse(c).steps.check.branches).toHaveLength(2);
    const d = applyEdits(c, [{ op: "delete", path: ["steps", "check", "branches", 0] }]);
    expect(parse(d).steps.check.branches).toEqual([{ when: "true", next: "ask" }]);
  });

  it("empties a map to {} rather than leaving a dangling key", () => {
    const text = "a:\n  only: 1\nb: 2\n";
    expect(applyEdits(text, [{ op: "delete", path: ["a", "only"] }])).toBe("a: {}\nb: 2\n");
  });

  it("turns an empty {} into a block map when a big value comes in", () => {
    const out = applyEdits("id: x\nsteps: {}\n", [{ op: "set", path: ["steps", "ask"], value: { kind: "form", schema: { type: "object", properties: { a: { type: "string" } } }, next: "done" } }]);
    expect(parse(out).steps.ask.next).toBe("done");
    expect(out).toMatch(/^id: x\nsteps:\n  ask:\n    kind: form\n/);
  });

  it("renames a key in place", () => {
    const out = applyEdits(source, [{ op: "rename", path: ["steps", "ask"], to: "question" }]);
    expect(out).toContain("  # Ask the citizen\n  question:\n    kind: form");
  });

  it("reorders keys with the comments above them", () => {
    const text = "props:\n  # first\n  a: 1\n  b: { x: 1 }\n  # about c\n  c:\n    deep: true\nafter: 1\n";
    const out = applyEdits(text, [{ op: "reorder", path: ["props"], keys: ["c", "a", "b"] }]);
    expect(out).toBe("props:\n  # about c\n  c:\n    deep: true\n  # first\n  a: 1\n  b: { x: 1 }\nafter: 1\n");
  });

  it("applies many independent edits in one pass (positions after an auto layout)", () => {
    const ops = ["ask", "check", "done"].map((id, i) => ({ op: "set" as const, path: ["steps", id, "position"], value: { x: i * 100, y: 0 } }));
    const out = applyEdits(source, ops);
    const steps = parse(out).steps;
    expect([steps.ask.position.x, steps.check.position.x, steps.done.position.x]).toEqual([0, 100, 200]);
    expect(out).toContain("# the id");
  });

  it("turns an object change into the smallest edits", () => {
    const before = parse(source).steps.ask;
    const after = { ...before, title: { uk: "Питання", en: "The question" }, saveAs: "q" };
    delete after.description;
    const ops = diffToEdits(["steps", "ask"], before, after);
    expect(ops).toEqual([
      { op: "delete", path: ["steps", "ask", "description"] },
      { op: "set", path: ["steps", "ask", "title", "en"], value: "The question" },
      { op: "set", path: ["steps", "ask", "saveAs"], value: "q" },
    ]);
    const out = applyEdits(source, ops);
    expect(parse(out).steps.ask).toEqual(after);
    expect(out).toContain("# Ask the citizen");
  });

  it("keeps multi-line texts readable", () => {
    const out = applyEdits(source, [{ op: "set", path: ["steps", "ask", "description"], value: "line one\nline two" }]);
    expect(parse(out).steps.ask.description).toBe("line one\nline two");
  });

  it("edits the criminal-record example without touching other lines", () => {
    const text = readFileSync(new URL("../../../../service-definitions/criminal-record-certificate/service.yaml", import.meta.url), "utf8");
    const out = applyEdits(text, [{ op: "set", path: ["steps", "request", "position"], value: { x: 5, y: 6 } }]);
    const removed = text.split("\n").filter((l) => !out.split("\n").includes(l));
    expect(removed).toEqual([]);
    expect(out.split("\n").length).toBe(text.split("\n").length + 1);
  });
});
