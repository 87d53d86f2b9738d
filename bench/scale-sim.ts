/**
 * The check of docs/scaling.md: N worker processes (1, 2, 4) against one PostgreSQL, each run driving the
 * same number of applications of the load service to their end. The model says PostgreSQL's CPU per
 * application is a constant of the application (its statements), not of how many workers share the
 * primary; claims with FOR UPDATE SKIP LOCKED should not make it grow. This prints, per N, applications/s,
 * worker and PostgreSQL CPU per application and statements per job, and a row saying whether PostgreSQL's
 * CPU per application at the largest N stays within 25 % of N = 1.
 *
 * `npm run bench:scale` (about a minute). On a 2-core machine, N = 4 workers cannot run in parallel: the
 * applications/s column shows the machine, not the design; the CPU columns are what the model uses.
 */
import type { BenchRow } from "./measure";
import { startHttpRegistry } from "../runtime/testing/http-registry";
import { postgresBinDir } from "../runtime/testing/postgres-cluster";
import { runWorkers, startCountingCluster, type WorkerRun } from "./postgres-bench";

export async function simulateScale(options: { workers?: number[]; applications?: number; registryLatencyMs?: number; batch?: number } = {}): Promise<WorkerRun[] | undefined> {
  if (!postgresBinDir()) return undefined;
  const { workers = [1, 2, 4], applications = 400, registryLatencyMs = 20, batch = 8 } = options;
  const cluster = await startCountingCluster();
  const registry = await startHttpRegistry(() => ({ outcome: "found", data: { convictions: 0 } }), registryLatencyMs);
  try {
    const runs: WorkerRun[] = [];
    for (const n of workers) runs.push(await runWorkers(cluster, registry, { workers: n, applications, batch }));
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
  const first = runs[0];
  const last = runs[runs.length - 1];
  const ratio = last.postgresCpuMs / first.postgresCpuMs;
  return [
    ...runs.map((run) => ({
      what: `  ${run.workers} worker process${run.workers > 1 ? "es" : ""}`,
      value: `${run.perSecond.toFixed(0)} apps/s; CPU/app worker ${run.workerCpuMs.toFixed(1)} ms, PostgreSQL ${run.postgresCpuMs.toFixed(2)} ms; ${run.statementsPerJob?.toFixed(2) ?? "?"} statements/job`,
      target: "-",
      ok: true,
    })),
    { what, value: `${first.postgresCpuMs.toFixed(2)} → ${last.postgresCpuMs.toFixed(2)} ms: ${ratio.toFixed(2)}×`, target: "≤ 1.25×", ok: ratio <= 1.25 },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import("./measure");
  printTable(await benchScaleSim());
}
