import type { ServiceDefinition } from "../definition/schema";
import { successors } from "./edges";

export interface PathList {
  /** Each path is the sequence of step ids from the start to a final step, visiting no step twice. */
  paths: string[][];
  /** True when there were more paths than the limit. */
  truncated: boolean;
}

/** Enumerates the simple paths from the start to every final step (loops are taken at most once: see loopErase). */
export function enumeratePaths(definition: ServiceDefinition, limit = 10_000): PathList {
  const next = successors(definition);
  const paths: string[][] = [];
  const onPath = new Set<string>();
  const path: string[] = [];
  let truncated = false;
  const visit = (id: string) => {
    if (truncated || onPath.has(id) || !(id in definition.steps)) return;
    path.push(id);
    onPath.add(id);
    if (definition.steps[id].kind === "final") {
      if (paths.length >= limit) truncated = true;
      else paths.push([...path]);
    } else {
      for (const to of next.get(id) ?? []) visit(to);
    }
    path.pop();
    onPath.delete(id);
  };
  visit(definition.start);
  return { paths, truncated };
}

/** Removes the loops from a run's trace, leaving the simple path it corresponds to. */
export function loopErase(trace: readonly string[]): string[] {
  const out: string[] = [];
  for (const id of trace) {
    const seen = out.indexOf(id);
    if (seen >= 0) out.length = seen;
    out.push(id);
  }
  return out;
}

/** Paths that no trace covers. */
export function uncoveredPaths(paths: readonly string[][], traces: readonly string[][]): string[][] {
  const covered = new Set(traces.map((t) => loopErase(t).join(">")));
  return paths.filter((p) => !covered.has(p.join(">")));
}

/**
 * Transitions that no trace takes. Paths alone miss detours: a form that loops back to a decision lies
 * on no simple path, so every edge must be taken by some scenario too.
 */
export function uncoveredEdges(definition: ServiceDefinition, traces: readonly string[][]): string[] {
  const taken = new Set<string>();
  for (const trace of traces) for (let i = 1; i < trace.length; i++) taken.add(`${trace[i - 1]} → ${trace[i]}`);
  const all = new Set<string>();
  for (const [from, tos] of successors(definition)) for (const to of tos) all.add(`${from} → ${to}`);
  return [...all].filter((edge) => !taken.has(edge));
}
