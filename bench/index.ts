// npm run bench: the performance table of DESIGN.md section 8, every ratio measured in this one run.
import { benchTransitions, benchValidation } from "./engine-bench";
import { printTable, type BenchRow } from "./measure";
import { benchPostgresWorkers, benchRuntimeVsBpmnEngine, benchSqliteDurableVsRaw } from "./runtime-bench";

const rows: BenchRow[] = [...benchValidation(), benchTransitions()];

const sqlite = await benchSqliteDurableVsRaw();
rows.push({
  what: "runtime: durable steps/s on SQLite vs raw SQLite transactions/s (one equivalent write)",
  value: `${sqlite.ratio.toFixed(2)}× (${sqlite.runtime.toFixed(0)}/s vs ${sqlite.raw.toFixed(0)}/s)`,
  target: "≥ 0.5×",
  ok: sqlite.ratio >= 0.5,
});
const bpmn = await benchRuntimeVsBpmnEngine();
rows.push({
  what: "runtime vs bpmn-engine running the same flow with persistence",
  value: `${bpmn.ratio.toFixed(1)}× (${bpmn.runtime.toFixed(0)}/s vs ${bpmn.bpmn.toFixed(0)}/s)`,
  target: "≥ 20×",
  ok: bpmn.ratio >= 20,
});
const postgres = await benchPostgresWorkers();
rows.push(
  postgres
    ? {
        what: "PostgreSQL: 2 worker processes vs 1 (applications/s to the final step)",
        value: `${postgres.ratio.toFixed(2)}× (${postgres.two.toFixed(1)}/s vs ${postgres.one.toFixed(1)}/s)`,
        target: "≥ 1.7×",
        ok: postgres.ratio >= 1.7,
      }
    : { what: "PostgreSQL: 2 worker processes vs 1", value: "skipped: no PostgreSQL binaries", target: "≥ 1.7×", ok: false },
);

printTable(rows);
