/**
 * Incidents: a step that failed while it was entered or run (its data mapping, a template's required data,
 * an unknown template, a handler failing after its retries, an unknown handler or registry, a condition that
 * throws) and has no `error` outcome to take. The application halts with status `incident` and the error
 * recorded (an Incident row and an audit event, in one transaction): no further jobs run, no payment is
 * asked. Operators retry the step on the same version (after a fix), migrate the application to another
 * published version, or cancel it (a payment it made is flagged `refundDue` and refunded). Each is one audited change.
 */
import type { ServiceEvent } from "../../engine";
import type { RuntimeContext } from "../context";
import { RuntimeError } from "../errors";
import { newId } from "../ids";
import { requestRefunds } from "../payments/refunds";
import { restoreSnapshot, snapshotAt } from "./machine-step";
import { planTransition } from "./transition";
import { isFinished } from "./status";
import { closeOpenTasks, discardPendingJobs, insertAudit, releaseApplicantSlot, updateApplication, type ApplicationRecord, type Statement } from "./writes";

export interface IncidentRequest {
  applicationId: string;
  /** The step entry that failed: an application that has moved on meanwhile is left alone. */
  step: string;
  stepEntry: number;
  error: string;
  /** Who noticed: "worker:<id>", "payments". */
  actor: string;
}

const stale = () => new RuntimeError("stale_version", "The application changed meanwhile: reload it and try again");

/** Halts the application as an incident, if it is still in that step entry and running. True when it did. */
export async function raiseIncident(ctx: Pick<RuntimeContext, "transitions" | "clock">, request: IncidentRequest): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      const raised = await ctx.transitions.change<boolean>(
        request.applicationId,
        {},
        () => {},
        (app) => {
          if (app.currentStep !== request.step || app.stepEntry !== request.stepEntry || isFinished(app.status)) return undefined;
          const now = ctx.clock.now();
          const seq = app.version + 1;
          const error = request.error.slice(0, 2000);
          const statements: Statement[] = [
            updateApplication(app.id, app.version, { currentStep: app.currentStep, stepEntry: app.stepEntry, status: "incident", version: seq, updatedAt: now, finishedAt: null }, stale),
            insertAudit({ id: newId(), applicationId: app.id, seq, actor: request.actor, event: "incident", fromStep: app.currentStep, toStep: app.currentStep, at: now, dataHash: "", detail: JSON.stringify({ error }) }),
            discardPendingJobs(app.id, now),
            closeOpenTasks(app.id),
            {
              sql: `INSERT INTO "Incident" ("id", "applicationId", "serviceId", "serviceVersionId", "step", "stepEntry", "error", "status", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
              params: [newId(), app.id, app.serviceId, app.serviceVersionId, app.currentStep, app.stepEntry, error, now],
            },
          ];
          return { statements, result: true, createdJobs: false };
        },
      );
      return raised === true;
    } catch (error) {
      if (error instanceof RuntimeError && error.code === "stale_version" && attempt < 5) continue;
      throw error;
    }
  }
}

export interface IncidentSummary {
  id: string;
  applicationId: string;
  serviceId: string;
  serviceVersionId: string;
  /** The version number the application is on. */
  version: number;
  step: string;
  error: string;
  status: string;
  since: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  /** Paid amounts of the application, and whether a refund is due. */
  payments: { orderId: string; amount: number; currency: string; status: string; refundDue: boolean }[];
}

/** Open incidents, oldest first (or every incident of one application). */
export async function listIncidents(ctx: RuntimeContext, query: { status?: "open" | "all"; applicationId?: string; take?: number } = {}): Promise<IncidentSummary[]> {
  const db = ctx.database.prisma;
  const rows = await db.incident.findMany({
    where: { ...(query.status === "all" ? {} : { status: "open" }), ...(query.applicationId ? { applicationId: query.applicationId } : {}) },
    orderBy: { createdAt: "asc" },
    take: Math.min(query.take ?? 200, 500),
  });
  const applicationIds = [...new Set(rows.map((r) => r.applicationId))];
  const versionIds = [...new Set(rows.map((r) => r.serviceVersionId))];
  const [payments, versions] = await Promise.all([
    db.payment.findMany({ where: { applicationId: { in: applicationIds }, status: "paid" }, orderBy: { createdAt: "asc" } }),
    db.serviceVersion.findMany({ where: { id: { in: versionIds } }, select: { id: true, number: true } }),
  ]);
  return rows.map((row) => ({
    id: row.id,
    applicationId: row.applicationId,
    serviceId: row.serviceId,
    serviceVersionId: row.serviceVersionId,
    version: versions.find((v) => v.id === row.serviceVersionId)?.number ?? 0,
    step: row.step,
    error: row.error,
    status: row.status,
    since: row.createdAt,
    resolvedAt: row.resolvedAt,
    resolvedBy: row.resolvedBy,
    payments: payments
      .filter((p) => p.applicationId === row.applicationId)
      .map((p) => ({ orderId: p.orderId, amount: p.amount, currency: p.currency, status: p.status, refundDue: p.refundDue })),
  }));
}

/** The open incident by id, or not_found. */
async function openIncident(ctx: RuntimeContext, incidentId: string) {
  const incident = await ctx.database.prisma.incident.findUnique({ where: { id: incidentId } });
  if (!incident) throw new RuntimeError("not_found", `No incident "${incidentId}"`);
  if (incident.status !== "open") throw new RuntimeError("event_not_allowed", `The incident is already ${incident.status}`);
  return incident;
}

const resolve = (incidentId: string, status: "retried" | "migrated" | "cancelled", by: string, at: Date): Statement => ({
  sql: `UPDATE "Incident" SET "status" = ?, "resolvedAt" = ?, "resolvedBy" = ? WHERE "id" = ? AND "status" = 'open'`,
  params: [status, at, by, incidentId],
  expectOne: () => new RuntimeError("event_not_allowed", "The incident was resolved meanwhile"),
});

function mustBeIncident(app: ApplicationRecord) {
  if (app.status !== "incident") throw new RuntimeError("event_not_allowed", `The application is not an incident (${app.status})`);
}

/** Not a machine event: the audit's name for an operator's retry (the machine stays where it is). */
const RETRY_EVENT = { type: "incident.retry" } as unknown as ServiceEvent;

/** Enters the failed step again on the same version (after the template, handler or registry was fixed). */
export async function retryIncident(ctx: RuntimeContext, incidentId: string, by: string) {
  const incident = await openIncident(ctx, incidentId);
  const result = await ctx.transitions.change(incident.applicationId, {}, mustBeIncident, (app, version) => {
    const snapshot = restoreSnapshot(version.machine, JSON.parse(app.snapshot), JSON.parse(app.data));
    const plan = planTransition(ctx.clock, app, version, snapshot, { actor: by, event: RETRY_EVENT, detail: { incident: incidentId } });
    plan.statements.push(resolve(incidentId, "retried", by, ctx.clock.now()));
    return plan;
  });
  ctx.transitions.notifyJobs();
  return result;
}

/**
 * Moves the application to another published version (newer, as migrations go) and enters its step there:
 * the same checks as `planMigration` (the step exists there and is not a decision), for this application only.
 */
export async function migrateIncident(ctx: RuntimeContext, incidentId: string, toVersion: number, by: string, options: { step?: string } = {}) {
  const incident = await openIncident(ctx, incidentId);
  const from = await ctx.versions.get(incident.serviceVersionId);
  if (toVersion <= from.number) throw new RuntimeError("invalid_migration", `Applications move to a newer version only (the application is on version ${from.number})`);
  const to = await ctx.versions.byNumber(incident.serviceId, toVersion);
  const result = await ctx.transitions.change(incident.applicationId, {}, mustBeIncident, (app) => {
    if (app.serviceVersionId !== from.id) throw new RuntimeError("stale_version", "The application changed version meanwhile: reload it");
    const step = options.step ?? app.currentStep;
    const target = to.compiled.definition.steps[step];
    if (!target) throw new RuntimeError("invalid_migration", `Version ${toVersion} has no step "${step}": name the step to move to`);
    if (target.kind === "decision") throw new RuntimeError("invalid_migration", `"${step}" is a decision: name a step where an application can wait`);
    const snapshot = snapshotAt(to.machine, step, JSON.parse(app.data));
    const plan = planTransition(ctx.clock, app, to, snapshot, {
      actor: by,
      event: { type: "outcome.migrated" },
      detail: { incident: incidentId, migration: { fromVersion: from.number, toVersion, fromStep: app.currentStep, toStep: step, transform: null } },
    }, ctx.transitions.emailNotices);
    plan.statements.push(resolve(incidentId, "migrated", by, ctx.clock.now()));
    return plan;
  });
  ctx.transitions.notifyJobs();
  return result;
}

/** Ends the application as cancelled; a payment it made is flagged `refundDue` and refunded (runtime/payments/refunds.ts). */
export async function cancelIncident(ctx: RuntimeContext, incidentId: string, by: string, reason?: string) {
  const incident = await openIncident(ctx, incidentId);
  return ctx.transitions.change(incident.applicationId, {}, mustBeIncident, (app, version) => {
    const now = ctx.clock.now();
    const seq = app.version + 1;
    const statements: Statement[] = [
      updateApplication(app.id, app.version, { currentStep: app.currentStep, stepEntry: seq, status: "cancelled", version: seq, updatedAt: now, finishedAt: now }, stale),
      insertAudit({ id: newId(), applicationId: app.id, seq, actor: by, event: "incident.cancel", fromStep: app.currentStep, toStep: app.currentStep, at: now, dataHash: "", detail: JSON.stringify({ incident: incidentId, ...(reason ? { reason } : {}) }) }),
      ...requestRefunds(app.id, now), // what it paid is flagged refundDue and refunded
      resolve(incidentId, "cancelled", by, now),
    ];
    if (version.compiled.definition.limits?.openApplicationsPerApplicant) statements.push(releaseApplicantSlot(app.applicantId, app.serviceId));
    return { statements, result: { applicationId: app.id, version: seq, status: "cancelled" }, createdJobs: true };
  });
}
