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

/** What is certainly in an application's data when it enters a step. */
export interface Availability {
  has(step: string, name: string): boolean;
  names(step: string): string[];
}

/**
 * For each step: the names that are certainly in the data when the step is entered, whatever path led
 * there (a forward "must" analysis: the intersection over all reachable predecessors, to a fixpoint).
 * Sets are bitsets so that a 500-step service is analysed in a few milliseconds.
 */
export function availableNames(definition: ServiceDefinition): Availability {
  const next = successors(definition);
  const ids = Object.keys(definition.steps);
  const names: string[] = [...BUILT_IN_NAMES];
  const bit = new Map<string, number>(names.map((n, i) => [n, i]));
  const provides = new Map<string, number>();
  for (const id of ids) {
    const name = providedName(id, definition.steps[id]);
    if (!name) continue;
    if (!bit.has(name)) {
      bit.set(name, names.length);
      names.push(name);
    }
    provides.set(id, bit.get(name)!);
  }
  const words = Math.ceil(names.length / 32);
  const full = () => new Uint32Array(words).fill(0xffffffff);
  const builtIns = new Uint32Array(words);
  for (let i = 0; i < BUILT_IN_NAMES.length; i++) builtIns[i >> 5] |= 1 << (i & 31);

  const reachable = [...reachableFrom(definition.start, next)];
  const predecessors = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const id of reachable) for (const to of next.get(id) ?? []) predecessors.get(to)!.push(id);
  const entry = new Map<string, Uint32Array>(ids.map((id) => [id, full()]));
  const exit = new Map<string, Uint32Array>(ids.map((id) => [id, full()]));

  let changed = true;
  while (changed) {
    changed = false;
    for (const id of reachable) {
      const merged = id === definition.start ? builtIns.slice() : full();
      for (const p of predecessors.get(id)!) {
        const out = exit.get(p)!;
        for (let w = 0; w < words; w++) merged[w] &= out[w];
      }
      const own = provides.get(id);
      const out = merged.slice();
      if (own !== undefined) out[own >> 5] |= 1 << (own & 31);
      const before = exit.get(id)!;
      for (let w = 0; w < words && !changed; w++) if (before[w] !== out[w]) changed = true;
      entry.set(id, merged);
      exit.set(id, out);
    }
  }
  return {
    has(step, name) {
      const set = entry.get(step);
      const i = bit.get(name);
      return set === undefined || (i !== undefined && (set[i >> 5] & (1 << (i & 31))) !== 0);
    },
    names(step) {
      const set = entry.get(step);
      return set ? names.filter((_, i) => (set[i >> 5] & (1 << (i & 31))) !== 0) : [];
    },
  };
}
