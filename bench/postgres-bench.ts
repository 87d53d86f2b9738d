/**
 * PostgreSQL benchmarks (DESIGN.md section 8, issue 13 goals 4–6), each measured in one run on this machine:
 * - the CPU one application of the load service costs (3 jobs: registry call, handler, document) in the
 *   worker process and in PostgreSQL, and the statements each job sends (from pg_stat_statements);
 * - 2 worker processes vs 1;
 * - the runtime vs DBOS on the same three-step workflow (bench/dbos-bench.ts).
 *
 * CPU comes from /proc/<pid>/stat (utime + stime): the worker processes', and the throwaway cluster's own
 * processes (its postmaster and the postmaster's children: backends, WAL writer, checkpointer), so other
 * clusters on the machine are not counted. The measured window holds only the workers' work: applications
 * are created and submitted first with their jobs parked, the worker processes start and report ready,
 * then the jobs are released at once; the bench process only polls a count meanwhile.
 */
import { readdirSync, readFileSync } from "node:fs";
import { spawn, type ChildProcess } from "node:child_process";
import pg from "pg";
import { Runtime } from "../runtime";
import { applicant } from "../runtime/testing/fixtures";
import { startHttpRegistry, type HttpRegistryServer } from "../runtime/testing/http-registry";
import { loadService } from "../runtime/testing/load-service";
import { postgresBinDir, startPostgresCluster, type PostgresCluster } from "../runtime/testing/postgres-cluster";
import { spawnWorker, stopWorker, waitFor } from "../runtime/testing/processes";
import type { BenchRow } from "./measure";

/** CPU time (ms) of a process from /proc (Linux); 0 when it is gone. */
export function cpuOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
  } catch {
    return 0;
  }
}

/**
 * CPU (ms) of one cluster: its postmaster, its children alive now, and the children that ended (the
 * postmaster reaps its backends, so their CPU is in its cutime/cstime). Differences of this figure are the
 * cluster's CPU over a window, whether the clients' connections lived through it or not.
 */
export function clusterCpu(postmaster: number): number {
  const ticks = (fields: string[], from: number, to: number) => fields.slice(from, to + 1).reduce((sum, field) => sum + Number(field), 0);
  let total = 0;
  try {
    total += ticks(readFileSync(`/proc/${postmaster}/stat`, "utf8").split(") ")[1].split(" "), 11, 14); // utime, stime, cutime, cstime
  } catch {
    return 0;
  }
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1].split(" ");
      if (Number(fields[1]) === postmaster) total += ticks(fields, 11, 12);
    } catch {
      // the process ended meanwhile (and is counted in the postmaster's cutime once reaped)
    }
  }
  return (total * 1000) / 100; // clock ticks of 10 ms
}

/** A cluster that records every statement (pg_stat_statements), for the statements-per-job column. */
export function startCountingCluster(): Promise<PostgresCluster> {
  return startPostgresCluster({ settings: { shared_preload_libraries: "pg_stat_statements", "pg_stat_statements.track": "all" } });
}

/** Statements executed in a database so far (BEGIN and COMMIT included); undefined without pg_stat_statements. */
export async function statementCount(client: pg.Client, like = "%"): Promise<number | undefined> {
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    const { rows } = await client.query(
      `SELECT coalesce(sum(calls), 0)::bigint AS n FROM pg_stat_statements
       WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%/* bench */%' AND query LIKE $1`,
      [like],
    );
    return Number(rows[0].n);
  } catch {
    return undefined;
  }
}

/**
 * How much more CPU the machine gives 2 busy processes than 1, right now (2.0 on two idle cores). The
 * machine is shared: when other work holds a core, no program can scale to it, so the workers' ratio
 * is printed next to this one.
 */
export async function parallelCapacity(ms = 1500): Promise<number> {
  const burn = () =>
    new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ["-e", `const end = Date.now() + ${ms}; while (Date.now() < end); const u = process.cpuUsage(); console.log((u.user + u.system) / 1000)`]);
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
      child.on("exit", () => resolve(Number(out) || 0));
    });
  const one = await burn();
  const two = (await Promise.all([burn(), burn()])).reduce((a, b) => a + b, 0);
  return one > 0 ? two / one : 0;
}

function started(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('"worker started"')) resolve();
    });
    child.once("exit", (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

export interface WorkerRun {
  workers: number;
  applications: number;
  perSecond: number;
  /** CPU per application (ms): all worker processes together, and the cluster's processes. */
  workerCpuMs: number;
  postgresCpuMs: number;
  /** Statements PostgreSQL executed per job (3 jobs per application); undefined without pg_stat_statements. */
  statementsPerJob?: number;
  /** Of those, claims (a claim serves up to the free slots; an idle worker polls with one every WORKER_IDLE_MS). */
  claimsPerJob?: number;
  /** Cores busy on average during the window (workers + PostgreSQL). */
  cores: number;
  /** WAL written per application by the workers' part (bytes). */
  walBytes: number;
  /** The API's part (start + form submit, before the window): PostgreSQL CPU, statements and WAL per application. */
  api: { postgresCpuMs: number; statements?: number; walBytes: number };
}

const walPosition = async (client: pg.Client) => String((await client.query(`/* bench */ SELECT pg_current_wal_lsn()::text AS lsn`)).rows[0].lsn);
const walBetween = async (client: pg.Client, from: string) => Number((await client.query(`/* bench */ SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::bigint AS n`, [from])).rows[0].n);

let databases = 0;

/**
 * Drives `applications` applications of the load service to their final step with `workerCount` worker
 * processes on a fresh database of `cluster`, and measures the window from releasing the jobs to the last
 * application done.
 */
export async function runWorkers(
  cluster: PostgresCluster,
  registry: HttpRegistryServer,
  options: { workers: number; applications: number; batch: number; idleMs?: number; env?: Record<string, string>; nodeArgs?: string[] },
): Promise<WorkerRun> {
  const { workers: workerCount, applications, batch } = options;
  const url = await cluster.createDatabase(`bench_${process.pid}_${++databases}`);
  const api = await Runtime.create({ databaseUrl: url, worker: false, poolSize: 8 });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const workers: ChildProcess[] = [];
  try {
    await api.publish(loadService, "bench");
    const apiBefore = { cpu: clusterCpu(cluster.pid), statements: await statementCount(client), wal: await walPosition(client) };
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < applications) {
          const { applicationId } = await api.start("load-test", applicant(`p${next++}`));
          await api.submit(applicationId, { step: "ask", data: { case: "urgent" } });
        }
      }),
    );
    const apiStatements = await statementCount(client);
    const apiPart = {
      postgresCpuMs: (clusterCpu(cluster.pid) - apiBefore.cpu) / applications,
      statements: apiStatements === undefined || apiBefore.statements === undefined ? undefined : (apiStatements - apiBefore.statements) / applications,
      walBytes: (await walBetween(client, apiBefore.wal)) / applications,
    };
    await client.query(`/* bench */ UPDATE "Job" SET "runAt" = '2999-01-01' WHERE status = 'pending'`); // parked
    for (let n = 0; n < workerCount; n++) {
      workers.push(spawnWorker({ DATABASE_URL: url, TEST_REGISTRY_URL: registry.url, WORKER_ID: `w${n}`, WORKER_BATCH: String(batch), WORKER_IDLE_MS: String(options.idleMs ?? 20), WORKER_POOL_SIZE: String(batch + 2), ...options.env }, options.nodeArgs));
    }
    await Promise.all(workers.map(started));
    const statementsBefore = await statementCount(client);
    const claimsBefore = await statementCount(client, "WITH claimed AS%");
    const walBefore = await walPosition(client);
    const cpuBefore = { workers: workers.map((w) => cpuOf(w.pid!)), postgres: clusterCpu(cluster.pid) };
    const begin = performance.now();
    await client.query(`/* bench */ UPDATE "Job" SET "runAt" = '2000-01-01' WHERE status = 'pending'`); // released
    const done = async () => Number((await client.query(`/* bench */ SELECT count(*)::int AS n FROM "Application" WHERE status = 'done'`)).rows[0].n) === applications;
    await waitFor(done, 600_000, 25);
    const seconds = (performance.now() - begin) / 1000;
    const workerCpu = workers.reduce((sum, w, i) => sum + cpuOf(w.pid!) - cpuBefore.workers[i], 0);
    const postgresCpu = clusterCpu(cluster.pid) - cpuBefore.postgres;
    const statementsAfter = await statementCount(client);
    const claimsAfter = await statementCount(client, "WITH claimed AS%");
    const walBytes = (await walBetween(client, walBefore)) / applications;
    return {
      workers: workerCount,
      applications,
      perSecond: applications / seconds,
      workerCpuMs: workerCpu / applications,
      postgresCpuMs: postgresCpu / applications,
      statementsPerJob: statementsBefore === undefined || statementsAfter === undefined ? undefined : (statementsAfter - statementsBefore) / (applications * 3),
      claimsPerJob: claimsBefore === undefined || claimsAfter === undefined ? undefined : (claimsAfter - claimsBefore) / (applications * 3),
      cores: (workerCpu + postgresCpu) / 1000 / seconds,
      walBytes,
      api: apiPart,
    };
  } finally {
    await Promise.all(workers.map(stopWorker));
    await client.end();
    await api.close();
  }
}

export interface PostgresBenchOptions {
  applications?: number;
  /** How long the stand-in registry takes to answer (ms). */
  registryLatencyMs?: number;
  /** Jobs a worker process claims and runs at once (WORKER_BATCH). */
  batch?: number;
  /** Runs alternate 1, 2, 1, 2…; the ratio compares the best run of each. */
  repeats?: number;
}

/**
 * Applications per second driven to their final step by 1 worker process, then by 2, on PostgreSQL
 * (3 jobs per application: a registry call, a handler, a document), with the CPU each costs.
 */
export async function benchPostgresWorkers(options: PostgresBenchOptions = {}) {
  if (!postgresBinDir()) return undefined;
  const { applications = 300, registryLatencyMs = 100, batch = 8, repeats = 2 } = options;
  const cluster = await startCountingCluster();
  const registry = await startHttpRegistry(() => ({ outcome: "found", data: { convictions: 0 } }), registryLatencyMs);
  try {
    const ones: WorkerRun[] = [];
    const twos: WorkerRun[] = [];
    const capacity: number[] = [];
    for (let r = 0; r < repeats; r++) {
      capacity.push(await parallelCapacity());
      ones.push(await runWorkers(cluster, registry, { workers: 1, applications, batch }));
      twos.push(await runWorkers(cluster, registry, { workers: 2, applications, batch }));
    }
    const best = (runs: WorkerRun[]) => runs.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
    const one = best(ones);
    const two = best(twos);
    /** The machine's own 2-vs-1 ratio for busy processes during the runs (median). */
    const machine = [...capacity].sort((a, b) => a - b)[Math.floor(capacity.length / 2)];
    /** CPU per application: the median over every run (1 and 2 workers alike). */
    const all = [...ones, ...twos];
    const mid = (pick: (run: WorkerRun) => number) => all.map(pick).sort((a, b) => a - b)[Math.floor(all.length / 2)];
    return {
      one,
      two,
      ratio: two.perSecond / one.perSecond,
      machine,
      applications,
      registryLatencyMs,
      batch,
      workerCpuMs: mid((r) => r.workerCpuMs),
      postgresCpuMs: mid((r) => r.postgresCpuMs),
      statementsPerJob: one.statementsPerJob,
      runs: { ones, twos, capacity },
    };
  } finally {
    await registry.close();
    cluster.stop();
  }
}

/**
 * CPU per application, measured apart from the 2-vs-1 runs: one worker process, a fast registry (5 ms) and
 * 16 slots, so the window is the jobs' work rather than waiting (a process's fixed costs, timers and GC,
 * would otherwise be spread over few applications). The median of `repeats` runs.
 */
export async function benchCpuPerApplication(options: { applications?: number; repeats?: number } = {}) {
  if (!postgresBinDir()) return undefined;
  const { applications = 300, repeats = 3 } = options;
  const cluster = await startCountingCluster();
  const registry = await startHttpRegistry(() => ({ outcome: "found", data: { convictions: 0 } }), 5);
  try {
    const runs: WorkerRun[] = [];
    for (let r = 0; r < repeats; r++) runs.push(await runWorkers(cluster, registry, { workers: 1, applications, batch: 16, idleMs: 200 }));
    const mid = (pick: (run: WorkerRun) => number) => runs.map(pick).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
    return { workerCpuMs: mid((r) => r.workerCpuMs), postgresCpuMs: mid((r) => r.postgresCpuMs), statementsPerJob: mid((r) => r.statementsPerJob ?? Number.NaN), runs };
  } finally {
    await registry.close();
    cluster.stop();
  }
}

const skipped = (what: string, target: string): BenchRow => ({ what, value: "skipped: PostgreSQL binaries not found", target, ok: false });

/** The PostgreSQL rows of DESIGN.md section 8 (the DBOS comparison is bench/dbos-bench.ts's benchDbos). */
export async function benchPostgres(): Promise<BenchRow[]> {
  const workerRow = "PostgreSQL: worker CPU per application of the load service (3 jobs)";
  const postgresRow = "PostgreSQL: PostgreSQL CPU per application (the workers' part)";
  const scaleRow = "PostgreSQL: 2 worker processes vs 1";
  const cpu = await benchCpuPerApplication();
  const c = await benchPostgresWorkers();
  if (!cpu || !c) return [skipped(workerRow, "≤ 5 ms"), skipped(postgresRow, "≤ 3 ms"), skipped(scaleRow, "≥ 1.7×")];
  return [
    { what: workerRow, value: `${cpu.workerCpuMs.toFixed(1)} ms`, target: "≤ 5 ms", ok: cpu.workerCpuMs <= 5 },
    { what: postgresRow, value: `${cpu.postgresCpuMs.toFixed(1)} ms`, target: "≤ 3 ms", ok: cpu.postgresCpuMs <= 3 },
    {
      what: "  for information: statements per job (one claim per batch, one per result)",
      value: Number.isNaN(cpu.statementsPerJob) ? "n/a (no pg_stat_statements)" : cpu.statementsPerJob.toFixed(2),
      target: "-",
      ok: true,
    },
    {
      what: `${scaleRow} (registry ${c.registryLatencyMs} ms, batch ${c.batch})`,
      value: `${c.one.perSecond.toFixed(1)} → ${c.two.perSecond.toFixed(1)} apps/s: ${c.ratio.toFixed(2)}× (machine: ${c.machine.toFixed(2)}× for 2 busy processes)`,
      target: "≥ 1.7×",
      ok: c.ratio >= 1.7,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import("./measure");
  if (process.argv.includes("--json")) console.log(JSON.stringify(await benchPostgresWorkers({ repeats: 1 }), null, 2));
  else printTable(await benchPostgres());
}
