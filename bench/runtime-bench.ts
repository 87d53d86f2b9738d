/**
 * Runtime benchmarks (DESIGN.md section 8), each a ratio measured in one run on this machine:
 * (a) durable steps/s through the runtime on SQLite vs raw better-sqlite3 transactions doing one equivalent write;
 * (b) the runtime vs bpmn-engine running the same flow with its state persisted to SQLite after every step;
 * (c) PostgreSQL with 2 worker processes vs 1.
 */
import Database from "better-sqlite3";
import { Engine } from "bpmn-engine";
import type { ServiceDefinition } from "../engine";
import { Runtime } from "../runtime";
import { applicant, tempDbUrl } from "../runtime/testing/fixtures";
import { startHttpRegistry } from "../runtime/testing/http-registry";
import { loadService } from "../runtime/testing/load-service";
import { postgresBinDir, startPostgresCluster } from "../runtime/testing/postgres-cluster";
import { spawnWorker, stopWorker, waitFor } from "../runtime/testing/processes";

/** A chain of `steps` form steps: every submit is one durable step (one transaction). */
function chainService(steps: number): ServiceDefinition {
  const all: Record<string, unknown> = {};
  for (let i = 0; i < steps; i++) all[`s${i}`] = { kind: "form", schema: { type: "object", properties: { v: { type: "integer" } } }, next: i + 1 < steps ? `s${i + 1}` : "done" };
  all.done = { kind: "final", outcome: "approved" };
  return { schemaVersion: 1, id: "bench-chain", title: "Bench", languages: ["en"], owner: "bench", start: "s0", steps: all } as ServiceDefinition;
}

async function runtimeStepsPerSecond(applications: number, steps: number): Promise<number> {
  const runtime = await Runtime.create({ databaseUrl: tempDbUrl("bench"), worker: false });
  try {
    await runtime.publish(chainService(steps), "bench");
    const ids = [];
    for (let a = 0; a < applications; a++) ids.push((await runtime.start("bench-chain", applicant(`p${a}`))).applicationId);
    const started = performance.now();
    for (const id of ids) for (let i = 0; i < steps; i++) await runtime.submit(id, { step: `s${i}`, data: { v: i } });
    return (applications * steps) / ((performance.now() - started) / 1000);
  } finally {
    await runtime.close();
  }
}

/** The same writes as a durable step (application row with snapshot + data, audit row) in one raw transaction. */
function rawStepsPerSecond(count: number): number {
  const db = new Database(tempDbUrl("raw").replace(/^file:/, ""));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec(`CREATE TABLE app (id TEXT PRIMARY KEY, step TEXT, snapshot TEXT, data TEXT, version INTEGER, updatedAt INTEGER);
           CREATE TABLE audit (id TEXT PRIMARY KEY, app TEXT, seq INTEGER, event TEXT, dataHash TEXT, at INTEGER, UNIQUE (app, seq))`);
  db.prepare("INSERT INTO app VALUES ('a', 's0', '{}', '{}', 0, 0)").run();
  const update = db.prepare("UPDATE app SET step = ?, snapshot = ?, data = ?, version = version + 1, updatedAt = ? WHERE id = 'a' AND version = ?");
  const audit = db.prepare("INSERT INTO audit VALUES (?, 'a', ?, 'submit', ?, ?)");
  const snapshot = JSON.stringify({ status: "active", value: "s1", historyValue: {}, children: {} });
  const data = JSON.stringify({ applicant: applicant(), application: { id: "a", createdAt: new Date().toISOString() }, s0: { v: 1 } });
  const step = db.transaction((i: number) => {
    update.run(`s${i}`, snapshot, data, Date.now(), i);
    audit.run(`e${i}`, i + 1, "h".repeat(64), Date.now());
  });
  const started = performance.now();
  for (let i = 0; i < count; i++) step(i);
  const perSecond = count / ((performance.now() - started) / 1000);
  db.close();
  return perSecond;
}

export async function benchSqliteDurableVsRaw(applications = 20, steps = 20) {
  await runtimeStepsPerSecond(2, 5); // warm up
  const runtime = await runtimeStepsPerSecond(applications, steps);
  const raw = rawStepsPerSecond(applications * steps);
  return { runtime, raw, ratio: runtime / raw };
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

/** bpmn-engine on the same chain, restoring its state from SQLite, signalling the waiting task and saving the state per step. */
async function bpmnStepsPerSecond(applications: number, steps: number): Promise<number> {
  const db = new Database(tempDbUrl("bpmn").replace(/^file:/, ""));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec("CREATE TABLE state (id TEXT PRIMARY KEY, state TEXT)");
  const save = db.prepare("INSERT INTO state VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state");
  const load = db.prepare("SELECT state FROM state WHERE id = ?");
  const source = bpmnChain(steps);
  for (let a = 0; a < applications; a++) {
    const engine = new Engine({ name: `a${a}`, source });
    await engine.execute();
    save.run(`a${a}`, JSON.stringify(await engine.getState()));
    await engine.stop();
  }
  const started = performance.now();
  for (let a = 0; a < applications; a++) {
    for (let i = 0; i < steps; i++) {
      const state = JSON.parse((load.get(`a${a}`) as { state: string }).state);
      const engine = new Engine({ name: `a${a}` }).recover(state);
      const execution = await engine.resume();
      execution.signal({ id: `s${i}` });
      save.run(`a${a}`, JSON.stringify(await engine.getState()));
      if (i + 1 < steps) void engine.stop(); // a completed engine's stop() never settles
    }
  }
  const perSecond = (applications * steps) / ((performance.now() - started) / 1000);
  db.close();
  return perSecond;
}

export async function benchRuntimeVsBpmnEngine(applications = 10, steps = 20) {
  const runtime = await runtimeStepsPerSecond(applications, steps);
  const bpmn = await bpmnStepsPerSecond(applications, steps);
  return { runtime, bpmn, ratio: runtime / bpmn };
}

/** Applications per second driven to their final step by 1 worker process, then by 2, on PostgreSQL. */
export async function benchPostgresWorkers(applications = 200) {
  if (!postgresBinDir()) return undefined;
  const cluster = await startPostgresCluster();
  const registry = await startHttpRegistry(() => ({ outcome: "found", data: { convictions: 0 } }), 5);
  const run = async (workerCount: number) => {
    const url = await cluster.createDatabase(`bench_${workerCount}`);
    const api = await Runtime.create({ databaseUrl: url, worker: false, poolSize: 16 });
    await api.publish(loadService, "bench");
    for (let a = 0; a < applications; a++) {
      const { applicationId } = await api.start("load-test", applicant(`p${a}`));
      await api.submit(applicationId, { step: "ask", data: { case: "urgent" } });
    }
    const workers = Array.from({ length: workerCount }, (_, n) =>
      spawnWorker({ DATABASE_URL: url, TEST_REGISTRY_URL: registry.url, WORKER_ID: `w${n}`, WORKER_BATCH: "16", WORKER_IDLE_MS: "20" }),
    );
    await waitFor(async () => (await api.database.prisma.auditEvent.count({ where: { event: "outcome.found" } })) > 0, 60_000, 20); // processes up
    const started = performance.now();
    await waitFor(async () => (await api.database.prisma.application.count({ where: { status: "done" } })) === applications, 600_000, 100);
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(workers.map(stopWorker));
    await api.close();
    return applications / seconds;
  };
  try {
    const one = await run(1);
    const two = await run(2);
    return { one, two, ratio: two / one };
  } finally {
    await registry.close();
    cluster.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const a = await benchSqliteDurableVsRaw();
  console.log(`SQLite durable steps/s ${a.runtime.toFixed(0)} vs raw ${a.raw.toFixed(0)}: ${a.ratio.toFixed(2)}× (target ≥ 0.5×)`);
  const b = await benchRuntimeVsBpmnEngine();
  console.log(`runtime ${b.runtime.toFixed(0)} steps/s vs bpmn-engine ${b.bpmn.toFixed(0)}: ${b.ratio.toFixed(1)}× (target ≥ 20×)`);
  const c = await benchPostgresWorkers();
  if (c) console.log(`PostgreSQL apps/s: 1 worker ${c.one.toFixed(1)}, 2 workers ${c.two.toFixed(1)}: ${c.ratio.toFixed(2)}× (target ≥ 1.7×)`);
}
