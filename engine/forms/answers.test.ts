import { describe, expect, it } from "vitest";
import { validateAnswers, type FormStep } from "..";
import { cpuMs } from "../test-fixtures/cpu-time";

const form = (properties: Record<string, unknown>): FormStep => ({ kind: "form", schema: { type: "object", properties }, next: "x" });

describe("answers are checked in time whatever the form's pattern", () => {
  it("a catastrophic pattern and a hostile answer: an error, quickly (RE2 is linear)", () => {
    const step = form({ code: { type: "string", pattern: "^(a+)+$" }, other: { type: "string", pattern: "(x+x+)+y" } });
    const started = cpuMs();
    const errors = validateAnswers(step, { code: "a".repeat(50_000) + "!", other: "x".repeat(50_000) }, "en");
    expect(cpuMs() - started).toBeLessThan(1_000);
    expect(errors).toEqual([
      { field: ["code"], message: "Wrong format" },
      { field: ["other"], message: "Wrong format" },
    ]);
    // A native RegExp would need about 2^50000 steps for the first answer.
  });

  it("the same in patternProperties", () => {
    const step: FormStep = { kind: "form", schema: { type: "object", patternProperties: { "^(a|a)*$": { type: "integer" } } }, next: "x" };
    const started = cpuMs();
    expect(validateAnswers(step, { ["a".repeat(40) + "b"]: "not checked", ["a".repeat(30)]: "x" }, "en")).toEqual([
      { field: ["a".repeat(30)], message: "Wrong type of value" },
    ]);
    expect(cpuMs() - started).toBeLessThan(1_000);
  });

  it("ordinary patterns keep their JavaScript meaning (unicode classes and escapes)", () => {
    const step = form({
      phone: { type: "string", pattern: "^\\+380[0-9]{9}$" },
      plate: { type: "string", pattern: "^[АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЮЯ]{2,3} [0-9]{6,8}$" },
      letters: { type: "string", pattern: "^[\\u0400-\\u04FF]+$" },
      digits: { type: "string", pattern: "\\d{3}" },
    });
    expect(validateAnswers(step, { phone: "+380671234567", plate: "АБ 123456", letters: "Київ", digits: "x123" })).toEqual([]);
    expect(validateAnswers(step, { phone: "+38067", plate: "AB 123456", letters: "Kyiv", digits: "12" }, "en").map((e) => e.field[0])).toEqual([
      "phone", "plate", "letters", "digits",
    ]);
  });

  it("a pattern RE2 cannot run (a lookahead) fails closed with a message, not an exception", () => {
    const step = form({ code: { type: "string", pattern: "^(?=a)a$" } });
    expect(validateAnswers(step, { code: "a" }, "en")).toEqual([{ field: [], message: "The form could not be checked: please contact support" }]);
  });
});

describe("a language named like a member of every object", () => {
  it("falls back to English messages and never throws", () => {
    const step = form({ code: { type: "string", pattern: "^[0-9]+$" } });
    for (const language of ["constructor", "toString", "__proto__"]) {
      expect(validateAnswers(step, { code: "x" }, language)).toEqual([{ field: ["code"], message: "Wrong format" }]);
    }
  });
});
