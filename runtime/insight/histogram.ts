/**
 * Durations as log-scale buckets, so that percentiles come from additive counters instead of rows: bucket b
 * holds durations in (2^((b-1)/8), 2^(b/8)] ms, eight buckets per doubling, so a percentile read from a
 * bucket's middle is within about ±4.5 % of the true value. Bucket 0 holds 0 ms (and anything under 1 ms).
 */
import { MIN_CELL, type Count, type Times } from "./types";

const PER_DOUBLING = 8;

export function bucketOf(ms: number): number {
  if (!(ms >= 1)) return 0;
  return Math.max(1, Math.ceil(Math.log2(ms) * PER_DOUBLING));
}

/** The middle of a bucket (geometric), in whole ms. */
export function bucketValue(bucket: number): number {
  if (bucket <= 0) return 0;
  return Math.round(2 ** ((bucket - 0.5) / PER_DOUBLING));
}

/** A count as the dashboard may show it: 1 to MIN_CELL - 1 become null. */
export const suppress = (count: number): Count => (count > 0 && count < MIN_CELL ? null : count);

/** Median and p90 of a histogram (bucket → samples); null under MIN_CELL samples. */
export function timesOf(histogram: Map<number, number> | undefined): Times {
  const buckets = [...(histogram ?? new Map<number, number>())].filter(([, n]) => n > 0).sort((x, y) => x[0] - y[0]);
  const samples = buckets.reduce((sum, [, n]) => sum + n, 0);
  if (samples < MIN_CELL) return { samples: suppress(samples), medianMs: null, p90Ms: null };
  const at = (q: number) => {
    const rank = Math.ceil(q * samples);
    let seen = 0;
    for (const [bucket, n] of buckets) {
      seen += n;
      if (seen >= rank) return bucketValue(bucket);
    }
    return bucketValue(buckets[buckets.length - 1][0]);
  };
  return { samples, medianMs: at(0.5), p90Ms: at(0.9) };
}
