/**
 * What a test run computed at each step: every expression of the step evaluated over the data the step saw
 * (a registry's or handler's input, a payment's amount, a form's prefill, a document's data mapping, a
 * decision's conditions), what the step was given (answers, a reply) and what it saved. Pure: it runs in the
 * browser (the test run) and on the server (the live run), from the simulator's `onStep` reports.
 */
import { evaluate, stepModule, type PlayedStep, type ServiceDefinition, type Step } from "../../../../engine";
import type { Lang } from "../../i18n/lang";
import { st } from "../i18n/messages";

export interface ComputedValue {
  /** Where the value is written, readable and language-neutral: "input.taxId", "amount", "branch 1 (when)" (valueLabel names it for the page). */
  label: string;
  expr: string;
  value?: unknown;
  /** The expression failed (the runtime would make the step's input an error). */
  error?: string;
}

export interface TracedStep {
  step: string;
  kind: string;
  /** Every expression of the step, evaluated over the data it saw. */
  computed: ComputedValue[];
  /** The answers or the reply it was given (absent for steps that need nobody). */
  given?: unknown;
  outcome?: string;
  /** The name it saves under and the value saved. */
  saved?: { name: string; value: unknown };
  failure?: string;
  /** Set by the live run: the registry or handler was really called. */
  live?: LiveCall;
}

/** A registry call or handler run made by the server in a live test run. */
export interface LiveCall {
  target: string;
  input: Record<string, unknown>;
  outcome: string;
  data?: unknown;
  durationMs: number;
  /** The call failed (registry down, timeout): the reply is the step's error or timeout outcome. */
  error?: string;
}

const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

/** The readable place of an expression inside its step: ["steps", id, "input", "taxId"] → "input.taxId". */
function labelOf(path: (string | number)[], key?: string): string {
  const rest = path.slice(2);
  if (rest[0] === "branches" && typeof rest[1] === "number") return `branch ${rest[1] + 1} (${rest.slice(2).join(".") || "when"})`;
  const text = rest.join(".");
  return key && !text.endsWith(key) ? `${text}.${key}` : text;
}

const BRANCH = /^branch (\d+) \((.*)\)$/;

/**
 * A value's label in the studio's language: a payment's amount and currency and a decision's branches are
 * named; other places are the definition's own keys, shown as written (input.taxId, prefill.name).
 */
export function valueLabel(label: string, lang: Lang): string {
  const branch = BRANCH.exec(label);
  if (branch) return st(lang, "run_branch", { n: Number(branch[1]), part: branch[2] === "when" ? st(lang, "run_when") : branch[2] });
  const [head, ...rest] = label.split(".");
  if (head === "amount") return [st(lang, "run_amount"), ...rest].join(".");
  if (head === "currency") return [st(lang, "run_currency"), ...rest].join(".");
  return label;
}

/** Evaluates every expression of a step over `data`. */
export function computedValues(id: string, step: Step, data: Readonly<Record<string, unknown>>): ComputedValue[] {
  let sites: ReturnType<ReturnType<typeof stepModule>["expressionSites"]>;
  try {
    sites = stepModule(step).expressionSites(id, step as never);
  } catch {
    return [];
  }
  const fixed: ComputedValue[] =
    step.kind === "payment" && typeof step.amount === "number" ? [{ label: "amount", expr: String(step.amount), value: step.amount }] : [];
  if (step.kind === "payment") fixed.push({ label: "currency", expr: JSON.stringify(step.currency ?? "UAH"), value: step.currency ?? "UAH" });
  return fixed.concat(sites.map((site) => {
    const entry: ComputedValue = { label: labelOf(site.path, site.key), expr: site.expr };
    try {
      entry.value = clone(evaluate(site.expr, data as Record<string, unknown>));
    } catch (error) {
      entry.error = (error as Error).message;
    }
    return entry;
  }));
}

/** One step as the simulator played it, with everything it computed. */
export function traceStep(definition: ServiceDefinition, played: PlayedStep): TracedStep {
  const step = definition.steps[played.step] as Step;
  const traced: TracedStep = { step: played.step, kind: step.kind, computed: computedValues(played.step, step, played.data) };
  if (played.input !== undefined) traced.given = clone(played.input);
  const result = played.result;
  if ("failure" in result) traced.failure = result.failure;
  if ("outcome" in result) {
    traced.outcome = result.outcome;
    let name: string | undefined;
    try {
      name = stepModule(step).provides(played.step, step as never);
    } catch {
      name = undefined;
    }
    if (name && result.data !== undefined) traced.saved = { name, value: clone(result.data) };
  }
  return traced;
}

/** A value as a short line of text (the panel shows JSON; long values are folded by the browser). */
export function showValue(value: unknown): string {
  if (value === undefined) return "(nothing)";
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text;
}
