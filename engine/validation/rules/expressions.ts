import type { ServiceDefinition, Step } from "../../definition/schema";
import { compileExpression, isExpressionError, type FieldRead } from "../../expressions/cel";
import { availableNames, BUILT_IN_NAMES, providedName } from "../../graph/dataflow";
import type { Rule } from "../rule";
import { APPLICANT_SCHEMA, APPLICATION_SCHEMA, reviewResultSchema } from "../../definition/applicant";
import { didYouMean } from "../suggest";
import { own } from "../../own";

export interface ExpressionSite {
  stepId: string;
  path: (string | number)[];
  source: string;
  condition: boolean;
}

/** Every expression in a step, with where it is written and whether it is a condition. */
export function expressionSites(id: string, step: Step): ExpressionSite[] {
  const base = ["steps", id];
  const sites: ExpressionSite[] = [];
  const mapping = (m: Record<string, string> | undefined, path: (string | number)[]) => {
    for (const [key, source] of Object.entries(m ?? {})) sites.push({ stepId: id, path: [...path, key], source, condition: false });
  };
  switch (step.kind) {
    case "decision":
      step.branches.forEach((b, i) => sites.push({ stepId: id, path: [...base, "branches", i, "when"], source: b.when, condition: true }));
      break;
    case "registry":
    case "task":
      mapping(step.input, [...base, "input"]);
      break;
    case "form":
      mapping(step.prefill, [...base, "prefill"]);
      break;
    case "document":
      mapping(step.data, [...base, "data"]);
      break;
    case "payment":
      if (typeof step.amount === "string") sites.push({ stepId: id, path: [...base, "amount"], source: step.amount, condition: false });
      break;
    case "wait":
      mapping(step.poll?.input, [...base, "poll", "input"]);
      break;
  }
  return sites;
}

type JsonType = "string" | "number" | "integer" | "boolean" | "object" | "array" | "null";

/** The form schema's JSON type of a field path, when the path leads into a form's answers. */
function fieldSchema(forms: Map<string, unknown>, read: FieldRead): { known: boolean; schema?: Record<string, unknown>; missing?: { name: string; options: string[]; depth: number } } {
  let schema = forms.get(read[0]) as Record<string, unknown> | undefined;
  if (!schema) return { known: false };
  for (let depth = 1; depth < read.length; depth++) {
    const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
    if (!properties) return { known: false };
    const next = own(properties, read[depth]);
    if (!next) {
      if (schema.additionalProperties) return { known: false };
      return { known: true, missing: { name: read[depth], options: Object.keys(properties), depth } };
    }
    schema = next;
  }
  return { known: true, schema };
}

const LITERAL_FITS: Record<string, JsonType[]> = {
  string: ["string"],
  int: ["integer", "number"],
  uint: ["integer", "number"],
  double: ["number"],
  bool: ["boolean"],
  null: ["string", "number", "integer", "boolean", "object", "array", "null"],
  bytes: [],
};

function jsonTypes(schema: Record<string, unknown>): JsonType[] | undefined {
  if (schema.type) return (Array.isArray(schema.type) ? schema.type : [schema.type]) as JsonType[];
  const options = (schema.oneOf ?? schema.anyOf ?? schema.enum) as unknown[] | undefined;
  if (schema.const !== undefined || options) {
    const values = schema.const !== undefined ? [schema.const] : (options ?? []).map((o) => (o && typeof o === "object" && "const" in o ? (o as { const: unknown }).const : o));
    return [...new Set(values.map((v) => (v === null ? "null" : Number.isInteger(v) ? "integer" : typeof v) as JsonType))];
  }
  return undefined;
}

/** The values a field can take when its schema lists them (enum, const, oneOf/anyOf of consts). */
function allowedValues(schema: Record<string, unknown>): unknown[] | undefined {
  if (schema.const !== undefined) return [schema.const];
  if (Array.isArray(schema.enum)) return schema.enum;
  const options = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
  if (Array.isArray(options) && options.every((o) => o && typeof o === "object" && "const" in o)) {
    return options.map((o) => (o as { const: unknown }).const);
  }
  return undefined;
}

/**
 * Expressions parse; read only names that every path to their step provides (and fields the forms
 * declare); compare fields with literals of a fitting type; conditions can be true or false.
 */
export const expressions: Rule = {
  name: "expressions",
  codes: ["expression.syntax", "expression.too-complex", "expression.too-costly", "expression.unknown-field", "expression.unknown-property", "expression.type", "expression.unknown-value"],
  check({ definition, steps, graph, report }) {
    const available = availableNames(definition, graph().next);
    const forms = formSchemas(definition);
    const allNames = new Set<string>(BUILT_IN_NAMES);
    for (const [id, step] of steps) {
      const name = providedName(id, step);
      if (name) allNames.add(name);
    }
    for (const [id, step] of steps) {
      for (const site of expressionSites(id, step)) {
        const compiled = compileExpression(site.source);
        if (isExpressionError(compiled)) {
          report(compiled.code ?? "expression.syntax", site.path, compiled.message, {
            index: compiled.index,
            hint: compiled.code ? "split it into simpler expressions or steps" : undefined,
          });
          continue;
        }
        const reported = new Set<string>();
        for (const read of compiled.reads) {
          const root = read[0];
          if (reported.has(root)) continue;
          const nullChecked = compiled.comparisons.some((c) => c.read.length === 1 && c.read[0] === root && c.literal === "null");
          if (!available.has(id, root) && !(nullChecked && allNames.has(root))) {
            reported.add(root);
            const index = site.source.indexOf(root);
            if (allNames.has(root)) {
              report("expression.unknown-field", site.path, `"${root}" may not be known yet at step "${id}": some path reaches it without passing the step that provides it`, { index, hint: `make every path pass that step first, or check it: ${root} != null ? … : …` });
            } else {
              report("expression.unknown-field", site.path, `"${root}" is not in the application's data`, { index, hint: didYouMean(root, allNames) ?? `known: ${available.names(id, 20).join(", ")}` });
            }
            continue;
          }
          const field = fieldSchema(forms, read);
          if (field.missing) {
            reported.add(root);
            report("expression.unknown-property", site.path, `"${root}" has no field "${field.missing.name}"`, {
              index: Math.max(0, site.source.indexOf(field.missing.name)),
              hint: didYouMean(field.missing.name, field.missing.options) ?? `fields: ${field.missing.options.join(", ")}`,
            });
          }
        }
        for (const comparison of compiled.comparisons) {
          const field = fieldSchema(forms, comparison.read);
          const types = field.schema && jsonTypes(field.schema);
          if (types && !types.some((t) => LITERAL_FITS[comparison.literal].includes(t))) {
            report("expression.type", site.path, `${comparison.read.join(".")} is ${types.join(" or ")}, but is compared with a ${comparison.literal}`, {
              index: comparison.index,
              hint: comparison.literal === "int" && types.includes("string") ? "quote the value: \"5\"" : undefined,
            });
          }
          const options = field.schema && allowedValues(field.schema);
          if (options && comparison.equality && comparison.value !== undefined && !options.includes(comparison.value)) {
            report("expression.unknown-value", site.path, `${comparison.read.join(".")} is never ${JSON.stringify(comparison.value)}`, {
              index: comparison.index,
              hint: didYouMean(String(comparison.value), options.map(String)) ?? `its values: ${options.map((o) => JSON.stringify(o)).join(", ")}`,
            });
          }
        }
        if (site.condition && !compiled.maybeBoolean) {
          report("expression.type", site.path, "A condition must be true or false", { hint: "compare the value, e.g. x == 1" });
        }
      }
    }
  },
};

/** The known shape of results by the name they are stored under: forms' answers, officers' decisions, the applicant. */
function formSchemas(definition: ServiceDefinition): Map<string, unknown> {
  const forms = new Map<string, unknown>([
    ["applicant", APPLICANT_SCHEMA],
    ["application", APPLICATION_SCHEMA],
  ]);
  for (const [id, step] of Object.entries(definition.steps)) {
    if (step?.kind === "form" && step.schema) forms.set(step.saveAs ?? id, step.schema);
    if (step?.kind === "review" && step.on) forms.set(id, reviewResultSchema(Object.keys(step.on).filter((o) => o !== "timeout")));
  }
  return forms;
}
