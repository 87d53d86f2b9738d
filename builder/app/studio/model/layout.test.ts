import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { generateLargeService, loadDefinition } from "../../../../engine";
import { buildGraph, type GraphView } from "./graph";
import { autoLayout, freeSpot, layeredLayout, nodeHeight, NODE_WIDTH, overlaps, type Box, type Sizes } from "./layout";
import { cpuMs } from "../../../../engine/test-fixtures/cpu-time";

const graphOf = (text: string) => {
  const loaded = loadDefinition(text);
  return buildGraph(loaded.value, loaded.issues, undefined, "uk");
};

describe("automatic layout", () => {
  it("lays a 300-step service out in well under a second, left to right, without overlaps", () => {
    const graph = graphOf(stringify(generateLargeService(300)));
    const started = cpuMs();
    const layout = autoLayout(graph);
    expect(cpuMs() - started).toBeLessThan(1000);
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

/** A random graph of `n` steps: some chained, some branching, some loose, some loops. */
function randomGraph(n: number, seed: number, edgeShare: number): Pick<GraphView, "steps" | "edges"> {
  let s = seed;
  const random = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const ids = Array.from({ length: n }, (_, i) => `s${i}`);
  const edges: GraphView["edges"] = [];
  const steps = ids.map((id, i) => {
    const outlets = Math.floor(random() * 4);
    const list = Array.from({ length: outlets }, (_, k) => ({ id: `o${k}`, label: `o${k}`, path: [] }));
    for (const o of list) {
      if (random() < edgeShare) {
        const target = ids[Math.floor(random() * n)];
        edges.push({ id: `${id}|${o.id}`, source: id, sourceHandle: o.id, target, label: o.id, issues: [] });
      }
    }
    return { id, kind: "form", title: id, outlets: list, issues: [], outletIssues: {}, isStart: i === 0 };
  });
  return { steps, edges };
}

const boxesOf = (graph: Pick<GraphView, "steps">, layout: Record<string, { x: number; y: number }>, sizes?: Sizes): Box[] =>
  graph.steps.map((s) => ({ ...layout[s.id], width: sizes?.get(s.id)?.width ?? NODE_WIDTH, height: sizes?.get(s.id)?.height ?? nodeHeight(s.outlets.length) }));

function expectDisjoint(boxes: Box[]) {
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i], boxes[j]), `${JSON.stringify(boxes[i])} and ${JSON.stringify(boxes[j])}`).toBe(false);
}

describe("automatic layout never overlaps nodes", () => {
  for (const [n, share] of [
    [1, 0],
    [3, 0],
    [12, 0],
    [8, 0.3],
    [25, 0.6],
    [40, 1],
    [59, 0.5],
    [90, 0.7],
    [200, 0.4],
  ] as const) {
    it(`${n} steps, ${Math.round(share * 100)}% of outcomes connected`, () => {
      for (let seed = 1; seed <= 4; seed++) {
        const graph = randomGraph(n, seed * 7919 + n, share);
        const layout = autoLayout(graph);
        expect(Object.keys(layout).sort()).toEqual(graph.steps.map((s) => s.id).sort());
        expectDisjoint(boxesOf(graph, layout));
      }
    });
  }

  it("uses the nodes' measured sizes when it has them", () => {
    const graph = randomGraph(20, 42, 0.5);
    const sizes: Sizes = new Map(graph.steps.map((s, i) => [s.id, { width: 230 + (i % 3) * 40, height: 120 + (i % 5) * 35 }]));
    expectDisjoint(boxesOf(graph, autoLayout(graph, undefined, sizes), sizes));
  });

  it("a generated 300-step service: no overlaps", () => {
    const graph = graphOf(stringify(generateLargeService(300)));
    expectDisjoint(boxesOf(graph, autoLayout(graph)));
  });
});

describe("a dropped step's place", () => {
  const size = { width: NODE_WIDTH, height: nodeHeight(1) };
  it("is where it was dropped when that is free", () => {
    expect(freeSpot({ x: 100, y: 80 }, size, [{ x: 600, y: 80, ...size }])).toEqual({ x: 100, y: 80 });
  });

  it("is the nearest free place when a step is there, never overlapping", () => {
    const taken: Box[] = [];
    for (let i = 0; i < 30; i++) {
      const spot = freeSpot({ x: 100, y: 100 }, size, taken);
      for (const box of taken) expect(overlaps({ ...spot, ...size }, box)).toBe(false);
      expect(Math.hypot(spot.x - 100, spot.y - 100)).toBeLessThan(2000);
      taken.push({ ...spot, ...size });
    }
  });

  it("keeps clear of steps of any size", () => {
    const taken: Box[] = [
      { x: 0, y: 0, width: 400, height: 400 },
      { x: 420, y: 0, width: 230, height: 132 },
    ];
    const spot = freeSpot({ x: 50, y: 50 }, size, taken);
    for (const box of taken) expect(overlaps({ ...spot, ...size }, box)).toBe(false);
  });
});
