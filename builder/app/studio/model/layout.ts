/**
 * Automatic layout, left to right in the order the steps follow each other. Small services use dagre
 * (fewest crossings); from LARGE_SERVICE steps on, a linear-time layered layout: dagre's crossing
 * minimisation took about 20 s for a generated 300-step service, which would freeze the studio.
 */
import dagre from "@dagrejs/dagre";
import type { GraphView } from "./graph";

export const NODE_WIDTH = 230;
export const nodeHeight = (outlets: number) => 52 + Math.max(1, outlets) * 20;
export const LARGE_SERVICE = 60;
const LAYER_GAP = 80;
const NODE_GAP = 30;

type Layout = Record<string, { x: number; y: number }>;
type Graph = Pick<GraphView, "steps" | "edges">;

export function autoLayout(graph: Graph, only?: Set<string>): Layout {
  const all = graph.steps.length > LARGE_SERVICE ? layeredLayout(graph) : dagreLayout(graph);
  if (!only) return all;
  return Object.fromEntries(Object.entries(all).filter(([id]) => only.has(id)));
}

function dagreLayout(graph: Graph): Layout {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: NODE_GAP, ranksep: LAYER_GAP, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const step of graph.steps) g.setNode(step.id, { width: NODE_WIDTH, height: nodeHeight(step.outlets.length) });
  for (const edge of graph.edges) if (edge.source !== edge.target) g.setEdge(edge.source, edge.target);
  dagre.layout(g);
  const out: Layout = {};
  for (const step of graph.steps) {
    const n = g.node(step.id);
    out[step.id] = { x: Math.round(n.x - NODE_WIDTH / 2), y: Math.round(n.y - n.height / 2) };
  }
  return out;
}

/**
 * Layers by the longest path from the start (back edges of loops ignored), ends in the layer after
 * the step that reaches them first, order in a layer by the mean position of the predecessors.
 */
export function layeredLayout(graph: Graph): Layout {
  const ids = graph.steps.map((s) => s.id);
  const start = graph.steps.find((s) => s.isStart)?.id ?? ids[0];
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of graph.edges) if (e.source !== e.target && out.has(e.target)) out.get(e.source)?.push(e.target);
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
  const heights = new Map(graph.steps.map((s) => [s.id, nodeHeight(s.outlets.length)]));
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
      result[id] = { x: 20 + l * (NODE_WIDTH + LAYER_GAP), y: Math.round(top) };
      cursor = top + heights.get(id)! + NODE_GAP;
    }
  });
  return result;
}
