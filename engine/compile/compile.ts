import type { ServiceDefinition, Step } from "../definition/schema";
import { providedName } from "../graph/dataflow";
import { canonicalJson, sha256Hex } from "./canonical";

/**
 * Events a service machine understands:
 * - `submit` with `data`: the citizen's answers to the current form (validated by the caller);
 * - `outcome.<name>` with optional `data`: the result of a registry call, handler, officer decision,
 *   payment, deadline (`outcome.timeout`), external event, issued document or sent notification.
 */
export type ServiceEvent =
  | { type: "submit"; data: Record<string, unknown> }
  | { type: `outcome.${string}`; data?: unknown };

export const outcomeEvent = (outcome: string) => `outcome.${outcome}` as const;

/** A transition in plain JSON: implementations are referenced by name (`store`, `expression`). */
interface TransitionConfig {
  target: string;
  guard?: { type: "expression"; params: { expr: string } };
  actions?: { type: "store"; params: { as: string } }[];
}

export interface StateConfig {
  meta: { kind: Step["kind"]; outcome?: string };
  type?: "final";
  on?: Record<string, TransitionConfig>;
  always?: TransitionConfig[];
}

export interface MachineConfig {
  id: string;
  initial: string;
  states: Record<string, StateConfig>;
}

export interface CompiledService {
  id: string;
  /** sha256 of the canonical definition without layout: it identifies a version's content. */
  hash: string;
  /** The definition as given, without layout (positions), for the runtime's work steps. */
  definition: ServiceDefinition;
  machine: MachineConfig;
}

/** Outcomes a work step's runtime may report in addition to its `on` keys. */
export function workOutcomes(step: Step): string[] {
  switch (step.kind) {
    case "document":
      return ["issued"];
    case "notification":
      return ["sent"];
    case "registry":
    case "task":
    case "review":
    case "payment":
    case "wait":
      return Object.keys(step.on);
    default:
      return [];
  }
}

/** Compiles a definition (assumed valid: validate first) into a plain-JSON XState v5 machine config. */
export function compileDefinition(definition: ServiceDefinition): CompiledService {
  const clean = withoutLayout(definition);
  const states: Record<string, StateConfig> = {};
  for (const id of Object.keys(clean.steps).sort()) states[id] = compileStep(id, clean.steps[id]);
  const machine: MachineConfig = { id: clean.id, initial: clean.start, states };
  return { id: clean.id, hash: sha256Hex(canonicalJson(clean)), definition: clean, machine };
}

function compileStep(id: string, step: Step): StateConfig {
  const state: StateConfig = { meta: { kind: step.kind } };
  const name = providedName(id, step);
  const store = name ? [{ type: "store" as const, params: { as: name } }] : undefined;
  switch (step.kind) {
    case "form":
      state.on = { submit: { target: step.next, actions: store } };
      break;
    case "decision":
      state.always = [
        ...step.branches.map((b) => ({ target: b.next, guard: { type: "expression" as const, params: { expr: b.when } } })),
        { target: step.otherwise },
      ];
      break;
    case "final":
      state.type = "final";
      state.meta.outcome = step.outcome;
      break;
    case "document":
    case "notification":
      state.on = { [outcomeEvent(workOutcomes(step)[0])]: { target: step.next, ...(store && { actions: store }) } };
      break;
    default:
      state.on = Object.fromEntries(
        Object.entries(step.on).map(([outcome, target]) => [outcomeEvent(outcome), { target, ...(store && { actions: store }) }]),
      );
  }
  return state;
}

function withoutLayout(definition: ServiceDefinition): ServiceDefinition {
  const { $schema: _schema, ...rest } = definition;
  const steps: Record<string, Step> = {};
  for (const [id, step] of Object.entries(definition.steps)) {
    const { position: _position, ...stepRest } = step;
    steps[id] = stepRest as Step;
  }
  return { ...rest, steps };
}
