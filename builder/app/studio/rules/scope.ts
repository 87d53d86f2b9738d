/**
 * What a rule at a step can read: the names the validator's data flow says are certainly known there
 * (the applicant, the application, the answers and results of the steps every path passes first), their
 * fields from the forms' schemas and the catalog's results, sample data made from those schemas, and
 * the engine's type checker over the same roots the validator uses.
 */
import {
  APPLICANT_SCHEMA, APPLICATION_SCHEMA, availableNames, BUILT_IN_NAMES, compileExpression, didYouMean, isExpressionError, localize, providedName,
  stepModule, stepResultSchema, suggest, type Catalog, type ExpectedType, type ServiceDefinition, type Step,
} from "../../../../engine";
import type { RootType } from "../../../../engine/expressions/types";
import type { Literal } from "./cel-model";

type JsonSchema = Record<string, unknown>;

export type FieldType = "string" | "number" | "integer" | "boolean" | "object" | "array" | "other";

export interface FieldInfo {
  /** The CEL path: vehicle.months */
  path: string;
  /** What people read: "Vehicle › Months" */
  label: string;
  type: FieldType;
  /** A choice's values with their labels. */
  options?: { value: Literal; label: string }[];
  /** A person fills it and may leave it out: rules read it only after has() (the validator requires it). */
  optional?: boolean;
}

export interface RuleScope {
  stepId?: string;
  fields: FieldInfo[];
  roots: Map<string, RootType>;
  /** Names some step provides, but not certainly at this step. */
  elsewhere: Set<string>;
  sample: Record<string, unknown>;
}

const isObject = (x: unknown): x is Record<string, unknown> => !!x && typeof x === "object" && !Array.isArray(x);

export const EMPTY_SCOPE: RuleScope = { fields: [], roots: new Map(), elsewhere: new Set(), sample: {} };

/**
 * The last scope of each step (a few): an edit elsewhere in a large service (a step added, a title
 * changed) usually leaves the names known at a step and the steps providing them as they were, and
 * then the scope is the same object (the property panel is not drawn again for it).
 */
const lastScopes = new Map<string, { catalog: Catalog | undefined; language: string; available: string[]; providers: Map<string, Step[]>; scope: RuleScope }>();
/** Result schemas by step object (a definition's steps are values: an edited step is a new object). */
const resultSchemas = new WeakMap<object, { catalog: Catalog | undefined; schema: JsonSchema | undefined }>();
/** Fields and sample of a root's schema by schema object, name and language. */
const flattened = new WeakMap<object, Map<string, { fields: FieldInfo[]; sample: unknown }>>();

/** The scope of rules written in step `stepId` (or anywhere, without one). Tolerates half-written definitions. */
export function ruleScope(definition: unknown, catalog: Catalog | undefined, stepId: string | undefined, language = "en"): RuleScope {
  if (!isObject(definition) || !isObject(definition.steps)) return EMPTY_SCOPE;
  const def = definition as unknown as ServiceDefinition;
  const steps = Object.entries(def.steps).filter(([, s]) => isObject(s) && typeof s.kind === "string") as [string, Step][];
  const providers = new Map<string, Step[]>();
  for (const [id, step] of steps) {
    let name: string | undefined;
    try {
      name = providedName(id, step);
    } catch {
      name = undefined;
    }
    if (name && !BUILT_IN_NAMES.includes(name as never)) providers.set(name, [...(providers.get(name) ?? []), step]);
  }
  let available: string[];
  try {
    available = stepId ? availableNames(def).names(stepId) : [...BUILT_IN_NAMES, ...providers.keys()];
  } catch {
    available = [...BUILT_IN_NAMES, ...providers.keys()];
  }
  const key = stepId ?? "";
  const last = lastScopes.get(key);
  if (last && last.catalog === catalog && last.language === language && sameList(last.available, available) && sameProviders(last.providers, providers)) return last.scope;
  const roots = new Map<string, RootType>([
    ["applicant", { schema: APPLICANT_SCHEMA as unknown as JsonSchema, given: true }],
    ["application", { schema: APPLICATION_SCHEMA as unknown as JsonSchema }],
  ]);
  for (const [name, list] of providers) {
    let schemas: (JsonSchema | undefined)[];
    try {
      schemas = list.map((step) => resultSchemaOf(step, catalog));
    } catch {
      schemas = [undefined];
    }
    const schema = schemas.some((x) => !x) ? undefined : schemas.length === 1 ? schemas[0] : { anyOf: schemas };
    roots.set(name, { schema: schema as JsonSchema | undefined, given: stepModule(list[0]).input === "answers" && (list[0] as { schema?: unknown }).schema !== undefined });
  }
  const fields: FieldInfo[] = [];
  const sample: Record<string, unknown> = {};
  // Answers first: they are what rules are mostly about.
  const order = [...available.filter((n) => !BUILT_IN_NAMES.includes(n as never)), ...BUILT_IN_NAMES];
  for (const name of order) {
    const root = roots.get(name);
    const part = fieldsOf(root?.schema, name, language, !!root?.given);
    fields.push(...part.fields);
    sample[name] = part.sample;
  }
  const elsewhere = new Set([...providers.keys()].filter((n) => !available.includes(n)));
  const scope = { stepId, fields, roots, elsewhere, sample };
  if (lastScopes.size >= 8 && !lastScopes.has(key)) lastScopes.delete(lastScopes.keys().next().value as string);
  lastScopes.set(key, { catalog, language, available, providers, scope });
  return scope;
}

const sameList = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameProviders = (a: Map<string, Step[]>, b: Map<string, Step[]>) => {
  if (a.size !== b.size) return false;
  for (const [name, list] of b) {
    const before = a.get(name);
    if (!before || !sameList(before, list)) return false;
  }
  return true;
};

function resultSchemaOf(step: Step, catalog: Catalog | undefined): JsonSchema | undefined {
  const known = resultSchemas.get(step);
  if (known && known.catalog === catalog) return known.schema;
  const schema = stepResultSchema(step, catalog, undefined) as JsonSchema | undefined;
  resultSchemas.set(step, { catalog, schema });
  return schema;
}

function fieldsOf(schema: JsonSchema | undefined, name: string, language: string, given: boolean): { fields: FieldInfo[]; sample: unknown } {
  const key = `${name}\u0000${language}\u0000${given}`;
  const known = schema ? flattened.get(schema)?.get(key) : undefined;
  if (known) return known;
  const fields: FieldInfo[] = [];
  const title = schema ? textOf(schema.title, language) : undefined;
  flatten(schema, name, title ?? name, fields, language, 0, given);
  const result = { fields, sample: sampleOf(schema, 0) };
  if (schema) {
    const byKey = flattened.get(schema) ?? new Map();
    byKey.set(key, result);
    flattened.set(schema, byKey);
  }
  return result;
}

function textOf(text: unknown, language: string): string | undefined {
  if (typeof text === "string") return text;
  if (isObject(text)) return localize(text as Record<string, string>, language);
  return undefined;
}

function typeOf(schema: JsonSchema): FieldType {
  const t = Array.isArray(schema.type) ? schema.type.find((x) => x !== "null") : schema.type;
  if (t === "string" || t === "number" || t === "integer" || t === "boolean" || t === "object" || t === "array") return t;
  const values = optionsOf(schema, "en");
  if (values?.length) {
    const v = values[0].value;
    return typeof v === "number" ? (Number.isInteger(v) ? "integer" : "number") : typeof v === "boolean" ? "boolean" : "string";
  }
  if (schema.properties) return "object";
  return "other";
}

function optionsOf(schema: JsonSchema, language: string): FieldInfo["options"] {
  if (Array.isArray(schema.enum)) return schema.enum.filter((v) => v !== null).map((v) => ({ value: v as Literal, label: String(v) }));
  const alternatives = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
  if (Array.isArray(alternatives) && alternatives.every((a) => isObject(a) && "const" in a)) {
    return (alternatives as JsonSchema[]).map((a) => ({ value: a.const as Literal, label: textOf(a.title, language) ?? String(a.const) }));
  }
  return undefined;
}

function flatten(schema: JsonSchema | undefined, path: string, label: string, out: FieldInfo[], language: string, depth: number, given: boolean, optionalAbove = false) {
  if (!schema || !isObject(schema.properties) || depth > 3) return;
  const required = Array.isArray(schema.required) ? schema.required : [];
  for (const [key, child] of Object.entries(schema.properties)) {
    if (!isObject(child)) continue;
    const childPath = `${path}.${key}`;
    const childLabel = `${label} › ${textOf(child.title, language) ?? key}`;
    const type = typeOf(child);
    const optional = optionalAbove || (given && !required.includes(key));
    if (type === "object") {
      flatten(child, childPath, childLabel, out, language, depth + 1, given, optional);
      continue;
    }
    out.push({ path: childPath, label: childLabel, type, options: optionsOf(child, language), ...(optional ? { optional } : {}) });
  }
}

/** A plausible value of a schema, for previews: a choice's first option, a number, a text, today. */
export function sampleOf(schema: unknown, depth: number): unknown {
  if (!isObject(schema) || depth > 5) return {};
  const options = optionsOf(schema, "en");
  if (options?.length) return options[0].value;
  if ("const" in schema) return schema.const;
  if (schema.default !== undefined) return schema.default;
  switch (typeOf(schema)) {
    case "string":
      return schema.format === "date" ? new Date().toISOString().slice(0, 10) : schema.format === "date-time" ? new Date().toISOString() : "text";
    case "integer":
      return typeof schema.minimum === "number" ? schema.minimum : 1;
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 1;
    case "boolean":
      return true;
    case "array":
      return [];
    case "object": {
      const props = isObject(schema.properties) ? schema.properties : {};
      return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, sampleOf(v, depth + 1)]));
    }
    default:
      return {};
  }
}

export interface RuleCheck {
  /** The expression's type as people read it ("number", "true or false", "text"), when it checks. */
  type?: string;
  /** The CEL type it names (int, double, bool, string…), for the studio's language. */
  celType?: string;
  error?: string;
  /** The error as a code and the names in it, for the studio's language (check-text.ts); `error` is the English. */
  problem?: { code: string; params: Record<string, string> };
  /** Warnings: what may fail at run time (the validator reports them too). */
  warnings: string[];
}

const TYPE_NAMES: Record<string, string> = {
  int: "whole number", uint: "whole number", double: "number", num: "number", string: "text", bool: "true or false", null: "null",
  map: "map", list: "list", timestamp: "timestamp", duration: "duration", bytes: "bytes", type: "type", dyn: "any value",
};

const fail = (code: string, error: string, params: Record<string, string> = {}, type?: { t: string }): RuleCheck => ({
  ...(type ? { type: TYPE_NAMES[type.t] ?? type.t, celType: type.t } : {}),
  error,
  problem: { code, params },
  warnings: [],
});

/** The names quoted in an engine message ("a.b" has no field "c" → q0 a.b, q1 c). */
const quotedIn = (message: string) => Object.fromEntries([...message.matchAll(/"([^"]*)"/g)].map((m, i) => [`q${i}`, m[1]]));

/** Parses and type-checks an expression as the validator does at this step, and checks the type the place wants. */
export function checkRule(source: string, scope: RuleScope, expected: ExpectedType): RuleCheck {
  if (!source.trim()) return fail("rule.empty", "Empty expression");
  const compiled = compileExpression(source);
  if (isExpressionError(compiled)) return fail(compiled.code ?? "expression.syntax", compiled.message);
  const known = new Set(scope.fields.map((f) => f.path.split(".")[0]));
  for (const root of Object.keys(Object.fromEntries(scope.roots))) if (!scope.elsewhere.has(root)) known.add(root);
  for (const root of compiled.roots) {
    if (known.has(root)) continue;
    if (scope.elsewhere.has(root)) return fail("rule.not-yet-known", `"${root}" may not be known yet at this step: some path reaches it without passing the step that provides it`, { root });
    const suggestion = suggest(root, [...known]);
    const hint = suggestion ? ` (did you mean "${suggestion}"?)` : "";
    return fail(suggestion ? "rule.unknown-root-suggest" : "rule.unknown-root", `"${root}" is not in the application's data${hint}`, { root, ...(suggestion ? { suggestion } : {}) });
  }
  const { type, problems } = compiled.checkTypes((name) => scope.roots.get(name), (name, options) => didYouMean(name, options));
  // The validator reports each of these as an error (an optional field read without has() included).
  if (problems.length) return fail(problems[0].code, problems[0].message + (problems[0].hint ? ` — ${problems[0].hint}` : ""), quotedIn(problems[0].message));
  const name = TYPE_NAMES[type.t] ?? type.t;
  if (expected === "bool" && type.t !== "bool" && type.t !== "dyn") return fail("rule.not-bool", `A condition must be true or false, and this is a ${name}`, {}, type);
  if (expected === "number" && !["int", "uint", "double", "num", "dyn"].includes(type.t)) return fail("rule.not-number", `An amount must be a number, and this is ${name}`, {}, type);
  return { type: name, celType: type.t, warnings: [] };
}

/** Evaluates an expression on sample data with the engine's evaluator. */
export function previewRule(source: string | number, data: Record<string, unknown>): { value?: unknown; error?: string } {
  if (typeof source === "number") return { value: source };
  const compiled = compileExpression(source);
  if (isExpressionError(compiled)) return { error: compiled.message };
  try {
    return { value: compiled.evaluate(data) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
