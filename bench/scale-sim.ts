/**
 * The check of docs/scaling.md: N worker processes (1, 2, 4) against one PostgreSQL, each run driving the
 * same number of applications of the load service to their end. The model says PostgreSQL's CPU per
 * application is a constant of the application (its statements), not of how many workers share the
 * primary; claims with FOR UPDATE SKIP LOCKED should not make it grow. This prints, per N, applications/s,
 * worker and PostgreSQL CPU per application, statements per job and WAL per application, and rows saying
 * whether PostgreSQL's CPU per application at the largest N stays within 25 % of N = 1, and whether the
 * statements per job (the same check, without the machine's contention in it) stay within 10 %.
 *
 * `npm run bench:scale` (about a minute). On a 2-core machine, N = 4 workers cannot run in parallel: the
 * applications/s column shows the machine, not the design; the CPU columns are what the model uses.
 */
import type { BenchRow } from "./measure";
import { startHttpRegistry } from "../runtime/testing/http-registry";
import { postgresBinDir } from "../runtime/testing/postgres-cluster";
import { runWorkers, startCountingCluster, type WorkerRun } from "./postgres-bench";

/** Workers poll every 200 ms when idle (worker-main's default): a worker's own results wake it at once. */
export async function simulateScale(options: { workers?: number[]; applications?: number; registryLatencyMs?: number; batch?: number; idleMs?: number } = {}): Promise<WorkerRun[] | undefined> {
  if (!postgresBinDir()) return undefined;
  const { workers = [1, 2, 4], applications = 400, registryLatencyMs = 20, batch = 8, idleMs = 200 } = options;
  const cluster = await startCountingCluster();
  const registry = await startHttpRegistry(() => ({ outcome: "found", data: { convictions: 0 } }), registryLatencyMs);
  try {
    const runs: WorkerRun[] = [];
    for (const n of workers) runs.push(await runWorkers(cluster, registry, { workers: n, applications, batch, idleMs }));
    return runs;
  } finally {
    await registry.close();
    cluster.stop();
  }
}

export async function benchScaleSim(): Promise<BenchRow[]> {
  const what = "scale simulation: PostgreSQL CPU per application, 4 workers vs 1";
  const runs = await simulateScale();
  if (!runs) return [{ what, value: "skipped: PostgreSQL binaries not found", target: "≤ 1.25×", ok: false }];
  // A line of the figures for docs/scaling.md.
  if (process.env.SCALE_JSON) console.log(JSON.stringify(runs));
  const first = runs[0];
  const last = runs[runs.length - 1];
  const ratio = last.postgresCpuMs / first.postgresCpuMs;
  const statementRatio = (last.statementsPerJob ?? Number.NaN) / (first.statementsPerJob ?? Number.NaN);
  return [
    {
      what: "  API part (start + form submit), per application",
      value: `PostgreSQL ${first.api.postgresCpuMs.toFixed(2)} ms; ${first.api.statements?.toFixed(1) ?? "?"} statements; WAL ${(first.api.walBytes / 1024).toFixed(1)} KB`,
      target: "-",
      ok: true,
    },
    ...runs.map((run) => ({
      what: `  ${run.workers} worker process${run.workers > 1 ? "es" : ""}`,
      value: `${run.perSecond.toFixed(0)} apps/s; CPU/app worker ${run.workerCpuMs.toFixed(1)} ms, PostgreSQL ${run.postgresCpuMs.toFixed(2)} ms; ${run.statementsPerJob?.toFixed(2) ?? "?"} statements/job (${run.claimsPerJob?.toFixed(2) ?? "?"} claims); WAL ${(run.walBytes / 1024).toFixed(1)} KB/app`,
      target: "-",
      ok: true,
    })),
    { what, value: `${first.postgresCpuMs.toFixed(2)} → ${last.postgresCpuMs.toFixed(2)} ms: ${ratio.toFixed(2)}×`, target: "≤ 1.25×", ok: ratio <= 1.25 },
    // The machine-independent half of the check: the work PostgreSQL is given per job does not grow with N.
    {
      what: "scale simulation: statements per job, 4 workers vs 1",
      value: `${first.statementsPerJob?.toFixed(2) ?? "?"} → ${last.statementsPerJob?.toFixed(2) ?? "?"}: ${statementRatio.toFixed(2)}×`,
      target: "≤ 1.1×",
      ok: statementRatio <= 1.1,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import("./measure");
  const rows = await benchScaleSim();
  printTable(rows);
}
