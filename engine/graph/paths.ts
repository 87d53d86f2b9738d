import type { ServiceDefinition } from "../definition/schema";
import { hasOwn } from "../own";
import { isEnding } from "../steps";
import { reachableFrom, stepEdges, successors } from "./edges";

export interface PathList {
  /** Each path is the sequence of step ids from the start to a final step, visiting no step twice. */
  paths: string[][];
  /** True when there were more paths than the limit, or too many to look for (see MAX_PATH_WORK). */
  truncated: boolean;
}

/**
 * Steps explored while looking for paths, at most: a service can have exponentially many paths (a loop
 * of 40 diamonds has 2^40), so they are listed up to a limit and coverage is judged by transitions.
 */
export const MAX_PATH_WORK = 2_000_000;

const isFinal = (definition: ServiceDefinition, id: string) => isEnding(definition.steps[id]);

/**
 * The simple paths from the start to a final step, lazily, depth-first and without recursion (loops are
 * taken at most once: see loopErase). Returns true when all were produced, false when the work ran out.
 */
export function* simplePaths(definition: ServiceDefinition, maxWork = MAX_PATH_WORK): Generator<string[], boolean> {
  const start = definition.start;
  if (!hasOwn(definition.steps, start)) return true;
  if (isFinal(definition, start)) {
    yield [start];
    return true;
  }
  const next = successors(definition);
  const path = [start];
  const cursor = [0];
  const onPath = new Set(path);
  let work = 0;
  while (path.length) {
    const top = path[path.length - 1];
    const tos = next.get(top) ?? [];
    const i = cursor[cursor.length - 1]++;
    if (i >= tos.length) {
      onPath.delete(top);
      path.pop();
      cursor.pop();
      continue;
    }
    const to = tos[i];
    if (onPath.has(to)) continue;
    if (isFinal(definition, to)) {
      work += path.length;
      if (work > maxWork) return false;
      yield [...path, to];
      continue;
    }
    if (++work > maxWork) return false;
    path.push(to);
    cursor.push(0);
    onPath.add(to);
  }
  return true;
}

/** The first `limit` simple paths from the start to a final step. */
export function enumeratePaths(definition: ServiceDefinition, limit = 10_000): PathList {
  const paths: string[][] = [];
  const walk = simplePaths(definition);
  for (;;) {
    const step = walk.next();
    if (step.done) return { paths, truncated: !step.value };
    if (paths.length >= limit) return { paths, truncated: true };
    paths.push(step.value);
  }
}

/**
 * The number of paths from the start to a final step that take no loop back, in linear time (a count
 * over the steps in depth-first order, without listing them). `exact` is false when the service has
 * loops: then some simple paths enter a loop's steps from another side, and the count is a lower bound.
 */
export function countPaths(definition: ServiceDefinition): { count: bigint; exact: boolean } {
  if (!hasOwn(definition.steps, definition.start)) return { count: 0n, exact: true };
  const next = successors(definition);
  // Post-order without recursion; an edge to a step still open is a loop back and is not counted.
  const count = new Map<string, bigint>();
  const open = new Set<string>();
  let exact = true;
  const stack: [string, number][] = [[definition.start, 0]];
  open.add(definition.start);
  while (stack.length) {
    const frame = stack[stack.length - 1];
    const [id, i] = frame;
    const tos = isFinal(definition, id) ? [] : (next.get(id) ?? []);
    if (i < tos.length) {
      frame[1]++;
      const to = tos[i];
      if (open.has(to)) exact = false;
      else if (!count.has(to)) {
        open.add(to);
        stack.push([to, 0]);
      }
      continue;
    }
    let total = isFinal(definition, id) ? 1n : 0n;
    for (const to of tos) if (!open.has(to)) total += count.get(to) ?? 0n;
    count.set(id, total);
    open.delete(id);
    stack.pop();
  }
  return { count: count.get(definition.start) ?? 0n, exact };
}

/** Removes the loops from a run's trace, leaving the simple path it corresponds to (in linear time). */
export function loopErase(trace: readonly string[]): string[] {
  const out: string[] = [];
  const at = new Map<string, number>();
  for (const id of trace) {
    const seen = at.get(id);
    if (seen !== undefined) {
      for (let i = seen; i < out.length; i++) at.delete(out[i]);
      out.length = seen;
    }
    at.set(id, out.length);
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
 * on no simple path, so every edge must be taken by some scenario too. Linear in steps and traces.
 */
export function uncoveredEdges(definition: ServiceDefinition, traces: readonly string[][]): string[] {
  const taken = new Set<string>();
  for (const trace of traces) for (let i = 1; i < trace.length; i++) taken.add(`${trace[i - 1]} → ${trace[i]}`);
  const all = new Set<string>();
  for (const [from, tos] of successors(definition)) for (const to of tos) all.add(`${from} → ${to}`);
  return [...all].filter((edge) => !taken.has(edge));
}

/** An outcome edge: a step's way out by one outcome ("next", "otherwise", "branch 0", "found"…). */
export interface OutcomeEdge {
  step: string;
  outcome: string;
  to: string;
}

/** An edge no scenario needs to take, and why: written in the definition, shown in the version diff. */
export interface CoverageWaiver {
  step: string;
  outcome: string;
  reason: string;
}

export interface EdgeCoverage {
  /** Every outcome edge of the steps reachable from the start. */
  edges: OutcomeEdge[];
  /** Edges neither taken by a run nor waived. */
  uncovered: OutcomeEdge[];
  /** Edges not taken but waived, with the reason. */
  waived: (OutcomeEdge & { reason: string })[];
  /** Waivers that name no edge of the service (a renamed step or outcome), or lack a reason. */
  strayWaivers: CoverageWaiver[];
}

/**
 * Coverage by outcome edge (step + outcome), not by transition: two outcomes that lead to the same step
 * (found and notFound both to `review`) are two edges, and a scenario must take each — or the definition
 * waives it with a reason (`coverageWaivers`). Linear in edges and runs.
 */
export function edgeCoverage(definition: ServiceDefinition, runs: readonly (readonly { step: string; outcome: string }[])[]): EdgeCoverage {
  const key = (step: string, outcome: string) => `${step}\u0000${outcome}`;
  const taken = new Set<string>();
  for (const run of runs) for (const edge of run) taken.add(key(edge.step, edge.outcome));
  const reachable = reachableFrom(definition.start, successors(definition));
  const edges: OutcomeEdge[] = [];
  for (const id of Object.keys(definition.steps)) {
    if (!reachable.has(id)) continue;
    for (const edge of stepEdges(id, definition.steps[id])) if (hasOwn(definition.steps, edge.to)) edges.push({ step: id, outcome: edge.outcome, to: edge.to });
  }
  const waivers = new Map<string, CoverageWaiver>();
  for (const waiver of definition.coverageWaivers ?? []) waivers.set(key(waiver.step, waiver.outcome), waiver);
  const known = new Set(edges.map((e) => key(e.step, e.outcome)));
  const uncovered: OutcomeEdge[] = [];
  const waived: (OutcomeEdge & { reason: string })[] = [];
  for (const edge of edges) {
    const k = key(edge.step, edge.outcome);
    if (taken.has(k)) continue;
    const waiver = waivers.get(k);
    if (waiver?.reason.trim()) waived.push({ ...edge, reason: waiver.reason });
    else uncovered.push(edge);
  }
  const strayWaivers = [...waivers.entries()].filter(([k, w]) => !known.has(k) || !w.reason.trim()).map(([, w]) => w);
  return { edges, uncovered, waived, strayWaivers };
}

/** How an outcome edge is written for people: "check.found → review". */
export const formatEdge = (edge: { step: string; outcome: string; to?: string }) => `${edge.step}.${edge.outcome}${edge.to ? ` → ${edge.to}` : ""}`;
