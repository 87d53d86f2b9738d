/** Helpers the step modules share: reading half-written steps, outlets of `on` maps, mappings, replies. */
import { evaluateMapping } from "../expressions/cel";
import { hasOwn } from "../own";
import type { ExpressionSite, Outlet, Path, Simulated } from "./types";

export const str = (value: unknown): string | undefined => (typeof value === "string" && value ? value : undefined);
export const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === "object" && !Array.isArray(value);

/** The single outlet of a step that goes on by itself after its work (form, document, notification). */
export function nextOutlet(id: string, next: unknown, event: string): Outlet {
  return { outcome: "next", label: "next", to: str(next), path: ["steps", id, "next"], event };
}

/** The outlets of an `on` map, then (when asked) the expected outcomes not connected yet. */
export function onOutlets(id: string, on: unknown, expected: readonly string[] = []): Outlet[] {
  const map = isRecord(on) ? on : {};
  const names = [...Object.keys(map), ...expected.filter((o, i) => !hasOwn(map, o) && expected.indexOf(o) === i)];
  return names.map((outcome) => ({ outcome, label: outcome, to: str(map[outcome]), path: ["steps", id, "on", outcome], event: `outcome.${outcome}` }));
}

/** The entries of a mapping (input, data, prefill) as expression sites of any type. */
export function mappingSites(mapping: Record<string, string> | undefined, path: Path): ExpressionSite[] {
  return Object.entries(mapping ?? {}).map(([key, expr]) => ({ path: [...path, key], expr, expected: "any" as const, key }));
}

/** Evaluates a mapping as the runtime does on entering the step; a failure is the simulation's. */
export function tryMapping(mapping: Record<string, string> | undefined, data: Readonly<Record<string, unknown>>): { value: Record<string, unknown> } | { failure: string } {
  try {
    return { value: evaluateMapping(mapping, data as Record<string, unknown>) };
  } catch (error) {
    return { failure: (error as Error).message };
  }
}

/** A reply `{ outcome, data }` given to a step, checked against the outcomes the step handles. */
export function takeReply(id: string, input: unknown, on: Record<string, string>): { outcome: string; data?: unknown } | Simulated {
  if (input === undefined) return { needs: "reply" };
  if (!isRecord(input) || typeof input.outcome !== "string") return { failure: `The reply to step "${id}" is not { outcome, data }` };
  if (!hasOwn(on, input.outcome)) return { failure: `Step "${id}" has no outcome "${input.outcome}" (it has: ${Object.keys(on).join(", ")})` };
  return { outcome: input.outcome, ...(input.data !== undefined && { data: input.data }) };
}

export const isSimulated = (value: object): value is Exclude<Simulated, { outcome: string }> => "needs" in value || "failure" in value || "stays" in value;

/**
 * Outcomes every call (registry, task, poll) can have whatever the operation says. The same list as the
 * catalog's TECHNICAL_OUTCOMES, written here because the catalog module reads the step modules (an import
 * back would be a cycle).
 */
export const CALL_OUTCOMES = ["error", "timeout"] as const;
