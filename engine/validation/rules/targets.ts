import { stepEdges } from "../../graph/edges";
import type { Rule } from "../rule";
import { didYouMean } from "../suggest";
import { hasOwn } from "../../own";

/** Every transition (and `start`) names a step that exists. */
export const targets: Rule = {
  name: "targets",
  codes: ["step.unknown-target"],
  check({ definition, steps, report }) {
    const ids = Object.keys(definition.steps);
    const check = (target: string, path: (string | number)[]) => {
      if (!hasOwn(definition.steps, target)) {
        report("step.unknown-target", path, `There is no step "${target}"`, { hint: didYouMean(target, ids) });
      }
    };
    check(definition.start, ["start"]);
    for (const [id, step] of steps) for (const edge of stepEdges(id, step)) check(edge.to, edge.path);
  },
};
