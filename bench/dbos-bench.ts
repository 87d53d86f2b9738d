/**
 * The runtime vs DBOS (`@dbos-inc/dbos-sdk`, durable workflows on PostgreSQL) on the same three-step
 * workflow, on the same throwaway PostgreSQL cluster, in the same run, at the same concurrency:
 * 1. a call to the same stub registry over HTTP (the same connector class on both sides),
 * 2. a compute step (the fee: the built-in fee-calculation handler on our side, the same arithmetic in DBOS),
 * 3. the result stored (our document step's row; an INSERT into a results table in DBOS).
 *
 * Each side runs in its own fresh process (`node --import tsx bench/dbos-bench.ts --side …`), warms up,
 * then keeps `concurrency` workflows in flight until `workflows` are done, and reports its own CPU over
 * that window (process.cpuUsage); the parent adds the cluster's CPU over the same window (/proc). Ours is
 * one process with its in-process worker: an application starts at the registry step (one transaction)
 * and its three jobs run on the worker; we wait for completion with one query per 10 ms for all
 * applications in flight. DBOS waits with `handle.getResult()`.
 *
 * What differs and why it is still the same work: DBOS checkpoints each step's output, we write each
 * step's transition (snapshot, audit event, next job) in the same number of commits. DBOS's write step
 * may repeat after a crash (no transactional datasource for plain pg in 5.x); ours is exactly once.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { ServiceDefinition } from "../engine";
import { startHttpRegistry, HttpRegistryConnector } from "../runtime/testing/http-registry";
import { postgresBinDir } from "../runtime/testing/postgres-cluster";
import { applicant } from "../runtime/testing/fixtures";
import { clusterCpu, startCountingCluster } from "./postgres-bench";
import type { BenchRow } from "./measure";

/** registry → task → document → final: the three steps, no form (the application starts at the registry call). */
export const threeStepService: ServiceDefinition = {
  schemaVersion: 1,
  id: "three-steps",
  title: "Three steps",
  languages: ["en"],
  owner: "Bench",
  start: "lookup",
  steps: {
    lookup: {
      kind: "registry", registry: "population", operation: "getPerson", input: { taxId: "applicant.taxId" }, saveAs: "person",
      timeout: "5s", retry: { maxAttempts: 3, backoff: "exponential", interval: "200ms" },
      on: { found: "fee", notFound: "failed", error: "failed" },
    },
    fee: { kind: "task", handler: "fee-calculation", version: 1, params: { fees: { urgent: 100 }, default: 50 }, input: { case: "person.case" }, on: { calculated: "issue", free: "issue", error: "failed" } },
    issue: { kind: "document", template: "receipt", data: { amount: "fee.amount" }, next: "done" },
    done: { kind: "final", outcome: "approved" },
    failed: { kind: "final", outcome: "failed" },
  },
} as ServiceDefinition;

interface SideOptions {
  url: string;
  registryUrl: string;
  workflows: number;
  concurrency: number;
  warmup: number;
}

/** Keeps `concurrency` runs in flight until `count` have finished. */
async function drive(count: number, concurrency: number, run: (i: number) => Promise<void>, offset = 0): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await run(offset + next++);
    }),
  );
}

function cpu(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Runs the measured window and prints the side's figures as one JSON line (the parent reads the cluster's CPU around it). */
async function window(options: SideOptions, run: (i: number) => Promise<void>): Promise<void> {
  await drive(options.warmup, options.concurrency, run);
  console.log(JSON.stringify({ measuring: true }));
  await new Promise((resolve) => process.stdin.once("data", resolve)); // the parent has read the cluster's CPU
  const cpuBefore = cpu();
  const begin = performance.now();
  await drive(options.workflows, options.concurrency, run, options.warmup);
  const seconds = (performance.now() - begin) / 1000;
  console.log(JSON.stringify({ done: true, seconds, cpuMs: cpu() - cpuBefore }));
  // Connections closing while the parent reads /proc would take their CPU with them: wait for it.
  await new Promise((resolve) => process.stdin.once("data", resolve));
}

async function civicSide(options: SideOptions): Promise<void> {
  const { Runtime } = await import("../runtime");
  const connectors = { population: new HttpRegistryConnector(options.registryUrl) };
  const runtime = await Runtime.create({
    databaseUrl: options.url,
    connectors,
    documents: false,
    poolSize: Number(process.env.POOL ?? 12),
    worker: { batchSize: options.concurrency, idleDelayMs: 200 },
  });
  await runtime.publish(threeStepService, "bench");
  const pool = runtime.database.postgres!.pool;
  // One query per 10 ms tells every waiting application whether it is done.
  const waiting = new Map<string, () => void>();
  let polling = true;
  const poller = (async () => {
    while (polling) {
      if (waiting.size) {
        const { rows } = await pool.query(`SELECT id FROM "Application" WHERE id = ANY($1) AND "finishedAt" IS NOT NULL`, [[...waiting.keys()]]);
        for (const { id } of rows) {
          waiting.get(id)?.();
          waiting.delete(id);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  await window(options, async (i) => {
    const { applicationId } = await runtime.start("three-steps", applicant(`c${i}`));
    await new Promise<void>((resolve) => waiting.set(applicationId, resolve));
  });
  polling = false;
  await poller;
  // Every application must have gone the happy way (registry found, fee, document), or the figures mean nothing.
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "Application" WHERE "currentStep" = 'done'`);
  await runtime.close();
  if (rows[0].n !== options.warmup + options.workflows) throw new Error(`${rows[0].n} of ${options.warmup + options.workflows} applications reached "done"`);
}

async function dbosSide(options: SideOptions): Promise<void> {
  const { DBOS } = await import("@dbos-inc/dbos-sdk");
  const connector = new HttpRegistryConnector(options.registryUrl);
  const pool = new pg.Pool({ connectionString: options.url, max: 12 });
  await pool.query(`CREATE TABLE IF NOT EXISTS bench_result (workflow_id text PRIMARY KEY, tax_id text NOT NULL, amount int NOT NULL, stored_at timestamptz NOT NULL DEFAULT now())`);
  const fees: Record<string, number> = { urgent: 100 };
  const threeSteps = DBOS.registerWorkflow(
    async (taxId: string) => {
      const person = await DBOS.runStep(() => connector.call("getPerson", { taxId }, { idempotencyKey: `${DBOS.workflowID}:lookup`, signal: AbortSignal.timeout(5000) }), { name: "lookup" });
      const amount = await DBOS.runStep(async () => fees[String((person.data as { case?: unknown } | undefined)?.case)] ?? 50, { name: "fee" });
      await DBOS.runStep(() => pool.query(`INSERT INTO bench_result (workflow_id, tax_id, amount) VALUES ($1, $2, $3)`, [DBOS.workflowID, taxId, amount]), { name: "store" });
      return amount;
    },
    { name: "threeSteps" },
  );
  DBOS.setConfig({ name: "civic-bench", systemDatabaseUrl: options.url, applicationVersion: "1" });
  await DBOS.launch();
  await window(options, async (i) => {
    const handle = await DBOS.startWorkflow(threeSteps, { workflowID: `wf-${i}` })(applicant(`d${i}`).taxId);
    await handle.getResult();
  });
  await DBOS.shutdown();
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM bench_result WHERE amount = 100`);
  await pool.end();
  if (rows[0].n !== options.warmup + options.workflows) throw new Error(`${rows[0].n} of ${options.warmup + options.workflows} workflows stored their result`);
}

interface SideResult {
  side: "civic" | "dbos";
  perSecond: number;
  processCpuMs: number;
  postgresCpuMs: number;
  totalCpuMs: number;
  statements?: number;
}

/** One side in its own process; the cluster's CPU and statements are read around its window. */
function runSide(side: "civic" | "dbos", options: SideOptions, postmaster: number, statements: () => Promise<number | undefined>): Promise<SideResult> {
  const here = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ["--import", "tsx", here, "--side", side, JSON.stringify(options)], { stdio: ["pipe", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let buffered = "";
    let errors = "";
    let before: { cpu: number; statements?: number } | undefined;
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout.on("data", async (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.startsWith("{")) continue;
        const message = JSON.parse(line) as { measuring?: boolean; done?: boolean; seconds: number; cpuMs: number };
        if (message.measuring) {
          before = { statements: await statements(), cpu: clusterCpu(postmaster) };
          child.stdin.write("go\n");
        } else if (message.done) {
          const postgres = clusterCpu(postmaster) - before!.cpu;
          const after = await statements();
          const n = options.workflows;
          resolve({
            side,
            perSecond: n / message.seconds,
            processCpuMs: message.cpuMs / n,
            postgresCpuMs: postgres / n,
            totalCpuMs: (message.cpuMs + postgres) / n,
            statements: after === undefined || before!.statements === undefined ? undefined : (after - before!.statements) / n,
          });
          child.stdin.write("bye\n");
        }
      }
    });
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`${side} side exited ${code}: ${errors.split("\n").slice(-5).join(" ")}`));
    });
  });
}

export interface DbosComparison {
  civic: SideResult;
  dbos: SideResult;
  throughputRatio: number;
  cpuRatio: number;
  concurrency: number;
  workflows: number;
  registryLatencyMs: number;
}

export async function compareWithDbos(options: { workflows?: number; concurrency?: number; registryLatencyMs?: number; repeats?: number } = {}): Promise<DbosComparison | undefined> {
  if (!postgresBinDir()) return undefined;
  const { workflows = 600, concurrency = 32, registryLatencyMs = 0, repeats = 2 } = options;
  const cluster = await startCountingCluster();
  const registry = await startHttpRegistry(() => ({ outcome: "found", data: { case: "urgent", convictions: 0 } }), registryLatencyMs);
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  const statements = async () => Number((await admin.query(`SELECT coalesce(sum(calls), 0)::bigint AS n FROM pg_stat_statements WHERE dbid <> (SELECT oid FROM pg_database WHERE datname = 'postgres')`)).rows[0].n);
  try {
    const runs: { civic: SideResult[]; dbos: SideResult[] } = { civic: [], dbos: [] };
    for (let r = 0; r < repeats; r++) {
      for (const side of ["civic", "dbos"] as const) {
        const url = await cluster.createDatabase(`${side}_${r}`);
        runs[side].push(await runSide(side, { url, registryUrl: registry.url, workflows, concurrency, warmup: 50 }, cluster.pid, statements));
      }
    }
    // The best run of each side: the machine is shared, and a slow moment says nothing about either.
    const best = (list: SideResult[]) => list.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
    const civic = best(runs.civic);
    const dbos = best(runs.dbos);
    return { civic, dbos, throughputRatio: civic.perSecond / dbos.perSecond, cpuRatio: civic.totalCpuMs / dbos.totalCpuMs, concurrency, workflows, registryLatencyMs };
  } finally {
    await admin.end();
    await registry.close();
    cluster.stop();
  }
}

/** The DBOS rows of DESIGN.md section 8. */
export async function benchDbos(): Promise<BenchRow[]> {
  const throughputRow = "vs DBOS: workflows/s, same 3-step workflow, same PostgreSQL";
  const cpuRow = "vs DBOS: CPU per workflow (process + PostgreSQL)";
  const c = await compareWithDbos();
  if (!c) {
    const skipped = "skipped: PostgreSQL binaries not found";
    return [
      { what: throughputRow, value: skipped, target: "≥ 1.2×", ok: false },
      { what: cpuRow, value: skipped, target: "≤ 1×", ok: false },
    ];
  }
  const per = (s: SideResult) => `${s.processCpuMs.toFixed(1)} + ${s.postgresCpuMs.toFixed(1)}`;
  return [
    {
      what: `${throughputRow} (concurrency ${c.concurrency}, registry ${c.registryLatencyMs} ms)`,
      value: `${c.civic.perSecond.toFixed(0)} vs ${c.dbos.perSecond.toFixed(0)}/s: ${c.throughputRatio.toFixed(2)}×`,
      target: "≥ 1.2×",
      ok: c.throughputRatio >= 1.2,
    },
    {
      what: cpuRow,
      value: `${per(c.civic)} vs ${per(c.dbos)} ms: ${c.cpuRatio.toFixed(2)}×`,
      target: "≤ 1×",
      ok: c.cpuRatio <= 1,
    },
    {
      what: "  for information: statements per workflow, ours vs DBOS",
      value: c.civic.statements === undefined || c.dbos.statements === undefined ? "n/a" : `${c.civic.statements.toFixed(1)} vs ${c.dbos.statements.toFixed(1)}`,
      target: "-",
      ok: true,
    },
  ];
}

const sideAt = process.argv.indexOf("--side");
if (sideAt >= 0) {
  const side = process.argv[sideAt + 1];
  const options = JSON.parse(process.argv[sideAt + 2]) as SideOptions;
  await (side === "dbos" ? dbosSide(options) : civicSide(options));
  process.exit(0);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import("./measure");
  printTable(await benchDbos());
}
