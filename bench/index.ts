// npm run bench: the performance table of DESIGN.md section 8, every ratio measured in this one run.
import { benchTransitions, benchValidation } from "./engine-bench";
import { printTable, type BenchRow } from "./measure";
import { benchRuntime } from "./runtime-bench";

const rows: BenchRow[] = [...benchValidation(), benchTransitions(), ...(await benchRuntime())];
printTable(rows);
