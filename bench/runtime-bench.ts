/**
 * Runtime benchmarks (DESIGN.md section 8), each a ratio measured in one run on this machine:
 * (a) durable steps/s through the runtime on SQLite vs raw better-sqlite3 transactions doing the same read and
 *     write, and the runtime's CPU per durable step (process CPU, less the raw transaction's own CPU);
 * (a2) group commit: durable steps/s of 50 applications moving at once vs one at a time;
 * (b) the runtime vs bpmn-engine running the same flow with its state persisted to SQLite after every step.
 * (PostgreSQL's rows are in postgres-bench.ts.)
 *
 * The machine is shared and its load changes by the second, so (a) and (b) alternate the two sides in
 * short rounds within one process and compare the summed times; both sides are warmed up first (the
 * runtime compiles each form's schema and the machine once per version; bpmn-engine parses its source).
 * Every side commits each step in its own transaction with synchronous=FULL in WAL mode: one fsync per step.
 * See docs/operations.md for what a step does and what these figures mean.
 *
 * Why a step's CPU is higher with a real fsync than with synchronous=OFF (measured December 2026, load 12–15
 * on the 2 shared cores): not extra commits or checkpoints. strace counts one fsync per sequential step on
 * both sides (1.07 on the runtime's, the rest its applications' starts and WAL checkpoints; 1.02 raw) and
 * about as many WAL page writes; both sides use the same journal_mode (WAL), synchronous (FULL),
 * wal_autocheckpoint (SQLite's default, 1000 pages), page size and schema. The extra CPU is user time of the
 * main thread after each sleep: replacing the fsync by a 2 ms Atomics.wait with synchronous=OFF gives the
 * same increase (runtime 0.25 → 0.58 ms per step, raw 0.02 → 0.14 ms). While a thread sleeps, other
 * processes take its core and its caches, so code that runs after a wake-up runs cold: the more code and
 * data a step touches, the more it pays, and the heavier the machine's load, the more that is. This is
 * real CPU of a sequential step, so the row keeps it, measured the same way on both sides; what brings it
 * down is touching less (see docs/operations.md). The raw side also reads the application row first, as a
 * durable step must.
 */
import Database from "better-sqlite3";
import { Engine } from "bpmn-engine";
import type { ServiceDefinition } from "../engine";
import { Runtime } from "../runtime";
import { SELECT_APPLICATION } from "../runtime/applications/writes";
import { migrateSqlite } from "../runtime/db/migrate";
import { applicant, tempDbUrl } from "../runtime/testing/fixtures";
import { cpuMs, type BenchRow } from "./measure";

/** A chain of `steps` form steps: every submit is one durable step (one transaction). */
function chainService(steps: number): ServiceDefinition {
  const all: Record<string, unknown> = {};
  for (let i = 0; i < steps; i++) all[`s${i}`] = { kind: "form", schema: { type: "object", properties: { v: { type: "integer" } } }, next: i + 1 < steps ? `s${i + 1}` : "done" };
  all.done = { kind: "final", outcome: "approved" };
  return { schemaVersion: 1, id: "bench-chain", title: "Bench", languages: ["en"], owner: "bench", start: "s0", steps: all } as ServiceDefinition;
}

/**
 * A runtime with the chain published and warmed up. `run()` drives one new application through every step,
 * timing the submits (wall ms, and this process's CPU ms); `runConcurrently(n)` drives n new applications at
 * once, each through every step, and times the whole.
 */
async function runtimeChain(steps: number, warmUp = 5) {
  const runtime = await Runtime.create({ databaseUrl: tempDbUrl("bench"), worker: false });
  await runtime.publish(chainService(steps), "bench");
  let n = 0;
  const drive = async (applicationId: string) => {
    for (let i = 0; i < steps; i++) await runtime.submit(applicationId, { step: `s${i}`, data: { v: i } });
  };
  const run = async (): Promise<number> => (await runMeasured()).ms;
  const runMeasured = async (): Promise<{ ms: number; cpu: number }> => {
    const { applicationId } = await runtime.start("bench-chain", applicant(`p${n++}`));
    const cpu = cpuMs();
    const started = performance.now();
    await drive(applicationId);
    return { ms: performance.now() - started, cpu: cpuMs() - cpu };
  };
  const runConcurrently = async (count: number): Promise<number> => {
    const started = await Promise.all(Array.from({ length: count }, () => runtime.start("bench-chain", applicant(`p${n++}`))));
    const begin = performance.now();
    await Promise.all(started.map((s) => drive(s.applicationId)));
    return performance.now() - begin;
  };
  // Warm-up: every form's schema and the machine compiled once, and the step's code optimised by V8.
  for (let i = 0; i < warmUp; i++) await run();
  const sample = await runtime.database.prisma.application.findFirstOrThrow({ where: { status: "done" } });
  return { run, runMeasured, runConcurrently, sample, stats: runtime.database.sqlite!.stats, close: () => runtime.close() };
}

/**
 * What a durable step's transaction must do, and nothing else: read the application row (a step needs the
 * state it moves from and the version it checks), write it back (new step, snapshot, data, status, version
 * check) and append one audit row, with the same statements, the same sizes and the same schema and indexes
 * (the runtime's own migrations), in one BEGIN IMMEDIATE transaction. (Until December 2026 the raw side
 * skipped the read, which every durable step makes; it costs it a few microseconds.)
 */
function rawSteps(sample: { snapshot: string; data: string; serviceVersionId: string }, warmUp = 100) {
  const db = new Database(tempDbUrl("raw").replace(/^file:/, ""));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  migrateSqlite(db);
  const now = Date.now();
  db.prepare(
    `INSERT INTO "Application" ("id", "serviceId", "serviceVersionId", "applicantId", "currentStep", "stepEntry", "snapshot", "data", "status", "version", "createdAt", "updatedAt") VALUES ('a', 'bench-chain', ?, 'p', 's0', 1, ?, ?, 'draft', 1, ?, ?)`,
  ).run(sample.serviceVersionId, sample.snapshot, sample.data, now, now);
  const update = db.prepare(
    `UPDATE "Application" SET "currentStep" = ?, "stepEntry" = ?, "snapshot" = ?, "data" = ?, "status" = 'draft', "version" = ?, "serviceVersionId" = ?, "updatedAt" = ?, "finishedAt" = NULL WHERE "id" = 'a' AND "version" = ?`,
  );
  const audit = db.prepare(
    `INSERT INTO "AuditEvent" ("id", "applicationId", "seq", "actor", "event", "fromStep", "toStep", "at", "dataHash", "detail") VALUES (?, 'a', ?, 'applicant:p', 'submit', ?, ?, ?, ?, NULL)`,
  );
  const read = db.prepare(SELECT_APPLICATION);
  const step = db.transaction(() => {
    const { version } = read.get("a") as { version: number };
    const seq = version + 1;
    if (update.run(`s${seq % 20}`, seq, sample.snapshot, sample.data, seq, sample.serviceVersionId, Date.now(), version).changes !== 1) throw new Error("raw: version check failed");
    audit.run(`e${seq}`, seq, `s${version % 20}`, `s${seq % 20}`, Date.now(), "h".repeat(64));
  });
  const run = (count: number): number => runMeasured(count).ms;
  const runMeasured = (count: number): { ms: number; cpu: number } => {
    const cpu = cpuMs();
    const started = performance.now();
    for (let i = 0; i < count; i++) step.immediate();
    return { ms: performance.now() - started, cpu: cpuMs() - cpu };
  };
  run(warmUp);
  return { run, runMeasured, close: () => db.close() };
}

/**
 * Sequential durable steps through the runtime vs raw transactions, alternating in rounds. Also the CPU of
 * each side per step (this process's, with process.cpuUsage): the runtime's own work is its CPU per step less
 * the raw side's, which is what the transaction of the same read and write costs (kernel time of the fsync
 * included).
 */
export async function benchSqliteDurableVsRaw(rounds = 30, steps = 20) {
  // A long warm-up (3,000 steps each side, synchronous=FULL as measured): V8 optimises a function once it has
  // run enough bytecode, so code that runs once per step is optimised only after 1,000–3,000 steps, and its
  // optimising compiler runs on helper threads of this process, which the CPU measure counts. After 20 steps
  // of warm-up, that one-time compilation added ~0.1 ms to every one of the 600 measured steps.
  const runtime = await runtimeChain(steps, 150);
  const raw = rawSteps(runtime.sample, 150 * steps);
  let runtimeMs = 0;
  let rawMs = 0;
  let runtimeCpu = 0;
  let rawCpu = 0;
  try {
    for (let round = 0; round < rounds; round++) {
      const r = await runtime.runMeasured();
      runtimeMs += r.ms;
      runtimeCpu += r.cpu;
      const w = raw.runMeasured(steps);
      rawMs += w.ms;
      rawCpu += w.cpu;
    }
  } finally {
    raw.close();
    await runtime.close();
  }
  const total = rounds * steps;
  const perSecond = (ms: number) => total / (ms / 1000);
  return {
    runtime: perSecond(runtimeMs),
    raw: perSecond(rawMs),
    ratio: rawMs / runtimeMs,
    /** CPU ms per step: the runtime's process, the raw transaction, and the difference (the runtime's own work). */
    cpu: { runtime: runtimeCpu / total, raw: rawCpu / total, own: (runtimeCpu - rawCpu) / total },
  };
}

/**
 * Group commit: durable steps/s with `concurrency` applications moving at once (each step awaited by its
 * application before the next, as a citizen's browser would) vs one application at a time, alternating in
 * rounds in one process. Also the mean number of changes per commit during the concurrent rounds.
 */
export async function benchGroupCommit(concurrency = 50, rounds = 4, steps = 20) {
  const runtime = await runtimeChain(steps);
  let sequentialMs = 0;
  let sequentialSteps = 0;
  let concurrentMs = 0;
  let concurrentSteps = 0;
  let commits = 0;
  let changes = 0;
  try {
    await runtime.runConcurrently(concurrency); // warm-up
    for (let round = 0; round < rounds; round++) {
      // About as much wall time on each side: a few applications one after another, then `concurrency` at once.
      for (let i = 0; i < 5; i++) {
        sequentialMs += await runtime.run();
        sequentialSteps += steps;
      }
      const before = { ...runtime.stats };
      concurrentMs += await runtime.runConcurrently(concurrency);
      concurrentSteps += concurrency * steps;
      commits += runtime.stats.commits - before.commits;
      changes += runtime.stats.changes - before.changes;
    }
  } finally {
    await runtime.close();
  }
  const sequential = sequentialSteps / (sequentialMs / 1000);
  const concurrent = concurrentSteps / (concurrentMs / 1000);
  return { concurrency, sequential, concurrent, ratio: concurrent / sequential, meanBatch: changes / commits };
}

function bpmnChain(steps: number): string {
  const tasks = Array.from({ length: steps }, (_, i) => `<userTask id="s${i}" />`).join("");
  const flows = Array.from({ length: steps + 1 }, (_, i) => {
    const from = i === 0 ? "start" : `s${i - 1}`;
    const to = i === steps ? "end" : `s${i}`;
    return `<sequenceFlow id="f${i}" sourceRef="${from}" targetRef="${to}" />`;
  }).join("");
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="bench">
  <process id="chain" isExecutable="true"><startEvent id="start" />${tasks}<endEvent id="end" />${flows}</process>
</definitions>`;
}

/**
 * bpmn-engine on the same chain of user tasks: per step, its state is read from SQLite, recovered,
 * the waiting task signalled and the new state saved (one autocommit write, WAL, synchronous=FULL).
 */
function bpmnChainRunner(steps: number) {
  const db = new Database(tempDbUrl("bpmn").replace(/^file:/, ""));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec("CREATE TABLE state (id TEXT PRIMARY KEY, state TEXT)");
  const save = db.prepare("INSERT INTO state VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state");
  const load = db.prepare("SELECT state FROM state WHERE id = ?");
  const source = bpmnChain(steps);
  let n = 0;
  const run = async (): Promise<number> => {
    const id = `a${n++}`;
    const engine = new Engine({ name: id, source });
    await engine.execute();
    save.run(id, JSON.stringify(await engine.getState()));
    await engine.stop();
    const started = performance.now();
    for (let i = 0; i < steps; i++) {
      const state = JSON.parse((load.get(id) as { state: string }).state);
      const recovered = new Engine({ name: id }).recover(state);
      const execution = await recovered.resume();
      execution.signal({ id: `s${i}` });
      save.run(id, JSON.stringify(await recovered.getState()));
      if (i + 1 < steps) void recovered.stop(); // a completed engine's stop() never settles
    }
    return performance.now() - started;
  };
  return { run, close: () => db.close() };
}

export async function benchRuntimeVsBpmnEngine(rounds = 10, steps = 20, warmUp = 30) {
  // Both sides warm up over the same 600 steps (V8 optimises per-step code only after hundreds of runs).
  const runtime = await runtimeChain(steps, warmUp);
  const bpmn = bpmnChainRunner(steps);
  let runtimeMs = 0;
  let bpmnMs = 0;
  let runtimeCpu = 0;
  let bpmnCpu = 0;
  try {
    for (let i = 0; i < warmUp; i++) await bpmn.run();
    for (let round = 0; round < rounds; round++) {
      let cpu = cpuMs();
      runtimeMs += await runtime.run();
      runtimeCpu += cpuMs() - cpu;
      cpu = cpuMs();
      bpmnMs += await bpmn.run();
      bpmnCpu += cpuMs() - cpu;
    }
  } finally {
    bpmn.close();
    await runtime.close();
  }
  const perSecond = (ms: number) => (rounds * steps) / (ms / 1000);
  return {
    runtime: perSecond(runtimeMs),
    bpmn: perSecond(bpmnMs),
    ratio: bpmnMs / runtimeMs,
    /** For information: CPU time only (the fsync each side waits for is not CPU time; the runtime's side includes starting each application). */
    cpuRatio: bpmnCpu / runtimeCpu,
  };
}

/** The rows of DESIGN.md section 8 that this file measures. */
export async function benchRuntime(): Promise<BenchRow[]> {
  const a = await benchSqliteDurableVsRaw();
  const g = await benchGroupCommit();
  const b = await benchRuntimeVsBpmnEngine();
  const rows: BenchRow[] = [
    {
      what: "runtime CPU per durable step (SQLite, sequential; process CPU less the raw commit's)",
      value: `${a.cpu.own.toFixed(3)} ms (${a.cpu.runtime.toFixed(3)} ms per step, raw transaction ${a.cpu.raw.toFixed(3)} ms)`,
      target: "≤ 0.2 ms",
      ok: a.cpu.own <= 0.2,
    },
    {
      what: "runtime: durable steps/s on SQLite vs raw SQLite transactions/s",
      value: `${a.runtime.toFixed(0)} vs ${a.raw.toFixed(0)}: ${a.ratio.toFixed(2)}×`,
      target: "≥ 0.5×",
      ok: a.ratio >= 0.5,
    },
    {
      what: `group commit: durable steps/s, ${g.concurrency} applications at once vs one at a time (SQLite)`,
      value: `${g.concurrent.toFixed(0)} vs ${g.sequential.toFixed(0)}: ${g.ratio.toFixed(1)}× (${g.meanBatch.toFixed(1)} changes per commit)`,
      target: "≥ 4×",
      ok: g.ratio >= 4,
    },
    { what: "runtime vs bpmn-engine, same flow, persisted", value: `${b.runtime.toFixed(0)} vs ${b.bpmn.toFixed(0)} steps/s: ${b.ratio.toFixed(1)}×`, target: "≥ 20×", ok: b.ratio >= 20 },
    { what: "  for information: the same in CPU time (no fsync wait)", value: `${b.cpuRatio.toFixed(1)}×`, target: "-", ok: true },
  ];
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import("./measure");
  printTable(await benchRuntime());
}
