import { describe, expect, it } from "vitest";
import { compileExpression, isExpressionError } from "./cel";
import type { RootType } from "./types";

const roots: Record<string, RootType> = {
  applicant: { given: true, schema: { type: "object", required: ["taxId"], properties: { taxId: { type: "string" }, gender: { type: "string", enum: ["male", "female"] } } } },
  parents: { given: true, schema: { type: "object", required: ["applicantRole", "income", "children"], properties: { applicantRole: { type: "string", enum: ["mother", "father"] }, income: { type: "number" }, children: { type: "integer" }, note: { type: "string" } } } },
  family: { given: true, schema: { type: "object", required: ["members"], properties: { members: { type: "array", items: { type: "object", required: ["relation", "age"], properties: { relation: { type: "string", enum: ["child", "spouse"] }, age: { type: "integer" } } } } } } },
  certificate: { schema: { type: "object", required: ["result"], properties: { result: { type: "object", properties: { content: { type: "string" } } } } } },
  fee: { schema: { type: "object", properties: { amount: { type: "number" }, currency: { type: "string" } } } },
  open: { schema: { type: "object", additionalProperties: true } },
};

function problems(source: string) {
  const compiled = compileExpression(source);
  if (isExpressionError(compiled)) throw new Error(compiled.message);
  return compiled.checkTypes((name) => roots[name], (name, options) => options.find((o) => o.toLowerCase().startsWith(name.slice(0, 3).toLowerCase())));
}
const codes = (source: string) => problems(source).problems.map((p) => p.code);

describe("expression types", () => {
  it("accepts well-typed expressions", () => {
    for (const source of [
      'parents.applicantRole == "mother"', "double(parents.income) / double(parents.children) < 9444.0", "parents.children + 1 > 2",
      'has(applicant.gender) && applicant.gender == "male"', 'has(applicant.gender) ? applicant.gender : ""', "certificate.result.content",
      'family.members.exists(m, m.relation == "child")', 'family.members.filter(m, m.relation == "spouse").size() == 0', "open.anything.goes",
      'timestamp("2025-02-28T00:00:00Z") + duration("264h") > timestamp("2025-01-01T00:00:00Z")', "fee.amount > 0", "size(family.members) < 10",
      '!has(applicant.gender) || applicant.gender == "female"',
    ]) {
      expect(problems(source).problems, source).toEqual([]);
    }
  });

  it("finds comparisons with a value an enum never takes, anywhere in the tree", () => {
    expect(codes('{"mother": parents.applicantRole == "mom"}')).toEqual(["expression.unknown-value"]);
    expect(codes('[parents.applicantRole == "mom"]')).toEqual(["expression.unknown-value"]);
    expect(codes('family.members.exists(m, m.relation == "kid")')).toEqual(["expression.unknown-value"]);
    expect(codes('true ? parents.applicantRole != "dad" : false')).toEqual(["expression.unknown-value"]);
    expect(problems('parents.applicantRole in ["mother", "mum"]').problems[0]).toMatchObject({ code: "expression.unknown-value", index: 36 });
  });

  it("finds int and double mixed in arithmetic, and numbers compared with text", () => {
    expect(codes("parents.income / size(family.members) < 9444")).toEqual(["expression.numeric-mix"]);
    expect(codes("1 + 2.5")).toEqual(["expression.numeric-mix"]);
    expect(problems("1 + 2.5").problems[0].hint).toMatch(/double\(…\)/);
    expect(codes('double(parents.children) < "9444"')).toEqual(["expression.type"]);
    expect(codes('"UAH" + 1')).toEqual(["expression.type"]);
    expect(codes("family.members.map(m, m.age * 1.5)")).toEqual(["expression.numeric-mix"]);
  });

  it("finds fields a result's schema does not have, with a suggestion", () => {
    const found = problems("certificate.result.contnt").problems;
    expect(found).toMatchObject([{ code: "expression.unknown-property", index: 19, hint: "content" }]);
    expect(codes("fee.amnt > 0")).toEqual(["expression.unknown-property"]);
    expect(codes('family.members.exists(m, m.relashun == "child")')).toEqual(["expression.unknown-property"]);
  });

  it("finds optional fields of given data read without has()", () => {
    expect(codes('applicant.gender == "male" ? "MALE" : "FEMALE"')).toEqual(["expression.optional-field"]);
    expect(codes('parents.note == ""')).toEqual(["expression.optional-field"]);
    expect(codes('has(parents.note) && parents.note == ""')).toEqual([]);
    expect(codes("fee.currency")).toEqual([]); // a registry's result is not given by a person
  });

  it("finds operands that are not true or false", () => {
    expect(codes("parents.applicantRole && true")).toEqual(["expression.type"]);
    expect(codes("parents.income ? 1 : 2")).toEqual(["expression.type"]);
    expect(problems("parents.applicantRole").type.t).toBe("string");
  });

  it("checks literal timestamps and durations with CEL", () => {
    expect(codes('timestamp("2025-02-30T00:00:00Z") > timestamp("2025-01-01T00:00:00Z")')).toEqual(["expression.invalid-literal"]);
    expect(codes('timestamp("2025-02-28")')).toEqual(["expression.invalid-literal"]);
    expect(codes('duration("10 days")')).toEqual(["expression.invalid-literal"]);
  });
});
