import { localizeSchema, walkSchema } from "../../definition/text";
import { createAjv } from "../ajv";
import type { Rule, RuleContext } from "../rule";
import { didYouMean } from "../suggest";
import { unsafePattern, type PatternBudget } from "../../forms/patterns";
import { changeableSteps } from "../../forms/summary";

const metaAjv = createAjv();
// Compiled as answers will be checked: patterns on RE2 (one it cannot run does not compile).
const strictAjv = createAjv({ strict: true, linearRegExp: true });
/** Different form schemas one definition may have (each is compiled to check it). */
const MAX_DISTINCT_FORMS = 500;
/** Time for proving all patterns of one definition safe. */
const PATTERN_BUDGET_MS = 2000;

/** Each form's schema is a valid JSON Schema that compiles, and every required field is declared. */
export const forms: Rule = {
  name: "forms",
  codes: ["form.invalid-schema", "form.unknown-required", "form.unsafe-pattern", "form.too-many", "form.summary-unchangeable"],
  check({ definition, steps, report }) {
    summaries(definition, steps, report);
    const language = definition.languages?.[0] ?? "uk";
    const budget: PatternBudget = { deadline: Date.now() + PATTERN_BUDGET_MS };
    const distinct = new Set<string>();
    for (const [id, step] of steps) {
      if (!("schema" in step)) continue; // the steps with a form schema
      const path = ["steps", id, "schema"];
      const { key, localized } = schemaKey(step.schema, language);
      distinct.add(key);
      if (distinct.size > MAX_DISTINCT_FORMS) {
        // Compiling a schema takes a millisecond or two: a service with thousands of different forms would take minutes.
        report("form.too-many", ["steps", id], `The service has more than ${MAX_DISTINCT_FORMS} different forms`, {
          key: true,
          hint: "a service needs far fewer; forms that differ only in their texts count once",
        });
        return;
      }
      for (const problem of checkFormSchema(key, localized)) report(problem.code, [...path, ...problem.path], problem.message, { hint: problem.hint });
      walkSchema(step.schema, (node, at) => {
        const patterns: [string, (string | number)[], boolean][] = [];
        if (typeof node.pattern === "string") patterns.push([node.pattern, [...at, "pattern"], false]);
        if (node.patternProperties && typeof node.patternProperties === "object") {
          for (const key of Object.keys(node.patternProperties)) patterns.push([key, [...at, "patternProperties", key], true]);
        }
        for (const [pattern, where, key] of patterns) {
          const reason = unsafePattern(pattern, budget);
          if (reason) {
            report("form.unsafe-pattern", [...path, ...where], `The pattern ${JSON.stringify(pattern)} is refused: ${reason}`, {
              key,
              hint: "avoid nested repetition such as (a+)+ or (a|a)*; use one repetition of a character class, e.g. ^[a-z]+$",
            });
          }
        }
      });
    }
  },
};

/** A summary form (`summary: true`) whose answers shown could not be changed: its Change links would be missing. */
function summaries(definition: RuleContext["definition"], steps: RuleContext["steps"], report: RuleContext["report"]) {
  for (const [id, step] of steps) {
    if (step.kind !== "form" || step.summary !== true) continue;
    const at = ["steps", id, "summary"];
    if (step.party) report("form.summary-unchangeable", at, `The summary "${id}" is addressed to a party: only the applicant changes the earlier answers, so it shows no Change links`, { severity: "warning", hint: "leave out party, or summary" });
    else if (!changeableSteps(definition, id).length) {
      report("form.summary-unchangeable", at, `The summary "${id}" offers no Change link: no earlier form can be changed in place (a step between reads its answers, or there is none)`, {
        severity: "warning",
        hint: "a form whose answers a decision or call before the summary reads is changed by starting again; ask it after those steps to make it changeable",
      });
    }
  }
}

interface Problem {
  code: string;
  path: (string | number)[];
  message: string;
  hint?: string;
}

/** Results by schema text: a live editor revalidates the same forms again and again. */
const checked = new Map<string, Problem[]>();

/**
 * Each form's key by its schema object: the studio's worker validates the same objects (of the steps
 * an edit did not touch) again and again, and localizing copies the schema. Definitions are values:
 * nothing changes a schema object once it is parsed.
 */
const keys = new WeakMap<object, Map<string, { key: string; localized: unknown }>>();

function schemaKey(formSchema: unknown, language: string) {
  const known = formSchema && typeof formSchema === "object" ? keys.get(formSchema) : undefined;
  const hit = known?.get(language);
  if (hit) return hit;
  const localized = withoutTexts(localizeSchema(formSchema, language));
  const result = { key: JSON.stringify(localized), localized };
  if (formSchema && typeof formSchema === "object") {
    if (known) known.set(language, result);
    else keys.set(formSchema, new Map([[language, result]]));
  }
  return result;
}

function checkFormSchema(key: string, localized: unknown): Problem[] {
  let problems = checked.get(key);
  if (!problems) {
    problems = findProblems(localized);
    if (checked.size > 2000) checked.clear();
    checked.set(key, problems);
  }
  return problems;
}

/**
 * Titles and descriptions that are strings cannot make a schema invalid: without them, forms that
 * differ only in their texts are checked once (a large service has many such forms).
 */
function withoutTexts<T>(schema: T): T {
  walkSchema(schema, (node) => {
    if (typeof node.title === "string") delete node.title;
    if (typeof node.description === "string") delete node.description;
  });
  return schema;
}

function findProblems(schema: unknown): Problem[] {
  const problems: Problem[] = [];
  if (!metaAjv.validateSchema(schema as object)) {
    const error = metaAjv.errors![0];
    const message = `The form's schema ${error.instancePath || ""} ${error.message}`.replace(/\s+/g, " ");
    return [{ code: "form.invalid-schema", path: error.instancePath.split("/").filter(Boolean), message }];
  }
  walkSchema(schema, (node, at) => {
    const properties = (node.properties ?? {}) as Record<string, unknown>;
    for (const name of Array.isArray(node.required) ? node.required : []) {
      if (node.type === "object" && !Object.hasOwn(properties, String(name)) && !node.additionalProperties) {
        problems.push({
          code: "form.unknown-required",
          path: [...at, "required"],
          message: `"${name}" is required but is not a field of the form`,
          hint: didYouMean(String(name), Object.keys(properties)),
        });
      }
    }
  });
  const problem = problems.length ? undefined : compile(schema);
  if (problem) problems.push({ code: "form.invalid-schema", path: [], message: `The form's schema does not compile: ${problem}` });
  return problems;
}

function compile(schema: unknown): string | undefined {
  try {
    strictAjv.compile(schema as object);
    strictAjv.removeSchema(schema as object);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
