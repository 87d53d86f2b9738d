import { BUILT_IN_NAMES } from "../../graph/dataflow";
import { stepModule } from "../../steps";
import { walkSchema } from "../../definition/text";
import { PROTOTYPE_NAMES } from "../../own";
import type { Rule } from "../rule";

const BUILT_IN: ReadonlySet<string> = new Set(BUILT_IN_NAMES);

/**
 * Names that would replace something else: a result stored as `applicant` would let a citizen's
 * answer stand in for the signed-in person; `toString`, `constructor` or `__proto__` are members of
 * every object, not names of steps, fields or outcomes.
 */
export const names: Rule = {
  name: "names",
  codes: ["name.reserved"],
  check({ steps, report }) {
    const refuse = (name: string, path: (string | number)[], what: string, key: boolean) => {
      const builtIn = BUILT_IN.has(name);
      if (!builtIn && !PROTOTYPE_NAMES.has(name)) return;
      report("name.reserved", path, `"${name}" cannot be ${what}: ${builtIn ? "the application's data has it from the start" : "it is a name every object has"}`, {
        key,
        hint: builtIn ? `choose another name, e.g. ${name}Form` : "choose another name",
      });
    };
    for (const [id, step] of steps) {
      const base = ["steps", id];
      refuse(id, base, "a step id", true);
      const module = stepModule(step);
      const stored = module.provides(id, step);
      const saveAs = module.saveAsPath ? valueAt(step, module.saveAsPath) : undefined;
      if (typeof saveAs === "string" && stored === saveAs) refuse(saveAs, [...base, ...module.saveAsPath!], "where a result is saved", false);
      if ("on" in step) for (const outcome of Object.keys(step.on)) if (PROTOTYPE_NAMES.has(outcome)) refuse(outcome, [...base, "on", outcome], "an outcome", true);
      for (const site of module.expressionSites(id, step)) {
        if (site.key !== undefined && PROTOTYPE_NAMES.has(site.key)) refuse(site.key, site.path, "a field name", true);
      }
      if ("schema" in step && step.schema) {
        walkSchema(step.schema, (node, at) => {
          const properties = node.properties;
          if (!properties || typeof properties !== "object") return;
          for (const field of Object.keys(properties)) {
            if (PROTOTYPE_NAMES.has(field)) refuse(field, [...base, "schema", ...at, "properties", field], "a field name", true);
          }
        });
      }
    }
  },
};

function valueAt(value: unknown, path: readonly string[]): unknown {
  for (const key of path) value = value && typeof value === "object" && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}
