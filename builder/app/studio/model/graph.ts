/** The canvas's picture of a definition: a node per step, an edge per connected outlet, issues placed on both. */
import type { Catalog, Issue } from "../../../../engine";
import { localize } from "../../../../engine";
import { outletsOf, type Outlet } from "./outcomes";
import { isPlainObject } from "./yaml-edit";

export interface StepView {
  id: string;
  kind: string;
  title: string;
  outlets: Outlet[];
  /** Issues whose path is inside this step (and not on one of its edges). */
  issues: Issue[];
  /** Issues on each outlet, by outlet id. */
  outletIssues: Record<string, Issue[]>;
  isStart: boolean;
  position?: { x: number; y: number };
  /** In a service with parties: who acts at this step besides (or instead of) the applicant, by role title. */
  actors?: string[];
}

export interface EdgeView {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
  label: string;
  issues: Issue[];
}

export interface GraphView {
  steps: StepView[];
  edges: EdgeView[];
  /** Issues not about a step (service-level: id, title, start…). */
  serviceIssues: Issue[];
}

const startsWith = (path: readonly (string | number)[], prefix: readonly (string | number)[]) =>
  prefix.length <= path.length && prefix.every((p, i) => String(p) === String(path[i]));

/**
 * Remembers each step's view between drawings: a step whose YAML value (the same object), issues and
 * start flag did not change keeps its view object, so a 1,000-step service is not re-read on every edit.
 */
export type GraphCache = Map<string, { raw: unknown; issues: readonly Issue[]; isStart: boolean; parties: unknown; view: StepView }>;

/** The same problems, wherever their lines moved to (a node shows messages, not lines). */
const sameIssues = (a: readonly Issue[], b: readonly Issue[]) =>
  a.length === b.length && a.every((x, i) => x === b[i] || (x.code === b[i].code && x.message === b[i].message && x.severity === b[i].severity && x.path.join("\u0000") === b[i].path.join("\u0000")));

export function buildGraph(value: unknown, issues: readonly Issue[], catalog: Catalog | undefined, language: string, cache?: GraphCache): GraphView {
  const definition = isPlainObject(value) ? value : {};
  const stepsValue = isPlainObject(definition.steps) ? definition.steps : {};
  const byStep = new Map<string, Issue[]>();
  const serviceIssues: Issue[] = [];
  for (const issue of issues) {
    if (issue.path[0] === "steps" && issue.path.length >= 2 && String(issue.path[1]) in stepsValue) {
      const id = String(issue.path[1]);
      byStep.set(id, [...(byStep.get(id) ?? []), issue]);
    } else serviceIssues.push(issue);
  }
  const steps: StepView[] = [];
  const edges: EdgeView[] = [];
  const seen = new Set<string>();
  for (const [id, raw] of Object.entries(stepsValue)) {
    const step = isPlainObject(raw) ? raw : {};
    const stepIssues = byStep.get(id) ?? [];
    const isStart = definition.start === id;
    const cached = cache?.get(id);
    seen.add(id);
    if (cached && cached.raw === raw && cached.isStart === isStart && cached.parties === definition.parties && sameIssues(cached.issues, stepIssues)) {
      steps.push(cached.view);
      pushEdges(edges, cached.view, stepsValue);
      continue;
    }
    const outlets = outletsOf(id, step, catalog);
    const outletIssues: Record<string, Issue[]> = {};
    const rest: Issue[] = [];
    for (const issue of stepIssues) {
      const outlet = outlets.find((o) => !o.adds && startsWith(issue.path, o.path));
      if (outlet) outletIssues[outlet.id] = [...(outletIssues[outlet.id] ?? []), issue];
      else rest.push(issue);
    }
    const position = isPlainObject(step.position) && typeof step.position.x === "number" && typeof step.position.y === "number"
      ? { x: step.position.x, y: step.position.y }
      : undefined;
    const view: StepView = {
      id,
      kind: String(step.kind ?? "?"),
      title: typeof step.title === "string" || isPlainObject(step.title) ? localize(step.title as never, language) : "",
      outlets,
      issues: rest,
      outletIssues,
      isStart,
      position,
    };
    const actors = actorsOf(step, definition.parties, language);
    if (actors.length) view.actors = actors;
    steps.push(view);
    cache?.set(id, { raw, issues: stepIssues, isStart, parties: definition.parties, view });
    pushEdges(edges, view, stepsValue);
  }
  if (cache) for (const id of cache.keys()) if (!seen.has(id)) cache.delete(id);
  return { steps, edges, serviceIssues };
}

/**
 * The parties who act at a step, by their titles: the invitee of an invite step, the party a form is addressed
 * to, the parties who co-sign (`all`: every declared party), the holders of a document other than the applicant.
 */
function actorsOf(step: Record<string, unknown>, parties: unknown, language: string): string[] {
  if (!isPlainObject(parties)) return [];
  const roles = Object.keys(parties);
  const named: unknown[] =
    step.kind === "invite" ? [step.role]
    : step.kind === "form" ? [step.party]
    : step.kind === "sign" && Array.isArray(step.parties) ? (step.parties.includes("all") ? roles : step.parties)
    : step.kind === "document" && Array.isArray(step.holders) ? step.holders
    : [];
  return named
    .filter((role): role is string => typeof role === "string" && roles.includes(role))
    .map((role) => {
      const title = (parties[role] as { title?: unknown } | undefined)?.title;
      return (typeof title === "string" || isPlainObject(title) ? localize(title as never, language) : "") || role;
    });
}

function pushEdges(edges: EdgeView[], view: StepView, stepsValue: Record<string, unknown>) {
  for (const outlet of view.outlets) {
    if (!outlet.target || !(outlet.target in stepsValue)) continue;
    edges.push({
      id: `${view.id}|${outlet.id}`,
      source: view.id,
      sourceHandle: outlet.id,
      target: outlet.target,
      label: outlet.label === "next" ? "" : outlet.label,
      issues: view.outletIssues[outlet.id] ?? [],
    });
  }
}

/** The step an issue belongs to, if any. */
export function stepOfIssue(issue: Issue): string | undefined {
  return issue.path[0] === "steps" && issue.path.length >= 2 ? String(issue.path[1]) : undefined;
}
