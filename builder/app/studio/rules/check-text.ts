/**
 * The rule builders' check line in the studio's language: "✓ whole number" / "✓ ціле число", or the error
 * from its code (rc_<code> in the catalog, with the names the check found), the code kept for developers.
 * A code without a text here (a newer engine) shows the engine's English message.
 */
import type { Lang } from "../../i18n/lang";
import { STUDIO_MESSAGES, st, type StudioKey } from "../i18n/messages";
import type { RuleCheck } from "./scope";

const keyOf = (prefix: string, name: string) => `${prefix}${name.replace(/[.-]/g, "_")}`;
const known = (key: string): key is StudioKey => key in STUDIO_MESSAGES;

/** A CEL type's name in the language ("int" → "ціле число"). */
export function typeName(celType: string, lang: Lang): string {
  const key = keyOf("rt_", celType);
  return known(key) ? st(lang, key) : celType;
}

export function ruleCheckText(check: RuleCheck, lang: Lang): { ok: boolean; text: string; code?: string } {
  if (!check.error) return { ok: true, text: check.celType ? `✓ ${typeName(check.celType, lang)}` : check.type ? `✓ ${check.type}` : "" };
  const code = check.problem?.code;
  const key = code ? keyOf("rc_", code) : "";
  const params: Record<string, string> = { ...(check.problem?.params ?? {}), ...(check.celType ? { type: typeName(check.celType, lang) } : {}) };
  const text = code && known(key) ? st(lang, key, params) : check.error;
  return { ok: false, text: `✖ ${text}`, ...(code ? { code } : {}) };
}
