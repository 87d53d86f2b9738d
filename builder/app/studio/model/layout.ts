/**
 * Automatic layout, left to right in the order the steps follow each other. Small services use dagre
 * (fewest crossings); from LARGE_SERVICE steps on, a linear-time layered layout: dagre's crossing
 * minimisation took about 20 s for a generated 300-step service, which would freeze the studio.
 */
import dagre from "@dagrejs/dagre";
import type { GraphView } from "./graph";

export const NODE_WIDTH = 230;
/**
 * A safe bound of a node's height on the canvas (studio.css gives every part of a node a fixed height:
 * kind line, title, id, one line per outcome, and at most two lines of its first problem).
 */
export const nodeHeight = (outlets: number) => 112 + Math.max(1, outlets) * 20;
export const LARGE_SERVICE = 60;
const LAYER_GAP = 80;
const NODE_GAP = 30;
const MARGIN = 20;

type Point = { x: number; y: number };
type Layout = Record<string, Point>;
type Graph = Pick<GraphView, "steps" | "edges">;
/** Nodes' measured sizes on the canvas, when known; otherwise NODE_WIDTH and nodeHeight. */
export type Sizes = ReadonlyMap<string, { width: number; height: number }>;
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const sizeOf = (step: Graph["steps"][number], sizes?: Sizes) => {
  const measured = sizes?.get(step.id);
  return { width: Math.max(NODE_WIDTH, measured?.width ?? 0), height: measured ? measured.height : nodeHeight(step.outlets.length) };
};

/**
 * Places every step. Steps with no transition at all (a new service's first drops, before anything is
 * connected) go in a row under the others; the rest follow their transitions left to right.
 */
export function autoLayout(graph: Graph, only?: Set<string>, sizes?: Sizes): Layout {
  const linked = new Set<string>();
  for (const e of graph.edges) if (e.source !== e.target) linked.add(e.source).add(e.target);
  const connected = { steps: graph.steps.filter((s) => linked.has(s.id)), edges: graph.edges };
  const loose = graph.steps.filter((s) => !linked.has(s.id));
  const all = connected.steps.length > LARGE_SERVICE ? layeredLayout(connected, sizes) : connected.steps.length ? dagreLayout(connected, sizes) : {};
  let bottom = MARGIN;
  for (const step of connected.steps) bottom = Math.max(bottom, all[step.id].y + sizeOf(step, sizes).height + LAYER_GAP);
  // A row of the loose steps, wrapping after six.
  let x = MARGIN;
  let rowHeight = 0;
  loose.forEach((step, i) => {
    const size = sizeOf(step, sizes);
    if (i > 0 && i % 6 === 0) {
      x = MARGIN;
      bottom += rowHeight + NODE_GAP;
      rowHeight = 0;
    }
    all[step.id] = { x, y: bottom };
    x += size.width + LAYER_GAP;
    rowHeight = Math.max(rowHeight, size.height);
  });
  if (!only) return all;
  return Object.fromEntries(Object.entries(all).filter(([id]) => only.has(id)));
}

function dagreLayout(graph: Graph, sizes?: Sizes): Layout {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: NODE_GAP, ranksep: LAYER_GAP, marginx: MARGIN, marginy: MARGIN });
  g.setDefaultEdgeLabel(() => ({}));
  for (const step of graph.steps) g.setNode(step.id, sizeOf(step, sizes));
  const ids = new Set(graph.steps.map((s) => s.id));
  for (const edge of graph.edges) if (edge.source !== edge.target && ids.has(edge.source) && ids.has(edge.target)) g.setEdge(edge.source, edge.target);
  dagre.layout(g);
  const out: Layout = {};
  for (const step of graph.steps) {
    const n = g.node(step.id);
    out[step.id] = { x: Math.round(n.x - n.width / 2), y: Math.round(n.y - n.height / 2) };
  }
  return out;
}

/** Two boxes share some area. */
export function overlaps(a: Box, b: Box, gap = 0): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

/**
 * Where a new node of `size` goes when dropped at `wanted` (its top left corner): there if that is
 * free, else the nearest free place on a 20-pixel grid around it (nearer first), keeping a gap of 20.
 */
export function freeSpot(wanted: Point, size: { width: number; height: number }, taken: readonly Box[], gap = 20): Point {
  const free = (p: Point) => !taken.some((b) => overlaps({ ...p, ...size }, b, gap));
  if (free(wanted)) return { x: Math.round(wanted.x), y: Math.round(wanted.y) };
  const near = taken.filter((b) => overlaps({ x: wanted.x - 2000, y: wanted.y - 2000, width: 4000 + size.width, height: 4000 + size.height }, b));
  const freeNear = (p: Point) => !near.some((b) => overlaps({ ...p, ...size }, b, gap));
  const STEP = 20;
  for (let ring = 1; ring < 100; ring++) {
    const candidates: Point[] = [];
    for (let i = -ring; i <= ring; i++) {
      candidates.push({ x: wanted.x + i * STEP, y: wanted.y - ring * STEP }, { x: wanted.x + i * STEP, y: wanted.y + ring * STEP });
      if (i > -ring && i < ring) candidates.push({ x: wanted.x - ring * STEP, y: wanted.y + i * STEP }, { x: wanted.x + ring * STEP, y: wanted.y + i * STEP });
    }
    candidates.sort((a, b) => Math.hypot(a.x - wanted.x, a.y - wanted.y) - Math.hypot(b.x - wanted.x, b.y - wanted.y));
    const found = candidates.find(freeNear);
    if (found) return { x: Math.round(found.x), y: Math.round(found.y) };
  }
  // Everything near is full: under all the nodes.
  const bottom = Math.max(...taken.map((b) => b.y + b.height));
  return { x: Math.round(wanted.x), y: Math.round(bottom + gap) };
}

/**
 * Layers by the longest path from the start (back edges of loops ignored), ends in the layer after
 * the step that reaches them first, order in a layer by the mean position of the predecessors.
 */
export function layeredLayout(graph: Graph, sizes?: Sizes): Layout {
  const ids = graph.steps.map((s) => s.id);
  const start = graph.steps.find((s) => s.isStart)?.id ?? ids[0];
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of graph.edges) if (e.source !== e.target && out.has(e.target) && out.has(e.source)) out.get(e.source)!.push(e.target);
  const finals = new Set(graph.steps.filter((s) => s.outlets.length === 0).map((s) => s.id));

  // Depth-first order from the start tells forward edges from the back edges of loops.
  const order: string[] = [];
  const state = new Map<string, 1 | 2>();
  const back = new Set<string>();
  const visit = (root: string) => {
    const stack: [string, number][] = [[root, 0]];
    state.set(root, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const next = out.get(top[0])![top[1]++];
      if (next === undefined) {
        state.set(top[0], 2);
        order.push(top[0]);
        stack.pop();
      } else if (!state.has(next)) {
        state.set(next, 1);
        stack.push([next, 0]);
      } else if (state.get(next) === 1) back.add(`${top[0]}>${next}`);
    }
  };
  if (start) visit(start);
  for (const id of ids) if (!state.has(id)) visit(id);
  order.reverse(); // a topological order of the forward edges

  const layer = new Map<string, number>(ids.map((id) => [id, 0]));
  const firstReach = new Map<string, number>();
  for (const id of order) {
    for (const to of out.get(id)!) {
      if (back.has(`${id}>${to}`)) continue;
      if (finals.has(to)) {
        // An end reached from many places sits near the first of them, not after the longest path.
        if (!firstReach.has(to) || layer.get(id)! + 1 < firstReach.get(to)!) firstReach.set(to, layer.get(id)! + 1);
      } else layer.set(to, Math.max(layer.get(to)!, layer.get(id)! + 1));
    }
  }
  for (const [id, l] of firstReach) layer.set(id, l);

  const layers: string[][] = [];
  for (const id of order) (layers[layer.get(id)!] ??= []).push(id);
  const heights = new Map(graph.steps.map((s) => [s.id, sizeOf(s, sizes).height]));
  const width = Math.max(NODE_WIDTH, ...graph.steps.map((s) => sizeOf(s, sizes).width));
  const preds = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const [from, tos] of out) for (const to of tos) preds.get(to)!.push(from);
  const y = new Map<string, number>();
  const result: Layout = {};
  layers.forEach((members, l) => {
    if (!members) return;
    const centre = (id: string) => {
      const ys = preds.get(id)!.filter((p) => y.has(p)).map((p) => y.get(p)!);
      return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : Number.MAX_SAFE_INTEGER;
    };
    const sorted = [...members].sort((a, b) => centre(a) - centre(b));
    let cursor = 20;
    for (const id of sorted) {
      const wanted = centre(id);
      const top = wanted !== Number.MAX_SAFE_INTEGER ? Math.max(cursor, wanted - heights.get(id)! / 2) : cursor;
      y.set(id, top + heights.get(id)! / 2);
      result[id] = { x: MARGIN + l * (width + LAYER_GAP), y: Math.round(top) };
      cursor = top + heights.get(id)! + NODE_GAP;
    }
  });
  return result;
}
