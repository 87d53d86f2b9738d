/** The portal's languages (browser-safe). Ukrainian first; English on request (cookie cf_lang). */
export const LANGUAGES = ["uk", "en"] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = "uk";
export const isLang = (value: unknown): value is Lang => typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);

/** "12 березня 2026" / "12 March 2026". */
export function formatDate(value: string | Date | null | undefined, lang: Lang): string {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleDateString(lang === "uk" ? "uk-UA" : "en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Kyiv" });
}

export function formatDateTime(value: string | Date | null | undefined, lang: Lang): string {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleString(lang === "uk" ? "uk-UA" : "en-GB", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Europe/Kyiv" });
}
