/**
 * Formatters for what documents print: dates (uk/en), money, addresses, names, and validity in calendar terms.
 * One module, so the PDF, the share card and (later) the studio's preview print values the same way.
 */
import { durationMs } from "../duration";

export type Lang = "uk" | "en";

const MONTHS: Record<Lang, string[]> = {
  // Genitive, as dates are written in Ukrainian ("6 грудня 2026 р.").
  uk: ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"],
  en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
};

/** The calendar date of an ISO date or timestamp, as written (YYYY-MM-DD); null when it is not one. */
function dateParts(value: unknown): [number, number, number] | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value));
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
}

/** A date as DD.MM.YYYY (the short form documents print beside both languages); other text as given. */
export function formatDateShort(value: unknown): string {
  const parts = dateParts(value);
  if (!parts) return String(value);
  const [year, month, day] = parts;
  return `${String(day).padStart(2, "0")}.${String(month).padStart(2, "0")}.${year}`;
}

/** A date in words: "6 грудня 2026 р." / "6 December 2026"; other text as given. */
export function formatDateLong(value: unknown, lang: Lang): string {
  const parts = dateParts(value);
  if (!parts) return String(value);
  const [year, month, day] = parts;
  return lang === "uk" ? `${day} ${MONTHS.uk[month - 1]} ${year} р.` : `${day} ${MONTHS.en[month - 1]} ${year}`;
}

/** Ends a sentence with a full stop unless the text already ends with one ("… 2026 р." stays, never "р.."). */
export function endSentence(text: string): string {
  return /[.!?…]$/.test(text.trimEnd()) ? text.trimEnd() : `${text.trimEnd()}.`;
}

/** Digits grouped by three with the given separator. */
function group(integer: string, separator: string): string {
  return integer.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/**
 * Money, two decimals. A number is hryvnias; an object is { amount, currency }. Without a language the
 * bilingual form documents print ("1234.50 UAH"); uk: "1 234,50 грн"; en: "UAH 1,234.50".
 */
export function formatMoney(value: unknown, lang?: Lang): string {
  const { amount, currency } = value !== null && typeof value === "object"
    ? (value as { amount?: unknown; currency?: string })
    : { amount: value, currency: undefined };
  const number = Number(amount);
  if (!Number.isFinite(number)) return String(amount);
  const code = currency ?? "UAH";
  const [integer, fraction] = Math.abs(number).toFixed(2).split(".");
  const sign = number < 0 ? "-" : "";
  if (lang === "uk") return `${sign}${group(integer, " ")},${fraction} ${code === "UAH" ? "грн" : code}`;
  if (lang === "en") return `${sign}${code} ${group(integer, ",")}.${fraction}`;
  return `${sign}${integer}.${fraction} ${code}`;
}

const present = (value: unknown) => value !== undefined && value !== null && value !== "";

/**
 * An address given whole (text) or in parts. The house number is read from `building` (what the form
 * designer writes) or `house`; the flat from `apartment` or `flat`, printed "кв. 5" / "apt. 5".
 */
export function formatAddress(value: unknown, lang: Lang = "uk"): string {
  if (value === null || typeof value !== "object") return String(value);
  const parts = value as Record<string, unknown>;
  const building = [parts.building, parts.house].find(present);
  const flat = [parts.apartment, parts.flat].find(present);
  return [parts.country, parts.region, parts.district, parts.city, parts.street, building, present(flat) ? `${lang === "uk" ? "кв." : "apt."} ${flat}` : undefined]
    .filter(present)
    .join(", ");
}

/** A person's name given whole (text) or in parts: last, first, middle name. */
export function formatName(value: unknown): string {
  if (value === null || typeof value !== "object") return String(value);
  const parts = value as Record<string, unknown>;
  return [parts.lastName, parts.firstName, parts.middleName].filter(present).join(" ");
}

const ISO_DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * The moment a duration after a date, in calendar terms (UTC): P12M is twelve calendar months, P1Y a calendar
 * year, and a month-end is clamped (31 January + P1M = 28 or 29 February). Days are whole days. The short
 * forms (30d, 2h) are fixed lengths.
 */
export function addDuration(from: Date, duration: string): Date {
  const match = ISO_DURATION.exec(duration);
  if (!match || duration === "P" || duration.endsWith("T")) return new Date(from.getTime() + durationMs(duration));
  const [years, months, weeks, days, hours, minutes] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const seconds = Number(match[7] ?? 0);
  const totalMonths = from.getUTCMonth() + months + 12 * years;
  const year = from.getUTCFullYear() + Math.floor(totalMonths / 12);
  const month = totalMonths % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const shifted = new Date(from.getTime());
  shifted.setUTCFullYear(year, month, Math.min(from.getUTCDate(), lastDay));
  shifted.setUTCDate(shifted.getUTCDate() + days + 7 * weeks);
  return new Date(shifted.getTime() + ((hours * 60 + minutes) * 60 + seconds) * 1000);
}
