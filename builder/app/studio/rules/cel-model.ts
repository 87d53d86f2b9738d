/**
 * What the rule builders edit, and the CEL they write and read back. A builder writes one canonical
 * form; reading (with the CEL parser the engine uses, @bufbuild/cel) accepts an expression when writing
 * its reading back means the same: the parse trees agree once parentheses, spacing, quotes, the grouping
 * of `&&`/`||` chains and the side a literal is compared on are set aside. So `'x' == a.b`, `(a == 1)`
 * and `a == 1 && (b == 2 && c == 3)` open in the builder, and anything it cannot show stays custom CEL.
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
/** `guard`: an optional answer, counted as 0 when it is absent. */
export type Operand = { field: string; guard?: boolean } | { number: number };

export type ValueModel =
  | { kind: "fixed"; value: Literal }
  /** `otherwise`: the answer may be absent (optional), and then the value is this. */
  | { kind: "field"; field: string; otherwise?: Literal }
  /** `guard`: the answer may be absent, and then the value is `otherwise`. */
  | { kind: "table"; field: string; rows: { when: Literal; value: Literal }[]; otherwise: Literal; guard?: boolean }
  /** `integer`: whole numbers of integer fields, written without conversion (else as doubles, so fractions mix). */
  | { kind: "arithmetic"; first: Operand; rest: { op: ArithmeticOp; operand: Operand }[]; integer?: boolean };

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

function writeOperand(o: Operand, integer: boolean): string {
  if (!("field" in o)) return integer ? String(Math.trunc(o.number)) : double(o.number);
  const read = integer ? o.field : `double(${o.field})`;
  return o.guard ? `(has(${o.field}) ? ${read} : ${integer ? "0" : "0.0"})` : read;
}

/** Whether a calculation can stay in whole numbers: integer fields and whole numbers only, and no division (CEL's would truncate). */
export function integerArithmetic(model: Extract<ValueModel, { kind: "arithmetic" }>, isInteger: (field: string) => boolean): boolean {
  const operands = [model.first, ...model.rest.map((r) => r.operand)];
  return !model.rest.some((r) => r.op === "/") && operands.every((o) => ("field" in o ? isInteger(o.field) : Number.isInteger(o.number)));
}

export function writeValue(model: ValueModel): string {
  switch (model.kind) {
    case "fixed":
      return literal(model.value);
    case "field":
      return model.otherwise === undefined ? model.field : `has(${model.field}) ? ${model.field} : ${literal(model.otherwise)}`;
    case "table": {
      let text = literal(model.otherwise);
      for (const row of [...model.rows].reverse()) text = `${model.field} == ${literal(row.when)} ? ${literal(row.value)} : ${text}`;
      return model.guard ? `!has(${model.field}) ? ${literal(model.otherwise)} : ${text}` : text;
    }
    case "arithmetic":
      return [writeOperand(model.first, !!model.integer), ...model.rest.map((r) => `${r.op} ${writeOperand(r.operand, !!model.integer)}`)].join(" ");
  }
}

/** What the builders need to know of a field to write a value that works: its type and whether it may be absent. */
export type FieldFacts = (path: string) => { type?: string; optional?: boolean } | undefined;

const emptyOf = (type: string | undefined): Literal => (type === "number" || type === "integer" ? 0 : type === "boolean" ? false : "");

/**
 * A value model made to work for the fields it reads: a copy of an optional answer gets a value for when it is
 * absent (has()), an optional operand of a calculation counts as 0 when absent, and a calculation of integer
 * fields and whole numbers stays in whole numbers.
 */
export function fitValue(model: ValueModel, facts: FieldFacts): ValueModel {
  if (model.kind === "field") {
    const field = facts(model.field);
    if (!field?.optional) return { kind: "field", field: model.field };
    return { kind: "field", field: model.field, otherwise: model.otherwise ?? emptyOf(field.type) };
  }
  if (model.kind !== "arithmetic") return model;
  const guardOf = (o: Operand): Operand => ("field" in o ? (facts(o.field)?.optional ? { field: o.field, guard: true } : { field: o.field }) : o);
  const fitted = { kind: "arithmetic" as const, first: guardOf(model.first), rest: model.rest.map((r) => ({ op: r.op, operand: guardOf(r.operand) })) };
  return integerArithmetic(fitted, (path) => facts(path)?.type === "integer") ? { ...fitted, integer: true } : fitted;
}

// ---------- reading ----------

function tryParse(text: string): Expr | undefined {
  try {
    return parse(text).expr;
  } catch {
    return undefined;
  }
}

const call = (e: Expr | undefined) => (e?.exprKind.case === "callExpr" ? e.exprKind.value : undefined);

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

const isIntLiteral = (e: Expr | undefined) => e?.exprKind.case === "constExpr" && (e.exprKind.value.constantKind.case === "int64Value" || e.exprKind.value.constantKind.case === "uint64Value");

const BINARY: Record<string, Operator> = { "_==_": "==", "_!=_": "!=", "_<_": "<", "_<=_": "<=", "_>_": ">", "_>=_": ">=" };
/** A comparison with the literal first, turned around: 5 < a is a > 5. */
const MIRROR: Record<string, string> = { "_==_": "_==_", "_!=_": "_!=_", "_<_": "_>_", "_<=_": "_>=_", "_>_": "_<_", "_>=_": "_<=_" };

/** has(f): a select that only tests presence. */
function hasOf(e: Expr | undefined): string | undefined {
  if (e?.exprKind.case !== "selectExpr" || !e.exprKind.value.testOnly) return undefined;
  const operand = fieldOf(e.exprKind.value.operand);
  return operand === undefined ? undefined : `${operand}.${e.exprKind.value.field}`;
}
const notHasOf = (e: Expr | undefined) => {
  const c = call(e);
  return c?.function === "!_" && c.args.length === 1 ? hasOf(c.args[0]) : undefined;
};

/** has(f) before f's comparison (in an "all of"), or !has(f) before "f ≠ …" / "f is empty" (in an "any of"). */
function guarded(test: Expr, compared: Expr, join: "and" | "or"): Comparison | undefined {
  const field = join === "and" ? hasOf(test) : notHasOf(test);
  const bare = field ? bareComparisonOf(compared) : undefined;
  if (!bare || bare.field !== field) return undefined;
  const negative = bare.op === "empty" || bare.op === "!=";
  return negative === (join === "or") ? { ...bare, guard: true } : undefined;
}

function comparisonOf(e: Expr): Comparison | undefined {
  const c = call(e);
  if (!c) return undefined;
  // (has(f) && f …), (!has(f) || f != …), (!has(f) || size(f) == 0): a comparison of an optional field.
  if ((c.function === "_&&_" || c.function === "_||_") && c.args.length === 2) return guarded(c.args[0], c.args[1], c.function === "_&&_" ? "and" : "or");
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
    const [left, right] = c.args;
    const field = fieldOf(left);
    const value = literalOf(right);
    if (field !== undefined && value !== undefined) return { field, op: BINARY[c.function], value };
    // 'x' == a, 18 <= a: the same comparison read from the field's side.
    const mirrored = fieldOf(right);
    const first = literalOf(left);
    return mirrored !== undefined && first !== undefined ? { field: mirrored, op: BINARY[MIRROR[c.function]], value: first } : undefined;
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

/** The operands of a chain of one operator, however the parser grouped it (`a && (b && c)` is a && b && c). */
function chain(e: Expr, fn: string): Expr[] {
  const c = call(e);
  return c && c.function === fn ? c.args.flatMap((a) => chain(a, fn)) : [e];
}

function groupOf(e: Expr, depth: number): ConditionGroup | undefined {
  const c = call(e);
  const join = c ? JOIN[c.function] : undefined;
  if (!join) {
    const single = comparisonOf(e);
    return single ? { join: "and", items: [single] } : undefined;
  }
  const parts = chain(e, c!.function);
  const items: (Comparison | ConditionGroup)[] = [];
  for (let i = 0; i < parts.length; i++) {
    // has(f) && f == 1 && … : the guard and its comparison are two links of the chain.
    const pair = i + 1 < parts.length ? guarded(parts[i], parts[i + 1], join) : undefined;
    if (pair) {
      items.push(pair);
      i++;
      continue;
    }
    const comparison = comparisonOf(parts[i]);
    if (comparison) {
      items.push(comparison);
      continue;
    }
    if (depth > 0) return undefined;
    const inner = groupOf(parts[i], depth + 1);
    if (!inner || inner.join === join) return undefined;
    items.push(inner);
  }
  return { join, items };
}

/**
 * A parse tree as text, for "means the same": without ids and positions (so parentheses, spaces and quotes
 * are gone), `&&`/`||` chains flattened, and a comparison with the literal first turned around.
 * Anything the builders never write compares unequal to everything.
 */
function shape(e: Expr | undefined): string {
  if (!e) return "∅";
  const kind = e.exprKind;
  switch (kind.case) {
    case "constExpr": {
      const k = kind.value.constantKind;
      return `${k.case}:${typeof k.value === "bigint" ? k.value.toString() : JSON.stringify(k.value)}`;
    }
    case "identExpr":
      return `id:${kind.value.name}`;
    case "selectExpr":
      return `${shape(kind.value.operand)}.${kind.value.field}${kind.value.testOnly ? "?" : ""}`;
    case "listExpr":
      return `[${kind.value.elements.map(shape).join(",")}]`;
    case "callExpr": {
      const fn = kind.value.function;
      if (fn === "_&&_" || fn === "_||_") return `${fn}(${chain(e, fn).map(shape).join(",")})`;
      let args = kind.value.args;
      let name = fn;
      if (fn in MIRROR && args.length === 2 && args[0].exprKind.case === "constExpr" && args[1].exprKind.case !== "constExpr") {
        name = MIRROR[fn];
        args = [args[1], args[0]];
      }
      return `${name}(${kind.value.target ? `${shape(kind.value.target)}|` : ""}${args.map(shape).join(",")})`;
    }
    default:
      return `?${kind.case}:${e.id}:${Math.random()}`;
  }
}

/** Whether two CEL texts mean the same in the builders' sense (see `shape`). */
export function sameRule(a: string, b: string): boolean {
  const x = tryParse(a);
  const y = tryParse(b);
  return !!x && !!y && shape(x) === shape(y);
}

/** Text without the spaces between tokens (string literals kept as written). */
export function normalize(text: string): string {
  return text.replace(/("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|\s+/g, (_m, quoted: string | undefined) => quoted ?? "");
}

/** The condition a builder can show, or undefined for other CEL. */
export function readCondition(text: string): ConditionGroup | undefined {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed === "true") return { join: "and", items: [] };
  const e = tryParse(trimmed);
  if (!e) return undefined;
  const single = comparisonOf(e);
  const group = single ? { join: "and" as const, items: [single] } : groupOf(e, 0);
  return group?.items.length && shape(tryParse(writeCondition(group))) === shape(e) ? group : undefined;
}

const ARITHMETIC: Record<string, ArithmeticOp> = { "_+_": "+", "_-_": "-", "_*_": "*", "_/_": "/" };

/** An operand: double(f) or a number (in doubles), f or a whole number (in integers); either guarded by has(f). */
function operandOf(e: Expr, integer: boolean): Operand | undefined {
  const c = call(e);
  if (c?.function === "_?_:_" && c.args.length === 3) {
    const field = hasOf(c.args[0]);
    const read = operandOf(c.args[1], integer);
    const zero = literalOf(c.args[2]);
    return field && read && "field" in read && read.field === field && !read.guard && zero === 0 ? { field, guard: true } : undefined;
  }
  if (!integer && c?.function === "double" && !c.target && c.args.length === 1) {
    const field = fieldOf(c.args[0]);
    return field ? { field } : undefined;
  }
  if (integer) {
    const field = fieldOf(e);
    if (field) return { field };
    return isIntLiteral(e) ? { number: literalOf(e) as number } : undefined;
  }
  const n = literalOf(e);
  return typeof n === "number" ? { number: n } : undefined;
}

/** The in-order operands of + - * / (accepted only if writing them back means the same). */
function arithmeticOf(e: Expr, integer: boolean): ValueModel | undefined {
  const flat: (Operand | ArithmeticOp)[] = [];
  const visit = (x: Expr): boolean => {
    const c = call(x);
    if (c && c.function in ARITHMETIC && c.args.length === 2) {
      if (!visit(c.args[0])) return false;
      flat.push(ARITHMETIC[c.function]);
      return visit(c.args[1]);
    }
    const o = operandOf(x, integer);
    if (!o) return false;
    flat.push(o);
    return true;
  };
  if (!visit(e) || flat.length < 1) return undefined;
  const [first, ...others] = flat;
  const rest: { op: ArithmeticOp; operand: Operand }[] = [];
  for (let i = 0; i < others.length; i += 2) rest.push({ op: others[i] as ArithmeticOp, operand: others[i + 1] as Operand });
  return { kind: "arithmetic", first: first as Operand, rest, ...(integer ? { integer } : {}) };
}

function tableOf(e: Expr): ValueModel | undefined {
  const rows: { when: Literal; value: Literal }[] = [];
  let field: string | undefined;
  let x = e;
  // !has(f) ? otherwise : f == … ? … : otherwise
  const top = call(e);
  const guardedField = top?.function === "_?_:_" ? notHasOf(top.args[0]) : undefined;
  if (guardedField) {
    const inner = tableOf(top!.args[2]);
    return inner?.kind === "table" && !inner.guard && inner.field === guardedField && literalOf(top!.args[1]) === inner.otherwise ? { ...inner, guard: true } : undefined;
  }
  for (;;) {
    const c = call(x);
    if (c?.function !== "_?_:_") break;
    const test = bareComparisonOf(c.args[0]);
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

/** has(f) ? f : otherwise — a copy of an optional answer. */
function guardedCopyOf(e: Expr): ValueModel | undefined {
  const c = call(e);
  if (c?.function !== "_?_:_" || c.args.length !== 3) return undefined;
  const field = hasOf(c.args[0]);
  const otherwise = literalOf(c.args[2]);
  return field && fieldOf(c.args[1]) === field && otherwise !== undefined ? { kind: "field", field, otherwise } : undefined;
}

/** The value a builder can show, or undefined for other CEL. A number given as a number is a fixed value. */
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
  candidates.push(guardedCopyOf(e), tableOf(e), arithmeticOf(e, false), arithmeticOf(e, true));
  const meant = shape(e);
  return candidates.find((m) => m && shape(tryParse(writeValue(m))) === meant);
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
