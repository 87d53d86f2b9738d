import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { generateLargeService, loadDefinition } from "../../../../engine";
import { buildGraph } from "./graph";
import { autoLayout, layeredLayout, NODE_WIDTH } from "./layout";

const graphOf = (text: string) => {
  const loaded = loadDefinition(text);
  return buildGraph(loaded.value, loaded.issues, undefined, "uk");
};

describe("automatic layout", () => {
  it("lays a 300-step service out in well under a second, left to right, without overlaps", () => {
    const graph = graphOf(stringify(generateLargeService(300)));
    const started = performance.now();
    const layout = autoLayout(graph);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(Object.keys(layout)).toHaveLength(graph.steps.length);
    const start = graph.steps.find((s) => s.isStart)!.id;
    expect(layout[start].x).toBe(Math.min(...Object.values(layout).map((p) => p.x)));
    const byColumn = new Map<number, { y: number; id: string }[]>();
    for (const [id, p] of Object.entries(layout)) byColumn.set(p.x, [...(byColumn.get(p.x) ?? []), { y: p.y, id }]);
    for (const column of byColumn.values()) {
      column.sort((a, b) => a.y - b.y);
      for (let i = 1; i < column.length; i++) expect(column[i].y).toBeGreaterThan(column[i - 1].y);
    }
  });

  it("follows the steps' order: every forward transition goes right", () => {
    const graph = graphOf(stringify(generateLargeService(100)));
    const layout = layeredLayout(graph);
    const finals = new Set(graph.steps.filter((s) => s.outlets.length === 0).map((s) => s.id));
    for (const e of graph.edges) if (!finals.has(e.target)) expect(layout[e.target].x).toBeGreaterThanOrEqual(layout[e.source].x + NODE_WIDTH);
  });
});
