import { MAX_NESTING } from "../../limits";
import type { ReportOptions } from "../rule";

type Report = (code: string, path: (string | number)[], message: string, options?: ReportOptions) => void;

const MAX_VALUES = 20_000_000;

export const structureCodes = ["schema.too-deep", "schema.not-finite"] as const;

/**
 * Checks the data as data before anything else walks it, without recursion: it nests at most
 * MAX_NESTING levels (aliases and definitions built in memory can nest deeper than the text, or refer
 * to themselves), and every number is finite (YAML has .inf and .nan, JSON Schema does not).
 * Returns false when the other checks must not run.
 */
export function checkStructure(value: unknown, report: Report): boolean {
  // Shared parts (aliases) are walked again where they recur; YAML's alias limit bounds that, and
  // MAX_VALUES bounds data built in memory. `open` holds the objects on the current path.
  const open = new Set<object>();
  let values = 0;
  const path: (string | number)[] = [];
  const stack: { value: unknown; key?: string | number; exit?: object }[] = [{ value }];
  let ok = true;
  while (stack.length) {
    const frame = stack.pop()!;
    if (frame.exit) {
      open.delete(frame.exit);
      if (frame.key !== undefined) path.pop();
      continue;
    }
    const current = frame.value;
    const at = () => (frame.key === undefined ? [...path] : [...path, frame.key]);
    if (typeof current === "number" && !Number.isFinite(current)) {
      report("schema.not-finite", at(), `${at().join(".") || "The definition"} is ${current}, not a finite number`, { hint: "write a number such as 100" });
      ok = false;
      continue;
    }
    if (!current || typeof current !== "object") continue;
    if (++values > MAX_VALUES) {
      report("schema.too-deep", [], `The definition holds more than ${MAX_VALUES} maps and lists (counting shared parts each time they recur)`, {
        hint: "a service definition needs far fewer",
      });
      return false;
    }
    if (open.has(current) || path.length >= MAX_NESTING) {
      report("schema.too-deep", at(), open.has(current) ? `${at().join(".") || "The definition"} contains itself` : `The definition nests more than ${MAX_NESTING} levels deep here`, {
        hint: "a service definition needs far fewer levels",
      });
      return false;
    }
    if (frame.key !== undefined) path.push(frame.key);
    open.add(current);
    stack.push({ value: undefined, key: frame.key, exit: current });
    if (Array.isArray(current)) for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], key: i });
    else for (const [key, child] of Object.entries(current).reverse()) stack.push({ value: child, key });
  }
  return ok;
}
