import { BUILT_IN_NAMES, providedName } from "../../graph/dataflow";
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
      const stored = providedName(id, step);
      const saveAs = step.kind === "wait" ? step.poll?.saveAs : "saveAs" in step ? step.saveAs : undefined;
      if (saveAs !== undefined && stored === saveAs) refuse(saveAs, [...base, ...(step.kind === "wait" ? ["poll"] : []), "saveAs"], "where a result is saved", false);
      if ("on" in step) for (const outcome of Object.keys(step.on)) if (PROTOTYPE_NAMES.has(outcome)) refuse(outcome, [...base, "on", outcome], "an outcome", true);
      const mappings: [Record<string, string> | undefined, string[]][] = [];
      if (step.kind === "registry" || step.kind === "task") mappings.push([step.input, ["input"]]);
      if (step.kind === "wait") mappings.push([step.poll?.input, ["poll", "input"]]);
      if (step.kind === "document") mappings.push([step.data, ["data"]]);
      if (step.kind === "form") mappings.push([step.prefill, ["prefill"]]);
      for (const [mapping, at] of mappings) {
        for (const key of Object.keys(mapping ?? {})) if (PROTOTYPE_NAMES.has(key)) refuse(key, [...base, ...at, key], "a field name", true);
      }
      if (step.kind === "form") {
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
