// The service dashboard (issue 15): a data set of 10,000 applications made through the runtime (runtime/insight/
// seed.ts), the catch-up that rolls it up, then runtime.insight.service() answer times (median of several), target
// under 1 s. Then ×10: the seeded applications' rows copied nine times under new ids (same shapes and days) to see
// the catch-up and the answer at 100,000 applications without seeding for half an hour.
//
//   npx tsx bench/insight-bench.ts [--applications 10000] [--no-scale]
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedInsight } from "../runtime/insight/seed";
import { Runtime } from "../runtime/runtime";
import { cpuMs, median, printTable, type BenchRow } from "./measure";

const TARGET_MS = 1000;

async function answerTimes(runtime: Runtime, serviceId: string, versions: number[], repeat = 7) {
  const queries = [
    { serviceId },
    { serviceId, versions: versions.slice(0, 1) },
    { serviceId, from: new Date(Date.now() - 30 * 86_400_000), to: new Date() },
  ];
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    for (const query of queries) {
      const start = performance.now();
      await runtime.insight.service(query);
      times.push(performance.now() - start);
    }
  }
  return { median: median(times), max: Math.max(...times) };
}

/** The service with the most applications (the heaviest answer). */
async function busiest(runtime: Runtime) {
  const groups = await runtime.database.prisma.application.groupBy({ by: ["serviceId"], _count: { _all: true } });
  const top = groups.sort((a, b) => b._count._all - a._count._all)[0];
  const versions = (await runtime.versions(top.serviceId)).map((v) => v.number).sort((a, b) => b - a);
  return { serviceId: top.serviceId, count: top._count._all, versions };
}

/** Copies every application's rows `times - 1` more times under new ids: the same paths, days and counters' shapes. */
async function multiply(runtime: Runtime, times: number) {
  const db = runtime.database.prisma;
  const copy = async (table: string, columns: string[], idColumns: string[], k: number) => {
    const select = columns.map((c) => (idColumns.includes(c) ? `"${c}" || '-x${k}'` : `"${c}"`)).join(", ");
    await db.$executeRawUnsafe(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) SELECT ${select} FROM "${table}" WHERE "id" NOT LIKE '%-x%'`);
  };
  const columnsOf = async (table: string) => (await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM pragma_table_info('${table}')`)).map((r) => r.name);
  const tables: [string, string[]][] = [
    ["Application", ["id"]],
    ["AuditEvent", ["id", "applicationId"]],
    ["OfficerTask", ["id", "applicationId"]],
    ["RegistryCall", ["id", "applicationId"]],
    ["Payment", ["id", "applicationId", "orderId"]],
  ];
  for (let k = 1; k < times; k++) for (const [table, ids] of tables) await copy(table, await columnsOf(table), ids, k);
}

/** `seeded`: a database the seed made (not rolled up yet), measured instead of seeding one (it is changed). */
export async function benchInsight(options: { applications?: number; scale?: boolean; seeded?: string } = {}): Promise<BenchRow[]> {
  const url = options.seeded ?? `file:${join(mkdtempSync(join(tmpdir(), "bench-insight-")), "insight.db")}`;
  const rows: BenchRow[] = [];
  if (!options.seeded) await seed(url, options.applications ?? 10_000, rows);
  const runtime = await Runtime.create({ databaseUrl: url, worker: false, documents: false, email: false });
  const applications = await runtime.database.prisma.application.count();
  try {
    const measureCatchUp = async (label: string) => {
      const [wall, cpu] = [performance.now(), cpuMs()];
      const caught = await runtime.insight.catchUp();
      rows.push({
        what: `insight: catch-up, ${label}`,
        value: `${((performance.now() - wall) / 1000).toFixed(1)} s wall, ${((cpuMs() - cpu) / 1000).toFixed(1)} s CPU (${caught.events.toLocaleString("en")} events)`,
        target: "-",
        ok: caught.complete,
      });
      const [again] = [performance.now()];
      await runtime.insight.catchUp();
      rows.push({ what: `insight: catch-up with nothing new, ${label}`, value: `${(performance.now() - again).toFixed(0)} ms`, target: "-", ok: true });
    };
    await measureCatchUp(`${applications.toLocaleString("en")} applications from nothing`);
    const top = await busiest(runtime);
    const small = await answerTimes(runtime, top.serviceId, top.versions);
    rows.push({
      what: `insight: service() answer, ${top.count.toLocaleString("en")} of ${applications.toLocaleString("en")} applications`,
      value: `median ${small.median.toFixed(0)} ms, max ${small.max.toFixed(0)} ms`,
      target: `< ${TARGET_MS} ms`,
      ok: small.median < TARGET_MS,
    });
    if (options.scale !== false) {
      await multiply(runtime, 10);
      await measureCatchUp(`${(applications * 9).toLocaleString("en")} copies added (${(applications * 10).toLocaleString("en")} in all)`);
      const large = await answerTimes(runtime, top.serviceId, top.versions, 5);
      rows.push({
        what: `insight: service() answer, ${(top.count * 10).toLocaleString("en")} of ${(applications * 10).toLocaleString("en")} applications`,
        value: `median ${large.median.toFixed(0)} ms, max ${large.max.toFixed(0)} ms`,
        target: `< ${TARGET_MS} ms`,
        ok: large.median < TARGET_MS,
      });
    }
  } finally {
    await runtime.close();
  }
  return rows;
}

async function seed(url: string, applications: number, rows: BenchRow[]) {
  const seeded = await seedInsight({ databaseUrl: url, applications, catchUp: false });
  rows.push({
    what: `insight: seed ${applications.toLocaleString("en")} applications through the runtime`,
    value: `${(seeded.wallMs / 1000).toFixed(0)} s wall, ${(seeded.cpuMs / 1000).toFixed(0)} s CPU (${seeded.transitions.toLocaleString("en")} audit events)`,
    target: "-",
    ok: seeded.applications >= applications * 0.99,
  });
}

if (process.argv[1] && /insight-bench\.ts$/.test(process.argv[1])) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const applications = arg("applications") ? Number(arg("applications")) : undefined;
  printTable(await benchInsight({ applications, seeded: arg("seeded"), scale: !process.argv.includes("--no-scale") }));
}
