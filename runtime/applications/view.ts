/** What a citizen or an officer sees of an application: the current step ready to render, actions, timeline. */
import { localize } from "../../engine";
import type { RuntimeContext } from "../context";
import { RuntimeError } from "../errors";
import { stepModule } from "../steps";
import { isFinished } from "./status";

export interface Viewer {
  kind: "applicant" | "officer" | "system";
  id: string;
  roles?: string[];
  language?: string;
}

export async function viewApplication(ctx: RuntimeContext, applicationId: string, viewer: Viewer) {
  const db = ctx.database.prisma;
  const app = await db.application.findUnique({ where: { id: applicationId } });
  if (!app) throw new RuntimeError("not_found", `No application "${applicationId}"`);
  if (viewer.kind === "applicant" && app.applicantId !== viewer.id) throw new RuntimeError("forbidden", "This application belongs to someone else");
  const version = await ctx.versions.get(app.serviceVersionId);
  const definition = version.compiled.definition;
  const lang = viewer.language ?? definition.languages[0];
  const main = definition.languages[0];
  const data = JSON.parse(app.data) as Record<string, unknown>;
  const step = definition.steps[app.currentStep];
  const finished = isFinished(app.status);
  const [audit, tasks, documents] = await Promise.all([
    db.auditEvent.findMany({ where: { applicationId }, orderBy: { seq: "asc" } }),
    db.officerTask.findMany({ where: { applicationId, status: "open" } }),
    db.document.findMany({ where: { applicationId } }),
  ]);

  const module = stepModule(step);
  const current: Record<string, unknown> = {
    id: app.currentStep,
    kind: step.kind,
    title: localize(step.title, lang, main),
    description: localize(step.description, lang, main),
    waitsFor: module.waitsFor,
    citizenCancels: module.citizenCancels,
  };
  const actions: string[] = [];
  if (!finished) {
    const view = module.view(step, { viewer, lang, main, stepId: app.currentStep, data, tasks });
    Object.assign(current, view.fields);
    actions.push(...view.actions, "cancel");
  } else if (step.kind === "final") {
    current.outcome = step.outcome;
    current.message = localize(step.message, lang, main);
  }
  if (app.status === "incident") {
    // Halted: nothing to do for the citizen or officer but wait for an operator.
    actions.length = 0;
    current.incident = true;
  }

  return {
    id: app.id,
    service: { id: app.serviceId, version: version.number, title: localize(definition.title, lang, main) },
    applicantId: app.applicantId,
    status: app.status,
    version: app.version,
    createdAt: app.createdAt,
    updatedAt: app.updatedAt,
    step: current,
    actions,
    documents: documents.map((d) => ({ id: d.id, number: d.number, template: d.template, issuedAt: d.issuedAt, expiresAt: d.expiresAt, status: d.status })),
    timeline: audit.map((e) => ({ seq: e.seq, event: e.event, from: e.fromStep, to: e.toStep, at: e.at, actor: e.actor })),
    // The applicant's own: why an officer refused, approved or sent it back (a party never gets it).
    ...(viewer.kind === "applicant" ? { decision: latestDecision(audit) } : {}),
    ...(viewer.kind !== "applicant" ? { data } : {}),
  };
}

/** An officer's decision on the application, as its applicant is told (the reason as the officer wrote it). */
export interface OfficerDecision {
  outcome: "approve" | "reject" | "sendBack";
  reason: string | null;
  at: Date;
}

const DECISIONS = new Set(["outcome.approve", "outcome.reject", "outcome.sendBack"]);

/**
 * The latest officer decision, while it is the news: a send-back stops being it once the citizen answered
 * again (the application moved on from the form), an approval or refusal stays.
 */
export function latestDecision(audit: readonly { event: string; actor: string; at: Date; detail: string | null }[]): OfficerDecision | null {
  for (let i = audit.length - 1; i >= 0; i--) {
    const e = audit[i];
    if (e.event === "submit" || e.event === "change") {
      // Answered after a send-back: that request is done; an earlier approval or refusal is no longer current either.
      return null;
    }
    if (!DECISIONS.has(e.event) || !e.actor.startsWith("officer:")) continue;
    const reason = e.detail ? (JSON.parse(e.detail) as { reason?: unknown }).reason : undefined;
    return { outcome: e.event.slice(8) as OfficerDecision["outcome"], reason: typeof reason === "string" && reason.trim() ? reason.trim() : null, at: e.at };
  }
  return null;
}
