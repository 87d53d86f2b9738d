import { describe, expect, it } from "vitest";
import { validateAnswers, type FormStep } from "..";

const listStep = (minItems: number): FormStep => ({
  kind: "form",
  schema: { type: "object", properties: { list: { type: "array", items: { type: "string" }, minItems }, code: { type: "string", minLength: minItems } } },
  next: "x",
});
const messages = (n: number, language: string) => validateAnswers(listStep(n), { list: [], code: "" }, language).map((e) => e.message);

describe("answer messages count in the citizen's language (Intl.PluralRules)", () => {
  it("Ukrainian: 1 значення, 2 значення, 5 значень, 11 значень, 21 значення, 22 значення, 25 значень", () => {
    expect(messages(1, "uk")).toEqual(["Щонайменше 1 значення", "Щонайменше 1 символ"]);
    expect(messages(2, "uk")).toEqual(["Щонайменше 2 значення", "Щонайменше 2 символи"]);
    expect(messages(5, "uk")).toEqual(["Щонайменше 5 значень", "Щонайменше 5 символів"]);
    expect(messages(11, "uk")).toEqual(["Щонайменше 11 значень", "Щонайменше 11 символів"]);
    expect(messages(21, "uk")).toEqual(["Щонайменше 21 значення", "Щонайменше 21 символ"]);
    expect(messages(22, "uk")).toEqual(["Щонайменше 22 значення", "Щонайменше 22 символи"]);
    expect(messages(25, "uk")).toEqual(["Щонайменше 25 значень", "Щонайменше 25 символів"]);
  });
  it("English: 1 value, 2 values", () => {
    expect(messages(1, "en")).toEqual(["At least 1 value", "At least 1 character"]);
    expect(messages(2, "en")).toEqual(["At least 2 values", "At least 2 characters"]);
  });
});
