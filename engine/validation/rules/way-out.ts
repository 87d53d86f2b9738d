import { stepEdges } from "../../graph/edges";
import { isEnding } from "../../steps";
import type { Rule } from "../rule";

/** A step that is not final must lead somewhere other than itself. */
export const wayOut: Rule = {
  name: "way-out",
  codes: ["step.no-way-out"],
  check({ steps, report }) {
    for (const [id, step] of steps) {
      if (isEnding(step)) continue;
      const exits = stepEdges(id, step).filter((e) => e.to !== id);
      if (exits.length === 0) {
        report("step.no-way-out", ["steps", id], `Step "${id}" has no transition to another step`, {
          key: true,
          hint: "add a transition to another step, or make it a final step",
        });
      }
    }
  },
};
