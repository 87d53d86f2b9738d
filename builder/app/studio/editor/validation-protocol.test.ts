import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { generateLargeService, loadDefinition, type StepKind } from "../../../../engine";
import { exampleCatalog } from "../../../../service-definitions";
import { addStep, connect, deleteSteps, moveSteps, renameStep, setStart } from "../model/commands";
import { outletsOf } from "../model/outcomes";
import { applyToValue } from "../model/value-edit";
import { deepEqual } from "../model/yaml-edit";
import { applyEditsScoped } from "../model/yaml-scoped";
import { answeredValue, check, IncrementalLoader, type ValidationResult } from "./validation-protocol";

const catalog = exampleCatalog();
const KINDS: StepKind[] = ["form", "registry", "decision", "review", "payment", "notification", "final", "wait", "document"];

/** Canvas edits, as the editor makes them (the text edited surgically, the value like the text). */
const edit = fc.record({ what: fc.nat(5), a: fc.nat(), b: fc.nat(), kind: fc.constantFrom(...KINDS) });

function opsFor(value: Record<string, unknown>, e: { what: number; a: number; b: number; kind: StepKind }) {
  const ids = Object.keys(value.steps as object);
  const one = ids[e.a % ids.length];
  const other = ids[e.b % ids.length];
  switch (e.what) {
    case 0:
      return addStep(value, e.kind, { x: e.a % 900, y: e.b % 900 }, catalog).ops;
    case 1:
      return ids.length > 2 ? deleteSteps([one]) : [];
    case 2:
      return moveSteps({ [one]: { x: e.b % 1000, y: e.a % 1000 } });
    case 3: {
      const outlets = outletsOf(one, (value.steps as Record<string, Record<string, unknown>>)[one], catalog).filter((o) => !o.adds);
      return outlets.length ? connect(value, one, outlets[e.b % outlets.length].id, other, catalog) : [];
    }
    case 4:
      return renameStep(value, one, `${one}R${e.b % 10}`, catalog);
    default:
      return setStart(other);
  }
}

describe("the validation worker's answers", () => {
  it("put together the whole value from the changed pieces: the editor reads what loadDefinition reads, with its problems", () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (edits, adopt) => {
        const loader = new IncrementalLoader(catalog);
        let text = stringify(generateLargeService(30), { lineWidth: 0 });
        let editor: unknown = loadDefinition(text, { catalog }).value;
        let answered: unknown;
        const answer = (id: number) => {
          const result: ValidationResult = structuredClone(check(loader, id, text)); // posted: a copy
          answered = answeredValue(answered, result);
          const whole = loadDefinition(text, { catalog });
          expect(answered).toEqual(whole.value);
          expect(JSON.stringify(answered)).toBe(JSON.stringify(whole.value));
          expect(result.issues).toEqual(whole.issues);
          expect(result.valid).toBe(whole.definition !== undefined);
          return result;
        };
        answer(0);
        edits.forEach((e, i) => {
          const ops = opsFor(editor as Record<string, unknown>, e);
          if (!ops.length) return;
          text = applyEditsScoped(text, ops, 0).text;
          editor = applyToValue(editor, ops);
          answer(i + 1);
          // The editor keeps its own value when it is the same (as the store does): later answers build on it.
          if (adopt[i] && deepEqual(editor, answered)) answered = editor;
        });
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it("send only the pieces an edit changed", () => {
    const loader = new IncrementalLoader(catalog);
    const text = stringify(generateLargeService(100), { lineWidth: 0 });
    const first = check(loader, 1, text);
    expect(Object.keys(first.pieces!.fresh)).toEqual(first.pieces!.steps);
    const value = answeredValue(undefined, first) as Record<string, unknown>;
    const { id, ops } = addStep(value, "notification", { x: 10, y: 10 }, catalog);
    const second = check(loader, 2, applyEditsScoped(text, ops, 0).text);
    expect(Object.keys(second.pieces!.fresh)).toEqual([id]);
    expect(second.pieces!.top).toEqual({});
  });

  it("send the whole value when the text cannot be read piece by piece", () => {
    const result = check(new IncrementalLoader(catalog), 1, "steps: {a: {kind: final, outcome: approved}}\n");
    expect(result.pieces).toBeUndefined();
    expect(answeredValue({ stale: true }, result)).toEqual(loadDefinition("steps: {a: {kind: final, outcome: approved}}\n", { catalog }).value);
  });
});
