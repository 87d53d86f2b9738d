import type { Text } from "../../definition/schema";
import { isTextObject } from "../../definition/text";
import { stepModule } from "../../steps";
import type { Rule } from "../rule";

const STEP_TEXTS = ["title", "description", "purpose", "instructions", "message"] as const;

/** Every text a citizen or officer reads exists in every language the service declares. */
export const translations: Rule = {
  name: "translations",
  codes: ["translation.missing"],
  check({ definition, steps, report }) {
    // Distinct two-letter codes only (there are at most 676): a list of 100,000 would make this quadratic.
    const languages = Array.isArray(definition.languages) ? [...new Set(definition.languages.filter((l) => typeof l === "string" && /^[a-z]{2}$/.test(l)))] : [];
    if (languages.length === 0) return;
    const check = (text: Text | undefined, path: (string | number)[]) => {
      if (text === undefined) return;
      const present = typeof text === "string" ? [languages[0]] : isTextObject(text) ? Object.keys(text) : [];
      const missing = languages.filter((l) => !present.includes(l) || (typeof text === "object" && !text[l]?.trim()));
      if (missing.length) {
        report("translation.missing", path, `Missing ${missing.join(", ")} text`, {
          hint: `write it as { ${languages.map((l) => `${l}: …`).join(", ")} }`,
        });
      }
    };
    check(definition.title, ["title"]);
    check(definition.description, ["description"]);
    // A provider's name as one string is a proper name (kept valid as it always was); once given per language it needs them all.
    if (typeof definition.owner === "object") check(definition.owner, ["owner"]);
    for (const [role, party] of Object.entries(definition.parties ?? {})) {
      check(party.title, ["parties", role, "title"]);
      check(party.description, ["parties", role, "description"]);
    }
    for (const [id, step] of steps) {
      for (const key of STEP_TEXTS) check((step as Record<string, unknown>)[key] as Text | undefined, ["steps", id, key]);
      for (const { path, text } of stepModule(step).moreTexts?.(id, step) ?? []) check(text, path);
    }
  },
};
