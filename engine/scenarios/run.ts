import type { CompiledService } from "../compile/compile";
import { Simulation, type TakenEdge } from "../simulate/simulate";
import type { Scenario } from "./scenario";

export interface ScenarioResult {
  name: string;
  passed: boolean;
  /** Every step entered, decisions included, in order. */
  visited: string[];
  /** Every outcome edge taken (step, outcome, target), in order: what coverage counts. */
  taken: TakenEdge[];
  final?: string;
  outcome?: string;
  documents: string[];
  failures: string[];
  data: Record<string, unknown>;
}

const MAX_EVENTS = 1000;

/**
 * Runs a scenario in the simulator (engine/simulate): forms get the scenario's answers, the steps that
 * wait for the outside world its replies; then the run is compared with what the scenario expects.
 */
export function runScenario(compiled: CompiledService, scenario: Scenario): ScenarioResult {
  const { definition } = compiled;
  const failures: string[] = [];
  const answers = queues(scenario.answers ?? {});
  const replies = queues(scenario.replies ?? {});
  const simulation = new Simulation(compiled, { applicant: scenario.applicant, seed: "scenario", applicationId: "scenario" });
  let state = simulation.state();
  for (let events = 0; events < MAX_EVENTS && "needs" in state; events++) {
    const input = state.needs === "answers" ? answers.take(state.step) : replies.take(state.step);
    if (input === undefined) {
      failures.push(state.needs === "answers" ? `No answers for form "${state.step}"` : `No reply for ${definition.steps[state.step].kind} step "${state.step}"`);
      break;
    }
    state = simulation.give(input);
  }
  simulation.stop();
  if ("failed" in state) failures.push(state.failed);
  const final = "done" in state ? state.final : undefined;
  const outcome = "done" in state ? state.outcome : undefined;
  if (!final && failures.length === 0) failures.push(`The application did not end (stopped at "${simulation.current}")`);
  const { visited, documents, taken } = simulation;
  if (failures.length === 0) compareWithExpected(scenario.expect, { final, outcome, documents, visited }, failures);
  return { name: scenario.name, passed: failures.length === 0, visited, taken, final, outcome, documents: [...documents], failures, data: simulation.data };
}

function compareWithExpected(
  expect: Scenario["expect"],
  { final, outcome, documents, visited }: { final?: string; outcome?: string; documents: string[]; visited: string[] },
  failures: string[],
) {
  if (final && final !== expect.final) failures.push(`Expected to end at "${expect.final}", ended at "${final}"`);
  if (expect.outcome && outcome !== expect.outcome) failures.push(`Expected outcome "${expect.outcome}", got "${outcome}"`);
  if (expect.documents && JSON.stringify([...expect.documents].sort()) !== JSON.stringify([...documents].sort())) {
    failures.push(`Expected documents [${expect.documents.join(", ")}], got [${documents.join(", ")}]`);
  }
  if (expect.visits && expect.visits.join(">") !== visited.join(">")) {
    failures.push(`Expected path ${expect.visits.join(" → ")}, got ${visited.join(" → ")}`);
  }
}

/** Per step: a single value is reused every time; a list is consumed in order. */
function queues(source: Record<string, unknown>) {
  const state = new Map(Object.entries(source).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]));
  return {
    take(id: string): unknown {
      const value = state.get(id);
      return Array.isArray(value) ? value.shift() : value;
    },
  };
}
