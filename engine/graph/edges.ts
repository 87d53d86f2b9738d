import type { ServiceDefinition, Step } from "../definition/schema";
import { hasOwn } from "../own";

/** One way out of a step: the event or outcome that takes it, where it goes, and where it is written. */
export interface Edge {
  from: string;
  /** The outcome's name: "next", "otherwise", "branch 0", an outcome like "found" or "timeout". */
  label: string;
  to: string;
  path: (string | number)[];
}

export function stepEdges(id: string, step: Step): Edge[] {
  if (!step || typeof step !== "object") return []; // a broken step: the schema check reports it
  const base = ["steps", id];
  switch (step.kind) {
    case "form":
    case "document":
    case "notification":
      return [{ from: id, label: "next", to: step.next, path: [...base, "next"] }];
    case "decision":
      return [
        ...(Array.isArray(step.branches) ? step.branches : []).map((b, i) => ({ from: id, label: `when ${b.when}`, to: b.next, path: [...base, "branches", i, "next"] })),
        { from: id, label: "otherwise", to: step.otherwise, path: [...base, "otherwise"] },
      ];
    case "registry":
    case "task":
    case "review":
    case "payment":
    case "wait":
      return Object.entries(step.on ?? {}).map(([label, to]) => ({ from: id, label, to, path: [...base, "on", label] }));
    case "final":
      return [];
  }
}

/** Where a step's edges lead, without building the edges (the graph of a large service is built often). */
function stepTargets(step: Step): string[] {
  if (!step || typeof step !== "object") return [];
  switch (step.kind) {
    case "form":
    case "document":
    case "notification":
      return [step.next];
    case "decision":
      return [...(Array.isArray(step.branches) ? step.branches : []).map((b) => b?.next), step.otherwise];
    case "final":
      return [];
    default:
      return "on" in step && step.on && typeof step.on === "object" ? Object.values(step.on) : [];
  }
}

export function allEdges(definition: ServiceDefinition): Edge[] {
  return Object.entries(definition.steps).flatMap(([id, step]) => stepEdges(id, step));
}

/** Successors by step id, keeping only targets that exist (own keys: "toString" is no step). */
export function successors(definition: ServiceDefinition): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const id of Object.keys(definition.steps)) map.set(id, []);
  for (const [id, step] of Object.entries(definition.steps)) {
    const targets = stepTargets(step);
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
