// npm run bench: the performance table of DESIGN.md section 8, every ratio measured in this one run.
// Each part that needs something this machine may lack (Chromium, PostgreSQL, a built app) says "skipped"
// in its row instead of stopping the table.
import { benchStudio } from "../builder/bench/studio-bench";
import { benchDbos } from "./dbos-bench";
import { benchDocuments } from "./documents-bench";
import { benchTransitions, benchValidation } from "./engine-bench";
import { benchHttp } from "./http-bench";
import { benchInsight } from "./insight-bench";
import { printTable, type BenchRow } from "./measure";
import { benchPostgres } from "./postgres-bench";
import { benchRuntime } from "./runtime-bench";
import { benchScaleSim } from "./scale-sim";

const rows: BenchRow[] = [...benchValidation(), benchTransitions(), ...(await benchRuntime())];
const parts: [string, () => Promise<BenchRow[]>][] = [
  ["over HTTP (autocannon)", () => benchHttp()],
  ["PostgreSQL workers", benchPostgres],
  ["vs DBOS", benchDbos],
  ["scale simulation", benchScaleSim],
  ["documents", () => benchDocuments()],
  ["studio: open and edit in Chromium", () => benchStudio()],
  ["insight: seed, catch-up, dashboard answer", () => benchInsight()],
];
for (const [what, part] of parts) {
  try {
    rows.push(...(await part()));
  } catch (error) {
    rows.push({ what, value: `skipped: ${(error as Error).message.split("\n")[0]}`, target: "-", ok: false });
  }
}
printTable(rows);
