// npm run bench: the performance table of DESIGN.md section 8, every ratio measured in this one run.
import { benchStudio } from "../builder/bench/studio-bench";
import { benchDocuments } from "./documents-bench";
import { benchTransitions, benchValidation } from "./engine-bench";
import { printTable, type BenchRow } from "./measure";
import { benchRuntime } from "./runtime-bench";

const rows: BenchRow[] = [...benchValidation(), benchTransitions(), ...(await benchRuntime()), ...(await benchDocuments())];
try {
  rows.push(...(await benchStudio()));
} catch (error) {
  rows.push({ what: "studio: open and edit in Chromium", value: `skipped: ${(error as Error).message.split("\n")[0]}`, target: "-", ok: false });
}
printTable(rows);
