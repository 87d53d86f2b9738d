import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { issueCodes, loadDefinition, validateDefinition } from "..";
import { exampleCatalog } from "../../service-definitions";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
const catalog = exampleCatalog();
const load = (name: string) => loadDefinition(readFileSync(fixtures + name, "utf8"), { catalog });

/**
 * Each fixture is the minimal service broken in one way: the code it must produce, where, and the hint.
 * A code has one fixture named after it, and may have more named `<code>@<case>`.
 */
const expected: Record<string, { at: string; hint?: RegExp }> = {
  "yaml.syntax": { at: "7:1" },
  "yaml.duplicate-key": { at: "7:1" },
  "step.duplicate-id": { at: "44:3" },
  "schema.invalid": { at: "2:16" },
  "schema.missing-property": { at: "37:3" },
  "schema.unknown-property": { at: "25:5", hint: /did you mean "timeout"/ },
  "schema.unknown-kind": { at: "27:11", hint: /did you mean "decision"/ },
  "step.unknown-target": { at: "30:15", hint: /did you mean "review"/ },
  "step.unreachable": { at: "44:3" },
  "step.no-way-out": { at: "18:3" },
  "step.cannot-finish": { at: "42:3" },
  "outcome.missing-error": { at: "25:9" },
  "outcome.unhandled": { at: "25:9", hint: /on\.notFound/ },
  "deadline.missing-timeout": { at: "36:9" },
  "deadline.missing": { at: "35:45" },
  "deadline.and-until": { at: "46:12", hint: /keep one/ },
  "duration.invalid": { at: "35:15" },
  "registry.unknown": { at: "20:15", hint: /did you mean "population"/ },
  "registry.unknown-operation": { at: "21:16", hint: /did you mean "getPerson"/ },
  "registry.unknown-outcome": { at: "25:25", hint: /found, notFound/ },
  "handler.unknown": { at: "32:14", hint: /did you mean "age-check"/ },
  "handler.unknown-outcome": { at: "35:26", hint: /adult, minor/ },
  "handler.invalid-params": { at: "34:13" },
  "template.unknown": { at: "39:15" },
  "role.unknown": { at: "34:11", hint: /did you mean "mvs-officer"/ },
  "form.invalid-schema": { at: "16:22" },
  "form.unknown-required": { at: "14:17" },
  // The decision reads the only earlier form's answers: changed in place it could branch the other way.
  "form.summary-unchangeable": { at: "27:14", hint: /ask it after those steps/ },
  "expression.syntax": { at: "29:23" },
  "expression.unknown-field": { at: "23:21", hint: /did you mean "applicant"/ },
  "expression.unknown-property": { at: "29:19", hint: /did you mean "age"/ },
  "expression.type": { at: "29:26" },
  "expression.unknown-value": { at: "30:28", hint: /did you mean "adult"/ },
  "expression.numeric-mix": { at: "29:23", hint: /double\(…\)/ },
  "expression.optional-field": { at: "29:25", hint: /has\(applicant\.gender\)/ },
  // An optional field of a step's result (a booking's officeTitle), not only of answers.
  "expression.optional-field@step-result": { at: "51:107", hint: /has\(ceremony\.officeTitle\)/ },
  "expression.invalid-literal": { at: "29:74", hint: /RFC 3339/ },
  "expression.target-type": { at: "40:123", hint: /compare/ },
  "translation.missing": { at: "11:12" },
  "review.sendback-before-payment": { at: "28:55", hint: /same amount is not charged twice/ },
  // Hostile definitions: each gets an issue, never a crash or a hang.
  "yaml.invalid-character": { at: "6:12", hint: /UTF-8/ },
  "yaml.too-deep": { at: "17:118" },
  "yaml.recursive-alias": { at: "18:21" },
  "schema.too-deep": { at: "19:70" },
  "schema.not-finite": { at: "39:13" },
  "name.reserved": { at: "24:13", hint: /another name/ },
  "form.unsafe-pattern": { at: "17:40", hint: /nested repetition/ },
  "expression.too-complex": { at: "29:65" },
  "expression.too-costly": { at: "29:16" },
  "step.decision-loop": { at: "26:3", hint: /waits for something/ },
  "form.too-many": { at: "541:3" },
  // Contracts of the catalog (rules/catalog.ts).
  "input.unknown-field": { at: "23:14", hint: /did you mean "taxId"/ },
  "input.missing-field": { at: "21:16", hint: /add input\.taxId/ },
  "document.missing-field": { at: "40:11", hint: /add data\.birthDate/ },
  "document.unknown-field": { at: "40:132", hint: /did you mean "purpose"/ },
  "review.unknown-decision": { at: "36:45", hint: /did you mean "sendBack"/ },
  "payment.unknown-currency": { at: "40:15", hint: /they take UAH/ },
  "slots.unknown-provider": { at: "39:15", hint: /did you mean "appointments"/ },
  "slots.unknown-service": { at: "40:14", hint: /did you mean "marriage-ceremony"/ },
  "slots.unknown-office": { at: "41:13", hint: /did you mean "kyiv-palace"/ },
  // Parties (rules/parties.ts).
  "party.unknown-role": { at: "25:11", hint: /did you mean "partner"/ },
  "party.reserved-role": { at: "8:3", hint: /partner, buyer, owner/ },
  "party.unknown-data": { at: "10:12", hint: /step result/ },
  "party.not-invited": { at: "25:12", hint: /add an invite step with role: partner/ },
  "invite.unreachable": { at: "26:11", hint: /add taxId/ },
};

describe("validation", () => {
  it("the minimal service is valid", () => {
    const result = loadDefinition(readFileSync(fileURLToPath(new URL("../test-fixtures/minimal.yaml", import.meta.url)), "utf8"), { catalog });
    expect(result.issues).toEqual([]);
    expect(result.definition?.id).toBe("minimal");
  });

  it("has one fixture for every issue code", () => {
    const files = readdirSync(fixtures).map((f) => f.replace(/\.yaml$/, ""));
    expect(files.filter((f) => !f.includes("@")).sort()).toEqual([...issueCodes].sort());
    expect(Object.keys(expected).sort()).toEqual(files.sort());
    expect(files.every((f) => issueCodes.includes(f.split("@")[0]))).toBe(true);
  });

  for (const [fixture, { at, hint }] of Object.entries(expected)) {
    const code = fixture.split("@")[0];
    it(`reports ${fixture} at ${at}`, () => {
      const { issues, definition } = load(`${fixture}.yaml`);
      const issue = issues.find((i) => i.code === code);
      expect(issue, JSON.stringify(issues, null, 1)).toBeDefined();
      expect(`${issue!.line}:${issue!.column}`).toBe(at);
      expect(issue!.message.length).toBeGreaterThan(10);
      if (hint) expect(issue!.hint).toMatch(hint);
      if (issue!.severity === "error") expect(definition).toBeUndefined();
    });
  }

  it("never throws on data that is not a definition", () => {
    for (const value of [null, 42, "text", [], { steps: [] }, { start: 1, steps: { a: null } }, { start: "a", steps: { a: { kind: "form" } } }]) {
      const issues = validateDefinition(value);
      expect(issues.length).toBeGreaterThan(0);
      expect(issues.every((i) => i.severity === "error" || i.severity === "warning")).toBe(true);
    }
  });

  it("never throws on text that is not YAML", () => {
    for (const text of ["{", "a: [", "\t- x", "key: *unknownAlias", "---\n- 1\n---\n- 2", ""]) {
      const result = loadDefinition(text);
      expect(result.definition).toBeUndefined();
      expect(result.issues.length).toBeGreaterThan(0);
    }
  });

  it("accepts JSON as well as YAML", () => {
    const yamlText = readFileSync(fileURLToPath(new URL("../test-fixtures/minimal.yaml", import.meta.url)), "utf8");
    const json = JSON.stringify(loadDefinition(yamlText).value);
    expect(loadDefinition(json, { catalog }).issues).toEqual([]);
  });

  it("an optional field of a step's result read behind has() is fine; a catalog result's is typed by outcome, not checked", () => {
    const text = readFileSync(fixtures + "expression.optional-field@step-result.yaml", "utf8");
    const codes = (t: string) => loadDefinition(t, { catalog }).issues.map((i) => i.code);
    expect(codes(text.replace("' + ceremony.officeTitle", "' + (has(ceremony.officeTitle) ? ceremony.officeTitle : ceremony.office)"))).toEqual([]);
    expect(codes(text.replace("' + ceremony.officeTitle", "' + (has(ceremony.officeTitle) && ceremony.officeTitle != '' ? ceremony.officeTitle : '')"))).toEqual([]);
    // A required field, and the registry's result (its fields come with the outcome that leads here).
    expect(codes(text.replace("' + ceremony.officeTitle", "' + ceremony.office + person.birthPlace.city"))).toEqual([]);
  });

  it("an invitation's person is there once accepted (the result's schema says so), its optional fields are not", () => {
    const text = readFileSync(fixtures + "party.unknown-role.yaml", "utf8").replace("role: partnr", "role: partner");
    const reading = (expr: string) => loadDefinition(
      text.replace("    next: done\n    declined", "    next: check\n    declined").replace("  done:", `  check:\n    kind: decision\n    branches: [{ when: '${expr}', next: done }]\n    otherwise: rejected\n  done:`),
      { catalog },
    ).issues.map((i) => `${i.code} ${i.message}`);
    expect(reading('invite.person.lastName != ""')).toEqual([]);
    expect(reading('invite.person.middleName != ""')).toEqual([expect.stringMatching(/^expression\.optional-field "invite\.person\.middleName"/)]);
  });

  it("without a catalog, references outside the service are not checked", () => {
    expect(load("registry.unknown.yaml").issues.some((i) => i.code === "registry.unknown")).toBe(true);
    const text = readFileSync(fixtures + "registry.unknown.yaml", "utf8");
    expect(loadDefinition(text).issues).toEqual([]);
  });
});
