/** What a citizen or an officer sees of an application: the current step ready to render, actions, timeline. */
import { evaluate, localize, localizeSchema } from "../../engine";
import type { RuntimeContext } from "../context";
import { RuntimeError } from "../errors";
import { paymentAmount } from "./enter-step";
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

  const current: Record<string, unknown> = {
    id: app.currentStep,
    kind: step.kind,
    title: localize(step.title, lang, main),
    description: localize(step.description, lang, main),
  };
  const actions: string[] = [];
  if (!finished) {
    if (step.kind === "form") {
      current.form = { schema: localizeSchema(step.schema, lang, main), uiSchema: step.uiSchema ?? {}, prefill: prefill(step.prefill, data, step.saveAs ?? app.currentStep) };
      if (viewer.kind !== "officer") actions.push("submit");
    }
    if (step.kind === "payment") {
      current.payment = { amount: paymentAmount(step, data), currency: step.currency ?? "UAH", purpose: localize(step.purpose, lang, main) };
      if (viewer.kind !== "officer") actions.push("pay");
    }
    if (step.kind === "review") {
      current.review = { role: step.role, instructions: localize(step.instructions, lang, main), taskId: tasks[0]?.id, due: tasks[0]?.due };
      if (viewer.kind === "officer" && viewer.roles?.includes(step.role)) actions.push(...Object.keys(step.on).filter((o) => o !== "timeout").map((o) => `decide.${o}`));
    }
    if (step.kind === "final") current.outcome = step.outcome;
    actions.push("cancel");
  } else if (step.kind === "final") {
    current.outcome = step.outcome;
    current.message = localize(step.message, lang, main);
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
    ...(viewer.kind !== "applicant" ? { data } : {}),
  };
}

/** Initial values of a form: its prefill mapping, then answers already given (after a send-back). */
function prefill(mapping: Record<string, string> | undefined, data: Record<string, unknown>, savedAs: string): Record<string, unknown> {
  // Field by field: one that cannot be evaluated yet stays empty for the citizen to type, the others are
  // still offered. Nulls (a registry's unknown parts) are left out, or the offered answers would not pass
  // the form's own schema.
  const values: Record<string, unknown> = {};
  for (const [field, source] of Object.entries(mapping ?? {})) {
    try {
      const value = evaluate(source, data);
      if (value !== null && value !== undefined) values[field] = withoutNulls(value);
    } catch {
      // left empty
    }
  }
  const earlier = data[savedAs];
  return earlier && typeof earlier === "object" ? { ...values, ...(earlier as Record<string, unknown>) } : values;
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, withoutNulls(v)]));
  }
  return value;
}
