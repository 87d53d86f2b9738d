import { describe, expect, it } from "vitest";
import { formatText, PLURAL_CATEGORIES, type Text } from "./format";
import { st, STUDIO_MESSAGES } from "./messages";
import { PROBLEM_TEXTS } from "./problems";

const LANGS = ["uk", "en"] as const;

function checkText(where: string, lang: "uk" | "en", text: Text) {
  if (typeof text === "string") {
    expect(text.trim(), `${where} ${lang}`).not.toBe("");
    return;
  }
  for (const category of PLURAL_CATEGORIES[lang]) expect(text[category]?.trim(), `${where} ${lang} ${category}`).toBeTruthy();
}

const placeholders = (text: Text) => new Set((typeof text === "string" ? [text] : Object.values(text)).flatMap((s) => [...(s ?? "").matchAll(/\{(\w+)\}/g)].map((m) => m[1])));

describe("the studio's catalog", () => {
  it("every key has a uk and an en text, none empty, plurals with every form the language needs", () => {
    for (const [key, entry] of Object.entries(STUDIO_MESSAGES)) {
      expect(Object.keys(entry).sort(), key).toEqual(["en", "uk"]);
      for (const lang of LANGS) checkText(key, lang, entry[lang]);
    }
  });

  it("uk and en use the same placeholders", () => {
    for (const [key, entry] of Object.entries(STUDIO_MESSAGES)) expect([...placeholders(entry.uk)].sort(), key).toEqual([...placeholders(entry.en)].sort());
    for (const [code, entry] of Object.entries(PROBLEM_TEXTS)) expect([...placeholders(entry.uk)].sort(), code).toEqual([...placeholders(entry.en)].sort());
  });

  it("problem texts too: uk, en and a hint in both", () => {
    for (const [code, entry] of Object.entries(PROBLEM_TEXTS)) {
      for (const lang of LANGS) checkText(code, lang, entry[lang]);
      expect(entry.hint?.uk?.trim(), code).toBeTruthy();
      expect(entry.hint?.en?.trim(), code).toBeTruthy();
    }
  });
});

describe("plural forms by Intl.PluralRules", () => {
  it("Ukrainian: 1 проблема, 2 проблеми, 5 проблем, 11 проблем, 21 проблема, 22 проблеми, 25 проблем", () => {
    const counts = [1, 2, 5, 11, 21, 22, 25].map((n) => st("uk", "problemsCount", { n }));
    expect(counts).toEqual(["1 проблема", "2 проблеми", "5 проблем", "11 проблем", "21 проблема", "22 проблеми", "25 проблем"]);
    expect([1, 2, 5, 11, 21, 22, 25].map((n) => st("uk", "errorsCount", { n }))).toEqual([
      "1 помилка", "2 помилки", "5 помилок", "11 помилок", "21 помилка", "22 помилки", "25 помилок",
    ]);
    expect([1, 2, 5, 11, 21, 22, 25].map((n) => st("uk", "warningsCount", { n }))).toEqual([
      "1 попередження", "2 попередження", "5 попереджень", "11 попереджень", "21 попередження", "22 попередження", "25 попереджень",
    ]);
  });

  it("English: 1 problem, 2 problems; 0 errors", () => {
    expect(st("en", "problemsCount", { n: 1 })).toBe("1 problem");
    expect(st("en", "problemsCount", { n: 2 })).toBe("2 problems");
    expect(st("en", "errorsCount", { n: 0 })).toBe("0 errors");
  });

  it("placeholders are replaced, unknown ones kept", () => {
    expect(formatText("en", "{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });
});
