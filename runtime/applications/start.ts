import { canonicalJson, sha256Hex } from "../../engine";
import type { RuntimeContext } from "../context";
import { RuntimeError } from "../errors";
import { newId } from "../ids";
import { createOfficerTask, jobsForStep } from "./enter-step";
import { initialSnapshot, storeSnapshot } from "./machine-step";
import { statusOf } from "./status";
import type { TransitionResult } from "./transition";

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
  let jobsCreated = false;
  const result = await ctx.database.prisma.$transaction(async (tx) => {
    const version = await ctx.versions.latest(serviceId, tx);
    const definition = version.compiled.definition;
    const limit = definition.limits?.openApplicationsPerApplicant;
    if (limit) {
      const key = { applicantId: applicant.id, serviceId };
      await tx.applicantSlot.upsert({ where: { applicantId_serviceId: key }, create: { ...key, open: 0 }, update: {} });
      const taken = await tx.applicantSlot.updateMany({ where: { ...key, open: { lt: limit } }, data: { open: { increment: 1 } } });
      if (taken.count !== 1) {
        throw new RuntimeError("limit_reached", `You already have ${limit} open application(s) for this service: finish or cancel one first`, { limit });
      }
    }
    const id = newId();
    const now = ctx.clock.now();
    const application = { id, createdAt: now.toISOString(), ...(options.language ? { language: options.language } : {}) };
    const snapshot = initialSnapshot(version.machine, { applicant, application });
    const { stored, data } = storeSnapshot(version.machine, snapshot);
    const step = String(snapshot.value);
    const status = statusOf(definition.steps[step]);
    await tx.application.create({
      data: {
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
      },
    });
    await tx.auditEvent.create({
      data: { id: newId(), applicationId: id, seq: 1, actor: `applicant:${applicant.id}`, event: "start", fromStep: null, toStep: step, at: now, dataHash: sha256Hex(canonicalJson(data)), detail: JSON.stringify({ version: version.number }) },
    });
    const at = { applicationId: id, applicantId: applicant.id, serviceId, definition, stepId: step, entry: 1, data };
    const jobs = jobsForStep(at, ctx.clock);
    if (jobs.length) {
      await tx.job.createMany({ data: jobs });
      jobsCreated = true;
    }
    await createOfficerTask(tx, at, ctx.clock);
    return { applicationId: id, version: 1, from: step, step, status };
  });
  if (jobsCreated) ctx.transitions.notifyJobs();
  return result;
}
