/**
 * What the rule builders edit, and the CEL they write and read back. A builder writes one canonical
 * form; reading accepts an expression only when writing its reading gives the same text again (spaces
 * aside), so a builder never rewrites CEL it did not write: anything else stays a custom expression.
 */
import { parse } from "@bufbuild/cel";

type Expr = NonNullable<ReturnType<typeof parse>["expr"]>;

export type Literal = string | number | boolean;

export const OPERATORS = ["==", "!=", "<", "<=", ">", ">=", "contains", "startsWith", "empty", "notEmpty", "in"] as const;
export type Operator = (typeof OPERATORS)[number];

/** One comparison: field → operator → value (`in` takes a list; `empty`/`notEmpty` take none). */
export interface Comparison {
  field: string;
  op: Operator;
  value?: Literal | Literal[];
  /** The field may be absent (an optional answer): it is read after has() — absent is "not equal", "empty", false otherwise. */
  guard?: boolean;
}

/** Comparisons joined by "all of" (and) or "any of" (or); an item may be a group of the other join (one level). */
export interface ConditionGroup {
  join: "and" | "or";
  items: (Comparison | ConditionGroup)[];
}

export const isGroup = (x: Comparison | ConditionGroup): x is ConditionGroup => "items" in x;

export type ArithmeticOp = "+" | "-" | "*" | "/";
export type Operand = { field: string } | { number: number };

export type ValueModel =
  | { kind: "fixed"; value: Literal }
  | { kind: "field"; field: string }
  /** `guard`: the answer may be absent, and then the value is `otherwise`. */
  | { kind: "table"; field: string; rows: { when: Literal; value: Literal }[]; otherwise: Literal; guard?: boolean }
  | { kind: "arithmetic"; first: Operand; rest: { op: ArithmeticOp; operand: Operand }[] };

// ---------- writing ----------

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
export const isFieldPath = (text: string) => FIELD.test(text);

export function literal(value: Literal): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "0";
  return value ? "true" : "false";
}

/** A number in arithmetic: always a double, so whole and fractional numbers mix (CEL does not mix int and double). */
const double = (n: number) => (Number.isInteger(n) ? `${n}.0` : String(n));

export function writeComparison(c: Comparison): string {
  if (!c.guard) return writeBare(c);
  if (c.op === "empty") return `(!has(${c.field}) || size(${c.field}) == 0)`;
  if (c.op === "!=") return `(!has(${c.field}) || ${writeBare(c)})`;
  return `(has(${c.field}) && ${writeBare(c)})`;
}

function writeBare(c: Comparison): string {
  const value = Array.isArray(c.value) ? c.value : c.value === undefined ? "" : c.value;
  switch (c.op) {
    case "contains":
    case "startsWith":
      return `${c.field}.${c.op}(${literal(String(value))})`;
    case "empty":
      return `size(${c.field}) == 0`;
    case "notEmpty":
      return `size(${c.field}) > 0`;
    case "in":
      return `${c.field} in [${(Array.isArray(c.value) ? c.value : c.value === undefined ? [] : [c.value]).map(literal).join(", ")}]`;
    default:
      return `${c.field} ${c.op} ${literal(Array.isArray(value) ? (value[0] ?? "") : value)}`;
  }
}

export function writeCondition(group: ConditionGroup, nested = false): string {
  const items = group.items.filter((i) => !isGroup(i) || i.items.length > 0);
  if (items.length === 0) return "true";
  const parts = items.map((i) => (isGroup(i) ? writeCondition(i, true) : writeComparison(i)));
  const text = parts.join(group.join === "and" ? " && " : " || ");
  return nested && parts.length > 1 ? `(${text})` : text;
}

const writeOperand = (o: Operand) => ("field" in o ? `double(${o.field})` : double(o.number));

export function writeValue(model: ValueModel): string {
  switch (model.kind) {
    case "fixed":
      return literal(model.value);
    case "field":
      return model.field;
    case "table": {
      let text = literal(model.otherwise);
      for (const row of [...model.rows].reverse()) text = `${model.field} == ${literal(row.when)} ? ${literal(row.value)} : ${text}`;
      return model.guard ? `!has(${model.field}) ? ${literal(model.otherwise)} : ${text}` : text;
    }
    case "arithmetic":
      return [writeOperand(model.first), ...model.rest.map((r) => `${r.op} ${writeOperand(r.operand)}`)].join(" ");
  }
}

// ---------- reading ----------

function tryParse(text: string): Expr | undefined {
  try {
    return parse(text).expr;
  } catch {
    return undefined;
  }
}

const call = (e: Expr) => (e.exprKind.case === "callExpr" ? e.exprKind.value : undefined);

function fieldOf(e: Expr | undefined): string | undefined {
  if (!e) return undefined;
  if (e.exprKind.case === "identExpr") return e.exprKind.value.name;
  if (e.exprKind.case === "selectExpr" && !e.exprKind.value.testOnly) {
    const operand = fieldOf(e.exprKind.value.operand);
    return operand === undefined ? undefined : `${operand}.${e.exprKind.value.field}`;
  }
  return undefined;
}

function literalOf(e: Expr | undefined): Literal | undefined {
  if (e?.exprKind.case !== "constExpr") return undefined;
  const k = e.exprKind.value.constantKind;
  switch (k.case) {
    case "int64Value":
    case "uint64Value":
      return Number(k.value);
    case "doubleValue":
    case "stringValue":
    case "boolValue":
      return k.value;
    default:
      return undefined;
  }
}

const BINARY: Record<string, Operator> = { "_==_": "==", "_!=_": "!=", "_<_": "<", "_<=_": "<=", "_>_": ">", "_>=_": ">=" };

/** has(f): a select that only tests presence. */
function hasOf(e: Expr | undefined): string | undefined {
  if (e?.exprKind.case !== "selectExpr" || !e.exprKind.value.testOnly) return undefined;
  const operand = fieldOf(e.exprKind.value.operand);
  return operand === undefined ? undefined : `${operand}.${e.exprKind.value.field}`;
}
const notHasOf = (e: Expr | undefined) => {
  const c = e && call(e);
  return c?.function === "!_" && c.args.length === 1 ? hasOf(c.args[0]) : undefined;
};

function comparisonOf(e: Expr): Comparison | undefined {
  const c = call(e);
  if (!c) return undefined;
  // (has(f) && f …), (!has(f) || f != …), (!has(f) || size(f) == 0): a comparison of an optional field.
  if (c.function === "_&&_" && c.args.length === 2) {
    const field = hasOf(c.args[0]);
    const bare = field ? bareComparisonOf(c.args[1]) : undefined;
    return bare && bare.field === field && bare.op !== "empty" && bare.op !== "!=" ? { ...bare, guard: true } : undefined;
  }
  if (c.function === "_||_" && c.args.length === 2) {
    const field = notHasOf(c.args[0]);
    const bare = field ? bareComparisonOf(c.args[1]) : undefined;
    return bare && bare.field === field && (bare.op === "empty" || bare.op === "!=") ? { ...bare, guard: true } : undefined;
  }
  return bareComparisonOf(e);
}

function bareComparisonOf(e: Expr): Comparison | undefined {
  const c = call(e);
  if (!c) return undefined;
  if (c.function in BINARY && c.args.length === 2) {
    // size(f) == 0 and size(f) > 0: "is empty" and "is not empty".
    const sized = call(c.args[0]);
    if (sized?.function === "size" && !sized.target && sized.args.length === 1 && literalOf(c.args[1]) === 0) {
      const field = fieldOf(sized.args[0]);
      if (field && c.function === "_==_") return { field, op: "empty" };
      if (field && c.function === "_>_") return { field, op: "notEmpty" };
    }
    const field = fieldOf(c.args[0]);
    const value = literalOf(c.args[1]);
    return field !== undefined && value !== undefined ? { field, op: BINARY[c.function], value } : undefined;
  }
  if ((c.function === "contains" || c.function === "startsWith") && c.target && c.args.length === 1) {
    const field = fieldOf(c.target);
    const value = literalOf(c.args[0]);
    return field !== undefined && typeof value === "string" ? { field, op: c.function, value } : undefined;
  }
  if (c.function === "@in" && c.args.length === 2 && c.args[1].exprKind.case === "listExpr") {
    const field = fieldOf(c.args[0]);
    const values = c.args[1].exprKind.value.elements.map(literalOf);
    return field !== undefined && values.every((v) => v !== undefined) ? { field, op: "in", value: values as Literal[] } : undefined;
  }
  return undefined;
}

const JOIN: Record<string, "and" | "or"> = { "_&&_": "and", "_||_": "or" };

/** The operands of a chain of one operator (the parser may balance `a && b && c` as a tree). */
function chain(e: Expr, fn: string): Expr[] {
  const c = call(e);
  return c && c.function === fn && !comparisonOf(e) ? c.args.flatMap((a) => chain(a, fn)) : [e];
}

function groupOf(e: Expr, depth: number): ConditionGroup | undefined {
  const c = call(e);
  const join = c ? JOIN[c.function] : undefined;
  if (!join) {
    const single = comparisonOf(e);
    return single ? { join: "and", items: [single] } : undefined;
  }
  const items: (Comparison | ConditionGroup)[] = [];
  for (const part of chain(e, c!.function)) {
    const comparison = comparisonOf(part);
    if (comparison) {
      items.push(comparison);
      continue;
    }
    if (depth > 0) return undefined;
    const inner = groupOf(part, depth + 1);
    if (!inner || inner.join === join) return undefined;
    items.push(inner);
  }
  return { join, items };
}

/** Text without the spaces between tokens (string literals kept as written). */
export function normalize(text: string): string {
  return text.replace(/("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|\s+/g, (_m, quoted: string | undefined) => quoted ?? "");
}

/** The condition a builder wrote, or undefined for other CEL. */
export function readCondition(text: string): ConditionGroup | undefined {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed === "true") return { join: "and", items: [] };
  const e = tryParse(trimmed);
  const single = e && comparisonOf(e);
  const group = single ? { join: "and" as const, items: [single] } : e && groupOf(e, 0);
  return group && normalize(writeCondition(group)) === normalize(trimmed) ? group : undefined;
}

const ARITHMETIC: Record<string, ArithmeticOp> = { "_+_": "+", "_-_": "-", "_*_": "*", "_/_": "/" };

function operandOf(e: Expr): Operand | undefined {
  const c = call(e);
  if (c?.function === "double" && !c.target && c.args.length === 1) {
    const field = fieldOf(c.args[0]);
    return field ? { field } : undefined;
  }
  const n = literalOf(e);
  return typeof n === "number" ? { number: n } : undefined;
}

/** The in-order operands of + - * / (the text is accepted only if writing them back gives it again). */
function arithmeticOf(e: Expr): ValueModel | undefined {
  const flat: (Operand | ArithmeticOp)[] = [];
  const visit = (x: Expr): boolean => {
    const c = call(x);
    if (c && c.function in ARITHMETIC && c.args.length === 2) {
      if (!visit(c.args[0])) return false;
      flat.push(ARITHMETIC[c.function]);
      return visit(c.args[1]);
    }
    const o = operandOf(x);
    if (!o) return false;
    flat.push(o);
    return true;
  };
  if (!visit(e) || flat.length < 1) return undefined;
  const [first, ...others] = flat;
  const rest: { op: ArithmeticOp; operand: Operand }[] = [];
  for (let i = 0; i < others.length; i += 2) rest.push({ op: others[i] as ArithmeticOp, operand: others[i + 1] as Operand });
  return { kind: "arithmetic", first: first as Operand, rest };
}

function tableOf(e: Expr): ValueModel | undefined {
  const rows: { when: Literal; value: Literal }[] = [];
  let field: string | undefined;
  let x = e;
  // !has(f) ? otherwise : f == … ? … : otherwise
  const top = call(e);
  const guarded = top?.function === "_?_:_" ? notHasOf(top.args[0]) : undefined;
  if (guarded) {
    const inner = tableOf(top!.args[2]);
    return inner?.kind === "table" && !inner.guard && inner.field === guarded && literalOf(top!.args[1]) === inner.otherwise ? { ...inner, guard: true } : undefined;
  }
  for (;;) {
    const c = call(x);
    if (c?.function !== "_?_:_") break;
    const test = comparisonOf(c.args[0]);
    const value = literalOf(c.args[1]);
    if (test?.op !== "==" || Array.isArray(test.value) || test.value === undefined || value === undefined) return undefined;
    if (field !== undefined && test.field !== field) return undefined;
    field = test.field;
    rows.push({ when: test.value, value });
    x = c.args[2];
  }
  const otherwise = literalOf(x);
  return field !== undefined && otherwise !== undefined ? { kind: "table", field, rows, otherwise } : undefined;
}

/** The value a builder wrote, or undefined for other CEL. A number given as a number is a fixed value. */
export function readValue(source: string | number): ValueModel | undefined {
  if (typeof source === "number") return { kind: "fixed", value: source };
  const trimmed = source.trim();
  if (trimmed === "") return undefined;
  const e = tryParse(trimmed);
  if (!e) return undefined;
  const candidates: (ValueModel | undefined)[] = [];
  const lit = literalOf(e);
  if (lit !== undefined) candidates.push({ kind: "fixed", value: lit });
  const field = fieldOf(e);
  if (field !== undefined) candidates.push({ kind: "field", field });
  candidates.push(tableOf(e), arithmeticOf(e));
  return candidates.find((m) => m && normalize(writeValue(m)) === normalize(trimmed));
}

/** Values typed into a builder's box: a number when it reads as one, true/false, else text. */
export function parseLiteral(text: string, as?: "string" | "number" | "boolean"): Literal {
  if (as === "string") return text;
  if (as === "boolean") return text === "true";
  const trimmed = text.trim();
  if (as === "number" || (trimmed !== "" && /^-?\d+(\.\d+)?$/.test(trimmed))) {
    const n = Number(trimmed);
    return Number.isFinite(n) ? n : 0;
  }
  if (trimmed === "true" || trimmed === "false") return trimmed === "true";
  return text;
}
