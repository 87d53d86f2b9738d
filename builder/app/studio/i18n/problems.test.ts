import { describe, expect, it } from "vitest";
import { issueCodes, loadDefinition, type Issue } from "../../../../engine";
import { exampleCatalog } from "../../../../service-definitions";
import { analystMessage, analystProblem, PROBLEM_TEXTS } from "./problems";

const issue = (code: string, path: (string | number)[], message: string): Issue => ({ code, severity: "error", path, line: 3, column: 5, message });
const definition = {
  steps: {
    pay: { kind: "payment", title: { uk: "Оплата", en: "Payment" } },
    check: { kind: "decision", title: { uk: "Перевірка", en: "Check" } },
    review: { kind: "review", title: { uk: "Розгляд", en: "Review" } },
    form1: { kind: "form", title: { uk: "Анкета", en: "Form" } },
  },
};

describe("problems for analysts", () => {
  it("every code the validator can report has a uk and an en text", () => {
    const missing = issueCodes.filter((code) => !PROBLEM_TEXTS[code]?.uk || !PROBLEM_TEXTS[code]?.en);
    expect(missing).toEqual([]);
    // …and nothing is written for codes that no longer exist.
    expect(Object.keys(PROBLEM_TEXTS).filter((code) => !issueCodes.includes(code))).toEqual([]);
  });

  it("every code gives a sentence without leftover placeholders in both languages", () => {
    for (const code of issueCodes) {
      for (const lang of ["uk", "en"] as const) {
        const text = analystMessage(issue(code, ["steps", "pay", "on"], 'Something "a" and "b" and "c"'), definition, lang);
        expect(text, `${code} ${lang}`).not.toMatch(/\{\w+\}/);
        expect(text.length, code).toBeGreaterThan(5);
      }
    }
  });

  it("names the step by its title: the payment that fails", () => {
    const unhandled = issue("outcome.unhandled", ["steps", "pay", "on"], 'Payment can report "failed", but this step does not say where to go then');
    expect(analystMessage(unhandled, definition, "uk")).toBe("Крок «Оплата» не має продовження, якщо оплата не вдалася");
    expect(analystMessage(unhandled, definition, "en")).toBe("Step “Payment” has nowhere to go if the payment fails");
  });

  it("a sent-back review that passes the payment again names both steps", () => {
    const again = issue("review.sendback-before-payment", ["steps", "review", "on", "sendBack"], 'Sending back from "review" to "form1" passes the payment step "pay" again');
    expect(analystMessage(again, definition, "uk")).toBe("Крок «Розгляд»: повернення заяви на крок «Анкета» знову проходить оплату «Оплата»");
    expect(analystProblem(again, definition, "en").hint).toMatch(/charged twice/);
  });

  it("expressions are named by the property they are written in", () => {
    const bad = issue("expression.syntax", ["steps", "check", "branches", 0, "when"], "Syntax error");
    expect(analystMessage(bad, definition, "uk")).toBe("Крок «Перевірка»: у виразі «Умова» помилка запису");
    expect(analystMessage(bad, definition, "en")).toBe("Step “Check”: the expression in “When” is not written correctly");
  });

  it("JSON-schema errors in uk and en, correctly pluralised (no «Щонайменше 1 значень»)", () => {
    const at = (n: number) => issue("schema.invalid", ["languages"], `languages must NOT have fewer than ${n} items`);
    expect(analystMessage(at(1), definition, "uk")).toBe("Послуга: «Мови» — потрібно щонайменше 1 значення");
    expect(analystMessage(at(5), definition, "uk")).toBe("Послуга: «Мови» — потрібно щонайменше 5 значень");
    expect(analystMessage(at(1), definition, "en")).toBe("The service: “Languages” needs at least 1 value");
    expect(analystMessage(at(2), definition, "en")).toBe("The service: “Languages” needs at least 2 values");
    const loaded = loadDefinition("schemaVersion: 1\nid: t\ntitle: T\nlanguages: []\nowner: x\nstart: a\nsteps:\n  a: { kind: final, title: A, outcome: approved }\n", { catalog: exampleCatalog() });
    const problem = loaded.issues.find((i) => i.code === "schema.invalid");
    expect(problem && analystMessage(problem, loaded.value, "uk")).toBe("Послуга: «Мови» — потрібно щонайменше 1 значення");
  });

  it("a step without a title is named by its id; an unknown code keeps the engine's message", () => {
    expect(analystMessage(issue("step.no-way-out", ["steps", "ghost"], ""), definition, "en")).toBe("Step “ghost” leads nowhere");
    expect(analystMessage(issue("made.up", [], "As is"), definition, "uk")).toBe("As is");
  });
});
