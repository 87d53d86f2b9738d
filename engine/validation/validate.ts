import type { ServiceDefinition, Step } from "../definition/schema";
import type { Issue } from "../issues";
import { reachableFrom, successors } from "../graph/edges";
import { parseSource } from "../parse/parse";
import { SourceMap } from "../parse/source-map";
import type { Catalog } from "./catalog";
import { createReporter, type Rule } from "./rule";
import { catalogRefs } from "./rules/catalog";
import { expressions } from "./rules/expressions";
import { finish } from "./rules/finish";
import { forms } from "./rules/forms";
import { outcomes } from "./rules/outcomes";
import { parties } from "./rules/parties";
import { paymentAgain } from "./rules/payment-again";
import { reachability } from "./rules/reachability";
import { checkSchema, schemaCodes } from "./rules/schema";
import { checkStructure, structureCodes } from "./rules/structure";
import { names } from "./rules/names";
import { decisionLoop } from "./rules/decision-loop";
import { targets } from "./rules/targets";
import { translations } from "./rules/translations";
import { wayOut } from "./rules/way-out";

export const rules: readonly Rule[] = [names, targets, reachability, wayOut, finish, decisionLoop, outcomes, catalogRefs, forms, expressions, translations, paymentAgain, parties];

/** Every issue code the engine can report, for documentation and the studio. */
export const issueCodes: readonly string[] = [
  "yaml.syntax", "yaml.duplicate-key", "step.duplicate-id", "yaml.invalid-character", "yaml.too-deep", "yaml.recursive-alias",
  ...schemaCodes, ...structureCodes, ...rules.flatMap((r) => r.codes),
];

export interface ValidationOptions {
  catalog?: Catalog;
  sourceMap?: SourceMap;
}

/** Validates parsed definition data. Issues are sorted by position; nothing throws for bad input. */
export function validateDefinition(value: unknown, options: ValidationOptions = {}): Issue[] {
  const issues: Issue[] = [];
  const report = createReporter(options.sourceMap ?? SourceMap.empty(), issues);
  try {
    if (!checkStructure(value, report)) return sortIssues(issues);
    const { validSteps } = checkSchema(value, report);
    runRules(value as ServiceDefinition, validSteps, options, report, issues);
  } catch (error) {
    // A bug, not the user's mistake: still an answer, and the definition is refused rather than let through.
    report("schema.invalid", [], `The definition could not be checked: ${String((error as Error)?.message ?? error).split("\n")[0]}`);
  }
  return sortIssues(issues);
}

function runRules(definition: ServiceDefinition, validSteps: Set<string>, options: ValidationOptions, report: ReturnType<typeof createReporter>, issues: Issue[]) {
  const hasShape = definition && typeof definition === "object" && typeof definition.start === "string"
    && definition.steps && typeof definition.steps === "object" && !Array.isArray(definition.steps);
  if (!hasShape) return;
  const steps = Object.entries(definition.steps).filter(([id]) => validSteps.has(id)) as [string, Step][];
  let computed: { next: Map<string, string[]>; reachable: Set<string> } | undefined;
  const graph = () => {
    if (!computed) {
      const next = successors(definition);
      computed = { next, reachable: reachableFrom(definition.start, next) };
    }
    return computed;
  };
  for (const rule of rules) {
    try {
      rule.check({ definition, steps, graph, catalog: options.catalog, report });
    } catch (error) {
      // A rule tripping over a step that is broken in a way the schema check reported already.
      if (!issues.some((i) => i.severity === "error")) throw error;
    }
  }
}

export interface LoadedDefinition {
  /** Present when the text is a definition without errors (warnings allowed). */
  definition?: ServiceDefinition;
  /** The parsed data, whatever its state: the studio shows what it can. */
  value: unknown;
  issues: Issue[];
  sourceMap: SourceMap;
}

/** Parses and validates YAML or JSON text. */
export function loadDefinition(text: string, options: { catalog?: Catalog } = {}): LoadedDefinition {
  const parsed = parseSource(text);
  if (parsed.value === undefined) return { value: undefined, issues: parsed.issues, sourceMap: parsed.sourceMap };
  const issues = sortIssues([...parsed.issues, ...validateDefinition(parsed.value, { ...options, sourceMap: parsed.sourceMap })]);
  const ok = !issues.some((i) => i.severity === "error");
  return { definition: ok ? (parsed.value as ServiceDefinition) : undefined, value: parsed.value, issues, sourceMap: parsed.sourceMap };
}

function sortIssues(issues: Issue[]): Issue[] {
  return issues.sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
}
