import { describe, expect, it } from "vitest";
import { compileExpression, isExpressionError } from "./cel";

/** The fast path must give CEL's answers: every expression × data pair is checked against the full evaluator. */
const expressions = [
  'a.s == "x"', "a.s == 1", '"a" == 1', "a.s < 1", '"b" > "a"', "true > false", "a.n >= 5", "a.n == 5.0", "a.f > 2",
  "a.f <= 2.5", "a.z == null", "a.z != null", "has(a.z)", "has(a.z) ? 1 : 2", "x == null", "a.missing == 1", "has(a.missing)", "has(a.z.k)", "has(a.s)",
  "has(a.s.k)", "has(a.arr.k)", "a.z.k", "a.arr.k", "a.s.k", "false && a.missing", "a.missing && false", "true || a.missing",
  "a.missing || true", "a.missing && true", "!a.s", "!a.b", "a.b ? 1 : 2", "a.s ? 1 : 2", "a.b ? a.s : a.missing",
  "a.n in [1, 5]", 'a.s in ["x", "y"]', "1 in a.arr", '"k" in a.o', '"zz" in a.o', "a.n in a.o", "u.k == null", "has(u.k)",
  'a.o == {"k": 1}', "a.arr == [1, 2]", "a.o.k == 1", "a.n != \"5\"", "a.n >= 5 && a.s == \"x\" || a.z == null",
  "a.nan == a.nan", "a.nan < 1", 'a.emoji < "a"', "a.big == 9007199254740993", "a.list == a.list", "a.b == a.b",
  "a.o.k > 0 && a.arr[0] == 1", "size(a.s) == 1", "a", "a.o", "a.arr", "u",
  "a.constructor", "has(a.constructor)", "a.__proto__", "__proto__", "__proto__ == null", '"constructor" in a.o', "a.o == a.proto", "constructor", "toString == null",
];

const data: Record<string, unknown>[] = [
  { a: { s: "x", n: 5, f: 2.5, b: true, z: null, arr: [1, 2], o: { k: 1 }, nan: Number.NaN, emoji: "😀", list: [{ x: 1 }] }, u: { k: undefined } },
  { a: { s: "y", n: 0, f: -1, b: false, z: { k: 2 }, arr: [], o: {}, emoji: "b" } },
  { a: null },
  {},
  { a: { s: 1, n: "5", b: "true", arr: "12", o: [1], proto: JSON.parse('{"__proto__": {"k": 1}}') } },
];

function outcome(run: () => unknown): { value?: unknown; error?: boolean } {
  try {
    return { value: JSON.parse(JSON.stringify(run() ?? null)) };
  } catch {
    return { error: true };
  }
}

describe("the expression fast path gives CEL's answers", () => {
  for (const source of expressions) {
    it(source, () => {
      const compiled = compileExpression(source);
      expect(isExpressionError(compiled)).toBe(false);
      if (isExpressionError(compiled)) return;
      for (const d of data) {
        expect(outcome(() => compiled.evaluate(d)), JSON.stringify(d)).toEqual(outcome(() => compiled.evaluateWithCel(d)));
      }
    });
  }
});
