/**
 * The type checker of expressions: infers the CEL type of every node of an expression from the JSON
 * Schemas of the names it reads (forms' answers, registry and handler results from the catalog, the
 * applicant), and reports what would fail or mislead at run time wherever it is in the tree (inside map
 * and list literals, comprehension bodies, ternaries, nested calls): a field the schema does not have,
 * int and double mixed in arithmetic, a string compared with a number, a value an enum never takes, a
 * non-boolean operand of `&&`, an optional field read without `has()`, a literal timestamp that does not
 * parse. CEL's own checker cannot see into JSON data (it types it as map(string, dyn)), hence this one.
 * What is not known (`dyn`) is never an error.
 */
import type { parse } from "@bufbuild/cel";
import { own } from "../own";

type Expr = NonNullable<ReturnType<typeof parse>["expr"]>;
type JsonSchema = Record<string, unknown>;

export type CelType =
  | { t: "int" | "uint" | "double" | "string" | "bool" | "null" | "bytes" | "timestamp" | "duration" | "type" | "dyn"; values?: unknown[]; nullable?: boolean }
  /** A JSON number: a whole one arrives as int, another as double, so it mixes with neither in arithmetic. */
  | { t: "num"; values?: unknown[]; nullable?: boolean }
  | { t: "list"; item: CelType; nullable?: boolean }
  /** A map; `schema` when its fields are known; `given` when its optional fields may be absent (answers, a step's result). */
  | { t: "map"; schema?: JsonSchema; given?: boolean; nullable?: boolean };

export interface TypeProblem {
  code: string;
  message: string;
  /** 0-based index into the expression text. */
  index: number;
  hint?: string;
}

/** What the checker knows about a root name. */
export interface RootType {
  schema?: JsonSchema;
  /** Its optional fields may be absent (form answers, the applicant's profile, a step kind's result): reading one needs has(). */
  given?: boolean;
}

const DYN: CelType = { t: "dyn" };
const NUMERIC = new Set(["int", "uint", "double", "num"]);
const ARITHMETIC = new Set(["_+_", "_-_", "_*_", "_/_", "_%_"]);
const ORDER = new Set(["_<_", "_<=_", "_>_", "_>=_"]);
const EQUALITY = new Set(["_==_", "_!=_"]);
const RESULT_OF: Record<string, CelType["t"]> = {
  size: "int", int: "int", uint: "uint", double: "double", string: "string", bool: "bool", bytes: "bytes", timestamp: "timestamp",
  duration: "duration", type: "type", contains: "bool", startsWith: "bool", endsWith: "bool", matches: "bool",
  getFullYear: "int", getMonth: "int", getDayOfMonth: "int", getDayOfYear: "int", getDayOfWeek: "int", getHours: "int", getMinutes: "int",
  charAt: "string", format: "string", join: "string", lowerAscii: "string", replace: "string", substring: "string", trim: "string",
  upperAscii: "string", indexOf: "int", lastIndexOf: "int", "@not_strictly_false": "bool",
};

const describe = (type: CelType): string => (type.t === "num" ? "number" : type.t === "list" ? "list" : type.t);
const known = (type: CelType) => type.t !== "dyn";

/** The CEL type of values a JSON Schema allows. */
export function typeOfSchema(schema: unknown, given = false): CelType {
  if (!schema || typeof schema !== "object") return DYN;
  const s = schema as JsonSchema;
  const values = allowedValues(s);
  let types = s.type === undefined ? undefined : ((Array.isArray(s.type) ? s.type : [s.type]) as string[]);
  if (!types && values) types = [...new Set(values.map((v) => (v === null ? "null" : Number.isInteger(v) ? "integer" : typeof v)))];
  if (!types && (s.properties || s.additionalProperties !== undefined)) types = ["object"];
  if (!types) {
    // An alternative of objects (a result per outcome, several steps saving one name): a map of any of them.
    // `anyOf: [{ type: object, … }, { type: null }]` is a map that may be null.
    const options = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
    if (!Array.isArray(options) || !options.length) return DYN;
    const types = options.map((o) => typeOfSchema(o, given));
    const present = types.filter((t) => t.t !== "null");
    const nullable = present.length < types.length ? { nullable: true } : {};
    if (present.length && present.every((t) => t.t === "map")) return { t: "map", schema: s, given, ...nullable };
    const first = present[0];
    if (first && first.t !== "list" && present.every((t) => t.t === first.t)) return { t: first.t, ...nullable } as CelType;
    return DYN;
  }
  const nullable = types.includes("null");
  const rest = types.filter((t) => t !== "null");
  if (rest.length !== 1) return rest.length === 0 ? { t: "null" } : DYN;
  const base: CelType = (() => {
    switch (rest[0]) {
      case "string": return { t: "string" };
      case "integer": return { t: "int" };
      case "number": return { t: "num" };
      case "boolean": return { t: "bool" };
      case "array": return { t: "list", item: typeOfSchema(s.items, given) };
      case "object": return { t: "map", schema: s, given };
      default: return DYN;
    }
  })();
  if (values && base.t !== "list" && base.t !== "map") (base as { values?: unknown[] }).values = values.filter((v) => v !== null);
  if (nullable) base.nullable = true;
  return base;
}

function allowedValues(schema: JsonSchema): unknown[] | undefined {
  if (schema.const !== undefined) return [schema.const];
  if (Array.isArray(schema.enum)) return schema.enum;
  const options = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
  if (Array.isArray(options) && options.length && options.every((o) => o && typeof o === "object" && "const" in o)) {
    return options.map((o) => (o as { const: unknown }).const);
  }
  return undefined;
}

/** The object schemas a map schema stands for: itself, its alternatives and its conditional parts. */
function objectParts(schema: JsonSchema): JsonSchema[] {
  const parts = [schema];
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    const list = schema[key];
    if (Array.isArray(list)) for (const part of list) if (part && typeof part === "object") parts.push(...objectParts(part as JsonSchema));
  }
  for (const key of ["then", "else"]) {
    const part = schema[key];
    if (part && typeof part === "object") parts.push(...objectParts(part as JsonSchema));
  }
  return parts;
}

/** A field of a map schema: its type, whether some part requires it, or the fields there are when it is unknown. */
function fieldOf(schema: JsonSchema, name: string): { schema?: unknown; required: boolean; open: boolean; fields: string[] } {
  const parts = objectParts(schema);
  let found: unknown;
  let required = false;
  let open = false;
  const fields: string[] = [];
  for (const part of parts) {
    const properties = part.properties as Record<string, unknown> | undefined;
    if (part.additionalProperties !== undefined && part.additionalProperties !== false) open = true;
    if (Array.isArray(part.required) && part.required.includes(name)) required = true;
    if (!properties) continue;
    fields.push(...Object.keys(properties));
    const property = own(properties, name);
    // `then: { properties: { series: true } }` only makes a field required: the type is elsewhere.
    if (property !== undefined && (found === undefined || found === true)) found = property;
  }
  // A schema that says nothing of its fields (no properties anywhere) is open: nothing to check.
  if (fields.length === 0 && !parts.some((p) => p.properties)) open = true;
  return { schema: found, required, open, fields: [...new Set(fields)] };
}

/** CEL reads "2025-02-30T00:00:00Z" as 2 March: a literal date must be one the calendar has. */
function notACalendarDate(literal: Expr): string | undefined {
  const c = literal.exprKind.case === "constExpr" ? literal.exprKind.value.constantKind : undefined;
  const m = c?.case === "stringValue" ? /^(\d{4})-(\d{2})-(\d{2})/.exec(c.value) : null;
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? undefined : `${m[0]} is not a day of the calendar`;
}

export interface TypeCheckInput {
  expr: Expr;
  source: string;
  /** The position of a node in the source. */
  at(id: bigint): number;
  roots(name: string): RootType | undefined;
  /** Suggests a name close to `name` among `options` ("did you mean …"). */
  suggest(name: string, options: string[]): string | undefined;
  /** Evaluates a constant sub-expression (a literal timestamp) with CEL: the error, or undefined. */
  evaluateConstant(expr: Expr): string | undefined;
}

/** The type of an expression and the problems found on the way. */
export function checkTypes(input: TypeCheckInput): { type: CelType; problems: TypeProblem[] } {
  const problems: TypeProblem[] = [];
  const { source, at } = input;
  const report = (code: string, message: string, index: number, hint?: string) => {
    if (!problems.some((p) => p.code === code && p.index === index)) problems.push({ code, message, index, hint });
  };
  /** Where a field's name is written, at or after the node's own position. */
  const nameAt = (name: string, from: number) => {
    const i = source.indexOf(name, from);
    return i >= 0 ? i : from;
  };

  const typeOf = (expr: Expr | undefined, scope: Map<string, CelType>, guarded: Set<string>): CelType => {
    if (!expr) return DYN;
    const kind = expr.exprKind;
    switch (kind.case) {
      case "constExpr": {
        const c = kind.value.constantKind;
        switch (c.case) {
          case "stringValue": return { t: "string", values: [c.value] };
          case "int64Value": return { t: "int", values: [Number(c.value)] };
          case "uint64Value": return { t: "uint" };
          case "doubleValue": return { t: "double", values: [c.value] };
          case "boolValue": return { t: "bool" };
          case "bytesValue": return { t: "bytes" };
          default: return { t: "null" };
        }
      }
      case "identExpr": {
        const name = kind.value.name;
        const local = scope.get(name);
        if (local) return local;
        const root = input.roots(name);
        return root?.schema ? typeOfSchema(root.schema, root.given) : DYN;
      }
      case "selectExpr": {
        const operand = typeOf(kind.value.operand, scope, guarded);
        const name = kind.value.field;
        if (kind.value.testOnly) {
          // has(x.f): x is read, f is only tested, but a field x's schema does not have is never there.
          if (operand.t === "map" && operand.schema) field({ ...operand, given: false }, name, at(expr.id), pathOf(expr), guarded);
          return { t: "bool" };
        }
        return field(operand, name, at(expr.id), pathOf(expr), guarded);
      }
      case "listExpr": {
        const items = kind.value.elements.map((e) => typeOf(e, scope, guarded));
        const first = items[0];
        return { t: "list", item: first && items.every((i) => i.t === first.t) ? first : DYN };
      }
      case "structExpr":
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === "mapKey") typeOf(entry.keyKind.value, scope, guarded);
          typeOf(entry.value, scope, guarded);
        }
        return { t: "map" };
      case "comprehensionExpr": {
        const c = kind.value;
        const range = typeOf(c.iterRange, scope, guarded);
        const inner = new Map(scope);
        const item = range.t === "list" ? range.item : range.t === "map" ? { t: "string" as const } : DYN;
        inner.set(c.iterVar, item);
        if (c.iterVar2) inner.set(c.iterVar2, DYN);
        const init = typeOf(c.accuInit, inner, guarded);
        inner.set(c.accuVar, init.t === "bool" ? init : DYN);
        typeOf(c.loopCondition, inner, guarded);
        const step = c.loopStep;
        typeOf(step, inner, guarded);
        typeOf(c.result, inner, guarded);
        if (init.t === "bool") return { t: "bool" };
        if (init.t === "int") return { t: "bool" }; // exists_one counts
        // filter keeps the range's items (its step is `cond ? accu + [x] : accu`); map makes new ones.
        if (step?.exprKind.case === "callExpr" && step.exprKind.value.function === "_?_:_") return range.t === "list" ? range : { t: "list", item: DYN };
        if (step?.exprKind.case === "callExpr" && step.exprKind.value.function === "_+_") {
          const added = step.exprKind.value.args[1];
          if (added?.exprKind.case === "listExpr" && added.exprKind.value.elements.length === 1) {
            return { t: "list", item: typeOf(added.exprKind.value.elements[0], inner, new Set(guarded)) };
          }
        }
        return { t: "list", item: DYN };
      }
      case "callExpr":
        return call(expr, scope, guarded);
      default:
        return DYN;
    }
  };

  function pathOf(expr: Expr | undefined): string | undefined {
    const names: string[] = [];
    while (expr?.exprKind.case === "selectExpr") {
      names.unshift(expr.exprKind.value.field);
      expr = expr.exprKind.value.operand;
    }
    return expr?.exprKind.case === "identExpr" ? [expr.exprKind.value.name, ...names].join(".") : undefined;
  }

  function field(operand: CelType, name: string, position: number, path: string | undefined, guarded: Set<string>): CelType {
    if (operand.t !== "map" || !operand.schema) return DYN;
    const f = fieldOf(operand.schema, name);
    const index = nameAt(name, position);
    if (f.schema === undefined || f.schema === true) {
      if (f.schema === undefined && !f.open) {
        const owner = path?.split(".").slice(0, -1).join(".") ?? "the value";
        report("expression.unknown-property", `"${owner}" has no field "${name}"`, index, input.suggest(name, f.fields) ?? `fields: ${f.fields.join(", ")}`);
      }
      return DYN;
    }
    if (operand.given && !f.required && path && !guarded.has(path)) {
      report("expression.optional-field", `"${path}" may be absent (it is optional), and reading an absent field fails`, index, `check it first: has(${path}) ? ${path} : …`);
    }
    return typeOfSchema(f.schema, operand.given);
  }

  /** The fields `has(…)` tests in a condition that hold when it is true (`positive`) or false. */
  function tested(expr: Expr | undefined, positive: boolean, out: Set<string>): Set<string> {
    if (expr?.exprKind.case === "selectExpr" && expr.exprKind.value.testOnly && positive) {
      const path = pathOf(expr.exprKind.value.operand);
      if (path) out.add(`${path}.${expr.exprKind.value.field}`);
    } else if (expr?.exprKind.case === "callExpr") {
      const { function: fn, args } = expr.exprKind.value;
      if (fn === "!_") tested(args[0], !positive, out);
      if ((fn === "_&&_" && positive) || (fn === "_||_" && !positive)) for (const a of args) tested(a, positive, out);
    }
    return out;
  }

  function numericMix(a: CelType, b: CelType, operator: string, index: number) {
    const name = (t: CelType) => (t.t === "num" ? "a JSON number (an int when whole, a double otherwise)" : article(t.t));
    const mix = a.t === b.t ? `two JSON numbers (each an int when whole, a double otherwise)` : `${name(a)} and ${name(b)}`;
    report("expression.numeric-mix", `${operator} mixes ${mix}: CEL does not mix int and double in arithmetic, so this can fail at run time`, index, "convert both sides to one type: double(…) (or int(…))");
  }

  function call(expr: Expr, scope: Map<string, CelType>, guarded: Set<string>): CelType {
    if (expr.exprKind.case !== "callExpr") return DYN;
    const { function: fn, args, target } = expr.exprKind.value;
    const index = at(expr.id);
    if (fn === "_&&_" || fn === "_||_") {
      const left = typeOf(args[0], scope, guarded);
      const right = typeOf(args[1], scope, tested(args[0], fn === "_&&_", new Set(guarded)));
      for (const [side, t] of [[args[0], left], [args[1], right]] as const) {
        if (known(t) && t.t !== "bool") report("expression.type", `${fn === "_&&_" ? "&&" : "||"} needs true or false, not a ${describe(t)}`, side ? at(side.id) : index, "compare the value, e.g. x == 1");
      }
      return { t: "bool" };
    }
    if (fn === "!_") {
      const operand = typeOf(args[0], scope, guarded);
      if (known(operand) && operand.t !== "bool") report("expression.type", `! needs true or false, not a ${describe(operand)}`, index);
      return { t: "bool" };
    }
    if (fn === "_?_:_") {
      const condition = typeOf(args[0], scope, guarded);
      if (known(condition) && condition.t !== "bool") report("expression.type", `The condition of ? : must be true or false, not a ${describe(condition)}`, args[0] ? at(args[0].id) : index, "compare the value, e.g. x == 1");
      const yes = typeOf(args[1], scope, tested(args[0], true, new Set(guarded)));
      const no = typeOf(args[2], scope, tested(args[0], false, new Set(guarded)));
      if (yes.t === "null") return { ...no, nullable: true } as CelType;
      if (no.t === "null") return { ...yes, nullable: true } as CelType;
      if (yes.t === no.t && yes.t !== "map" && yes.t !== "list") return { t: yes.t } as CelType;
      if (NUMERIC.has(yes.t) && NUMERIC.has(no.t)) return { t: "num" };
      return yes.t === no.t ? yes : DYN;
    }
    const targetType = target ? typeOf(target, scope, guarded) : undefined;
    const types = args.map((a) => typeOf(a, scope, guarded));
    const [a, b] = types;
    if (ARITHMETIC.has(fn) && a && b) return arithmetic(fn, a, b, index);
    if (fn === "-_" && a) return a.t === "num" || known(a) ? a : DYN;
    if ((ORDER.has(fn) || EQUALITY.has(fn)) && a && b) {
      compare(fn, a, b, args, index);
      return { t: "bool" };
    }
    if (fn === "@in" && a && b) {
      if (b.t === "list") {
        const container = args[1];
        if (container?.exprKind.case === "listExpr") {
          container.exprKind.value.elements.forEach((element) => compare("_==_", a, typeOf(element, scope, guarded), [args[0], element], at(element.id)));
        } else compare("_==_", a, b.item, [args[0], undefined], index);
      }
      return { t: "bool" };
    }
    if (fn === "_[_]" && a && b) {
      if (a.t === "list") return a.item;
      const key = args[1];
      if (a.t === "map" && key?.exprKind.case === "constExpr" && key.exprKind.value.constantKind.case === "stringValue") {
        return field(a, key.exprKind.value.constantKind.value, at(key.id), undefined, guarded);
      }
      return DYN;
    }
    if ((fn === "timestamp" || fn === "duration") && args.length === 1 && args[0]?.exprKind.case === "constExpr" && !target) {
      const error = input.evaluateConstant(expr) ?? (fn === "timestamp" ? notACalendarDate(args[0]) : undefined);
      if (error) {
        report("expression.invalid-literal", `${fn}(${source.slice(at(args[0].id)).match(/^("[^"]*"|'[^']*')/)?.[0] ?? "…"}) is not a valid ${fn}: ${error}`, at(args[0].id),
          fn === "timestamp" ? 'a real date and time in RFC 3339, e.g. "2025-02-28T00:00:00Z"' : 'a duration such as "264h", "30m" or "1.5s"');
      }
    }
    if (fn === "split") return { t: "list", item: { t: "string" } };
    if (fn === "size" && (targetType ?? a)?.t === "num") return { t: "int" };
    const result = own(RESULT_OF, fn);
    return result ? ({ t: result } as CelType) : DYN;
  }

  function arithmetic(fn: string, a: CelType, b: CelType, index: number): CelType {
    const operator = fn.slice(1, -1);
    if (!known(a) || !known(b)) return NUMERIC.has(a.t) ? a : NUMERIC.has(b.t) ? b : DYN;
    if (NUMERIC.has(a.t) && NUMERIC.has(b.t)) {
      if (a.t !== b.t || a.t === "num") {
        numericMix(a, b, operator, index);
        return { t: a.t === "double" || b.t === "double" ? "double" : "num" };
      }
      return { t: a.t } as CelType;
    }
    if (fn === "_+_" && a.t === b.t && (a.t === "string" || a.t === "list" || a.t === "bytes" || a.t === "duration")) return a.t === "list" ? a : ({ t: a.t } as CelType);
    if ((fn === "_+_" || fn === "_-_") && a.t === "timestamp" && b.t === "duration") return { t: "timestamp" };
    if (fn === "_+_" && a.t === "duration" && b.t === "timestamp") return { t: "timestamp" };
    if (fn === "_-_" && a.t === "timestamp" && b.t === "timestamp") return { t: "duration" };
    if (fn === "_-_" && a.t === "duration" && b.t === "duration") return { t: "duration" };
    const stringAndNumber = (a.t === "string" && NUMERIC.has(b.t)) || (b.t === "string" && NUMERIC.has(a.t));
    report("expression.type", `There is no ${operator} for a ${describe(a)} and a ${describe(b)}: this fails at run time`, index,
      stringAndNumber ? (fn === "_+_" ? "convert the number: string(…), or the text: double(…)" : "convert the text: double(…) or int(…)") : undefined);
    return DYN;
  }

  function compare(fn: string, a: CelType, b: CelType, args: (Expr | undefined)[], index: number) {
    // An enum compared with a literal it never takes: `parents.applicantRole == "mom"`.
    for (const [field, fieldExpr, literal, literalExpr] of [[a, args[0], b, args[1]], [b, args[1], a, args[0]]] as const) {
      if (!EQUALITY.has(fn) || !literalExpr || literalExpr.exprKind.case !== "constExpr" || fieldExpr?.exprKind.case === "constExpr") continue;
      const options = "values" in field ? field.values : undefined;
      const value = "values" in literal ? literal.values?.[0] : undefined;
      if (options && (typeof value === "string" || typeof value === "number") && !options.includes(value)) {
        report("expression.unknown-value", `${describeSide(fieldExpr)} is never ${JSON.stringify(value)}`, at(literalExpr.id),
          input.suggest(String(value), options.map(String)) ?? `its values: ${options.map((o) => JSON.stringify(o)).join(", ")}`);
      }
    }
    if (!known(a) || !known(b) || a.t === "null" || b.t === "null") return;
    const category = (t: CelType) => (NUMERIC.has(t.t) ? "number" : t.t);
    if (category(a) === category(b)) return;
    // Point at the literal when one side is one (`age >= "18"`), else at the operator.
    const literalSide = args.findIndex((x) => x?.exprKind.case === "constExpr");
    const other = literalSide === 0 ? args[1] : args[0];
    const position = literalSide >= 0 && args[literalSide] ? at(args[literalSide]!.id) : index;
    const [x, y] = literalSide === 0 ? [b, a] : [a, b];
    const numberVsText = (category(x) === "number" && y.t === "string") || (x.t === "string" && category(y) === "number");
    report("expression.type", `${describeSide(other)} is ${article(describe(x))}, but is compared with ${article(describe(y))}`, position,
      numberVsText ? (y.t === "string" ? "compare with a number: remove the quotes" : 'compare with text: quote the value ("5"), or convert with double(…)') : undefined);
  }

  const describeSide = (expr: Expr | undefined) => (expr ? (pathOf(expr) ?? source.slice(at(expr.id), at(expr.id) + 30).trim()) : "the value");
  const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

  const type = typeOf(input.expr, new Map(), new Set());
  return { type, problems };
}
