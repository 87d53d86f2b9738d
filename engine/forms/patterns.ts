/**
 * Regular expressions from form schemas meet citizens' answers. Two guards: at validation, patterns
 * that can backtrack catastrophically are refused (browsers and other tools run them natively); when
 * answers are checked, patterns run on RE2 (re2js, pure JavaScript), whose time is linear in the input.
 */
import { RE2JS } from "re2js";
import { isSafePattern } from "redos-detector";

/** ajv's `code.regExp`: compiles JSON Schema patterns (JavaScript syntax) for RE2. */
export const linearRegExp = Object.assign(
  (pattern: string, _flags: string) => {
    const compiled = RE2JS.compile(RE2JS.translateRegExp(pattern));
    return { test: (text: string) => compiled.test(text), toString: () => `/${pattern}/u` };
  },
  { code: "linearRegExp" },
);

/** A budget of time for checking patterns: shared by all patterns of one validation. */
export interface PatternBudget {
  deadline: number;
}

const verdicts = new Map<string, string | undefined>();

/**
 * Why a pattern could backtrack catastrophically, or undefined when it is safe. A pattern that cannot
 * be shown safe within its small share of the budget is refused too (with its own message).
 */
export function unsafePattern(pattern: string, budget: PatternBudget): string | undefined {
  if (verdicts.has(pattern)) return verdicts.get(pattern);
  const left = budget.deadline - Date.now();
  if (left <= 0) return "there was no time left to check it (too many complex patterns)";
  let verdict: string | undefined;
  try {
    // The step limit decides (deterministic); the time limit is only a backstop for huge patterns.
    const result = isSafePattern(pattern, { unicode: true, maxSteps: 1000, timeout: Math.min(1000, left) });
    if (!result.safe) {
      verdict = result.error === "hitMaxScore"
        ? "a repetition inside a repetition (or overlapping alternatives) can make it take exponential time"
        : "it could not be shown to run in reasonable time";
    }
  } catch {
    verdict = undefined; // syntax the checker does not know (e.g. named groups): RE2 still runs it in linear time
  }
  if (verdicts.size > 5000) verdicts.clear();
  verdicts.set(pattern, verdict);
  return verdict;
}
