/**
 * The typed view the studio's service dashboard reads (issue 15): aggregates only, never a person.
 * Counts of 1 to MIN_CELL - 1 people are suppressed (null) so that no cell points at someone; 0 is shown.
 * Times are in milliseconds; percentiles may be approximate (from counters), never sampled from rows.
 */
import type { Text } from "../../engine/definition/schema";

/** Cells with fewer people than this (but more than none) are suppressed. */
export const MIN_CELL = 5;

/** A count of people or applications: null when suppressed (1 to MIN_CELL - 1). */
export type Count = number | null;

export interface InsightQuery {
  serviceId: string;
  /** Published version numbers to include; absent or empty: every version. */
  versions?: number[];
  /** Applications started at or after this instant (inclusive). */
  from?: Date;
  /** Applications started before this instant (exclusive). */
  to?: Date;
}

/** Median and 90th percentile of a duration, or null when too few samples (under MIN_CELL). */
export interface Times {
  samples: Count;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface FunnelRow {
  step: string;
  title: Text;
  kind: string;
  /** Applications that entered this step at least once. */
  reached: Count;
  /** Applications whose last step this is and which are not finished (still there or gave up). */
  stoppedHere: Count;
}

export interface StepTimeRow extends Times {
  step: string;
  title: Text;
  kind: string;
  /** Whose time the step measures: the citizen's (form, sign, pay, book…) or waiting (registry, officer, wait…). */
  actor: "citizen" | "waiting";
}

export interface FieldErrorRow {
  step: string;
  /** JSON pointer-ish path of the field, e.g. "address/postcode". */
  field: string;
  /** The JSON-Schema keyword that failed (required, pattern, format, minLength…). */
  code: string;
  count: Count;
}

export interface RegistryRow extends Times {
  registry: string;
  operation: string;
  found: Count;
  notFound: Count;
  error: Count;
  timeout: Count;
}

export interface DecisionRow extends Times {
  step: string;
  role: string;
  /** The officer's decision (approve, reject, sendBack…) or "timeout". */
  decision: string;
  count: Count;
}

/** Officers' reasons grouped by their (masked, normalised) text: only groups of MIN_CELL or more are listed. */
export interface ReasonRow {
  step: string;
  decision: string;
  reason: string;
  count: number;
}

export interface DeadlineRow {
  step: string;
  /** Tasks or waits with a deadline that ended. */
  due: Count;
  /** Of those, the ones decided late or that ran out (timeout). */
  breached: Count;
}

export interface PaymentSummary {
  paid: Count;
  failed: Count;
  /** Orders created and never paid (the application moved on, was cancelled, or the order expired). */
  abandoned: Count;
  /** Sum of paid amounts in UAH; null when `paid` is suppressed. */
  amountPaid: number | null;
}

export interface FeedbackComment {
  score: 1 | 2 | 3 | 4 | 5;
  /** Personal data masked (tax numbers, phones, e-mails, names from the register) before it was stored. */
  text: string;
  /** The day only (YYYY-MM-DD). */
  day: string;
  /** Where the citizen rated: after a finished application (its outcome) or leaving a form midway (its step). */
  moment: "finished" | "left-form";
  outcome: string | null;
  step: string | null;
  version: number;
}

export interface FeedbackSummary {
  count: Count;
  /** Mean score, null when `count` is suppressed or zero. */
  average: number | null;
  byScore: { score: 1 | 2 | 3 | 4 | 5; count: Count }[];
  /** Quick reasons chosen, most frequent first. */
  reasons: { reason: string; count: Count }[];
  /** The rating joined to the path taken: by final outcome, or the step a citizen left a form at. */
  byOutcome: { moment: "finished" | "left-form"; outcomeOrStep: string; count: Count; average: number | null }[];
  /** Newest first, at most 50; empty when fewer than MIN_CELL ratings are in the selection. */
  comments: FeedbackComment[];
}

/** Everything the dashboard shows for one version (or "all" selected versions together). */
export interface VersionInsight {
  version: number | "all";
  started: Count;
  /** Applications that got past their first citizen step(s) to the first non-citizen step, or finished. */
  submitted: Count;
  finished: { outcome: string; title: Text; count: Count }[];
  inProgress: Count;
  funnel: FunnelRow[];
  stepTimes: StepTimeRow[];
  /** The most frequent, at most 20. */
  fieldErrors: FieldErrorRow[];
  registryCalls: RegistryRow[];
  decisions: DecisionRow[];
  reasons: ReasonRow[];
  deadlines: DeadlineRow[];
  payments: PaymentSummary;
  feedback: FeedbackSummary;
}

export interface ServiceInsight {
  serviceId: string;
  title: Text;
  /** Every published version of the service, newest first (for the filter). */
  versions: { number: number; publishedAt: string }[];
  query: { versions: number[]; from: string | null; to: string | null };
  /** The selected versions together. */
  total: VersionInsight;
  /** One per selected version, newest first: the dashboard puts a version beside the previous one. */
  byVersion: VersionInsight[];
  /** When the counters were last brought up to date (ISO). */
  asOf: string;
}
