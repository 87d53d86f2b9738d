const ISO = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const SHORT = /^(\d+)(ms|s|m|h|d)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * A duration in milliseconds: ISO 8601 (P10D, PT1H30M; a month counts 30 days, a year 365) or a short
 * form (10s, 5m, 2h, 30d). Undefined when the text is not a duration.
 */
export function parseDuration(text: string): number | undefined {
  const short = SHORT.exec(text);
  if (short) return Number(short[1]) * UNIT_MS[short[2] as keyof typeof UNIT_MS];
  const iso = ISO.exec(text);
  if (!iso) return undefined;
  const [y, mo, w, d, h, mi, s] = iso.slice(1).map((x) => Number(x ?? 0));
  return ((((y * 365 + mo * 30 + w * 7 + d) * 24 + h) * 60 + mi) * 60 + s) * 1000;
}
