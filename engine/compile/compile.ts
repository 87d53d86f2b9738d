import type { ServiceDefinition, Step } from "../definition/schema";
import { stepModule } from "../steps";
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
export interface TransitionConfig {
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

/** Outcomes a work step's runtime may report: its kind's built-in ones (issued, sent) and its `on` keys. */
export function workOutcomes(step: Step): string[] {
  const module = stepModule(step);
  if (module.input === "none" && module.builtinOutcomes.length === 0) return [];
  return [...module.builtinOutcomes, ..."on" in step ? Object.keys(step.on) : []];
}

/** Compiles a definition (assumed valid: validate first) into a plain-JSON XState v5 machine config. */
export function compileDefinition(definition: ServiceDefinition): CompiledService {
  const clean = withoutLayout(definition);
  const states: Record<string, StateConfig> = {};
  for (const id of Object.keys(clean.steps).sort()) states[id] = compileStep(id, clean.steps[id]);
  const machine: MachineConfig = { id: clean.id, initial: clean.start, states };
  return { id: clean.id, hash: sha256Hex(canonicalJson(clean)), definition: clean, machine };
}

/**
 * A step's state, from its kind's outlets: an outlet taken by an event becomes a transition on it (saving
 * the event's data under the step's name), automatic ones (a decision's) become guarded `always` transitions.
 */
function compileStep(id: string, step: Step): StateConfig {
  const module = stepModule(step);
  const state: StateConfig = { meta: { kind: step.kind } };
  const ending = module.ending?.(step);
  if (ending !== undefined) {
    state.type = "final";
    state.meta.outcome = ending;
    return state;
  }
  const name = module.provides(id, step);
  const store = name ? [{ type: "store" as const, params: { as: name } }] : undefined;
  const on: Record<string, TransitionConfig> = {};
  const always: TransitionConfig[] = [];
  for (const outlet of module.outlets(id, step)) {
    const target = outlet.to!; // valid definitions only: every outlet is connected
    if (outlet.event) on[outlet.event] = { target, ...(store && { actions: store }) };
    else always.push(outlet.when === undefined ? { target } : { target, guard: { type: "expression", params: { expr: outlet.when } } });
  }
  if (always.length) state.always = always;
  if (Object.keys(on).length) state.on = on;
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
