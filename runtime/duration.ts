const SHORT = /^(\d+)(ms|s|m|h|d)$/;
const ISO = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Milliseconds in an ISO 8601 duration (P10D, PT1H30M) or a short form (10s, 5m, 2h, 30d).
 * Years and months count as 365 and 30 days: deadlines here are administrative, not calendar maths.
 */
export function parseDuration(text: string): number {
  const short = SHORT.exec(text);
  if (short) return Number(short[1]) * UNIT_MS[short[2] as keyof typeof UNIT_MS];
  const iso = ISO.exec(text);
  if (!iso) throw new Error(`"${text}" is not a duration (use P10D, PT1H or 10s, 5m, 2h, 30d)`);
  const [, y, mo, w, d, h, mi, s] = iso.map((part) => Number(part ?? 0));
  return ((((y * 365 + mo * 30 + w * 7 + d) * 24 + h) * 60 + mi) * 60 + s) * 1000;
}
