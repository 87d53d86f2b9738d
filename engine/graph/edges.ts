import type { ServiceDefinition, Step } from "../definition/schema";
import { hasOwn } from "../own";
import { stepOutlets } from "../steps";

/** One way out of a step: the event or outcome that takes it, where it goes, and where it is written. */
export interface Edge {
  from: string;
  /** The outcome's name, as coverage and waivers write it: "next", "otherwise", "branch 0", an `on` key like "found" or "timeout". */
  outcome: string;
  /** What people read on it: "next", "when age >= 18", "found". */
  label: string;
  to: string;
  path: (string | number)[];
}

/** A step's connected ways out, from its kind's module (engine/steps/<kind>.ts). */
export function stepEdges(id: string, step: Step): Edge[] {
  const edges: Edge[] = [];
  for (const outlet of stepOutlets(id, step)) {
    if (outlet.to !== undefined) edges.push({ from: id, outcome: outlet.outcome, label: outlet.label, to: outlet.to, path: outlet.path });
  }
  return edges;
}

function stepTargets(id: string, step: Step): string[] {
  const targets: string[] = [];
  for (const outlet of stepOutlets(id, step)) if (outlet.to !== undefined) targets.push(outlet.to);
  return targets;
}

export function allEdges(definition: ServiceDefinition): Edge[] {
  return Object.entries(definition.steps).flatMap(([id, step]) => stepEdges(id, step));
}

/** Successors by step id, keeping only targets that exist (own keys: "toString" is no step). */
export function successors(definition: ServiceDefinition): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const id of Object.keys(definition.steps)) map.set(id, []);
  for (const [id, step] of Object.entries(definition.steps)) {
    const targets = stepTargets(id, step);
    const list = map.get(id)!;
    // Most steps have a few edges: a set only for the rare step with very many outcomes.
    const seen = targets.length > 16 ? new Set<string>() : undefined;
    for (const to of targets) {
      if (!hasOwn(definition.steps, to) || (seen ? seen.has(to) : list.includes(to))) continue;
      seen?.add(to);
      list.push(to);
    }
  }
  return map;
}

export function reachableFrom(start: string, next: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id) || !next.has(id)) continue;
    seen.add(id);
    for (const to of next.get(id)!) stack.push(to);
  }
  return seen;
}
