/**
 * A fast path for the most common expressions (field reads, comparisons, logic, `has`, `in`): the CEL
 * syntax tree is turned into a closure over plain data. It only ever answers when the answer is
 * certain; anything else (an unsupported construct, a type mismatch, a missing field) gives up with
 * FALLBACK and the full CEL evaluator decides, so results and errors are always CEL's own.
 */
import type { parse } from "@bufbuild/cel";

type Expr = ReturnType<typeof parse>["expr"];
type Data = Record<string, unknown>;
export type FastEvaluator = (data: Data) => unknown;

export const FALLBACK: unique symbol = Symbol("fallback");
const giveUp = (): never => {
  throw FALLBACK;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
/** Own fields only: `constructor`, `__proto__` and the rest of the prototype are not data. */
const field = (object: Record<string, unknown>, name: string) => (Object.hasOwn(object, name) ? object[name] : undefined);
const hasSurrogates = (s: string) => /[\uD800-\uDFFF]/.test(s);

/** CEL's heterogeneous equality over JSON-like values. */
function equals(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b;
  if (a === null || b === null) return a === b;
  if (typeof a !== typeof b) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => equals(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    if (keys.length !== Object.keys(b).filter((k) => b[k] !== undefined).length) return false;
    return keys.every((k) => field(b, k) !== undefined && equals(a[k], b[k]));
  }
  return a === b;
}

function order(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number" && !Number.isNaN(a) && !Number.isNaN(b)) return a - b;
  if (typeof a === "string" && typeof b === "string" && !hasSurrogates(a) && !hasSurrogates(b)) return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return giveUp();
}

const bool = (v: unknown): boolean => (typeof v === "boolean" ? v : giveUp());

const COMPARE: Record<string, (c: number) => boolean> = {
  "_<_": (c) => c < 0,
  "_<=_": (c) => c <= 0,
  "_>_": (c) => c > 0,
  "_>=_": (c) => c >= 0,
};

/** The closure for an expression, or undefined when it uses something the fast path does not cover. */
export function compileFast(expr: Expr | undefined): FastEvaluator | undefined {
  if (!expr) return undefined;
  const kind = expr.exprKind;
  switch (kind.case) {
    case "constExpr": {
      const c = kind.value.constantKind;
      if (c.case === "stringValue" || c.case === "boolValue" || c.case === "doubleValue") {
        const value = c.value;
        return () => value;
      }
      if (c.case === "int64Value") {
        const value = Number(c.value);
        if (!Number.isSafeInteger(value)) return undefined;
        return () => value;
      }
      if (c.case === "nullValue") return () => null;
      return undefined;
    }
    case "identExpr": {
      const name = kind.value.name;
      return (data) => {
        const value = field(data, name);
        if (value === undefined || value === null) return null;
        if (typeof value === "number" && !Number.isFinite(value)) giveUp();
        return value;
      };
    }
    case "selectExpr": {
      const operand = compileFast(kind.value.operand);
      if (!operand) return undefined;
      const name = kind.value.field;
      if (kind.value.testOnly) {
        // has(x.field): true when present; a null x is simply "not present", and so is a field holding
        // null (CEL's maps treat a null value as absent: has({"z": null}.z) is false).
        return (data) => {
          const value = operand(data);
          if (value === null) return false;
          if (!isObject(value)) return giveUp();
          const result = field(value, name);
          return result !== undefined && result !== null;
        };
      }
      return (data) => {
        const value = operand(data);
        if (!isObject(value)) return giveUp();
        const result = field(value, name);
        return result === undefined ? giveUp() : result;
      };
    }
    case "callExpr": {
      const fn = kind.value.function;
      if (kind.value.target) return undefined;
      if (fn === "@in") return compileIn(kind.value.args);
      const args = kind.value.args.map(compileFast);
      if (args.some((a) => !a)) return undefined;
      const [a, b, c] = args as FastEvaluator[];
      switch (fn) {
        case "_==_":
          return (d) => equals(a(d), b(d));
        case "_!=_":
          return (d) => !equals(a(d), b(d));
        case "_&&_":
          return (d) => bool(a(d)) && bool(b(d));
        case "_||_":
          return (d) => bool(a(d)) || bool(b(d));
        case "!_":
          return (d) => !bool(a(d));
        case "_?_:_":
          return (d) => (bool(a(d)) ? b(d) : c(d));
        default: {
          const test = Object.hasOwn(COMPARE, fn) ? COMPARE[fn] : undefined;
          return test ? (d) => test(order(a(d), b(d))) : undefined;
        }
      }
    }
    default:
      return undefined;
  }
}

/** `x in [..]` over a list literal or a list from the data, `"key" in map` over a map from the data. */
function compileIn(args: Expr[]): FastEvaluator | undefined {
  const element = compileFast(args[0]);
  if (!element) return undefined;
  const container = args[1];
  if (container?.exprKind.case === "listExpr") {
    const items = container.exprKind.value.elements.map(compileFast);
    if (items.some((i) => !i) || container.exprKind.value.optionalIndices.length) return undefined;
    return (d) => {
      const value = element(d);
      return (items as FastEvaluator[]).some((item) => equals(value, item(d)));
    };
  }
  const source = compileFast(container);
  if (!source) return undefined;
  return (d) => {
    const value = element(d);
    const collection = source(d);
    if (Array.isArray(collection)) return collection.some((item) => equals(value, item));
    if (isObject(collection) && typeof value === "string") return field(collection, value) !== undefined;
    return giveUp();
  };
}
