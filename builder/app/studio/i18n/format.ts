/** Formatting for the studio's texts: {name} placeholders, plural forms chosen by Intl.PluralRules. Browser-safe. */
import type { Lang } from "../../i18n/lang";

/** The plural categories a language needs (CLDR): Ukrainian one/few/many (+ other for fractions), English one/other. */
export type Plural = { one: string; few?: string; many?: string; other: string };
export type Text = string | Plural;

export const PLURAL_CATEGORIES: Record<Lang, readonly (keyof Plural)[]> = {
  uk: ["one", "few", "many", "other"],
  en: ["one", "other"],
};

const locales: Record<Lang, string> = { uk: "uk-UA", en: "en-GB" };
const rules = new Map<Lang, Intl.PluralRules>();

export function pluralRules(lang: Lang): Intl.PluralRules {
  let r = rules.get(lang);
  if (!r) {
    r = new Intl.PluralRules(locales[lang]);
    rules.set(lang, r);
  }
  return r;
}

/** The form of `text` for the count (params.n, or params.count); "{n}" etc. replaced by the params. */
export function formatText(lang: Lang, text: Text, params?: Record<string, string | number>): string {
  let chosen: string;
  if (typeof text === "string") chosen = text;
  else {
    const count = Number(params?.n ?? params?.count ?? 0);
    const category = pluralRules(lang).select(count) as keyof Plural;
    chosen = text[category] ?? text.other;
  }
  if (!params) return chosen;
  return chosen.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export const numberFormat = (lang: Lang, n: number) => n.toLocaleString(locales[lang]);
