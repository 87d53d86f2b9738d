import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { generateLargeService, loadDefinition } from "../../../../engine";
import { addStep, connect, deleteSteps, disconnect, moveSteps, renameStep, setStart } from "./commands";
import { outletsOf } from "./outcomes";
import { applyEdits, type EditOp } from "./yaml-edit";
import { applyEditsScoped, outline } from "./yaml-scoped";
import { cpuMs } from "../../../../engine/test-fixtures/cpu-time";

const root = join(__dirname, "../../../../service-definitions");
const examples = readdirSync(root)
  .filter((d) => existsSync(join(root, d, "service.yaml")))
  .map((d) => ({ name: d, text: readFileSync(join(root, d, "service.yaml"), "utf8") }));
const generated = { name: "generated", text: stringify(generateLargeService(120), { lineWidth: 0 }) };

/** Every kind of canvas edit on every step of a file. */
function editsOf(text: string): EditOp[][] {
  const value = loadDefinition(text).value as { steps: Record<string, unknown> };
  const ids = Object.keys(value.steps);
  const out: EditOp[][] = [addStep(value, "notification", { x: 10, y: 20 }).ops, setStart(ids[ids.length - 1])];
  // Every few steps, so the test stays quick.
  for (const id of ids.filter((_, i) => i % Math.ceil(ids.length / 8) === 0 || i === ids.length - 1)) {
    out.push(moveSteps({ [id]: { x: 1, y: 2 } }), deleteSteps([id]), renameStep(value, id, `${id}Renamed`));
    out.push([{ op: "set", path: ["steps", id, "title"], value: { uk: "Нова назва", en: "New title" } }]);
    out.push([{ op: "delete", path: ["steps", id, "title"] }]);
    for (const outlet of outletsOf(id, value.steps[id])) {
      out.push(connect(value, id, outlet.id, ids[0]), disconnect(value, id, outlet.id));
    }
  }
  return out.filter((ops) => ops.length > 0);
}

describe("edits that parse only the step they touch", () => {
  for (const file of [...examples, generated]) {
    it(`give the same text as a whole-file edit: ${file.name}`, () => {
      let scoped = 0;
      const cases = editsOf(file.text);
      for (const ops of cases) {
        let expected: string | Error;
        try {
          expected = applyEdits(file.text, ops);
        } catch (error) {
          expected = error as Error;
        }
        if (expected instanceof Error) continue;
        const got = applyEditsScoped(file.text, ops, 0);
        if (got.scoped) scoped++;
        expect(got.text, JSON.stringify(ops)).toBe(expected);
      }
      expect(scoped).toBeGreaterThan(file.name === "generated" ? cases.length - 3 : cases.length / 3);
    });
  }

  it("finds the steps of a file by its lines, and refuses unusual ones", () => {
    expect(outline(generated.text)?.steps.length).toBe(Object.keys((loadDefinition(generated.text).value as { steps: object }).steps).length);
    expect(outline("a: 1\nsteps: { x: { kind: final } }\n")).toBeUndefined();
    expect(outline("---\na: 1\n")).toBeUndefined();
  });

  it("a 1,000-step file: an edit in a few milliseconds", () => {
    const text = stringify(generateLargeService(1000), { lineWidth: 0 });
    const value = loadDefinition(text).value;
    const { ops } = addStep(value, "notification", { x: 1, y: 1 });
    applyEditsScoped(text, ops);
    const started = cpuMs();
    const got = applyEditsScoped(text, ops);
    // (A whole-file edit takes about 300 ms; the bound leaves room for a busy machine.)
    expect(cpuMs() - started).toBeLessThan(150);
    expect(got.scoped).toBe(true);
    expect(got.text).toBe(applyEdits(text, ops));
  });
});
