/**
 * Expressions are CEL (https://cel.dev): non-Turing-complete, no globals, no prototypes.
 * Parsed once and cached; evaluated identically in the browser and on the server.
 */
import { celEnv, celFunc, celList, celMap, CelScalar, isCelError, isCelType, isCelList, isCelMap, parse, plan, type CelInput } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { EngineError } from "../issues";
import { MAX_EXPRESSION_ITERATIONS, MAX_EXPRESSION_NESTING } from "../limits";
import { compileFast, FALLBACK } from "./fast-path";
import { checkTypes, type CelType, type RootType, type TypeProblem } from "./types";

type ParsedExpr = ReturnType<typeof parse>;
type Expr = ParsedExpr["expr"];

export interface ExpressionError {
  /** expression.syntax, or expression.too-complex / expression.too-costly for what would exhaust the evaluator. */
  code?: string;
  message: string;
  /** 0-based index into the expression text. */
  index: number;
}

/** A field the expression reads: root variable plus the selected fields, e.g. ["person", "birthPlace"]. */
export type FieldRead = string[];

/** A field compared with a literal, e.g. `purpose.reasonId == 5`: the type checker's input. */
export interface Comparison {
  read: FieldRead;
  literal: "string" | "int" | "double" | "bool" | "null" | "bytes" | "uint";
  /** The literal's value for strings and numbers (to check it against a field's allowed values). */
  value?: string | number;
  /** Equality (== or !=), where a value outside the field's options can never match. */
  equality: boolean;
  index: number;
}

export interface CompiledExpression {
  source: string;
  reads: FieldRead[];
  comparisons: Comparison[];
  /** Whether the expression can yield a boolean at all (a condition must). */
  maybeBoolean: boolean;
  /** Root variables mentioned. */
  roots: string[];
  evaluate(data: Record<string, unknown>): unknown;
  /** The same, always by the full CEL evaluator (the fast path's reference in tests). */
  evaluateWithCel(data: Record<string, unknown>): unknown;
  /** Types every node from what is known of the names read (see types.ts); problems as data. */
  checkTypes(roots: (name: string) => RootType | undefined, suggest: (name: string, options: string[]) => string | undefined): { type: CelType; problems: TypeProblem[] };
}

const MAX_LENGTH = 2000;
const cache = new Map<string, CompiledExpression | ExpressionError>();

/** Functions and macros an expression may call (CEL's standard library). */
export const KNOWN_FUNCTIONS = new Set([
  "_&&_", "_||_", "!_", "-_", "_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_", "_+_", "_-_", "_*_", "_/_", "_%_",
  "_?_:_", "_[_]", "@in", "@not_strictly_false", "size", "has", "int", "uint", "double", "string", "bool", "bytes",
  "contains", "startsWith", "endsWith", "matches", "timestamp", "duration", "type", "dyn",
  "getFullYear", "getMonth", "getDayOfMonth", "getDayOfYear", "getDayOfWeek", "getHours", "getMinutes",
  "all", "exists", "exists_one", "map", "filter",
  // CEL's strings extension
  "charAt", "format", "indexOf", "join", "lastIndexOf", "lowerAscii", "replace", "split", "substring", "trim", "upperAscii",
]);

export function compileExpression(source: string): CompiledExpression | ExpressionError {
  const hit = cache.get(source);
  if (hit) return hit;
  const result = compileUncached(source);
  if (cache.size > 5000) cache.clear();
  cache.set(source, result);
  return result;
}

export const isExpressionError = (x: CompiledExpression | ExpressionError): x is ExpressionError =>
  !("evaluate" in x);

function compileUncached(source: string): CompiledExpression | ExpressionError {
  if (source.length > MAX_LENGTH) return { message: `An expression may have at most ${MAX_LENGTH} characters`, index: 0 };
  // The parser and every walk below recurse: nesting is bounded before and after parsing.
  const deepAt = nestingTooDeep(source);
  if (deepAt !== undefined) return tooComplex(deepAt);
  let parsed: ParsedExpr;
  try {
    parsed = parse(source);
  } catch (error) {
    if (error instanceof RangeError) return tooComplex(0);
    const location = (error as { location?: { start?: { offset?: number } } }).location;
    const message = String((error as Error).message).replace(/^<input>:\d+:\d+: /, "");
    return { message: `Cannot parse the expression: ${message}`, index: location?.start?.offset ?? 0 };
  }
  const positions = parsed.sourceInfo?.positions ?? {};
  const at = (id: bigint) => Number(positions[String(id)] ?? 0);
  const deep = deepestNode(parsed.expr);
  if (deep) return tooComplex(at(deep.id));
  const reads: FieldRead[] = [];
  const bound = new Set<string>();
  const problem = walk(parsed.expr, reads, bound, at);
  if (problem) return problem;
  const cost = estimateCost(parsed.expr);
  if (cost > MAX_EXPRESSION_ITERATIONS) {
    return { code: "expression.too-costly", message: `The expression would run about ${cost.toExponential(0)} iterations; at most ${MAX_EXPRESSION_ITERATIONS} are allowed`, index: 0 };
  }
  const comparisons: Comparison[] = [];
  collectComparisons(parsed.expr, comparisons, at);
  const roots = [...new Set(reads.map((r) => r[0]))];
  // Planning is left to the first evaluation: validation only needs the syntax tree.
  let program: ((bindings: never) => unknown) | undefined;
  let fast: ReturnType<typeof compileFast> | null = null;
  const evaluateWithCel = (data: Record<string, unknown>) => {
    if (!program) {
      const env = celEnv({ variables: Object.fromEntries(roots.map((r) => [r, CelScalar.DYN])), funcs: [...strings, budget] });
      program = plan(env, withBudget(structuredClone(parsed))) as never;
    }
    const bindings: Record<string, CelInput> = Object.create(null); // "__proto__" is a name like any other
    // A name no step has provided yet is null: `birthPlace != null ? birthPlace.city : person.city`.
    for (const root of roots) bindings[root] = toCel((Object.hasOwn(data, root) ? data[root] : undefined) ?? null);
    iterations = 0;
    const value = program!(bindings as never);
    if (iterations > MAX_EXPRESSION_ITERATIONS) {
      throw new EngineError("expression.too-costly", `More than ${MAX_EXPRESSION_ITERATIONS} iterations in "${source}"`);
    }
    if (isCelError(value)) throw new EngineError("expression.eval", `${value.message} in "${source}"`);
    return fromCel(value);
  };
  return {
    source,
    reads,
    comparisons,
    maybeBoolean: maybeBoolean(parsed.expr),
    roots,
    evaluate(data) {
      if (fast === null) fast = compileFast(parsed.expr);
      return guarded(source, () => {
        if (fast) {
          try {
            return fast(data);
          } catch (signal) {
            if (signal !== FALLBACK) throw signal;
          }
        }
        return evaluateWithCel(data);
      });
    },
    evaluateWithCel: (data) => guarded(source, () => evaluateWithCel(data)),
    checkTypes: (roots, suggest) => checkTypes({ expr: parsed.expr!, source, at, roots, suggest, evaluateConstant: (expr) => evaluateConstant(parsed, expr) }),
  };
}

/**
 * Evaluation fails with an EngineError and nothing else: the data comes from citizens and registries,
 * and data nested thousands of levels deep would overflow the stack while it is converted or compared.
 */
function guarded<T>(source: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw new EngineError("expression.eval", `${error instanceof RangeError ? "The data is nested too deeply" : String((error as Error)?.message ?? error)} in "${source}"`);
  }
}

/** CEL's own error for a constant sub-expression (`timestamp("2025-02-30")`), or undefined when it evaluates. */
function evaluateConstant(parsed: ParsedExpr, expr: Expr): string | undefined {
  try {
    const program = plan(celEnv({ funcs: [...strings] }), { ...parsed, expr: structuredClone(expr) } as ParsedExpr) as unknown as () => unknown;
    const value = program();
    return isCelError(value) ? value.message.replace(/^Failed to parse \w+: (Error: )?/, "") : undefined;
  } catch (error) {
    return String((error as Error).message);
  }
}

const tooComplex = (index: number): ExpressionError => ({
  code: "expression.too-complex",
  message: `The expression nests too deeply (brackets, conditions or operators more than ${MAX_EXPRESSION_NESTING} levels)`,
  index,
});

/**
 * The index where brackets, conditionals (`a ? b : c ? …`) or prefix operators (`!!!…`) nest too deeply,
 * outside string literals: the parser recurses on each, and would overflow the stack.
 */
function nestingTooDeep(source: string): number | undefined {
  const conditionals = [0]; // open `?` per bracket level
  let quote: string | undefined;
  let prefixRun = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === " " || c === "\t" || c === "\n" || c === "\r") continue;
    prefixRun = c === "!" || c === "-" ? prefixRun + 1 : 0;
    if (prefixRun > MAX_EXPRESSION_NESTING) return i;
    if (c === "'" || c === '"') quote = c;
    else if (c === "(" || c === "[" || c === "{") {
      conditionals.push(0);
      if (conditionals.length > MAX_EXPRESSION_NESTING) return i;
    } else if (c === ")" || c === "]" || c === "}") {
      if (conditionals.length > 1) conditionals.pop();
    } else if (c === ",") conditionals[conditionals.length - 1] = 0;
    else if (c === "?" && ++conditionals[conditionals.length - 1] > MAX_EXPRESSION_NESTING) return i;
  }
  return undefined;
}

/** The first node deeper than MAX_EXPRESSION_NESTING × 4 in the syntax tree (operator chains are deep but cheap). */
function deepestNode(root: Expr): Expr | undefined {
  const stack: [Expr | undefined, number][] = [[root, 0]];
  while (stack.length) {
    const [expr, depth] = stack.pop()!;
    if (!expr) continue;
    if (depth > MAX_EXPRESSION_NESTING * 4) return expr;
    for (const child of children(expr)) stack.push([child, depth + 1]);
  }
  return undefined;
}

function children(expr: Expr): (Expr | undefined)[] {
  const kind = expr.exprKind;
  switch (kind.case) {
    case "selectExpr":
      return [kind.value.operand];
    case "callExpr":
      return [kind.value.target, ...kind.value.args];
    case "listExpr":
      return kind.value.elements;
    case "structExpr":
      return kind.value.entries.flatMap((e) => [e.keyKind.case === "mapKey" ? e.keyKind.value : undefined, e.value]);
    case "comprehensionExpr": {
      const c = kind.value;
      return [c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result];
    }
    default:
      return [];
  }
}

/**
 * Iterations the expression runs when its ranges are literal lists (a range read from the data counts
 * as one: the evaluation budget catches those when they run).
 */
function estimateCost(expr: Expr | undefined): number {
  if (!expr) return 0;
  const kind = expr.exprKind;
  if (kind.case === "comprehensionExpr") {
    const c = kind.value;
    const range = c.iterRange?.exprKind;
    const size = range?.case === "listExpr" ? range.value.elements.length : range?.case === "structExpr" ? range.value.entries.length : 1;
    return estimateCost(c.iterRange) + estimateCost(c.accuInit) + estimateCost(c.result) + size * (1 + estimateCost(c.loopCondition) + estimateCost(c.loopStep));
  }
  let total = 0;
  for (const child of children(expr)) total += estimateCost(child);
  return total;
}

/**
 * The evaluation budget: every comprehension's loop condition is wrapped in a call that counts the
 * iterations of the current evaluation and fails once there were too many (CEL itself has no limit,
 * and `[..100 items].all(a, [..].all(b, [..].all(c, …)))` runs 10^6 times per level).
 */
let iterations = 0;
const BUDGET_FUNCTION = "civic_budget";
const budget = celFunc(BUDGET_FUNCTION, [CelScalar.BOOL], CelScalar.BOOL, (condition: boolean) => {
  if (++iterations > MAX_EXPRESSION_ITERATIONS) throw new Error("the expression does too much work");
  return condition;
});

function withBudget(parsed: ParsedExpr): ParsedExpr {
  const template = parse(`${BUDGET_FUNCTION}(true)`).expr!;
  const stack: (Expr | undefined)[] = [parsed.expr];
  while (stack.length) {
    const expr = stack.pop();
    if (!expr) continue;
    if (expr.exprKind.case === "comprehensionExpr") {
      const c = expr.exprKind.value;
      const call = structuredClone(template);
      if (call.exprKind.case === "callExpr") call.exprKind.value.args = [c.loopCondition!];
      c.loopCondition = call;
    }
    stack.push(...children(expr));
  }
  return parsed;
}

/** Collects field reads and rejects calls to unknown functions. Comprehension variables are bound locally. */
function walk(expr: Expr | undefined, reads: FieldRead[], bound: Set<string>, at: (id: bigint) => number): ExpressionError | undefined {
  if (!expr) return;
  const kind = expr.exprKind;
  switch (kind.case) {
    case "identExpr":
      if (!bound.has(kind.value.name)) reads.push([kind.value.name]);
      return;
    case "selectExpr": {
      const path: string[] = [kind.value.field];
      let operand = kind.value.operand;
      while (operand?.exprKind.case === "selectExpr") {
        path.unshift(operand.exprKind.value.field);
        operand = operand.exprKind.value.operand;
      }
      if (operand?.exprKind.case === "identExpr") {
        if (!bound.has(operand.exprKind.value.name)) reads.push([operand.exprKind.value.name, ...path]);
        return;
      }
      return walk(operand, reads, bound, at);
    }
    case "callExpr": {
      if (!KNOWN_FUNCTIONS.has(kind.value.function)) {
        return { message: `Unknown function "${kind.value.function}"`, index: at(expr.id) };
      }
      for (const arg of [kind.value.target, ...kind.value.args]) {
        const problem = walk(arg, reads, bound, at);
        if (problem) return problem;
      }
      return;
    }
    case "listExpr":
      for (const element of kind.value.elements) {
        const problem = walk(element, reads, bound, at);
        if (problem) return problem;
      }
      return;
    case "structExpr":
      if (kind.value.messageName) return { message: `Message types are not available ("${kind.value.messageName}")`, index: at(expr.id) };
      for (const entry of kind.value.entries) {
        const key = entry.keyKind.case === "mapKey" ? entry.keyKind.value : undefined;
        const problem = walk(key, reads, bound, at) ?? walk(entry.value, reads, bound, at);
        if (problem) return problem;
      }
      return;
    case "comprehensionExpr": {
      const c = kind.value;
      const inner = new Set([...bound, c.iterVar, c.iterVar2, c.accuVar].filter(Boolean));
      return walk(c.iterRange, reads, bound, at) ?? walk(c.accuInit, reads, inner, at) ?? walk(c.loopCondition, reads, inner, at)
        ?? walk(c.loopStep, reads, inner, at) ?? walk(c.result, reads, inner, at);
    }
    default:
      return;
  }
}

const COMPARE = new Set(["_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_"]);
const NOT_BOOLEAN = new Set(["_+_", "_-_", "_*_", "_/_", "_%_", "-_", "size", "int", "uint", "double", "string", "bytes", "timestamp", "duration", "type", "map", "filter"]);

function selectPath(expr: Expr | undefined): FieldRead | undefined {
  const path: string[] = [];
  while (expr?.exprKind.case === "selectExpr") {
    path.unshift(expr.exprKind.value.field);
    expr = expr.exprKind.value.operand;
  }
  return expr?.exprKind.case === "identExpr" ? [expr.exprKind.value.name, ...path] : undefined;
}

function collectComparisons(expr: Expr | undefined, out: Comparison[], at: (id: bigint) => number): void {
  if (expr?.exprKind.case !== "callExpr") return;
  const call = expr.exprKind.value;
  if (COMPARE.has(call.function) && call.args.length === 2) {
    for (const [a, b] of [[call.args[0], call.args[1]], [call.args[1], call.args[0]]]) {
      const read = selectPath(a);
      if (read && b.exprKind.case === "constExpr") {
        const kind = b.exprKind.value.constantKind.case ?? "nullValue";
        const literal = ({ stringValue: "string", int64Value: "int", doubleValue: "double", boolValue: "bool", nullValue: "null", bytesValue: "bytes", uint64Value: "uint" } as const)[kind as string];
        const constant = b.exprKind.value.constantKind;
        const value = constant.case === "stringValue" || constant.case === "doubleValue" ? constant.value
          : constant.case === "int64Value" ? Number(constant.value) : undefined;
        if (literal) out.push({ read, literal, value, equality: call.function === "_==_" || call.function === "_!=_", index: at(b.id) });
      }
    }
  }
  for (const arg of call.args) collectComparisons(arg, out, at);
}

function maybeBoolean(expr: Expr): boolean {
  const kind = expr.exprKind;
  if (kind.case === "constExpr") return kind.value.constantKind.case === "boolValue";
  if (kind.case === "listExpr" || kind.case === "structExpr") return false;
  if (kind.case === "callExpr") return !NOT_BOOLEAN.has(kind.value.function);
  return true;
}

/**
 * Application data is never mutated in place (each step's result is a new object), so the conversion
 * of an object is done once and remembered: a machine's guards do not re-convert the data each time.
 */
const converted = new WeakMap<object, CelInput>();

/** JSON numbers that are whole become CEL ints so that `age + 1` and `count == 2` work as people expect. */
function toCel(value: unknown): CelInput {
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value) : value;
  if (!value || typeof value !== "object") return value as CelInput;
  const cached = converted.get(value);
  if (cached !== undefined) return cached;
  let out: CelInput;
  // CEL's own map and list types: field access on them is cheaper than on plain objects.
  if (Array.isArray(value)) out = celList(value.map(toCel));
  else out = celMap(new Map(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toCel(v)])));
  converted.set(value, out);
  return out;
}

function fromCel(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (isCelList(value)) return [...value].map(fromCel);
  // fromEntries defines own properties: a "__proto__" key stays a key and never becomes a prototype.
  if (isCelMap(value)) return Object.fromEntries([...value].map(([k, v]) => [String(fromCel(k)), fromCel(v)]));
  const message = (value as { desc?: { typeName?: string }; message?: { seconds: bigint; nanos: number } } | null)?.message;
  const typeName = (value as { desc?: { typeName?: string } } | null)?.desc?.typeName;
  if (message && typeName === "google.protobuf.Timestamp") return new Date(Number(message.seconds) * 1000 + message.nanos / 1e6).toISOString();
  if (message && typeName === "google.protobuf.Duration") return `${Number(message.seconds) + message.nanos / 1e9}s`;
  if (value && typeof value === "object" && "value" in (value as object) && typeof (value as { value: unknown }).value === "bigint") {
    return Number((value as { value: bigint }).value); // uint
  }
  // Results become application data, stored as JSON: bytes become a list of numbers, a type its name.
  if (value instanceof Uint8Array) return [...value];
  if (isCelType(value)) return value.name;
  return value;
}

/** Evaluates a condition; anything but `true` is false. */
export function evaluateCondition(source: string, data: Record<string, unknown>): boolean {
  return evaluate(source, data) === true;
}

export function evaluate(source: string, data: Record<string, unknown>): unknown {
  const compiled = compileExpression(source);
  if (isExpressionError(compiled)) throw new EngineError("expression.syntax", `${compiled.message} in "${source}"`);
  return compiled.evaluate(data);
}

/** Evaluates each expression of a mapping. */
export function evaluateMapping(mapping: Record<string, string> | undefined, data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(mapping ?? {}).map(([key, source]) => [key, evaluate(source, data)]));
}
