/**
 * Citizens' ratings of a service from the portal and the API (runtime/feedback, docs/privacy.md): whether to
 * ask on an application, and sending a rating. The applicant's alone: a party or anyone else gets 404 (the
 * one access check, accessTo). Plain forms send reasons per score group (reasons-low, reasons-mid,
 * reasons-high) so that the page works without JavaScript: only the chosen score's group counts.
 */
import { feedbackReasonsFor, isFeedbackScore, type FeedbackScore } from "../../../engine/feedback";
import type { Runtime } from "../../../runtime";
import type { FeedbackInput, FeedbackPrompt } from "../../../runtime/feedback/feedback";
import type { CitizenUser } from "../auth/types";
import { accessTo } from "./applications.server";
import { notFound, runtimeErrorCode } from "./errors.server";

export type FeedbackGroup = "low" | "mid" | "high";
export const groupOf = (score: FeedbackScore): FeedbackGroup => (score <= 2 ? "low" : score === 3 ? "mid" : "high");
/** One score of each group, to list the group's reasons. */
export const GROUP_SCORES: Record<FeedbackGroup, FeedbackScore> = { low: 1, mid: 3, high: 5 };

export type { FeedbackPrompt };

/** The rater as the runtime needs them: their names (masked in the comment) from the identity provider. */
const rater = (user: CitizenUser) => ({
  citizenId: user.applicantId,
  names: [user.profile.firstName, user.profile.lastName, user.profile.middleName ?? ""].filter(Boolean),
});

async function applicantOnly(runtime: Runtime, user: CitizenUser, applicationId: string) {
  const { access } = await accessTo(runtime, user, applicationId);
  if (access.kind !== "applicant") throw notFound();
}

/** What a page already knows of the application (PortalApplication, read after the access check). */
interface ShownApplication {
  id: string;
  status: string;
  step: { kind: string };
  viewer: { kind: "applicant" | "party" };
}

/**
 * Whether to ask, for a page that has read the application for this citizen; null for a party (who may read
 * the application but does not rate it) and, without a query, while the service works on it (the status page
 * polls).
 */
export async function feedbackPrompt(runtime: Runtime, user: CitizenUser, application: ShownApplication): Promise<FeedbackPrompt | null> {
  if (application.viewer.kind !== "applicant") return null;
  if (application.status === "processing" || application.status === "incident" || (application.status === "draft" && application.step.kind !== "form")) {
    return { ask: false, reason: "not-now", askAgainAt: null };
  }
  return runtime.feedback.promptFor(application.id, user.applicantId);
}

/** The prompt for the API: a party gets 404 like a stranger. */
export async function feedbackPromptApi(runtime: Runtime, user: CitizenUser, applicationId: string): Promise<FeedbackPrompt> {
  await applicantOnly(runtime, user, applicationId);
  return runtime.feedback.promptFor(applicationId, user.applicantId);
}

export type SendOutcome =
  | { ok: true; askAgainAt: string }
  | { ok: false; problem: "invalid"; fields: { path: string; message: string }[] }
  | { ok: false; problem: "rated" | "moved" | "not-now" };

/** Sends a rating (JSON or a plain form, read by the caller); the runtime checks every field. */
export async function sendFeedback(runtime: Runtime, user: CitizenUser, applicationId: string, input: FeedbackInput): Promise<SendOutcome> {
  await applicantOnly(runtime, user, applicationId);
  try {
    const sent = await runtime.feedback.submit(applicationId, rater(user), input);
    return { ok: true, askAgainAt: sent.askAgainAt };
  } catch (error) {
    const code = runtimeErrorCode(error);
    const details = (error as { details?: { fields?: { path: string; message: string }[]; reason?: string } }).details ?? {};
    if (code === "invalid_data") return { ok: false, problem: "invalid", fields: details.fields ?? [] };
    if (code === "conflict") return { ok: false, problem: details.reason === "moved" ? "moved" : details.reason === "not-now" ? "not-now" : "rated" };
    if (code === "not_found" || code === "forbidden") throw notFound();
    throw error;
  }
}

/** A plain form's fields as the runtime's input: the chosen score's reason group only. */
export function feedbackFromForm(form: FormData): FeedbackInput & { group: FeedbackGroup | null } {
  const raw = form.get("score");
  const score = typeof raw === "string" && /^[1-5]$/.test(raw) ? Number(raw) : raw === null || raw === "" ? undefined : raw;
  const group = isFeedbackScore(score) ? groupOf(score) : null;
  const reasons = group ? form.getAll(`reasons-${group}`).filter((value): value is string => typeof value === "string") : [];
  const comment = form.get("comment");
  const moment = form.get("moment");
  const step = form.get("step");
  return {
    score,
    reasons,
    comment: typeof comment === "string" ? comment : undefined,
    moment: typeof moment === "string" && moment ? moment : undefined,
    step: typeof step === "string" && step ? step : undefined,
    group,
  };
}

/** Every score's reasons (codes), for clients that draw their own form. */
export const reasonCodesByScore = () => Object.fromEntries(([1, 2, 3, 4, 5] as const).map((score) => [score, [...feedbackReasonsFor(score)]]));
