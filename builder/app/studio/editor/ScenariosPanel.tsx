/**
 * The service's scenarios: run them all in the browser with the engine's scenario runner, see which
 * pass, which paths and outcome edges no scenario covers, light a scenario's path, edit or remove one.
 * Why one fails is said in the studio's language from the runner's codes (i18n/coded.ts), the English in the tooltip.
 */
import { useMemo, useState } from "react";
import { compileDefinition, edgeCoverage, enumeratePaths, formatEdge, parseScenario, runScenario, scenarioFileProblem, uncoveredPaths, type CodedMessage, type TakenEdge } from "../../../../engine";
import { codedText } from "../i18n/coded";
import { useStudio, type StudioStore } from "./store";
import type { DraftScenario } from "./types";
import { useStudioT } from "../i18n/useStudioT";

const TEMPLATE = `name: a new scenario
answers: {}
replies: {}
expect:
  final: done
`;

export function ScenariosPanel({ store, scenarios, onChange }: { store: StudioStore; scenarios: DraftScenario[]; onChange: (s: DraftScenario[]) => void }) {
  const definition = useStudio(store, (s) => s.loaded.definition);
  const [editing, setEditing] = useState<string | null>(null);
  const { lang, t } = useStudioT();
  const results = useMemo(() => {
    if (!definition) return undefined;
    const compiled = compileDefinition(definition);
    const runs = scenarios.map((file) => {
      const parsed = parseScenario(file.text);
      if (!parsed.scenario) return { file, passed: false, failures: parsed.issues.map(scenarioFileProblem) as CodedMessage[], visited: [] as string[], taken: [] as TakenEdge[] };
      const r = runScenario(compiled, parsed.scenario);
      return { file, passed: r.passed, failures: r.problems, visited: r.visited, taken: r.taken };
    });
    const traces = runs.filter((r) => r.visited.length).map((r) => r.visited);
    const paths = enumeratePaths(definition, 2000);
    const coverage = edgeCoverage(definition, runs.filter((r) => r.passed).map((r) => r.taken));
    return { runs, uncovered: uncoveredPaths(paths.paths, traces), edges: coverage.uncovered.map(formatEdge), waived: coverage.waived, total: paths.paths.length, truncated: paths.truncated };
  }, [definition, scenarios]);

  if (!definition) return <p className="panel-note">{t("scenariosNeedValid")}</p>;
  const passed = results!.runs.filter((r) => r.passed).length;
  return (
    <div className="scenarios" data-testid="scenarios">
      <p className={passed === scenarios.length && scenarios.length ? "ok-text" : "error-text"} role="status">
        {scenarios.length === 0 ? t("noScenarios") : t("scenariosPass", { passed, n: scenarios.length })}
      </p>
      <ul className="scenario-list">
        {results!.runs.map((r) => (
          <li key={r.file.name} className={r.passed ? "pass" : "fail"} data-scenario={r.file.name}>
            <span className="verdict">{r.passed ? t("pass") : t("fail")}</span> <code>{r.file.name}</code>{" "}
            <button type="button" onClick={() => store.light(r.visited)} disabled={!r.visited.length}>
              {t("showPath")}
            </button>{" "}
            <button type="button" onClick={() => setEditing(editing === r.file.name ? null : r.file.name)}>
              {editing === r.file.name ? t("close") : t("edit")}
            </button>{" "}
            <button type="button" className="danger" onClick={() => onChange(scenarios.filter((s) => s.name !== r.file.name))}>
              {t("remove")}
            </button>
            {!r.passed && (
              <ul className="failures">
                {r.failures.map((f, i) => (
                  <li key={i} data-code={f.code} title={`${f.message} [${f.code}]`}>
                    {codedText(lang, f, definition)}
                  </li>
                ))}
              </ul>
            )}
            {editing === r.file.name && (
              <textarea
                className="mono scenario-text"
                aria-label={t("yamlOf", { name: r.file.name })}
                defaultValue={r.file.text}
                rows={14}
                spellCheck={false}
                onBlur={(e) => onChange(scenarios.map((s) => (s.name === r.file.name ? { ...s, text: e.target.value } : s)))}
              />
            )}
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => onChange([...scenarios, { name: `${String(scenarios.length + 1).padStart(2, "0")}-new.yaml`, text: TEMPLATE }])}>
        {t("addScenario")}
      </button>
      <h3>{t("coverage")}</h3>
      <p>{t("pathsCovered", { covered: results!.total - results!.uncovered.length, n: results!.total, more: results!.truncated ? "+" : "" })}</p>
      {results!.uncovered.length > 0 && (
        <details open={results!.uncovered.length <= 5}>
          <summary>{t("pathsNoScenario", { n: results!.uncovered.length })}</summary>
          <ul className="uncovered">
            {results!.uncovered.slice(0, 50).map((p, i) => (
              <li key={i}>
                <button type="button" onClick={() => store.light(p)}>
                  {p.join(" → ")}
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
      {results!.edges.length > 0 && (
        <details>
          <summary>{t("edgesNoScenario", { n: results!.edges.length })}</summary>
          <ul className="uncovered">
            {results!.edges.slice(0, 100).map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </details>
      )}
      {results!.waived.length > 0 && (
        <details>
          <summary>{t("edgesWaived", { n: results!.waived.length })}</summary>
          <ul className="waived">
            {results!.waived.map((e) => (
              <li key={formatEdge(e)}>
                {formatEdge(e)}: {e.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
