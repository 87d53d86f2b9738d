/**
 * "The deadline is near" (issue 16): a step whose deadline the citizen must act on (a payment's) writes, when
 * it is entered, a `deadline-reminder` job beside its `deadline` job: due 24 hours before the deadline, or at
 * half the time when the deadline is under 2 days. The job belongs to that entry of the step (same stepEntry as
 * the deadline job), so leaving the step discards it and a late run finds the entry gone and does nothing;
 * runtime/notifications/notice-jobs.ts writes the inbox notice (and its e-mail) once.
 *
 * Deadlines under an hour get no reminder (a checkout's minutes, like a booking hold's, are no time to remind).
 */
import { durationMs } from "../duration";
import type { DeadlineReminderPayload } from "../jobs/kinds";
import type { EnterContext, JobRow } from "../steps/types";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How long before the deadline the reminder comes: a day, or half the time for deadlines under two days. */
export function reminderLead(deadlineMs: number): number | undefined {
  if (deadlineMs < HOUR) return undefined;
  return deadlineMs >= 2 * DAY ? DAY : deadlineMs / 2;
}

/** The reminder job of a step entered with `deadline` (an ISO 8601 duration): none without one, or a short one. */
export function deadlineReminder(ctx: EnterContext, deadline: string | undefined): JobRow[] {
  if (!deadline) return [];
  const ms = durationMs(deadline);
  const lead = reminderLead(ms);
  if (lead === undefined) return [];
  const due = new Date(ctx.now.getTime() + ms);
  const payload: DeadlineReminderPayload = { due: due.toISOString() };
  return [ctx.job("deadline-reminder", payload, new Date(due.getTime() - lead), 3)];
}
