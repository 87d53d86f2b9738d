/** What citizens, officers and the outside world do to an application: each one transaction. */
import { answersValidator, validateAnswers, type FieldError, type FormStep, type ServiceEvent } from "../../engine";
import type { RuntimeContext } from "../context";
import type { Tx } from "../db/open";
import { isRuntimeError, RuntimeError } from "../errors";
import { raiseIncident } from "./incidents";
import { readApplication } from "./queries";
import { newId } from "../ids";
import { isFinished } from "./status";
import type { TransitionResult } from "./transition";
import { requestRefunds } from "../payments/refunds";
import { closeOpenTasks, discardPendingJobs, insertAudit, releaseApplicantSlot, updateApplication } from "./writes";

export interface SubmitRequest {
  /** The form step the answers are for: a submission for a step the application has left is refused. */
  step: string;
  data: Record<string, unknown>;
  expectedVersion?: number;
  /** The same key twice gives the first answer again and changes nothing. */
  idempotencyKey?: string;
  language?: string;
  applicantId?: string;
  /** A party answering a form addressed to their role (`party:` of the form step): checked to be an accepted party. */
  party?: { role: string; citizenId: string };
}

/** Validators of published steps (immutable), per step and language: made once, not on every submit. */
const validators = new WeakMap<FormStep, Map<string, (answers: unknown) => FieldError[]>>();

function checkAnswers(step: FormStep, answers: unknown, language: string, languages: readonly string[]): FieldError[] {
  // Any other language the request names is not cached here (it is the caller's text): the engine's bounded cache serves it.
  if (!languages.includes(language)) return validateAnswers(step, answers, language);
  let byLanguage = validators.get(step);
  if (!byLanguage) validators.set(step, (byLanguage = new Map()));
  let validate = byLanguage.get(language);
  if (!validate) byLanguage.set(language, (validate = answersValidator(step, language)));
  return validate(answers);
}

export async function submit(ctx: RuntimeContext, applicationId: string, request: SubmitRequest): Promise<TransitionResult> {
  const size = Buffer.byteLength(JSON.stringify(request.data ?? null));
  if (size > ctx.maxPayloadBytes) {
    throw new RuntimeError("payload_too_large", `The answers are ${size} bytes; at most ${ctx.maxPayloadBytes} are accepted`, { size, limit: ctx.maxPayloadBytes });
  }
  if (!request.data || typeof request.data !== "object" || Array.isArray(request.data)) {
    throw new RuntimeError("invalid_data", "The answers must be an object", { fields: [{ path: "", code: "type", message: "The answers must be an object" }] });
  }
  const key = request.idempotencyKey ? `submit:${applicationId}:${request.idempotencyKey}` : undefined;
  try {
    return await ctx.transitions.apply({
      applicationId,
      event: { type: "submit", data: request.data },
      actor: request.party ? `party:${request.party.role}:${request.party.citizenId}` : `applicant:${request.applicantId ?? "unknown"}`,
      expectedVersion: request.expectedVersion,
      // Read inside the transaction, written with the transition: the same key twice gives the first answer.
      idempotencyKey: key,
      // A party's answers: they must have accepted the role (read in the same transaction).
      ...(request.party && { before: partyCheck(request.party) }),
      check(app, version) {
        if (request.applicantId && !request.party && app.applicantId !== request.applicantId) throw new RuntimeError("forbidden", "This application belongs to someone else");
        if (app.currentStep !== request.step) {
          throw new RuntimeError("event_not_allowed", `The application is at step "${app.currentStep}", not "${request.step}": reload it`, { step: app.currentStep });
        }
        const step = version.compiled.definition.steps[app.currentStep];
        if (step.kind !== "form") throw new RuntimeError("event_not_allowed", `Step "${app.currentStep}" is not a form: it accepts no answers`);
        if ((step.party ?? null) !== (request.party?.role ?? null)) throw new RuntimeError("forbidden", `Step "${app.currentStep}" is answered by ${step.party ? `the ${step.party}` : "the applicant"}`);
        const language = request.language ?? version.compiled.definition.languages[0];
        const errors = checkAnswers(step, request.data, language, version.compiled.definition.languages);
        if (errors.length) {
          const fields = errors.map((e) => ({ path: e.field.length ? `/${e.field.join("/")}` : "", code: "invalid", message: e.message }));
          throw new RuntimeError("invalid_data", `${language === "uk" ? "Перевірте відповіді" : "Please check the answers"}: ${fields.map((f) => `${f.path || "form"}: ${f.message}`).join("; ")}`, { fields });
        }
      },
    });
  } catch (error) {
    // A duplicate that raced the first one (PostgreSQL: both read before either wrote): whatever
    // stopped it, the first one's answer is the answer.
    if (key) {
      const first = await ctx.database.prisma.idempotentRequest.findUnique({ where: { key } });
      if (first) return JSON.parse(first.response);
    }
    // A condition after the form throws: nothing the citizen can fix; operators see an incident.
    if (isRuntimeError(error, "internal")) {
      const app = await readApplication(ctx, applicationId);
      if (app && app.currentStep === request.step && !isFinished(app.status)) {
        await raiseIncident(ctx, { applicationId, step: app.currentStep, stepEntry: app.stepEntry, error: error.message, actor: `applicant:${request.applicantId ?? "unknown"}` });
        throw new RuntimeError("event_not_allowed", "The application could not go on and is being looked at by our staff", { step: app.currentStep, incident: true });
      }
    }
    throw error;
  }
}

function partyCheck(party: { role: string; citizenId: string }) {
  return async (tx: Tx, app: { id: string }) => {
    const row = await tx.applicationParty.findFirst({ where: { applicationId: app.id, role: party.role, citizenId: party.citizenId, status: "accepted" }, select: { id: true } });
    if (!row) throw new RuntimeError("forbidden", `Not the ${party.role} of this application`);
  };
}

export interface Officer {
  id: string;
  roles: string[];
}

/** An officer's decision on a review task: approve, reject, sendBack or any outcome the step defines. */
export async function decide(ctx: RuntimeContext, taskId: string, officer: Officer, decision: string, reason?: string): Promise<TransitionResult> {
  const task = await ctx.database.prisma.officerTask.findUnique({ where: { id: taskId } });
  if (!task) throw new RuntimeError("not_found", `No officer task "${taskId}"`);
  if (!officer.roles.includes(task.role)) throw new RuntimeError("forbidden", `Only officers with role "${task.role}" decide this task`);
  if (task.status !== "open") throw new RuntimeError("event_not_allowed", `The task is already ${task.status}`);
  if (decision === "timeout") throw new RuntimeError("event_not_allowed", "Only the deadline decides a timeout");
  const now = ctx.clock.now();
  return ctx.transitions.apply({
    applicationId: task.applicationId,
    event: { type: `outcome.${decision}`, data: { decision, reason: reason ?? null, officerId: officer.id, decidedAt: now.toISOString() } },
    actor: `officer:${officer.id}`,
    detail: reason ? { reason } : undefined,
    // A conditional update in the same transaction: two officers deciding at once, one wins, the other gets an error.
    claimTask: { id: taskId, decision, reason: reason ?? null, officerId: officer.id, decidedAt: now },
  });
}

/** An external event for a wait step, or a payment provider's callback (`paid`, `failed`). */
export async function signal(ctx: RuntimeContext, applicationId: string, outcome: string, data?: unknown, actor = "system"): Promise<TransitionResult> {
  const event: ServiceEvent = { type: `outcome.${outcome}`, data };
  return ctx.transitions.apply({ applicationId, event, actor });
}

/** Ends an application as cancelled wherever it is: pending jobs and officer tasks are void. */
export async function cancel(ctx: RuntimeContext, applicationId: string, by: string, reason?: string): Promise<{ applicationId: string; version: number; status: string }> {
  return ctx.transitions.change(
    applicationId,
    {},
    (app) => {
      if (isFinished(app.status)) throw new RuntimeError("event_not_allowed", `The application has already ended (${app.status})`);
    },
    (app, version) => {
      const now = ctx.clock.now();
      const seq = app.version + 1;
      const stale = () => new RuntimeError("stale_version", "The application changed meanwhile: reload it and try again");
      const statements = [
        updateApplication(app.id, app.version, { currentStep: app.currentStep, status: "cancelled", version: seq, stepEntry: seq, updatedAt: now, finishedAt: now }, stale),
        insertAudit({ id: newId(), applicationId, seq, actor: by, event: "cancel", fromStep: app.currentStep, toStep: app.currentStep, at: now, dataHash: "", detail: reason ? JSON.stringify({ reason }) : null }),
        discardPendingJobs(applicationId, now),
        closeOpenTasks(applicationId),
      ];
      if (version.compiled.definition.limits?.openApplicationsPerApplicant) statements.push(releaseApplicantSlot(app.applicantId, app.serviceId));
      statements.push(...requestRefunds(applicationId, now)); // what it paid comes back
      return { statements, result: { applicationId, version: seq, status: "cancelled" }, createdJobs: true };
    },
  );
}
