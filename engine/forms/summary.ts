/**
 * A summary form (`summary: true`): the review before sending, where each earlier form's answers have a
 * "Change" link. A change is saved while the application stays at the summary, so it must give the same
 * result as going back to that form and forward again: allowed only for a form whose answers no step
 * between it and the summary reads (a decision would branch differently, a registry would be asked other
 * things) or writes over. Shared by the runtime (which refuses other changes) and the portal (which
 * offers links only for these). Browser-safe.
 */
import type { ServiceDefinition, Step } from "../definition/schema";
import { compileExpression, isExpressionError } from "../expressions/cel";
import { successors } from "../graph/edges";
import { stepModule } from "../steps";

const cache = new WeakMap<ServiceDefinition, Map<string, string[]>>();

/** Whether a step is a summary form (addressed to the applicant). */
export function isSummaryForm(step: Step | undefined): boolean {
  return step?.kind === "form" && step.summary === true && !step.party;
}

/**
 * The form steps whose answers the summary form `summaryId` may change in place, in definition order:
 * applicant forms (not summaries themselves) from which the summary is reachable, such that no step on the
 * way from the form to the summary reads the form's saved name in an expression or saves under it.
 */
export function changeableSteps(definition: ServiceDefinition, summaryId: string): string[] {
  let bySummary = cache.get(definition);
  if (!bySummary) cache.set(definition, (bySummary = new Map()));
  let result = bySummary.get(summaryId);
  if (!result) bySummary.set(summaryId, (result = compute(definition, summaryId)));
  return result;
}

function compute(definition: ServiceDefinition, summaryId: string): string[] {
  if (!isSummaryForm(definition.steps[summaryId])) return [];
  const next = successors(definition);
  const previous = new Map<string, string[]>();
  for (const [from, targets] of next) for (const to of targets) previous.set(to, [...(previous.get(to) ?? []), from]);
  const reachesSummary = walk([summaryId], (id) => previous.get(id) ?? []);
  const reachable = walk([definition.start], (id) => next.get(id) ?? []);

  const changeable: string[] = [];
  for (const [id, step] of Object.entries(definition.steps)) {
    if (id === summaryId || step.kind !== "form" || step.party || step.summary || !reachable.has(id) || !reachesSummary.has(id)) continue;
    const name = stepModule(step).provides(id, step);
    if (!name) continue;
    // The steps between: after the form, before the summary (a way that passes the summary ends there).
    const between = walk(next.get(id) ?? [], (s) => (s === summaryId ? [] : (next.get(s) ?? [])));
    between.delete(summaryId);
    if (between.has(id)) continue; // a loop back to the form itself
    if ([...between].some((s) => reachesSummary.has(s) && touches(s, definition.steps[s], name))) continue;
    changeable.push(id);
  }
  return changeable;
}

/** Whether a step reads `name` in any of its expressions or conditions, or saves under it. */
function touches(id: string, step: Step, name: string): boolean {
  const module = stepModule(step);
  if (module.provides(id, step as never) === name) return true;
  const sources = [...module.expressionSites(id, step as never).map((site) => site.expr), ...module.outlets(id, step as never).flatMap((o) => (o.when ? [o.when] : []))];
  return sources.some((source) => {
    const compiled = compileExpression(source);
    return isExpressionError(compiled) || compiled.roots.includes(name); // unreadable: assume it reads everything
  });
}

function walk(from: string[], next: (id: string) => string[]): Set<string> {
  const seen = new Set<string>(from);
  const stack = [...from];
  while (stack.length) {
    for (const to of next(stack.pop()!)) {
      if (seen.has(to)) continue;
      seen.add(to);
      stack.push(to);
    }
  }
  return seen;
}
