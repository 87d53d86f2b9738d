import type { ServiceDefinition, Step } from "../definition/schema";
import { reachableFrom, successors } from "./edges";

/** The name under which a step's result lands in the application's data, if it writes any. */
export function providedName(id: string, step: Step): string | undefined {
  switch (step.kind) {
    case "form":
    case "registry":
    case "task":
    case "payment":
    case "document":
      return step.saveAs ?? id;
    case "review":
      return id;
    case "wait":
      return step.poll ? (step.poll.saveAs ?? id) : id;
    default:
      return undefined;
  }
}

/** Names every application has from the start. */
export const BUILT_IN_NAMES = ["applicant", "application"] as const;

/**
 * For each step: the names that are certainly in the data when the step is entered, whatever path led
 * there (a forward "must" analysis: the intersection over all reachable predecessors, to a fixpoint).
 */
export function availableNames(definition: ServiceDefinition): Map<string, Set<string>> {
  const next = successors(definition);
  const ids = Object.keys(definition.steps);
  const all = new Set<string>(BUILT_IN_NAMES);
  for (const id of ids) {
    const name = providedName(id, definition.steps[id]);
    if (name) all.add(name);
  }
  const reachable = reachableFrom(definition.start, next);
  const predecessors = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const id of reachable) for (const to of next.get(id) ?? []) predecessors.get(to)!.push(id);

  const entry = new Map<string, Set<string>>(ids.map((id) => [id, new Set(all)]));
  const exit = (id: string) => {
    const name = providedName(id, definition.steps[id]);
    return name ? new Set([...entry.get(id)!, name]) : entry.get(id)!;
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (const id of reachable) {
      const fromStart = id === definition.start ? [new Set<string>(BUILT_IN_NAMES)] : [];
      const incoming = [...fromStart, ...predecessors.get(id)!.map(exit)];
      const merged = new Set([...all].filter((n) => incoming.every((set) => set.has(n))));
      if (merged.size !== entry.get(id)!.size) {
        entry.set(id, merged);
        changed = true;
      }
    }
  }
  return entry;
}
