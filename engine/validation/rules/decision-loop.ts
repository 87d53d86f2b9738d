import { stepOutlets } from "../../steps";
import type { Rule } from "../rule";

/**
 * Decisions decide without waiting for anything, and the data does not change between them: a loop made
 * of decisions only, if taken once, is taken forever (the machine would spin without end).
 */
export const decisionLoop: Rule = {
  name: "decision-loop",
  codes: ["step.decision-loop"],
  check({ steps, graph, report }) {
    const { next } = graph();
    // Steps that move on by themselves (every outlet automatic, no event to wait for): decisions.
    const decisions = new Set(steps.filter(([id, s]) => { const outlets = stepOutlets(id, s); return outlets.length > 0 && outlets.every((o) => !o.event); }).map(([id]) => id));
    // Peel off decisions that no decision leads to, then those that lead to no decision: what is left lies on loops.
    const inside = new Map<string, string[]>();
    for (const id of decisions) inside.set(id, (next.get(id) ?? []).filter((to) => decisions.has(to)));
    const left = new Set(decisions);
    peel(left, inside);
    const reverse = new Map<string, string[]>([...left].map((id) => [id, []]));
    for (const id of left) for (const to of inside.get(id)!) if (left.has(to)) reverse.get(to)!.push(id);
    peel(left, reverse);
    for (const id of left) {
      report("step.decision-loop", ["steps", id], `Decision "${id}" is on a loop of decisions only: taken once, it would be taken forever`, {
        key: true,
        hint: "put a step that waits for something (a form, a review, a registry call) in the loop, or end it",
      });
    }
  },
};

/** Removes from `left` every node with no incoming edge from `left` (Kahn's algorithm), repeatedly. */
function peel(left: Set<string>, edges: Map<string, string[]>) {
  const incoming = new Map<string, number>([...left].map((id) => [id, 0]));
  for (const id of left) for (const to of edges.get(id) ?? []) if (left.has(to)) incoming.set(to, incoming.get(to)! + 1);
  const queue = [...left].filter((id) => incoming.get(id) === 0);
  while (queue.length) {
    const id = queue.pop()!;
    left.delete(id);
    for (const to of edges.get(id) ?? []) {
      if (!left.has(to)) continue;
      const count = incoming.get(to)! - 1;
      incoming.set(to, count);
      if (count === 0) queue.push(to);
    }
  }
}
