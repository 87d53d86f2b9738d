import { createActor } from "xstate";
import type { CompiledService } from "../compile/compile";
import type { Step } from "../definition/schema";
import { createServiceMachine } from "../compile/machine";
import { evaluateMapping } from "../expressions/cel";
import { validateAnswers } from "../forms/answers";
import { hasOwn } from "../own";
import { DEMO_APPLICANT, type Scenario, type ScenarioReply } from "./scenario";

export interface ScenarioResult {
  name: string;
  passed: boolean;
  /** Every step entered, decisions included, in order. */
  visited: string[];
  final?: string;
  outcome?: string;
  documents: string[];
  failures: string[];
  data: Record<string, unknown>;
}

const MAX_EVENTS = 1000;

/** Runs a scenario on the compiled machine in memory: forms get the answers, work steps the replies. */
export function runScenario(compiled: CompiledService, scenario: Scenario): ScenarioResult {
  const { definition } = compiled;
  const visited: string[] = [];
  const documents: string[] = [];
  const failures: string[] = [];
  const language = definition.languages[0];
  const answers = queues(scenario.answers ?? {});
  const replies = queues(scenario.replies ?? {});
  const applicant = { ...DEMO_APPLICANT, ...(scenario.applicant ?? {}) };
  const actor = createActor(createServiceMachine(compiled), {
    input: { data: { applicant, application: { id: "scenario", createdAt: "2026-01-01T00:00:00.000Z", language } } },
    inspect: (event) => {
      if (event.type === "@xstate.microstep") visited.push(String((event.snapshot as unknown as { value: unknown }).value));
    },
  });
  actor.subscribe({ error: (error) => failures.push(`The machine failed: ${(error as Error).message}`) });
  visited.push(definition.start);
  actor.start();

  for (let events = 0; events < MAX_EVENTS && failures.length === 0; events++) {
    const snapshot = actor.getSnapshot();
    if (snapshot.status !== "active") break;
    const id = String(snapshot.value);
    const step = definition.steps[id];
    const data = snapshot.context.data;
    const before = visited.length;
    if (step.kind === "form") {
      tryMapping(step.prefill, data, failures, id);
      const answer = answers.take(id);
      if (!answer) {
        failures.push(`No answers for form "${id}"`);
        break;
      }
      const errors = validateAnswers(step, answer, language);
      if (errors.length) {
        failures.push(`Answers for "${id}" are invalid: ${errors.map((e) => `${e.field.join(".") || "(form)"}: ${e.message}`).join("; ")}`);
        break;
      }
      actor.send({ type: "submit", data: answer as Record<string, unknown> });
    } else if (step.kind === "document") {
      const issued = { template: step.template, ...tryMapping(step.data, data, failures, id) };
      documents.push(step.template);
      actor.send({ type: "outcome.issued", data: issued });
    } else if (step.kind === "notification") {
      actor.send({ type: "outcome.sent" });
    } else {
      const reply = replies.take(id) as ScenarioReply | undefined;
      if (!reply) {
        failures.push(`No reply for ${step.kind} step "${id}"`);
        break;
      }
      if (step.kind === "wait" && step.poll && reply.outcome === (step.poll.pending ?? "pending")) continue;
      checkInputs(step, data, failures, id);
      if (failures.length) break;
      if (!("on" in step) || !hasOwn(step.on, reply.outcome)) {
        failures.push(`Step "${id}" has no outcome "${reply.outcome}" (it has: ${"on" in step ? Object.keys(step.on).join(", ") : "none"})`);
        break;
      }
      actor.send({ type: `outcome.${reply.outcome}`, data: reply.data });
    }
    if (visited.length === before && actor.getSnapshot().status === "active" && failures.length === 0) {
      failures.push(`Step "${id}" did not move on`);
    }
  }
  const end = actor.getSnapshot();
  actor.stop();
  const final = end.status === "done" ? String(end.value) : undefined;
  const outcome = final ? (definition.steps[final] as { outcome?: string }).outcome : undefined;
  if (!final && failures.length === 0) failures.push(`The application did not end (stopped at "${String(end.value)}")`);
  if (failures.length === 0) compareWithExpected(scenario.expect, { final, outcome, documents, visited }, failures);
  return { name: scenario.name, passed: failures.length === 0, visited, final, outcome, documents, failures, data: end.context.data };
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

/** Evaluates what the runtime would evaluate before the work: call inputs and the amount to pay. */
function checkInputs(step: Step, data: Record<string, unknown>, failures: string[], id: string) {
  if (step.kind === "registry" || step.kind === "task") tryMapping(step.input, data, failures, id);
  if (step.kind === "wait" && step.poll) tryMapping(step.poll.input, data, failures, id);
  if (step.kind === "payment") {
    const amount = typeof step.amount === "number" ? step.amount : tryMapping({ amount: step.amount }, data, failures, id).amount;
    if (failures.length === 0 && (typeof amount !== "number" || !(amount >= 0))) failures.push(`Step "${id}": the amount to pay is ${JSON.stringify(amount)}, not a number`);
  }
}

function tryMapping(mapping: Record<string, string> | undefined, data: Record<string, unknown>, failures: string[], id: string) {
  try {
    return evaluateMapping(mapping, data);
  } catch (error) {
    failures.push(`Step "${id}": ${(error as Error).message}`);
    return {};
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
