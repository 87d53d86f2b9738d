import type { CompiledService } from "../compile/compile";
import { edgeCoverage, formatEdge, type EdgeCoverage } from "../graph/paths";
import { coded, type CodedMessage } from "../simulate/messages";
import { runScenario, type ScenarioResult } from "./run";
import type { Scenario } from "./scenario";

export interface ScenarioCoverage {
  results: ScenarioResult[];
  coverage: EdgeCoverage;
  /** Why the service may not be published, in plain words; empty when it may. */
  blockers: string[];
  /** The same blockers by code, for the studio's languages (`problems[i].message` is `blockers[i]`). */
  problems: CodedMessage[];
}

/**
 * The publish gate: every scenario passes in the simulator, and every outcome edge is taken by one of
 * them or waived in the definition with a reason.
 */
export function checkScenarioCoverage(compiled: CompiledService, scenarios: readonly Scenario[]): ScenarioCoverage {
  const results = scenarios.map((scenario) => runScenario(compiled, scenario));
  const coverage = edgeCoverage(compiled.definition, results.filter((r) => r.passed).map((r) => r.taken));
  const problems: CodedMessage[] = [];
  if (scenarios.length === 0) problems.push(coded("publish.no-scenarios", {}, "no scenarios: run the service in the studio and save the run as a scenario"));
  const failing = results.filter((r) => !r.passed);
  if (failing.length) {
    const names = failing.map((f) => f.name).join(", ");
    problems.push(coded("publish.scenarios-fail", { n: failing.length, names }, `${failing.length} scenario(s) fail: ${names}`));
  }
  if (coverage.uncovered.length) {
    const listed = `${coverage.uncovered.slice(0, 10).map(formatEdge).join(", ")}${coverage.uncovered.length > 10 ? ", …" : ""}`;
    problems.push(
      coded("publish.edges-uncovered", { n: coverage.uncovered.length, edges: listed }, `${coverage.uncovered.length} outcome edge(s) taken by no scenario and not waived: ${listed} (add a scenario, or a coverageWaivers entry with a reason)`),
    );
  }
  if (coverage.strayWaivers.length) {
    const waivers = coverage.strayWaivers.map((w) => `${w.step}.${w.outcome}`).join(", ");
    problems.push(coded("publish.stray-waivers", { waivers }, `coverage waivers naming no edge of the service, or without a reason: ${waivers}`));
  }
  return { results, coverage, blockers: problems.map((p) => p.message), problems };
}
