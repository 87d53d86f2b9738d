export interface BenchRow {
  what: string;
  value: string;
  target: string;
  ok: boolean;
}

/** CPU time of this process in ms: unlike wall time, it does not count waiting for a busy core. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Runs each contender in alternation for about `budgetMs` in total and returns the median CPU time per
 * run (ms). Alternating in one process keeps the machine's state the same for both sides of a ratio.
 */
export function measure<K extends string>(contenders: Record<K, () => void>, budgetMs: number): Record<K, number> {
  const names = Object.keys(contenders) as K[];
  for (const name of names) for (let i = 0; i < 3; i++) contenders[name](); // warm up
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  const end = performance.now() + budgetMs;
  while (performance.now() < end || samples[names[0]].length < 5) {
    for (const name of names) {
      const start = cpuMs();
      contenders[name]();
      samples[name].push(cpuMs() - start);
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(samples[n])])) as Record<K, number>;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function printTable(rows: BenchRow[]): void {
  const width = Math.max(...rows.map((r) => r.what.length));
  console.log(`${"what".padEnd(width)} | ${"measured".padEnd(40)} | target  | ok`);
  console.log(`${"-".repeat(width)}-|-${"-".repeat(40)}-|---------|---`);
  for (const row of rows) console.log(`${row.what.padEnd(width)} | ${row.value.padEnd(40)} | ${row.target.padEnd(7)} | ${row.ok ? "yes" : "NO"}`);
}
