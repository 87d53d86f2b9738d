import type { CompiledService } from "../compile/compile";
import { edgeCoverage, formatEdge, type EdgeCoverage } from "../graph/paths";
import { runScenario, type ScenarioResult } from "./run";
import type { Scenario } from "./scenario";

export interface ScenarioCoverage {
  results: ScenarioResult[];
  coverage: EdgeCoverage;
  /** Why the service may not be published, in plain words; empty when it may. */
  blockers: string[];
}

/**
 * The publish gate: every scenario passes in the simulator, and every outcome edge is taken by one of
 * them or waived in the definition with a reason.
 */
export function checkScenarioCoverage(compiled: CompiledService, scenarios: readonly Scenario[]): ScenarioCoverage {
  const results = scenarios.map((scenario) => runScenario(compiled, scenario));
  const coverage = edgeCoverage(compiled.definition, results.filter((r) => r.passed).map((r) => r.taken));
  const blockers: string[] = [];
  if (scenarios.length === 0) blockers.push("no scenarios: run the service in the studio and save the run as a scenario");
  const failing = results.filter((r) => !r.passed);
  if (failing.length) blockers.push(`${failing.length} scenario(s) fail: ${failing.map((f) => f.name).join(", ")}`);
  if (coverage.uncovered.length) {
    const listed = coverage.uncovered.slice(0, 10).map(formatEdge).join(", ");
    blockers.push(`${coverage.uncovered.length} outcome edge(s) taken by no scenario and not waived: ${listed}${coverage.uncovered.length > 10 ? ", …" : ""} (add a scenario, or a coverageWaivers entry with a reason)`);
  }
  if (coverage.strayWaivers.length) {
    blockers.push(`coverage waivers naming no edge of the service, or without a reason: ${coverage.strayWaivers.map((w) => `${w.step}.${w.outcome}`).join(", ")}`);
  }
  return { results, coverage, blockers };
}
