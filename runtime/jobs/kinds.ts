import type { Text } from "../../engine";

/** What a job row's payload holds, by kind. Jobs are rows, never in-memory timers or promises. */
export interface CallPayload {
  /** Set when the step's input mapping failed to evaluate: the job reports outcome.error at once. */
  inputError?: string;
  input: Record<string, unknown>;
  timeoutMs: number;
  backoff: "fixed" | "exponential";
  intervalMs: number;
}
export interface RegistryPayload extends CallPayload {
  registry: string;
  operation: string;
  purpose?: Text;
}
export interface TaskPayload extends CallPayload {
  handler: string;
  version: number;
  params: Record<string, unknown>;
}
export interface PollPayload extends RegistryPayload {
  everyMs: number;
  pending: string;
}
export interface DocumentPayload {
  template: string;
  data: Record<string, unknown>;
  dataError?: string;
  validForMs?: number;
  /** The step's validFor as written (P12M), for calendar arithmetic; jobs queued before it carry validForMs only. */
  validFor?: string;
  /**
   * The template version to issue with. The step's entry does not see the service version, so jobs carry it
   * only when it was known then; otherwise the job resolves it from the application's service version's pins.
   */
  templateVersion?: number;
}
export interface NotificationPayload {
  message: Text;
  channels: string[];
}
/** A book step's held slot, released when it is still unconfirmed at its expiry. */
export interface BookingExpiryPayload {
  bookingId: string;
}
/** A wait step's `until` that could not be evaluated on entry: the job reports it as a PermanentFailure. */
export interface WaitUntilErrorPayload {
  untilError: string;
}
export interface ExpiryPayload {
  documentId: string;
}
/** A platform notice (runtime/notifications/notices.ts) to e-mail: the Notification row's id. */
export interface NoticeEmailPayload {
  notificationId: string;
}
/** A deadline the citizen must act on is near: the instant it runs out (runtime/notifications/reminders.ts). */
export interface DeadlineReminderPayload {
  due: string;
}

export type JobKind = "registry" | "task" | "poll" | "document" | "notification" | "deadline" | "payment-settle" | "party-invite" | "booking-expiry" | "wait-until-error" | "document-expiry" | "refund" | "notice-email" | "deadline-reminder";

/** Kinds whose result is fed back to the application as an event (all but document expiry). */
export const STEP_JOB_KINDS: JobKind[] = ["registry", "task", "poll", "document", "notification", "deadline", "payment-settle", "party-invite", "booking-expiry", "wait-until-error"];
