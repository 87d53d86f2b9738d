/** The portal's languages (browser-safe). Ukrainian first; English on request (cookie cf_lang). */
export const LANGUAGES = ["uk", "en"] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = "uk";
export const isLang = (value: unknown): value is Lang => typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);

/** The locale each language is written in (British English: day before month). */
export const LOCALE: Record<Lang, string> = { uk: "uk-UA", en: "en-GB" };
/** Dates are the Ukrainian state's, whatever the server's or browser's zone. */
export const TIME_ZONE = "Europe/Kyiv";

// Formatters are costly to build and are reused (keyed by language and options).
const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormat(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) formatters.set(key, (format = new Intl.DateTimeFormat(LOCALE[lang], { timeZone: TIME_ZONE, ...options })));
  return format;
}

const toDate = (value: string | Date): Date | null => {
  const date = typeof value === "string" ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? null : date;
};

/**
 * Intl's parts, without the Ukrainian year mark "р." (as Diia writes dates): the mark ends in a full stop, and
 * a sentence ending in a date then read "до 6 грудня 2026 р..".
 */
function joinParts(format: Intl.DateTimeFormat, date: Date): string {
  return format
    .formatToParts(date)
    .map((part) => (part.type === "literal" ? part.value.replace(/\s*р\.(?=\s|$)/, "") : part.value))
    .join("");
}

/** "12 березня 2026" / "12 March 2026" (Kyiv's date). */
export function formatDate(value: string | Date | null | undefined, lang: Lang): string {
  if (!value) return "";
  const date = toDate(value);
  return date ? joinParts(dateFormat(lang, { day: "numeric", month: "long", year: "numeric" }), date) : String(value);
}

/** "12 березня 2026 о 10:15" / "12 March 2026 at 10:15" (Kyiv's time). */
export function formatDateTime(value: string | Date | null | undefined, lang: Lang): string {
  if (!value) return "";
  const date = toDate(value);
  return date ? joinParts(dateFormat(lang, { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" }), date) : String(value);
}

/**
 * "230,00 грн" / "UAH 230.00": Intl's currency format, with the hryvnia written as people write it in Ukrainian
 * ("грн", not Intl's "₴") and as its code in English.
 */
export function formatMoney(amount: number, currency: string, lang: Lang): string {
  const format = new Intl.NumberFormat(LOCALE[lang], { style: "currency", currency, currencyDisplay: lang === "en" ? "code" : "symbol" });
  if (lang !== "uk" || currency !== "UAH") return format.format(amount);
  return format
    .formatToParts(amount)
    .map((part) => (part.type === "currency" ? "грн" : part.value))
    .join("");
}

/** The plural forms of a word or phrase, by Intl.PluralRules' categories ("other" is required). */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** The form for `n` ("{n}" in it replaced by the number, Intl-formatted): 1 заява, 3 заяви, 5 заяв / 1 application, 3 applications. */
export function plural(lang: Lang, n: number, forms: PluralForms): string {
  const form = forms[new Intl.PluralRules(LOCALE[lang]).select(n)] ?? forms.other;
  return form.replaceAll("{n}", new Intl.NumberFormat(LOCALE[lang]).format(n));
}

/** The language a text is written in, for its lang attribute where we do not know it (a message as it was sent). */
export const textLang = (text: string): Lang => (/[\u0400-\u04FF]/.test(text) ? "uk" : "en");
