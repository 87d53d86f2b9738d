import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDefinition } from "../../../../engine";
import { addStep, connect, deleteSteps, disconnect, moveSteps, renameStep, setStart } from "./commands";
import { outletsOf } from "./outcomes";
import { applyEdits, type EditOp } from "./yaml-edit";
import { applyToValue } from "./value-edit";

const text = readFileSync(join(__dirname, "../../../../service-definitions/criminal-record-certificate/service.yaml"), "utf8");

describe("edits applied to the parsed value", () => {
  it("give what parsing the edited text gives, and keep untouched steps' objects", () => {
    const value = loadDefinition(text).value as { steps: Record<string, unknown> };
    const ids = Object.keys(value.steps);
    const cases: EditOp[][] = [addStep(value, "notification", { x: 10, y: 20 }).ops, setStart(ids[2]), [{ op: "reorder", path: ["steps", ids[0]], keys: ["title"] }]];
    for (const id of ids) {
      cases.push(moveSteps({ [id]: { x: 1, y: 2 } }), deleteSteps([id]), renameStep(value, id, `${id}X`));
      for (const outlet of outletsOf(id, value.steps[id])) cases.push(connect(value, id, outlet.id, ids[0]), disconnect(value, id, outlet.id));
    }
    for (const ops of cases.filter((c) => c.length)) {
      const expected = loadDefinition(applyEdits(text, ops)).value;
      const got = applyToValue(value, ops);
      expect(JSON.stringify(got), JSON.stringify(ops)).toBe(JSON.stringify(expected));
    }
    const moved = applyToValue(value, moveSteps({ [ids[0]]: { x: 5, y: 5 } })) as typeof value;
    expect(moved.steps[ids[1]]).toBe(value.steps[ids[1]]);
    expect(moved.steps[ids[0]]).not.toBe(value.steps[ids[0]]);
  });
});
