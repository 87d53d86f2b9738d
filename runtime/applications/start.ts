import type { RuntimeContext } from "../context";
import { RuntimeError } from "../errors";
import { newId } from "../ids";
import type { LoadedVersion } from "../services/versions";
import { jobsForStep, officerTaskForStep } from "./enter-step";
import { initialSnapshot, storeSnapshot } from "./machine-step";
import { statusOf } from "./status";
import { dataHash, type ChangePlan, type TransitionResult } from "./transition";
import { insertApplication, insertAudit, insertJob, insertOfficerTask, inTransaction, runDirect, SELECT_LATEST_VERSION, takeApplicantSlot, versionIn, type Statement } from "./writes";

/** What the identity provider says about the applicant; `id` is required. */
export interface Applicant {
  id: string;
  [field: string]: unknown;
}

/**
 * Starts an application on the latest published version. A limit of open applications per applicant
 * is enforced with a conditional increment of one row, so two concurrent starts cannot both pass.
 */
export async function startApplication(ctx: RuntimeContext, serviceId: string, applicant: Applicant, options: { language?: string } = {}): Promise<TransitionResult> {
  if (!applicant?.id) throw new RuntimeError("invalid_data", "The applicant has no id");
  const notPublished = () => new RuntimeError("not_found", `No published version of service "${serviceId}"`);

  const direct = ctx.database.sqlite;
  if (direct) {
    // SQLite: one synchronous write transaction on the direct connection (see transition.ts).
    for (;;) {
      const outcome = await direct.transaction((): { load: string } | { plan: ChangePlan<TransitionResult> } => {
        const latest = direct.get<{ id: string }>(SELECT_LATEST_VERSION, [serviceId]);
        if (!latest) throw notPublished();
        const version = ctx.versions.cached(latest.id);
        if (!version) return { load: latest.id };
        const plan = planStart(ctx, version, applicant, options);
        runDirect(direct, plan.statements);
        return { plan };
      });
      if ("load" in outcome) {
        await ctx.versions.get(outcome.load);
        continue;
      }
      if (outcome.plan.createdJobs) ctx.transitions.notifyJobs();
      return outcome.plan.result;
    }
  }

  let jobsCreated = false;
  const result = await inTransaction(ctx.database, async (_tx, sql) => {
    const latest = await sql.get<{ id: string }>(SELECT_LATEST_VERSION, [serviceId]);
    if (!latest) throw notPublished();
    const version = await versionIn(ctx.versions, sql, latest.id);
    const plan = planStart(ctx, version, applicant, options);
    await sql.run(plan.statements);
    jobsCreated = plan.createdJobs;
    return plan.result;
  }, false);
  if (jobsCreated) ctx.transitions.notifyJobs();
  return result;
}

function planStart(ctx: RuntimeContext, version: LoadedVersion, applicant: Applicant, options: { language?: string }): ChangePlan<TransitionResult> {
  const definition = version.compiled.definition;
  const serviceId = version.serviceId;
  const limit = definition.limits?.openApplicationsPerApplicant;
  const statements: Statement[] = [];
  if (limit) {
    statements.push(
      ...takeApplicantSlot(
        applicant.id,
        serviceId,
        limit,
        () => new RuntimeError("limit_reached", `You already have ${limit} open application(s) for this service: finish or cancel one first`, { limit }),
      ),
    );
  }
  const id = newId();
  const now = ctx.clock.now();
  const application = { id, createdAt: now.toISOString(), ...(options.language ? { language: options.language } : {}) };
  const snapshot = initialSnapshot(version.machine, { applicant, application });
  const { stored, data } = storeSnapshot(version.machine, snapshot);
  const step = String(snapshot.value);
  const status = statusOf(definition.steps[step]);
  statements.push(
    insertApplication({
      id,
      serviceId,
      serviceVersionId: version.id,
      applicantId: applicant.id,
      currentStep: step,
      stepEntry: 1,
      snapshot: JSON.stringify(stored),
      data: JSON.stringify(data),
      status,
      version: 1,
      createdAt: now,
      updatedAt: now,
    }),
    insertAudit({
      id: newId(),
      applicationId: id,
      seq: 1,
      actor: `applicant:${applicant.id}`,
      event: "start",
      fromStep: null,
      toStep: step,
      at: now,
      dataHash: dataHash(data),
      detail: JSON.stringify({ version: version.number }),
    }),
  );
  const at = { applicationId: id, applicantId: applicant.id, serviceId, definition, stepId: step, entry: 1, data };
  const jobs = jobsForStep(at, ctx.clock);
  statements.push(...jobs.map(insertJob));
  const task = officerTaskForStep(at, ctx.clock);
  if (task) statements.push(insertOfficerTask(task));
  return { statements, result: { applicationId: id, version: 1, from: step, step, status }, createdJobs: jobs.length > 0 };
}
