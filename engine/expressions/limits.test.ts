import { describe, expect, it } from "vitest";
import { compileExpression, evaluate, isExpressionError } from "./cel";
import { EngineError } from "../issues";
import { cpuMs } from "../test-fixtures/cpu-time";

const list = (n: number) => `[${Array.from({ length: n }, (_, i) => i).join(",")}]`;

function timed<T>(run: () => T): { value?: T; error?: unknown; ms: number } {
  const started = cpuMs();
  try {
    return { value: run(), ms: cpuMs() - started };
  } catch (error) {
    return { error, ms: cpuMs() - started };
  }
}

describe("expressions that would exhaust the evaluator", () => {
  it("500 nested parentheses: an error with a code, not a stack overflow", () => {
    for (const source of ["(".repeat(500) + "1" + ")".repeat(500), "[".repeat(600) + "]".repeat(600), "!".repeat(1500) + "true", "-".repeat(1500) + "1", "a ? 1 : ".repeat(200) + "2"]) {
      const compiled = compileExpression(source.slice(0, 2000));
      expect(isExpressionError(compiled)).toBe(true);
      if (isExpressionError(compiled)) {
        expect(compiled.code).toBe("expression.too-complex");
        expect(compiled.message).not.toMatch(/call stack/);
      }
    }
  });

  it("ordinary nesting still works", () => {
    expect(evaluate("(".repeat(20) + "1 + 2" + ")".repeat(20), {})).toBe(3);
    expect(evaluate("x.a.b.c.d.e.f.g", { x: { a: { b: { c: { d: { e: { f: { g: 7 } } } } } } } })).toBe(7);
    expect(evaluate("[1, 2, 3].map(a, [1, 2].filter(b, b < a)).size()", {})).toBe(3);
  });

  it("10^8 iterations over literal lists are refused when the expression is compiled", () => {
    const compiled = compileExpression(`${list(100)}.all(a, ${list(100)}.all(b, ${list(100)}.all(c, ${list(100)}.all(d, a + b + c + d >= 0))))`);
    expect(isExpressionError(compiled) && compiled.code).toBe("expression.too-costly");
  });

  it("iterations over the data stop at the evaluation budget with an EngineError, in well under a second", () => {
    const data = { x: Array.from({ length: 1000 }, (_, i) => i) };
    const run = timed(() => evaluate("x.all(a, x.all(b, x.all(c, a + b + c >= 0)))", data));
    expect(run.error).toBeInstanceOf(EngineError);
    expect((run.error as EngineError).code).toBe("expression.too-costly");
    expect(run.ms).toBeLessThan(1_000);
  });

  it("a budget error cannot be hidden by || or &&: the evaluation still fails", () => {
    const data = { x: Array.from({ length: 1000 }, (_, i) => i) };
    const run = timed(() => evaluate("x.exists(a, x.exists(b, x.exists(c, false))) || true", data));
    expect((run.error as EngineError)?.code).toBe("expression.too-costly");
  });

  it("ordinary comprehensions over the data run", () => {
    const data = { x: Array.from({ length: 10_000 }, (_, i) => i) };
    expect(evaluate("x.exists(a, a == 9999)", data)).toBe(true);
    expect(evaluate("x.filter(a, a % 2 == 0).size()", data)).toBe(5000);
  });
});

describe("data that would exhaust the evaluator", () => {
  it("answers nested 100,000 levels deep: an EngineError, not a stack overflow", () => {
    let deep: Record<string, unknown> = {};
    const data = { ask: { x: deep } };
    for (let i = 0; i < 100_000; i++) deep = deep.a = {};
    for (const source of ["ask.x == ask.x", "size(ask) > 0", "ask.x.a.a != null && [ask].exists(v, v == ask)"]) {
      let error: unknown;
      try {
        evaluate(source, data);
      } catch (e) {
        error = e;
      }
      expect(error === undefined || error instanceof EngineError, String(error)).toBe(true);
    }
  });
});

describe("results are plain JSON data", () => {
  it("types become their names and bytes lists of numbers (a type object is circular)", () => {
    expect(evaluate("type(duration('1h'))", {})).toBe("google.protobuf.Duration");
    expect(evaluate("[type(1), b'ab']", {})).toEqual(["int", [97, 98]]);
    expect(() => JSON.stringify(evaluate("{'t': type(1)}", {}))).not.toThrow();
  });
});
