import type { ServiceDefinition, Step } from "../definition/schema";
import { stepModule } from "../steps";
import { successors } from "./edges";

/** The name under which a step's result lands in the application's data, if it writes any. */
export function providedName(id: string, step: Step): string | undefined {
  return stepModule(step).provides(id, step);
}

/** Names every application has from the start. */
export const BUILT_IN_NAMES = ["applicant", "application"] as const;

/** What is certainly in an application's data when it enters a step. */
export interface Availability {
  has(step: string, name: string): boolean;
  /** The names available at the step (at most `limit` of them). */
  names(step: string, limit?: number): string[];
}

/**
 * For each step: the names that are certainly in the data when the step is entered, whatever path led
 * there. A name written by a single step is certain exactly where that step dominates (every path from
 * the start passes it): the dominator tree answers in linear time and memory for any size of service.
 * Names that several steps write (a shared saveAs) take a forward "must" analysis over bitsets.
 */
export function availableNames(definition: ServiceDefinition, next = successors(definition)): Availability {
  const ids = Object.keys(definition.steps);
  const { order, number, idom } = dominators(definition.start, next);
  const n = order.length;
  // Dominance in O(1): intervals of a depth-first walk of the dominator tree.
  const children: number[][] = Array.from({ length: n }, () => []);
  for (let v = 1; v < n; v++) children[idom[v]].push(v);
  const enter = new Int32Array(n);
  const leave = new Int32Array(n);
  let clock = 0;
  const stack: number[] = n ? [0] : [];
  while (stack.length) {
    const v = stack.pop()!;
    if (v < 0) {
      leave[~v] = clock++;
      continue;
    }
    enter[v] = clock++;
    stack.push(~v);
    for (const c of children[v]) stack.push(c);
  }
  const dominates = (a: number, b: number) => enter[a] <= enter[b] && leave[b] <= leave[a];

  const providers = new Map<string, number[]>(); // name → step numbers (reachable steps only)
  const known = new Set<string>(BUILT_IN_NAMES);
  for (const id of ids) {
    const name = providedName(id, definition.steps[id]);
    if (!name) continue;
    known.add(name);
    const v = number.get(id);
    if (v === undefined) continue;
    const list = providers.get(name);
    if (list) list.push(v);
    else providers.set(name, [v]);
  }
  const shared = [...providers].filter(([, list]) => list.length > 1).map(([name]) => name);
  const sharedAt = sharedAnalysis(shared, providers, order, next, number);
  const builtIn = new Set<string>(BUILT_IN_NAMES);

  const has = (step: string, name: string): boolean => {
    const s = number.get(step);
    if (s === undefined) return !Object.hasOwn(definition.steps, step) || known.has(name); // unreachable: anything goes
    if (builtIn.has(name)) return true;
    const list = providers.get(name);
    if (!list) return false;
    if (list.length === 1) return list[0] !== s && dominates(list[0], s);
    return sharedAt(s, name);
  };
  return {
    has,
    names(step, limit = Infinity) {
      const s = number.get(step);
      const out: string[] = [];
      if (s === undefined) {
        for (const name of known) if (out.length < limit) out.push(name);
        return out;
      }
      for (const name of BUILT_IN_NAMES) out.push(name);
      // Single-writer names: the writers strictly dominating the step, up the dominator tree.
      for (let v = s; v !== 0 && out.length < limit; ) {
        v = idom[v];
        const name = providedName(order[v], definition.steps[order[v]]);
        if (name && providers.get(name)!.length === 1 && !out.includes(name)) out.push(name);
      }
      for (const name of shared) if (out.length < limit && sharedAt(s, name)) out.push(name);
      return out.slice(0, limit);
    },
  };
}

/**
 * Immediate dominators of the steps reachable from `start` (Lengauer–Tarjan with path compression,
 * without recursion). Steps are numbered in depth-first preorder: order[0] is the start.
 */
function dominators(start: string, next: Map<string, string[]>) {
  const order: string[] = [];
  const number = new Map<string, number>();
  const parent: number[] = [];
  if (!next.has(start)) return { order, number, idom: [] as number[] };
  const stack: [string, number][] = [[start, -1]];
  while (stack.length) {
    const [id, from] = stack.pop()!;
    if (number.has(id)) continue;
    number.set(id, order.length);
    parent.push(from);
    order.push(id);
    const tos = next.get(id) ?? [];
    for (let i = tos.length - 1; i >= 0; i--) if (!number.has(tos[i])) stack.push([tos[i], number.get(id)!]);
  }
  const n = order.length;
  const preds: number[][] = Array.from({ length: n }, () => []);
  for (let v = 0; v < n; v++) for (const to of next.get(order[v]) ?? []) preds[number.get(to)!].push(v);
  const semi = Array.from({ length: n }, (_, i) => i);
  const label = Array.from({ length: n }, (_, i) => i);
  const ancestor = new Array<number>(n).fill(-1);
  const idom = new Array<number>(n).fill(0);
  const bucket: number[][] = Array.from({ length: n }, () => []);
  const evaluate = (v: number) => {
    if (ancestor[v] < 0) return v;
    const path: number[] = [];
    for (let x = v; ancestor[ancestor[x]] >= 0; x = ancestor[x]) path.push(x);
    for (let i = path.length - 1; i >= 0; i--) {
      const x = path[i];
      const a = ancestor[x];
      if (semi[label[a]] < semi[label[x]]) label[x] = label[a];
      ancestor[x] = ancestor[a];
    }
    return label[v];
  };
  for (let w = n - 1; w > 0; w--) {
    for (const v of preds[w]) {
      const u = evaluate(v);
      if (semi[u] < semi[w]) semi[w] = semi[u];
    }
    bucket[semi[w]].push(w);
    const p = parent[w];
    ancestor[w] = p;
    for (const v of bucket[p]) {
      const u = evaluate(v);
      idom[v] = semi[u] < semi[v] ? u : p;
    }
    bucket[p] = [];
  }
  for (let w = 1; w < n; w++) if (idom[w] !== semi[w]) idom[w] = idom[idom[w]];
  return { order, number, idom };
}

/** The must-analysis for names written by several steps, over bitsets as wide as there are such names. */
function sharedAnalysis(shared: string[], providers: Map<string, number[]>, order: string[], next: Map<string, string[]>, number: Map<string, number>) {
  if (shared.length === 0) return () => false;
  const n = order.length;
  const words = Math.ceil(shared.length / 32);
  const gen = new Uint32Array(n * words);
  shared.forEach((name, i) => {
    for (const v of providers.get(name)!) gen[v * words + (i >> 5)] |= 1 << (i & 31);
  });
  const preds: number[][] = Array.from({ length: n }, () => []);
  for (let v = 0; v < n; v++) for (const to of next.get(order[v]) ?? []) preds[number.get(to)!].push(v);
  const entry = new Uint32Array(n * words).fill(0xffffffff);
  const exit = new Uint32Array(n * words).fill(0xffffffff);
  entry.fill(0, 0, words); // the start: nothing shared is written yet
  let changed = true;
  while (changed) {
    changed = false;
    for (let v = 0; v < n; v++) {
      for (let w = 0; w < words; w++) {
        let merged = v === 0 ? 0 : 0xffffffff;
        if (v !== 0) for (const p of preds[v]) merged &= exit[p * words + w];
        entry[v * words + w] = merged;
        const out = (merged | gen[v * words + w]) >>> 0;
        if (exit[v * words + w] !== out) {
          exit[v * words + w] = out;
          changed = true;
        }
      }
    }
  }
  const index = new Map(shared.map((name, i) => [name, i]));
  return (v: number, name: string) => {
    const i = index.get(name)!;
    return (entry[v * words + (i >> 5)] & (1 << (i & 31))) !== 0;
  };
}
