/** Automatic layout with dagre: left to right, in the order the steps follow each other. */
import dagre from "@dagrejs/dagre";
import type { GraphView } from "./graph";

export const NODE_WIDTH = 230;
export const nodeHeight = (outlets: number) => 52 + Math.max(1, outlets) * 20;

export function autoLayout(graph: Pick<GraphView, "steps" | "edges">, only?: Set<string>): Record<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: 30, ranksep: 80, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const step of graph.steps) g.setNode(step.id, { width: NODE_WIDTH, height: nodeHeight(step.outlets.length) });
  for (const edge of graph.edges) if (edge.source !== edge.target) g.setEdge(edge.source, edge.target);
  dagre.layout(g);
  const out: Record<string, { x: number; y: number }> = {};
  for (const step of graph.steps) {
    if (only && !only.has(step.id)) continue;
    const n = g.node(step.id);
    out[step.id] = { x: Math.round(n.x - NODE_WIDTH / 2), y: Math.round(n.y - n.height / 2) };
  }
  return out;
}
