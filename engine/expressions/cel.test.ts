import { describe, expect, it } from "vitest";
import { compileExpression, evaluate, evaluateCondition, isExpressionError } from "./cel";
import { EngineError } from "../issues";

const data = { person: { age: 20, name: "Іван", birthPlace: null, tags: ["idp"] }, purpose: { reasonId: "5" } };

describe("CEL expressions", () => {
  it("evaluates conditions and mappings over the application's data", () => {
    expect(evaluateCondition("person.age >= 18 && purpose.reasonId == '5'", data)).toBe(true);
    expect(evaluateCondition("person.birthPlace == null", data)).toBe(true);
    expect(evaluate("person.age + 1", data)).toBe(21);
    expect(evaluate("size(person.name)", data)).toBe(4);
    expect(evaluate("'idp' in person.tags", data)).toBe(true);
    expect(evaluate("{'n': person.name, 'list': [1, 2.5]}", data)).toEqual({ n: "Іван", list: [1, 2.5] });
    expect(evaluate("person.tags.exists(t, t == 'idp')", data)).toBe(true);
    expect(evaluate("['UKR', 'POL'].join(', ')", data)).toBe("UKR, POL");
    expect(evaluate("person.name.upperAscii() + '-' + 'a,b'.split(',')[1]", { person: { name: "ivan" } })).toBe("IVAN-b");
    expect(evaluate("timestamp('2026-01-01T00:00:00Z') + duration('240h')", data)).toBe("2026-01-11T00:00:00.000Z");
  });

  it("treats names no step has provided yet as null", () => {
    expect(evaluate("birthPlace != null ? birthPlace.city : 'unknown'", data)).toBe("unknown");
  });

  it("lists the fields an expression reads", () => {
    const compiled = compileExpression("person.age > 1 && [1].all(x, x > purpose.n)");
    expect(isExpressionError(compiled)).toBe(false);
    if (!isExpressionError(compiled)) expect(compiled.reads).toEqual([["person", "age"], ["purpose", "n"]]);
  });

  it("reports syntax errors with their position", () => {
    const compiled = compileExpression("person.age >");
    expect(isExpressionError(compiled) && compiled.index).toBe(11);
  });

  describe("cannot run code or reach outside the data", () => {
    const attempts = [
      "person.constructor",
      "person.__proto__",
      "person['__proto__']",
      "person.constructor.constructor('return process')()",
      "process.exit(1)",
      "globalThis",
      "require('fs')",
      "eval('1')",
      "this",
      "Function('return 1')()",
      "import('fs')",
      "person.toString()",
      "[].constructor",
    ];
    for (const source of attempts) {
      it(source, () => {
        const compiled = compileExpression(source);
        if (isExpressionError(compiled)) return; // rejected when compiled: fine
        // Otherwise it fails, or it is an unknown name, which is null: nothing from the host comes back.
        let result: unknown = null;
        try {
          result = compiled.evaluate(data);
        } catch (error) {
          expect(error).toBeInstanceOf(EngineError);
        }
        expect(result).toBeNull();
      });
    }

    it("a prototype-polluting key in the data stays plain data", () => {
      const hostile = JSON.parse('{"p": {"__proto__": {"polluted": true}, "a": 1}}');
      expect(evaluate("p.a", hostile)).toBe(1);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it("refuses expressions that are too long", () => {
      expect(isExpressionError(compileExpression("1 + ".repeat(1000) + "1"))).toBe(true);
    });
  });
});
