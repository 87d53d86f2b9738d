/** Candidates compared at most: a suggestion is a courtesy, not worth quadratic time on huge services. */
const MAX_CANDIDATES = 1000;

/** "Did you mean …?" for a mistyped name: the closest candidate within a small edit distance. */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  let compared = 0;
  if (name.length > 200) return undefined;
  for (const candidate of candidates) {
    if (++compared > MAX_CANDIDATES) break;
    if (candidate.length > 200 || Math.abs(candidate.length - name.length) >= bestDistance) continue;
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

export const didYouMean = (name: string, candidates: Iterable<string>) => {
  const s = suggest(name, candidates);
  return s ? `did you mean "${s}"?` : undefined;
};

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
