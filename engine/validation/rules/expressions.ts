import type { ServiceDefinition, Step } from "../../definition/schema";
import { compileExpression, isExpressionError } from "../../expressions/cel";
import { typeOfSchema, type CelType, type RootType } from "../../expressions/types";
import { availableNames, BUILT_IN_NAMES, providedName, type Availability } from "../../graph/dataflow";
import { stepExpressionSites, stepModule } from "../../steps";
import type { Rule, RuleContext } from "../rule";
import { APPLICANT_SCHEMA, APPLICATION_SCHEMA } from "../../definition/applicant";
import { handlerOf, operationOf, stepResultSchema, type Catalog } from "../catalog";
import { didYouMean } from "../suggest";
import { own } from "../../own";

export interface ExpressionSite {
  stepId: string;
  path: (string | number)[];
  source: string;
  condition: boolean;
}

/** Every expression in a step, with where it is written and whether it is a condition (from the step's module). */
export function expressionSites(id: string, step: Step): ExpressionSite[] {
  return stepExpressionSites(id, step).map((site) => ({ stepId: id, path: site.path, source: site.expr, condition: site.expected === "bool" }));
}

/**
 * Expressions parse; read only names that every path to their step provides; and type-check through the
 * contracts (forms' schemas, the catalog's results, the applicant): fields that exist, comparisons and
 * arithmetic of fitting types anywhere in the tree, enum values, the type each site needs.
 */
export const expressions: Rule = {
  name: "expressions",
  codes: [
    "expression.syntax", "expression.too-complex", "expression.too-costly", "expression.unknown-field", "expression.unknown-property", "expression.type",
    "expression.unknown-value", "expression.numeric-mix", "expression.optional-field", "expression.invalid-literal", "expression.target-type",
  ],
  check({ definition, catalog, steps, graph, report }) {
    const scope = expressionScope(definition, catalog, steps, graph().next);
    for (const [id, step] of steps) checkStepExpressions(id, step, scope, catalog, report);
  },
};

/**
 * What a step's expressions are checked against: which names are known where, the names some step
 * provides, and what each name holds. The rule asks only through these, so a caller can tell what a
 * step's result depended on (incremental.ts checks again only the steps whose answers changed).
 */
export interface ExpressionScope {
  available: Availability;
  /** Some step provides the name (or it is built in). */
  provided(name: string): boolean;
  /** Every name some step provides, for suggestions. */
  allNames(): Iterable<string>;
  root(name: string): RootType | undefined;
}

/** `resultSchema` may remember each step's result schema (incremental.ts: the steps of an edited definition are mostly the same objects). */
export function expressionScope(
  definition: ServiceDefinition,
  catalog: Catalog | undefined,
  steps: [string, Step][],
  next: Map<string, string[]>,
  resultSchema: (step: Step) => unknown = (step) => stepResultSchema(step, catalog, undefined),
): ExpressionScope & { writers: Map<string, Step[]> } {
  const available = availableNames(definition, next);
  const { roots, writers } = rootTypes(definition, resultSchema);
  const allNames = new Set<string>(BUILT_IN_NAMES);
  for (const [id, step] of steps) {
    const name = providedName(id, step);
    if (name) allNames.add(name);
  }
  return { available, provided: (name) => allNames.has(name), allNames: () => allNames, root: (name) => roots.get(name), writers };
}

/** One step's expressions (the rule's work for that step). */
export function checkStepExpressions(id: string, step: Step, scope: ExpressionScope, catalog: Catalog | undefined, report: RuleContext["report"]) {
  const { available } = scope;
  const suggest = (name: string, options: string[]) => didYouMean(name, options);
  for (const site of stepExpressionSites(id, step)) {
    const compiled = compileExpression(site.expr);
    if (isExpressionError(compiled)) {
      report(compiled.code ?? "expression.syntax", site.path, compiled.message, {
        index: compiled.index,
        hint: compiled.code ? "split it into simpler expressions or steps" : undefined,
      });
      continue;
    }
    const unknownRoots = new Set<string>();
    for (const read of compiled.reads) {
      const root = read[0];
      if (unknownRoots.has(root)) continue;
      const nullChecked = compiled.comparisons.some((c) => c.read.length === 1 && c.read[0] === root && c.literal === "null");
      if (!available.has(id, root) && !(nullChecked && scope.provided(root))) {
        unknownRoots.add(root);
        const index = site.expr.indexOf(root);
        if (scope.provided(root)) {
          report("expression.unknown-field", site.path, `"${root}" may not be known yet at step "${id}": some path reaches it without passing the step that provides it`, { index, hint: `make every path pass that step first, or check it: ${root} != null ? … : …` });
        } else {
          report("expression.unknown-field", site.path, `"${root}" is not in the application's data`, { index, hint: didYouMean(root, scope.allNames()) ?? `known: ${available.names(id, 20).join(", ")}` });
        }
      }
    }
    // A name that is not in the data at all is reported once above; its fields are not checked again.
    const { type, problems } = compiled.checkTypes((name) => (unknownRoots.has(name) && !scope.provided(name) ? undefined : scope.root(name)), suggest);
    for (const problem of problems) report(problem.code, site.path, problem.message, { index: problem.index, hint: problem.hint });
    const expected = site.expected === "any" && site.key !== undefined ? targetSchema(step, site.key, catalog) : undefined;
    if (site.expected === "bool" && ((type.t !== "dyn" && type.t !== "bool") || !compiled.maybeBoolean)) {
      report("expression.type", site.path, type.t === "dyn" ? "A condition must be true or false" : `A condition must be true or false, and this is ${article(describeType(type))}`, { hint: "compare the value, e.g. x == 1" });
    } else if (site.expected === "number" && type.t !== "dyn" && !NUMBERS.has(type.t)) {
      report("expression.target-type", site.path, `An amount must be a number, and this is ${article(describeType(type))}`, { hint: type.t === "string" ? "convert it: double(…)" : undefined });
    } else if (site.expected === "string" && type.t !== "dyn" && type.t !== "string") {
      report("expression.target-type", site.path, `This must be text (a string), and this is ${article(describeType(type))}`, { hint: type.t === "timestamp" ? "convert it: string(…)" : undefined });
    } else if (expected !== undefined) {
      const mismatch = targetMismatch(type, expected);
      if (mismatch) report("expression.target-type", site.path, `"${site.key}" must be ${mismatch.wanted}, and this is ${article(describeType(type))}`, { hint: mismatch.hint });
    }
  }
}

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);
const NUMBERS = new Set(["int", "uint", "double", "num"]);
const describeType = (type: CelType) => (type.t === "num" ? "number" : type.t === "int" ? "whole number (int)" : type.t);

/** What a mapping entry feeds: the catalog's input or data schema of what the step calls, or the step's own form. */
function targetSchema(step: Step, key: string, catalog: Catalog | undefined): unknown {
  for (const ref of stepModule(step).catalogRefs("", step)) {
    const schema = ref.type === "operation" ? operationOf(catalog, ref.registry, ref.operation)?.input
      : ref.type === "handler" ? handlerOf(catalog, ref.handler, ref.version)?.input
      : ref.type === "template" ? own(catalog?.templates, ref.template)?.data : undefined;
    if (schema) return own(schema.properties as Record<string, unknown> | undefined, key);
  }
  const stepSchema = (step as { schema?: { properties?: Record<string, unknown> } }).schema;
  return stepSchema ? own(stepSchema.properties, key) : undefined;
}

/** Whether a value of `type` cannot be what the target's schema takes; null is left to the target's own check. */
function targetMismatch(type: CelType, schema: unknown): { wanted: string; hint?: string } | undefined {
  const wanted = typeOfSchema(schema);
  if (wanted.t === "dyn" || type.t === "dyn" || type.t === "null") return undefined;
  if (NUMBERS.has(wanted.t)) {
    if (NUMBERS.has(type.t)) return wanted.t === "int" && type.t === "double" ? { wanted: "a whole number", hint: "convert it: int(…)" } : undefined;
    return { wanted: "a number", hint: type.t === "string" ? "convert it: double(…) or int(…)" : undefined };
  }
  if (wanted.t === "string") {
    if (type.t === "string" || type.t === "timestamp") return undefined;
    return { wanted: "text", hint: NUMBERS.has(type.t) || type.t === "bool" ? "convert it: string(…)" : undefined };
  }
  if (wanted.t === type.t) return undefined;
  if (wanted.t === "bool") return { wanted: "true or false", hint: "compare the value, e.g. x > 0" };
  return { wanted: article(describeType(wanted)) };
}

/**
 * What is known of each name an expression can read: the applicant, the application, and what each step
 * saves (a form's answers, an officer's decision, a registry's or handler's result from the catalog).
 * The applicant's profile, answers and the results step kinds declare may lack their optional fields
 * (see mayLackOptional): reading one needs has().
 */
function rootTypes(definition: ServiceDefinition, resultSchema: (step: Step) => unknown): { roots: Map<string, RootType>; writers: Map<string, Step[]> } {
  const roots = new Map<string, RootType>([
    ["applicant", { schema: APPLICANT_SCHEMA as unknown as Record<string, unknown>, given: true }],
    ["application", { schema: APPLICATION_SCHEMA as unknown as Record<string, unknown> }],
  ]);
  // The steps writing each name, gathered once: savedResultSchema per name walks every step (quadratic on large services).
  const writers = new Map<string, Step[]>();
  for (const [id, step] of Object.entries(definition.steps)) {
    const name = step && typeof step === "object" ? providedName(id, step) : undefined;
    if (!name || roots.has(name)) continue;
    const list = writers.get(name);
    if (list) list.push(step);
    else writers.set(name, [step]);
  }
  for (const [name, list] of writers) {
    const schemas = list.map(resultSchema);
    const schema = schemas.some((x) => !x) ? undefined : schemas.length === 1 ? schemas[0] : { anyOf: schemas };
    roots.set(name, { schema: schema as RootType["schema"], given: list.every(mayLackOptional) });
  }
  return { roots, writers };
}

/**
 * Whether a step's saved value may lack what its schema leaves optional, so that reading such a field
 * needs has(): a form's answers, and the result a step kind declares (a booking's officeTitle is there
 * only when the provider gives it). A registry's or handler's result from the catalog has fields by
 * outcome (a fine only when found), read on that outcome's path, which this check does not follow yet.
 */
function mayLackOptional(step: Step): boolean {
  return !stepModule(step).catalogRefs("", step).some((ref) => ref.type === "operation" || ref.type === "handler");
}
