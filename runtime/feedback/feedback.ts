/**
 * Citizens' ratings of services (issue 15, docs/privacy.md): a score of 1 to 5, quick reasons from the fixed
 * list for that score (engine/feedback.ts) and an optional comment, given by an application's applicant after
 * it finished, or while a form step of it is open ("left-form": they are leaving midway). At most one rating
 * per citizen and service per 30 days (FeedbackLimit: one row per pair, taken by an insert or a conditional
 * update in the rating's transaction, so concurrent ratings cannot both pass).
 *
 * The comment is masked (mask.ts) before it is stored: the register's names (useNames), the rater's own names
 * and the names found in the application are masked besides the patterns. The stored row has no rater: the
 * dashboard reads ratings through summary.ts, aggregated.
 */
import {
  FEEDBACK_COMMENT_MAX,
  FEEDBACK_INTERVAL_DAYS,
  feedbackReasonsFor,
  isFeedbackScore,
  type FeedbackMoment,
  type FeedbackReason,
  type FeedbackScore,
} from "../../engine/feedback";
import { hasEnded } from "../applications/status";
import type { Clock } from "../clock";
import type { Db } from "../db/open";
import { RuntimeError, type FieldError } from "../errors";
import { newId } from "../ids";
import type { ServiceVersions } from "../services/versions";
import { maskPersonalData, nameList, type NameList } from "./mask";

const DAY_MS = 24 * 60 * 60 * 1000;
export const FEEDBACK_INTERVAL_MS = FEEDBACK_INTERVAL_DAYS * DAY_MS;

/** Whether the portal offers a rating on an application now, and for what. */
export type FeedbackPrompt =
  | { ask: true; moment: FeedbackMoment; /** The form step being left (left-form). */ step: string | null }
  | {
      ask: false;
      /** rated: this citizen rated the service within 30 days (or rated this application already); not-now: nothing to rate yet (the service is working on it). */
      reason: "rated" | "not-now";
      /** When they may rate the service again (rated within 30 days). */
      askAgainAt: string | null;
    };

/** What the citizen sent: checked here, whatever the portal or an API client sent. */
export interface FeedbackInput {
  score: unknown;
  reasons?: unknown;
  comment?: unknown;
  /** The moment (and form step) the client showed the form for: refused (409) when the application is no longer there. */
  moment?: unknown;
  step?: unknown;
}

/** The signed-in citizen; `names` (as the identity provider gave them) are masked in the comment too. */
export interface Rater {
  citizenId: string;
  names?: string[];
}

export interface SubmittedFeedback {
  id: string;
  moment: FeedbackMoment;
  step: string | null;
  score: FeedbackScore;
  reasons: FeedbackReason[];
  /** The comment as stored: masked. */
  comment: string | null;
  createdAt: string;
  askAgainAt: string;
}

const endingOf = (step: unknown) => {
  const outcome = (step as { kind?: string; outcome?: unknown } | undefined)?.outcome;
  return (step as { kind?: string } | undefined)?.kind === "final" && typeof outcome === "string" ? outcome : undefined;
};
const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === "P2002";

export class RuntimeFeedback {
  private registerNames: NameList = nameList([]);

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly versions: ServiceVersions,
  ) {}

  /** Names of the population register (first names, surnames, patronymics) masked in every comment. */
  useNames(names: Iterable<string>): void {
    this.registerNames = nameList(names);
  }

  /** The register's names as given to useNames: for masking other free text the same way (officers' reasons). */
  maskNames(): NameList {
    return this.registerNames;
  }

  /** Whether to ask the citizen to rate now. Only the applicant: anyone else gets not_found, as for the application. */
  async promptFor(applicationId: string, citizenId: string): Promise<FeedbackPrompt> {
    const { application, moment, step } = await this.place(applicationId, citizenId);
    if (!moment) return { ask: false, reason: "not-now", askAgainAt: null };
    const [limit, rated] = await Promise.all([
      this.db.feedbackLimit.findUnique({ where: { citizenId_serviceId: { citizenId, serviceId: application.serviceId } } }),
      this.db.feedback.findFirst({ where: { applicationId, moment, ...(step ? { step } : {}) }, select: { id: true } }),
    ]);
    const until = limit ? limit.ratedAt.getTime() + FEEDBACK_INTERVAL_MS : 0;
    if (until > this.clock.now().getTime()) return { ask: false, reason: "rated", askAgainAt: new Date(until).toISOString() };
    if (rated) return { ask: false, reason: "rated", askAgainAt: null };
    return { ask: true, moment, step };
  }

  /**
   * Stores a rating: invalid_data (422, with fields) for a bad score, reason or comment; conflict (409) when the
   * citizen rated this service within 30 days, rated this application at this moment, or there is nothing to
   * rate now; not_found for anyone but the applicant.
   */
  async submit(applicationId: string, rater: Rater, input: FeedbackInput): Promise<SubmittedFeedback> {
    const valid = validate(input);
    const { application, moment, step, definitionSteps } = await this.place(applicationId, rater.citizenId);
    if ((valid.moment !== undefined && valid.moment !== moment) || (valid.step !== undefined && valid.step !== step)) {
      throw new RuntimeError("conflict", "The application is no longer where the rating was asked for; reload it", { reason: "moved", moment, step });
    }
    if (!moment) throw new RuntimeError("conflict", "There is nothing to rate yet: the application is being processed", { reason: "not-now" });
    const now = this.clock.now();
    const comment = valid.comment === null ? null : maskPersonalData(valid.comment, { names: this.namesFor(rater, application.data, await this.partyNames(applicationId)) });
    const path = await this.pathOf(applicationId, definitionSteps);
    const id = newId();
    const key = { citizenId: rater.citizenId, serviceId: application.serviceId };
    const limited = () =>
      new RuntimeError("conflict", `You have already rated this service in the last ${FEEDBACK_INTERVAL_DAYS} days`, { reason: "rated" });
    try {
      await this.db.$transaction(async (tx) => {
        if (await tx.feedback.findFirst({ where: { applicationId, moment, ...(step ? { step } : {}) }, select: { id: true } })) {
          throw new RuntimeError("conflict", "This application has already been rated here", { reason: "rated" });
        }
        // Take the citizen's slot for this service: renew a row older than 30 days, or insert the first one. Two
        // concurrent ratings: one updates or inserts, the other finds nothing to update and its insert hits the
        // primary key (P2002), which rolls its transaction back.
        const renewed = await tx.feedbackLimit.updateMany({ where: { ...key, ratedAt: { lte: new Date(now.getTime() - FEEDBACK_INTERVAL_MS) } }, data: { ratedAt: now } });
        if (renewed.count === 0) await tx.feedbackLimit.create({ data: { ...key, ratedAt: now } });
        await tx.feedback.create({
          data: {
            id,
            serviceId: application.serviceId,
            serviceVersionId: application.serviceVersionId,
            applicationId,
            moment,
            step,
            // As the dashboard counts finished applications: by the final step's outcome (approved, rejected…).
            outcome: moment === "finished" ? (endingOf(definitionSteps[application.currentStep]) ?? application.status) : null,
            score: valid.score,
            reasons: JSON.stringify(valid.reasons),
            comment,
            path: JSON.stringify(path),
            createdAt: now,
          },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw limited();
      throw error;
    }
    return {
      id,
      moment,
      step,
      score: valid.score,
      reasons: valid.reasons,
      comment,
      createdAt: now.toISOString(),
      askAgainAt: new Date(now.getTime() + FEEDBACK_INTERVAL_MS).toISOString(),
    };
  }

  /** The application, if the citizen is its applicant, and what may be rated on it now. */
  private async place(applicationId: string, citizenId: string) {
    const application = await this.db.application.findUnique({
      where: { id: applicationId },
      select: { id: true, applicantId: true, serviceId: true, serviceVersionId: true, currentStep: true, status: true, data: true },
    });
    // Only the applicant rates (a party sees the application, but the rating is the applicant's): others, not found.
    if (!application || !citizenId || application.applicantId !== citizenId) throw new RuntimeError("not_found", `No application "${applicationId}"`);
    const steps = (await this.versions.get(application.serviceVersionId)).compiled.definition.steps;
    const kind = steps[application.currentStep]?.kind;
    const moment: FeedbackMoment | null = hasEnded(application.status) ? "finished" : application.status === "draft" && kind === "form" ? "left-form" : null;
    return { application, moment, step: moment === "left-form" ? application.currentStep : null, definitionSteps: steps };
  }

  /** The steps the application went through, in order, from its audit (repeats of one step collapsed). */
  private async pathOf(applicationId: string, steps: Record<string, unknown>): Promise<string[]> {
    const events = await this.db.auditEvent.findMany({ where: { applicationId }, orderBy: { seq: "asc" }, select: { toStep: true } });
    const path: string[] = [];
    for (const { toStep } of events) if (toStep in steps && path.at(-1) !== toStep) path.push(toStep);
    return path;
  }

  private async partyNames(applicationId: string): Promise<string[]> {
    const parties = await this.db.applicationParty.findMany({ where: { applicationId, citizenName: { not: null } }, select: { citizenName: true } });
    return parties.map((party) => party.citizenName ?? "");
  }

  private namesFor(rater: Rater, data: string, parties: string[]): NameList {
    const own = nameList([...(rater.names ?? []), ...parties, ...namesIn(data)]);
    const register = this.registerNames;
    return { has: (word) => own.has(word) || register.has(word) };
  }
}

/** Strings under name-like keys of the application's data (firstName, lastName, fullName, name…): people it names. */
function namesIn(json: string): string[] {
  const names: string[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 6 || value === null || typeof value !== "object") return;
    for (const [key, inner] of Object.entries(value)) {
      if (typeof inner === "string" && /name$/i.test(key) && inner.length <= 200) names.push(inner);
      else visit(inner, depth + 1);
    }
  };
  try {
    visit(JSON.parse(json), 0);
  } catch {
    // Unreadable data names nobody; the patterns still apply.
  }
  return names;
}

function validate(input: FeedbackInput): { score: FeedbackScore; reasons: FeedbackReason[]; comment: string | null; moment?: FeedbackMoment; step?: string } {
  const fields: FieldError[] = [];
  const score = input.score;
  if (!isFeedbackScore(score)) fields.push({ path: "/score", code: "enum", message: "The score must be a whole number from 1 to 5" });
  const offered = isFeedbackScore(score) ? feedbackReasonsFor(score) : [];
  const reasons = input.reasons ?? [];
  if (!Array.isArray(reasons)) fields.push({ path: "/reasons", code: "type", message: "Reasons must be a list of reason codes" });
  else if (isFeedbackScore(score)) {
    reasons.forEach((reason, index) => {
      if (typeof reason !== "string" || !offered.includes(reason as FeedbackReason)) {
        fields.push({ path: `/reasons/${index}`, code: "enum", message: `"${String(reason)}" is not a reason offered for a score of ${score} (${offered.join(", ")})` });
      }
    });
  }
  const comment = input.comment ?? null;
  let text: string | null = null;
  if (comment !== null && typeof comment !== "string") fields.push({ path: "/comment", code: "type", message: "The comment must be text" });
  else if (typeof comment === "string") {
    text = comment.trim() || null;
    if (text && [...text].length > FEEDBACK_COMMENT_MAX) fields.push({ path: "/comment", code: "maxLength", message: `The comment may be at most ${FEEDBACK_COMMENT_MAX} characters` });
  }
  const moment = input.moment;
  if (moment !== undefined && moment !== null && moment !== "finished" && moment !== "left-form") {
    fields.push({ path: "/moment", code: "enum", message: 'The moment must be "finished" or "left-form"' });
  }
  const step = input.step;
  if (step !== undefined && step !== null && typeof step !== "string") fields.push({ path: "/step", code: "type", message: "The step must be a step id" });
  if (fields.length) throw new RuntimeError("invalid_data", fields.map((field) => field.message).join("; "), { fields });
  return {
    score: score as FeedbackScore,
    // Stored in the list's order, without repeats: the summary groups by the stored list.
    reasons: offered.filter((reason) => (reasons as unknown[]).includes(reason)),
    comment: text,
    ...(moment === "finished" || moment === "left-form" ? { moment } : {}),
    ...(typeof step === "string" ? { step } : {}),
  };
}
