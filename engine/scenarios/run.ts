import type { CompiledService } from "../compile/compile";
import { coded, type CodedMessage } from "../simulate/messages";
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
  /** Why the scenario fails, in English. */
  failures: string[];
  /** The same failures by code, for the studio's languages (`problems[i].message` is `failures[i]`). */
  problems: CodedMessage[];
  data: Record<string, unknown>;
}

const MAX_EVENTS = 1000;

/**
 * Runs a scenario in the simulator (engine/simulate): forms get the scenario's answers, the steps that
 * wait for the outside world its replies; then the run is compared with what the scenario expects.
 */
export function runScenario(compiled: CompiledService, scenario: Scenario): ScenarioResult {
  const { definition } = compiled;
  const problems: CodedMessage[] = [];
  const answers = queues(scenario.answers ?? {});
  const replies = queues(scenario.replies ?? {});
  const simulation = new Simulation(compiled, { applicant: scenario.applicant, seed: "scenario", applicationId: "scenario" });
  let state = simulation.state();
  for (let events = 0; events < MAX_EVENTS && "needs" in state; events++) {
    const input = state.needs === "answers" ? answers.take(state.step) : replies.take(state.step);
    if (input === undefined) {
      const kind = definition.steps[state.step].kind;
      problems.push(
        state.needs === "answers"
          ? coded("scenario.no-answers", { step: state.step }, `No answers for form "${state.step}"`)
          : coded("scenario.no-reply", { step: state.step, kind }, `No reply for ${kind} step "${state.step}"`),
      );
      break;
    }
    state = simulation.give(input);
  }
  simulation.stop();
  if ("failed" in state) problems.push(state.problem);
  const final = "done" in state ? state.final : undefined;
  const outcome = "done" in state ? state.outcome : undefined;
  if (!final && problems.length === 0) problems.push(coded("scenario.not-ended", { step: simulation.current }, `The application did not end (stopped at "${simulation.current}")`));
  const { visited, documents, taken } = simulation;
  if (problems.length === 0) compareWithExpected(scenario.expect, { final, outcome, documents, visited }, problems);
  const failures = problems.map((p) => p.message);
  return { name: scenario.name, passed: failures.length === 0, visited, taken, final, outcome, documents: [...documents], failures, problems, data: simulation.data };
}

function compareWithExpected(
  expect: Scenario["expect"],
  { final, outcome, documents, visited }: { final?: string; outcome?: string; documents: string[]; visited: string[] },
  problems: CodedMessage[],
) {
  if (final && final !== expect.final) problems.push(coded("scenario.expected-final", { expected: expect.final, step: final }, `Expected to end at "${expect.final}", ended at "${final}"`));
  if (expect.outcome && outcome !== expect.outcome) {
    problems.push(coded("scenario.expected-outcome", { expected: expect.outcome, actual: String(outcome) }, `Expected outcome "${expect.outcome}", got "${outcome}"`));
  }
  if (expect.documents && JSON.stringify([...expect.documents].sort()) !== JSON.stringify([...documents].sort())) {
    const [wanted, got] = [expect.documents.join(", "), documents.join(", ")];
    problems.push(coded("scenario.expected-documents", { expected: wanted, actual: got }, `Expected documents [${wanted}], got [${got}]`));
  }
  if (expect.visits && expect.visits.join(">") !== visited.join(">")) {
    problems.push(coded("scenario.expected-path", { expected: expect.visits.join(">"), actual: visited.join(">") }, `Expected path ${expect.visits.join(" → ")}, got ${visited.join(" → ")}`));
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
