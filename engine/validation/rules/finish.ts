import type { Rule } from "../rule";
import { hasOwn } from "../../own";
import { isEnding } from "../../steps";

/** From every reachable step some final step can be reached: no application gets stuck in a loop. */
export const finish: Rule = {
  name: "finish",
  codes: ["step.cannot-finish"],
  check({ definition, steps, graph, report }) {
    if (!hasOwn(definition.steps, definition.start)) return;
    const { next, reachable } = graph();
    const finals = new Set(steps.filter(([, s]) => isEnding(s)).map(([id]) => id));
    // Backward search from the final steps.
    const previous = new Map<string, string[]>();
    for (const [from, tos] of next) {
      for (const to of tos) {
        const list = previous.get(to);
        if (list) list.push(from);
        else previous.set(to, [from]);
      }
    }
    const canFinish = new Set<string>();
    const stack = [...finals];
    while (stack.length) {
      const id = stack.pop()!;
      if (canFinish.has(id)) continue;
      canFinish.add(id);
      for (const from of previous.get(id) ?? []) stack.push(from);
    }
    for (const [id] of steps) {
      if (reachable.has(id) && !canFinish.has(id) && next.get(id)!.length > 0) {
        report("step.cannot-finish", ["steps", id], `No final step can be reached from "${id}": applications would never end`, {
          key: true,
          hint: "add a way out of the loop to a final step",
        });
      }
    }
  },
};
