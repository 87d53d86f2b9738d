import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadDefinition, validateDefinition, type Issue } from "..";
import { exampleCatalog } from "../../service-definitions";
import { minimalDefinition } from "../test-fixtures/load";
import { chainText } from "./hostile/generate";
import { HOSTILE } from "./hostile/expected";
import { cpuMs } from "../test-fixtures/cpu-time";

const folder = fileURLToPath(new URL("./hostile/", import.meta.url));
const catalog = exampleCatalog();

/** Loads text and checks the answer is an error issue with a code, a position and a message, in time. */
function expectIssue(text: string, code: string, seconds = 5): Issue {
  const started = cpuMs();
  const { issues, definition } = loadDefinition(text, { catalog });
  expect(cpuMs() - started).toBeLessThan(seconds * 1000);
  const issue = issues.find((i) => i.code === code);
  expect(issue, JSON.stringify(issues, null, 1).slice(0, 2000)).toBeDefined();
  expect(issue!.severity).toBe("error");
  expect(issue!.line).toBeGreaterThan(0);
  expect(issue!.message.length).toBeGreaterThan(10);
  expect(definition).toBeUndefined();
  return issue!;
}

describe("hostile definitions get an issue, never a crash or a hang", () => {
  it("every hostile file has its expected issue", () => {
    expect(readdirSync(folder).filter((f) => f.endsWith(".yaml")).sort()).toEqual(Object.keys(HOSTILE).sort());
  });

  for (const [file, code] of Object.entries(HOSTILE)) {
    it(`${file}: ${code}`, () => {
      // Read as bytes and decoded as the CLI does: bytes that are not UTF-8 become U+FFFD.
      expectIssue(readFileSync(folder + file).toString("utf8"), code);
    });
  }

  it("a name from Object.prototype is no role: `role: toString` no longer passes", () => {
    const issue = expectIssue(readFileSync(folder + "role-tostring.yaml", "utf8"), "role.unknown");
    expect(issue.message).toMatch(/toString/);
  });

  it("10,000-deep block sequences and maps, flow or indented, are refused with their position", () => {
    expectIssue("- ".repeat(10_000) + "x\n", "yaml.too-deep");
    expectIssue("a: ".repeat(10_000) + "x\n", "yaml.too-deep");
    expectIssue("{a: ".repeat(10_000) + "x" + "}".repeat(10_000) + "\n", "yaml.too-deep");
    expectIssue("[".repeat(10_000) + "]".repeat(10_000) + "\n", "yaml.too-deep");
    const indented = Array.from({ length: 2_000 }, (_, i) => " ".repeat(i) + "a:").join("\n") + " x\n";
    const issue = expectIssue(indented, "yaml.too-deep");
    expect(issue.line).toBe(101);
  });

  it("data built in memory that contains itself or nests too deeply gets an issue too", () => {
    const cyclic = minimalDefinition() as unknown as { steps: { ask: Record<string, unknown> } };
    const ui: Record<string, unknown> = {};
    ui.age = { "ui:options": ui };
    cyclic.steps.ask.uiSchema = ui;
    expect(validateDefinition(cyclic).map((i) => i.code)).toEqual(["schema.too-deep"]);
    const deep = minimalDefinition() as unknown as { steps: { ask: Record<string, unknown> } };
    let nested: Record<string, unknown> = {};
    deep.steps.ask.uiSchema = nested;
    for (let i = 0; i < 10_000; i++) nested = nested.a = {};
    expect(validateDefinition(deep).map((i) => i.code)).toEqual(["schema.too-deep"]);
  });

  it("validateDefinition never throws, whatever it is given", () => {
    const odd: unknown[] = [undefined, Symbol("x"), () => 1, new Date(), Object.create(null), { steps: Object.create(null), start: "a" }, { start: "toString", steps: {} }];
    for (const value of odd) expect(() => validateDefinition(value)).not.toThrow();
  });
});

describe("size", () => {
  it("100,000 languages, a step with 100,000 outcomes, 2,000 different forms: answered in seconds", () => {
    const header = ["schemaVersion: 1", "id: big", "title: Big", "owner: T", "start: s0"];
    const languages = `languages: [${Array.from({ length: 100_000 }, (_, i) => (i % 2 ? "uk" : "en")).join(", ")}]`;
    const steps = Array.from({ length: 20_000 }, (_, i) => `  s${i}: {kind: notification, title: {uk: Т, en: T}, message: Hi, next: ${i < 19_999 ? `s${i + 1}` : "done"}}`);
    // Each takes a second or two on an idle machine; the bound leaves room for a busy one.
    expectIssue([...header, languages, "steps:", ...steps, "  done: {kind: final, outcome: approved}"].join("\n"), "schema.invalid", 10);
    const outcomes = Array.from({ length: 100_000 }, (_, i) => `o${i}: done`).join(", ");
    const wide = [...header, "languages: [en]", "steps:", `  s0: {kind: review, role: mvs-officer, on: {${outcomes}}}`, "  done: {kind: final, outcome: approved}"];
    const started = cpuMs();
    // Officers' decisions are a closed set: each of the 100,000 outcomes gets its issue, in linear time.
    const codes = new Set(loadDefinition(wide.join("\n"), { catalog }).issues.map((i) => i.code));
    expect([...codes]).toEqual(["review.unknown-decision"]);
    expect(cpuMs() - started).toBeLessThan(10_000);
    const forms = Array.from({ length: 2_000 }, (_, i) => `  s${i}: {kind: form, schema: {type: object, properties: {q${i}: {type: string}}}, next: ${i < 1_999 ? `s${i + 1}` : "done"}}`);
    expectIssue([...header, "languages: [en]", "steps:", ...forms, "  done: {kind: final, outcome: approved}"].join("\n"), "form.too-many", 10);
  });


  // Target: under 10 s (about 6 s here on an idle machine: 4 s of it the yaml library's parsing). The bound
  // is generous because the test shares two cores with the rest of the suite; quadratic time took minutes.
  it("a 100,000-step definition is parsed and validated in linear time", () => {
    const text = chainText(100_000);
    const started = cpuMs();
    const { issues, definition } = loadDefinition(text, { catalog });
    const elapsed = cpuMs() - started;
    expect(issues).toEqual([]);
    expect(Object.keys(definition!.steps).length).toBe(100_000);
    expect(elapsed).toBeLessThan(20_000);
  }, 60_000);
});
