import { describe, expect, it } from "vitest";
import { validateDefinition } from "../../../../engine";
import { exampleCatalog } from "../../../../service-definitions";
import { fitValue, writeValue } from "./cel-model";
import { ruleCheckText } from "./check-text";
import { checkRule, previewRule, ruleScope } from "./scope";

const catalog = exampleCatalog();
const definition = {
  schemaVersion: 1,
  id: "parking-permit",
  title: { uk: "Дозвіл на паркування", en: "Parking permit" },
  languages: ["uk", "en"],
  owner: "Kyiv",
  start: "permit",
  steps: {
    permit: {
      kind: "form",
      title: "Permit",
      schema: {
        type: "object",
        required: ["months", "plate"],
        properties: {
          months: { type: "integer", title: { uk: "Строк", en: "Months" }, oneOf: [{ const: 1, title: "1 month" }, { const: 3, title: "3 months" }, { const: 12, title: "12 months" }] },
          plate: { type: "string", title: "Plate" },
          note: { type: "string" },
          resident: { type: "boolean" },
        },
      },
      next: "fee",
    },
    fee: { kind: "payment", amount: 0, purpose: "Fee", on: { paid: "check", failed: "rejected" } },
    check: { kind: "decision", branches: [{ when: "permit.months == 12", next: "extra" }], otherwise: "approved" },
    extra: { kind: "form", schema: { type: "object", properties: { reason: { type: "string" } } }, next: "approved" },
    approved: { kind: "final", outcome: "approved" },
    rejected: { kind: "final", outcome: "rejected" },
  },
};

describe("rule scope and checks", () => {
  const scope = ruleScope(definition, catalog, "fee");

  it("offers what the data flow says the step can read, with choices' options", () => {
    const months = scope.fields.find((f) => f.path === "permit.months");
    expect(months).toMatchObject({ type: "integer", label: expect.stringContaining("Months"), options: [{ value: 1, label: "1 month" }, { value: 3, label: "3 months" }, { value: 12, label: "12 months" }] });
    expect(scope.fields.map((f) => f.path)).toEqual(expect.arrayContaining(["permit.plate", "permit.resident", "applicant.lastName", "application.id"]));
    // The extra form comes later: not in scope at the payment.
    expect(scope.fields.some((f) => f.path.startsWith("extra."))).toBe(false);
    expect(scope.elsewhere.has("extra")).toBe(true);
    expect(scope.sample.permit).toMatchObject({ months: 1, plate: "text", resident: true });
  });

  it("type-checks as the validator does", () => {
    const table = writeValue({ kind: "table", field: "permit.months", rows: [{ when: 1, value: 150 }, { when: 3, value: 400 }, { when: 12, value: 900 }], otherwise: 0 });
    expect(checkRule(table, scope, "number")).toEqual({ type: "whole number", celType: "int", warnings: [] });
    expect(checkRule("permit.months == 12", scope, "bool")).toMatchObject({ type: "true or false" });
    expect(checkRule("permit.month == 1", scope, "bool").error).toMatch(/month/);
    expect(checkRule('permit.plate == 1', scope, "bool").error).toBeDefined();
    expect(checkRule("permit.months == 5", scope, "bool").error).toMatch(/5/);
    expect(checkRule("permit.plate", scope, "number").error).toMatch(/amount must be a number/);
    expect(checkRule("permit.months", scope, "bool").error).toMatch(/true or false/);
    expect(checkRule("extra.reason", scope, "any").error).toMatch(/may not be known yet/);
    expect(checkRule("nobody.x", scope, "any").error).toMatch(/not in the application's data/);
    expect(checkRule("permit.months ==", scope, "bool").error).toMatch(/parse/);
  });

  it("agrees with the validator on the definition the builders write", () => {
    const table = writeValue({ kind: "table", field: "permit.months", rows: [{ when: 1, value: 150 }, { when: 3, value: 400 }, { when: 12, value: 900 }], otherwise: 0 });
    const written = structuredClone(definition);
    (written.steps.fee as Record<string, unknown>).amount = table;
    const issues = validateDefinition(written, { catalog }).filter((i) => i.code.startsWith("expression"));
    expect(issues).toEqual([]);
  });

  it("marks optional answers, and the validator accepts the guarded CEL the builders write for them", async () => {
    const { writeCondition } = await import("./cel-model");
    expect(scope.fields.find((f) => f.path === "permit.note")?.optional).toBe(true);
    expect(scope.fields.find((f) => f.path === "permit.plate")?.optional).toBeUndefined();
    expect(scope.fields.find((f) => f.path === "applicant.middleName")?.optional).toBe(true);
    expect(checkRule('permit.note == "x"', scope, "bool").error).toMatch(/optional/);
    const cel = writeCondition({ join: "or", items: [{ field: "permit.note", op: "contains", value: "x", guard: true }, { field: "permit.resident", op: "==", value: false, guard: true }] });
    expect(checkRule(cel, scope, "bool")).toEqual({ type: "true or false", celType: "bool", warnings: [] });
    const written = structuredClone(definition);
    (written.steps.check as { branches: { when: string }[] }).branches[0].when = cel;
    const table = writeValue({ kind: "table", field: "permit.resident", rows: [{ when: true, value: 0 }], otherwise: 100, guard: true });
    (written.steps.fee as Record<string, unknown>).amount = table;
    expect(validateDefinition(written, { catalog }).filter((i) => i.code.startsWith("expression"))).toEqual([]);
  });

  it("copies and calculations of optional answers, fitted by the builder, pass the validator; integer fields stay whole", () => {
    const facts = (path: string) => scope.fields.find((f) => f.path === path);
    const copy = writeValue(fitValue({ kind: "field", field: "permit.note" }, facts));
    expect(copy).toBe('has(permit.note) ? permit.note : ""');
    expect(checkRule("permit.note", scope, "any").problem?.code).toBe("expression.optional-field");
    expect(checkRule(copy, scope, "any")).toMatchObject({ celType: "string" });
    const fee = writeValue(fitValue({ kind: "arithmetic", first: { field: "permit.months" }, rest: [{ op: "*", operand: { number: 150 } }] }, facts));
    expect(fee).toBe("permit.months * 150");
    expect(checkRule(fee, scope, "number")).toEqual({ type: "whole number", celType: "int", warnings: [] });
    expect(previewRule(fee, { permit: { months: 3 } })).toEqual({ value: 450 });
    const written = structuredClone(definition);
    (written.steps.fee as Record<string, unknown>).amount = fee;
    (written.steps.fee as Record<string, unknown>).purpose = copy;
    expect(validateDefinition(written, { catalog }).filter((i) => i.code.startsWith("expression"))).toEqual([]);
  });

  it("the check line in the studio's language, with the code kept", () => {
    expect(ruleCheckText(checkRule("permit.months == 12", scope, "bool"), "uk")).toEqual({ ok: true, text: "✓ так або ні" });
    expect(ruleCheckText(checkRule("permit.months * 150", scope, "number"), "en")).toEqual({ ok: true, text: "✓ whole number" });
    expect(ruleCheckText(checkRule("permit.plate", scope, "number"), "uk")).toEqual({ ok: false, text: "✖ Сума має бути числом, а це текст", code: "rule.not-number" });
    expect(ruleCheckText(checkRule('permit.note == "x"', scope, "bool"), "uk")).toMatchObject({ ok: false, code: "expression.optional-field", text: expect.stringContaining("«permit.note»") });
    expect(ruleCheckText(checkRule("permit.month == 1", scope, "bool"), "uk")).toMatchObject({ code: "expression.unknown-property", text: expect.stringContaining("«month»") });
    expect(ruleCheckText(checkRule("permitt.months == 1", scope, "bool"), "uk")).toMatchObject({ code: "rule.unknown-root-suggest", text: "✖ «permitt» немає в даних заяви (можливо, «permit»?)" });
    expect(ruleCheckText(checkRule("extra.reason", scope, "any"), "en").text).toContain("may not be known yet");
    expect(ruleCheckText(checkRule("permit.months ==", scope, "bool"), "uk")).toMatchObject({ code: "expression.syntax", text: expect.stringContaining("Вираз") });
    // A code the studio has no text for: the engine's English message, still with its code.
    expect(ruleCheckText({ error: "Something new", problem: { code: "expression.brand-new", params: {} }, warnings: [] }, "uk")).toEqual({ ok: false, text: "✖ Something new", code: "expression.brand-new" });
  });

  it("previews the value for sample answers with the engine's evaluator", () => {
    const table = "permit.months == 1 ? 150 : permit.months == 3 ? 400 : permit.months == 12 ? 900 : 0";
    expect(previewRule(table, scope.sample)).toEqual({ value: 150 });
    expect(previewRule(table, { ...scope.sample, permit: { months: 3 } })).toEqual({ value: 400 });
    expect(previewRule(400, {})).toEqual({ value: 400 });
    expect(previewRule("permit.x.y", { permit: {} }).error).toBeDefined();
  });

  it("tolerates half-written definitions", () => {
    expect(ruleScope(undefined, catalog, "x").fields).toEqual([]);
    expect(() => ruleScope({ steps: { a: { kind: "form" }, b: null } }, catalog, "a")).not.toThrow();
  });
});
