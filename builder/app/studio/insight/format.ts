/** Numbers, shares and durations on the dashboard, written by Intl in the studio's language ("3 хв", "2 дні", "45,7 %"). Browser-safe. */
import type { Lang } from "../../i18n/lang";

const LOCALES: Record<Lang, string> = { uk: "uk-UA", en: "en-GB" };
const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[lang], options);
    cache.set(key, format);
  }
  return format;
}

export const formatCount = (lang: Lang, n: number) => numberFormat(lang, { maximumFractionDigits: 0 }).format(n);

export const formatDecimal = (lang: Lang, n: number, digits = 1) => numberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);

/** A share 0..1 as a percentage ("45,7 %"). */
export const formatShare = (lang: Lang, share: number) => numberFormat(lang, { style: "percent", maximumFractionDigits: 1 }).format(share);

/** A difference of two shares in percentage points, signed ("+3,2 п. п." / "+3.2 pp"). */
export const formatPoints = (lang: Lang, points: number) =>
  `${numberFormat(lang, { signDisplay: "exceptZero", maximumFractionDigits: 1 }).format(points)} ${lang === "uk" ? "в. п." : "pp"}`;

/** Hryvnias as "22 500,00 грн" (not Intl's currency style: Node's and browsers' ICU disagree on the sign, ₴ or грн). */
export const formatMoney = (lang: Lang, amount: number) => `${formatDecimal(lang, amount, 2)} ${lang === "uk" ? "грн" : "UAH"}`;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A duration in the largest unit that keeps it readable: seconds under a minute, minutes under an hour,
 * hours under a day, then days ("45 с", "3 хв", "1,5 год", "2 дні"); one decimal below 10 of a unit.
 */
export function formatDuration(lang: Lang, ms: number): string {
  const abs = Math.abs(ms);
  const [unit, size] =
    abs < MINUTE ? (["second", 1000] as const) : abs < HOUR ? (["minute", MINUTE] as const) : abs < DAY ? (["hour", HOUR] as const) : (["day", DAY] as const);
  const value = ms / size;
  // Ukrainian short day is "дн."; the long form reads better ("2 дні"), and English long and short agree.
  const unitDisplay = unit === "day" ? "long" : "short";
  const digits = Math.abs(value) < 10 ? 1 : 0;
  return numberFormat(lang, { style: "unit", unit, unitDisplay, maximumFractionDigits: digits }).format(value);
}

/** A signed difference of two durations ("+3 хв", "−1,5 дня"). */
export function formatDurationDelta(lang: Lang, ms: number): string {
  if (ms === 0) return "0";
  return `${ms > 0 ? "+" : "−"}${formatDuration(lang, Math.abs(ms))}`;
}
