/**
 * What the studio's validation worker and the editor say to each other (validation.worker.ts,
 * validation.ts). The worker checks each new text with an IncrementalLoader, which parses only the
 * pieces of the text (top-level keys, steps) that changed; its answer carries the values of those
 * pieces only, and the editor puts the worker's reading of the whole text together from them and the
 * previous answer. Posting a 1,000-step value for every edit would copy it twice for nothing.
 */
import type { Catalog, Issue } from "../../../../engine";
import { IncrementalLoader } from "../../../../engine/validation/incremental";

export type ValidationRequest = { type: "catalog"; catalog: Catalog } | { type: "check"; id: number; text: string };

export interface ValidationResult {
  id: number;
  issues: Issue[];
  /** The whole value, when the text was parsed whole (or does not parse). */
  value?: unknown;
  /** Otherwise the value as pieces: the keys in order, and the values of the pieces parsed anew. */
  pieces?: { keys: string[]; steps: string[]; top: Record<string, unknown>; fresh: Record<string, unknown> };
  /** No errors: the value is a definition. */
  valid: boolean;
  /** Parse and check in the worker. */
  ms: number;
}

/** The worker's side: checks a text and answers with what changed since its previous answer. */
export function check(loader: IncrementalLoader, id: number, text: string): ValidationResult {
  const started = performance.now();
  const loaded = loader.load(text);
  const valid = loaded.definition !== undefined;
  if (!loaded.incremental) return { id, issues: loaded.issues, value: loaded.value, valid, ms: performance.now() - started };
  const value = loaded.value as Record<string, unknown> & { steps: Record<string, unknown> };
  const pieces = {
    keys: Object.keys(value),
    steps: Object.keys(value.steps),
    top: Object.fromEntries(loaded.fresh.top.map((key) => [key, value[key]])),
    fresh: Object.fromEntries(loaded.fresh.steps.map((id) => [id, value.steps[id]])),
  };
  return { id, issues: loaded.issues, pieces, valid, ms: performance.now() - started };
}

/**
 * The editor's side: the worker's value for an answer, from the value of its previous answer (every
 * answer is read, in order, even one for a text already replaced: the pieces build on each other).
 */
export function answeredValue(previous: unknown, result: ValidationResult): unknown {
  if (!result.pieces) return result.value;
  const before = (previous ?? {}) as Record<string, unknown>;
  const beforeSteps = (before.steps ?? {}) as Record<string, unknown>;
  const { keys, steps, top, fresh } = result.pieces;
  const value: Record<string, unknown> = {};
  for (const key of keys) {
    if (key !== "steps") {
      value[key] = Object.hasOwn(top, key) ? top[key] : before[key];
      continue;
    }
    const all: Record<string, unknown> = {};
    for (const id of steps) all[id] = Object.hasOwn(fresh, id) ? fresh[id] : beforeSteps[id];
    value.steps = all;
  }
  return value;
}

export { IncrementalLoader };
