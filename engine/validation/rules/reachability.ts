import type { Rule } from "../rule";
import { hasOwn } from "../../own";

/** Every step can be reached from the start. */
export const reachability: Rule = {
  name: "reachability",
  codes: ["step.unreachable"],
  check({ definition, steps, graph, report }) {
    if (!hasOwn(definition.steps, definition.start)) return;
    const { reachable } = graph();
    for (const [id] of steps) {
      if (!reachable.has(id)) {
        report("step.unreachable", ["steps", id], `Step "${id}" cannot be reached from the start "${definition.start}"`, {
          severity: "warning",
          key: true,
          hint: "link it from another step or delete it",
        });
      }
    }
  },
};
