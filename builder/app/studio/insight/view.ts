/**
 * The service dashboard as tables (issue 15): the page, its charts and the CSV export all read these, so what
 * a chart draws, the table behind it and the downloaded file cannot disagree. Built from the runtime's
 * ServiceInsight in the studio's language; a suppressed count (null: 1 to 4 people) stays a SUPPRESSED cell
 * everywhere, never a number. Browser-safe.
 */
import { localize } from "../../../../engine/definition/text";
import { FEEDBACK_SCORE_LABELS, feedbackReasonText } from "../../../../engine/feedback";
import type { Count, FeedbackSummary, ServiceInsight, StepTimeRow, Times, VersionInsight } from "../../../../runtime/insight/types";
import type { Lang } from "../../i18n/lang";
import { st, type StudioKey } from "../i18n/messages";

/** The dashboard's filter as the form shows it: days (YYYY-MM-DD, Kyiv) or empty, versions newest first (none: all). */
export interface DashboardParams {
  from: string;
  to: string;
  versions: number[];
}

export const SUPPRESSED = { suppressed: true } as const;
export type Suppressed = typeof SUPPRESSED;
/** A value, SUPPRESSED (fewer than 5 people), or null (nothing to show: no data, not in this version). */
export type Cell = string | number | null | Suppressed;

export const isSuppressed = (cell: Cell): cell is Suppressed => typeof cell === "object" && cell !== null;

/**
 * How a column's values read: counts (suppressible), shares 0..1, differences of shares in percentage points,
 * durations and their differences in ms, registry latency in ms, scores (1..5, averages), money in UAH.
 */
export type ColumnKind = "text" | "count" | "share" | "points" | "duration" | "durationDelta" | "latency" | "score" | "money";

export interface Column {
  label: string;
  kind: ColumnKind;
}

/** A chart of a table: bars per row (its first column), one series per listed column (grouped, or stacked). */
export interface ChartSpec {
  /** bars: one bar per row and series (grouped); stacked: series stacked; range: a median dot and a 90th percentile tick (log time); dots: one dot per series (log time). */
  layout: "bars" | "stacked" | "range" | "dots";
  series: number[];
  unit: "count" | "share" | "duration" | "score";
}

export type TableId =
  | "summary"
  | "outcomes"
  | "funnel"
  | "citizenTimes"
  | "waitingTimes"
  | "fieldErrors"
  | "registries"
  | "decisions"
  | "reasons"
  | "deadlines"
  | "payments"
  | "feedbackScores"
  | "feedbackReasons"
  | "feedbackByOutcome"
  | "comments"
  | "compareFunnel"
  | "compareTimes";

export const TABLE_IDS: readonly TableId[] = [
  "summary",
  "outcomes",
  "funnel",
  "citizenTimes",
  "waitingTimes",
  "fieldErrors",
  "registries",
  "decisions",
  "reasons",
  "deadlines",
  "payments",
  "feedbackScores",
  "feedbackReasons",
  "feedbackByOutcome",
  "comments",
  "compareFunnel",
  "compareTimes",
];

export interface Table {
  id: TableId;
  title: string;
  columns: Column[];
  /** The first cell of a row names it (a row header). */
  rows: Cell[][];
  chart?: ChartSpec;
}

export interface Headline {
  key: "started" | "submitted" | "inProgress" | "finished" | "rating";
  label: string;
  value: Cell;
  kind: ColumnKind;
  /** For the rating: how many rated. */
  note?: Cell;
}

export interface DashboardView {
  title: string;
  asOf: string;
  /** The versions compared (newest first); fewer than two: nothing to compare. */
  compared: number[];
  headline: Headline[];
  tables: Record<TableId, Table>;
}

const cell = (count: Count): Cell => (count === null ? SUPPRESSED : count);
const share = (part: Count, whole: Count): Cell => (part === null || whole === null || whole === 0 ? null : part / whole);
const time = (times: Times, key: "medianMs" | "p90Ms"): Cell => (times.samples === null ? SUPPRESSED : times[key]);

export const versionLabel = (lang: Lang, version: number | "all") => (version === "all" ? st(lang, "ins_allVersions") : st(lang, "ins_versionShort", { n: version }));

const FIELD_CODES = ["required", "pattern", "format", "minLength", "maxLength", "minimum", "maximum", "enum", "type", "minItems", "maxItems"] as const;
const DECISIONS = ["approve", "reject", "sendBack", "timeout"] as const;

const known = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

export const fieldCodeText = (lang: Lang, code: string) => (known(FIELD_CODES, code) ? `${st(lang, `ins_code_${code}` as StudioKey)} (${code})` : code);
export const decisionText = (lang: Lang, decision: string) => (known(DECISIONS, decision) ? st(lang, `ins_decision_${decision}` as StudioKey) : decision);

/** Build the dashboard's view of an insight in a language; `compare` picks the versions put side by side (default: the newest two). */
export function dashboardView(insight: ServiceInsight, lang: Lang, options: { compare?: number[] } = {}): DashboardView {
  const t = (key: StudioKey, params?: Record<string, string | number>) => st(lang, key, params);
  const text = (value: Parameters<typeof localize>[0]) => localize(value, lang, "uk");
  const total = insight.total;

  // Step and outcome titles from every version shown (a step removed in a newer version keeps its title).
  const stepTitles = new Map<string, string>();
  const outcomeTitles = new Map<string, string>();
  for (const v of [total, ...insight.byVersion]) {
    for (const row of [...v.funnel, ...v.stepTimes]) if (!stepTitles.has(row.step)) stepTitles.set(row.step, text(row.title));
    for (const row of v.finished) if (!outcomeTitles.has(row.outcome)) outcomeTitles.set(row.outcome, text(row.title));
  }
  const stepTitle = (step: string) => stepTitles.get(step) ?? step;
  const outcomeTitle = (outcome: string) => outcomeTitles.get(outcome) ?? outcome;

  const fb = total.feedback;
  const headline: Headline[] = [
    { key: "started", label: t("ins_started"), value: cell(total.started), kind: "count" },
    { key: "submitted", label: t("ins_submitted"), value: cell(total.submitted), kind: "count" },
    { key: "finished", label: t("ins_finished"), value: finishedTotal(total), kind: "count" },
    { key: "inProgress", label: t("ins_inProgress"), value: cell(total.inProgress), kind: "count" },
    { key: "rating", label: t("ins_rating"), value: fb.count === null ? SUPPRESSED : fb.average, kind: "score", note: cell(fb.count) },
  ];

  const timesTable = (id: "citizenTimes" | "waitingTimes", rows: StepTimeRow[]): Table => ({
    id,
    title: t(id === "citizenTimes" ? "ins_citizenTimes" : "ins_waitingTimes"),
    columns: [
      { label: t("ins_colStep"), kind: "text" },
      { label: t("ins_colSamples"), kind: "count" },
      { label: t("ins_colMedian"), kind: "duration" },
      { label: t("ins_colP90"), kind: "duration" },
    ],
    rows: rows.map((r) => [text(r.title), cell(r.samples), time(r, "medianMs"), time(r, "p90Ms")]),
    chart: { layout: "range", series: [2, 3], unit: "duration" },
  });

  const compared = pickCompared(insight, options.compare);
  const versions = compared.map((n) => insight.byVersion.find((v) => v.version === n)!);

  const tables: Record<TableId, Table> = {
    summary: {
      id: "summary",
      title: t("ins_summary"),
      columns: [
        { label: t("ins_colMeasure"), kind: "text" },
        { label: t("ins_colValue"), kind: "count" },
      ],
      rows: [
        [t("ins_started"), cell(total.started)],
        [t("ins_submitted"), cell(total.submitted)],
        [t("ins_inProgress"), cell(total.inProgress)],
        [t("ins_ratings"), cell(fb.count)],
      ],
    },
    outcomes: {
      id: "outcomes",
      title: t("ins_outcomes"),
      columns: [
        { label: t("ins_colOutcome"), kind: "text" },
        { label: t("ins_colApplications"), kind: "count" },
        { label: t("ins_colShareOfStarted"), kind: "share" },
      ],
      rows: total.finished.map((r) => [text(r.title), cell(r.count), share(r.count, total.started)]),
      chart: { layout: "bars", series: [1], unit: "count" },
    },
    funnel: {
      id: "funnel",
      title: t("ins_funnel"),
      columns: [
        { label: t("ins_colStep"), kind: "text" },
        { label: t("ins_colReached"), kind: "count" },
        { label: t("ins_colShareOfStarted"), kind: "share" },
        { label: t("ins_colStoppedHere"), kind: "count" },
        { label: t("ins_colDropOff"), kind: "share" },
      ],
      rows: total.funnel.map((r) => [text(r.title), cell(r.reached), share(r.reached, total.started), cell(r.stoppedHere), share(r.stoppedHere, r.reached)]),
      chart: { layout: "bars", series: [1], unit: "count" },
    },
    citizenTimes: timesTable(
      "citizenTimes",
      total.stepTimes.filter((r) => r.actor === "citizen"),
    ),
    waitingTimes: timesTable(
      "waitingTimes",
      total.stepTimes.filter((r) => r.actor === "waiting"),
    ),
    fieldErrors: {
      id: "fieldErrors",
      title: t("ins_fieldErrors"),
      columns: [
        { label: t("ins_colField"), kind: "text" },
        { label: t("ins_colStep"), kind: "text" },
        { label: t("ins_colCheck"), kind: "text" },
        { label: t("ins_colTimes"), kind: "count" },
      ],
      rows: total.fieldErrors.map((r) => [r.field, stepTitle(r.step), fieldCodeText(lang, r.code), cell(r.count)]),
      chart: { layout: "bars", series: [3], unit: "count" },
    },
    registries: {
      id: "registries",
      title: t("ins_registries"),
      columns: [
        { label: t("ins_colRegistry"), kind: "text" },
        { label: t("ins_found"), kind: "count" },
        { label: t("ins_notFound"), kind: "count" },
        { label: t("ins_error"), kind: "count" },
        { label: t("ins_timeout"), kind: "count" },
        { label: t("ins_colLatencyMedian"), kind: "latency" },
        { label: t("ins_colLatencyP90"), kind: "latency" },
      ],
      rows: total.registryCalls.map((r) => [`${r.registry}.${r.operation}`, cell(r.found), cell(r.notFound), cell(r.error), cell(r.timeout), time(r, "medianMs"), time(r, "p90Ms")]),
      chart: { layout: "stacked", series: [1, 2, 3, 4], unit: "count" },
    },
    decisions: {
      id: "decisions",
      title: t("ins_decisions"),
      columns: [
        { label: t("ins_colStep"), kind: "text" },
        { label: t("ins_colDecision"), kind: "text" },
        { label: t("ins_colRole"), kind: "text" },
        { label: t("ins_colApplications"), kind: "count" },
        { label: t("ins_colMedian"), kind: "duration" },
        { label: t("ins_colP90"), kind: "duration" },
      ],
      rows: total.decisions.map((r) => [stepTitle(r.step), decisionText(lang, r.decision), r.role, cell(r.count), time(r, "medianMs"), time(r, "p90Ms")]),
    },
    reasons: {
      id: "reasons",
      title: t("ins_reasons"),
      columns: [
        { label: t("ins_colReason"), kind: "text" },
        { label: t("ins_colStep"), kind: "text" },
        { label: t("ins_colDecision"), kind: "text" },
        { label: t("ins_colApplications"), kind: "count" },
      ],
      rows: total.reasons.map((r) => [r.reason, stepTitle(r.step), decisionText(lang, r.decision), r.count]),
    },
    deadlines: {
      id: "deadlines",
      title: t("ins_deadlines"),
      columns: [
        { label: t("ins_colStep"), kind: "text" },
        { label: t("ins_colDue"), kind: "count" },
        { label: t("ins_colBreached"), kind: "count" },
        { label: t("ins_colBreachedShare"), kind: "share" },
      ],
      rows: total.deadlines.map((r) => [stepTitle(r.step), cell(r.due), cell(r.breached), share(r.breached, r.due)]),
    },
    payments: {
      id: "payments",
      title: t("ins_payments"),
      columns: [
        { label: t("ins_colPayments"), kind: "text" },
        { label: t("ins_colOrders"), kind: "count" },
        { label: t("ins_colAmount"), kind: "money" },
      ],
      rows: [
        [t("ins_paid"), cell(total.payments.paid), total.payments.paid === null ? SUPPRESSED : total.payments.amountPaid],
        [t("ins_failed"), cell(total.payments.failed), null],
        [t("ins_abandoned"), cell(total.payments.abandoned), null],
      ],
    },
    ...feedbackTables(fb, lang, stepTitle, outcomeTitle),
    compareFunnel: compareFunnel(versions, lang, text),
    compareTimes: compareTimes(versions, lang, text),
  };

  return { title: text(insight.title), asOf: insight.asOf, compared, headline, tables };
}

/** Applications finished by any outcome; suppressed when any outcome's count is (the sum would give it away). */
function finishedTotal(v: VersionInsight): Cell {
  let sum = 0;
  for (const row of v.finished) {
    if (row.count === null) return SUPPRESSED;
    sum += row.count;
  }
  return sum;
}

/** The versions put side by side: those asked for (present in the insight), else the newest two. */
function pickCompared(insight: ServiceInsight, asked?: number[]): number[] {
  const present = insight.byVersion.map((v) => v.version).filter((v): v is number => typeof v === "number");
  const chosen = asked?.length ? present.filter((n) => asked.includes(n)) : present.slice(0, 2);
  return chosen.length >= 2 ? chosen : [];
}

function feedbackTables(fb: FeedbackSummary, lang: Lang, stepTitle: (s: string) => string, outcomeTitle: (o: string) => string) {
  const t = (key: StudioKey, params?: Record<string, string | number>) => st(lang, key, params);
  const where = (moment: "finished" | "left-form", outcomeOrStep: string) =>
    moment === "finished" ? t("ins_finishedAs", { outcome: outcomeTitle(outcomeOrStep) }) : t("ins_leftAt", { step: stepTitle(outcomeOrStep) });
  const feedbackScores: Table = {
    id: "feedbackScores",
    title: t("ins_feedbackScores"),
    columns: [
      { label: t("ins_colScore"), kind: "text" },
      { label: t("ins_colRatings"), kind: "count" },
    ],
    rows: fb.byScore.map((r) => [scoreText(lang, r.score), cell(r.count)]),
    chart: { layout: "bars", series: [1], unit: "count" },
  };
  const feedbackReasons: Table = {
    id: "feedbackReasons",
    title: t("ins_feedbackReasons"),
    columns: [
      { label: t("ins_colReason"), kind: "text" },
      { label: t("ins_colRatings"), kind: "count" },
    ],
    rows: fb.reasons.map((r) => [feedbackReasonText(r.reason, lang), cell(r.count)]),
    chart: { layout: "bars", series: [1], unit: "count" },
  };
  const feedbackByOutcome: Table = {
    id: "feedbackByOutcome",
    title: t("ins_feedbackByOutcome"),
    columns: [
      { label: t("ins_colWhere"), kind: "text" },
      { label: t("ins_colRatings"), kind: "count" },
      { label: t("ins_colAverage"), kind: "score" },
    ],
    rows: fb.byOutcome.map((r) => [where(r.moment, r.outcomeOrStep), cell(r.count), r.count === null ? SUPPRESSED : r.average]),
    chart: { layout: "bars", series: [2], unit: "score" },
  };
  const comments: Table = {
    id: "comments",
    title: t("ins_comments"),
    columns: [
      { label: t("ins_colComment"), kind: "text" },
      { label: t("ins_colScore"), kind: "text" },
      { label: t("ins_colWhere"), kind: "text" },
      { label: t("ins_colVersion"), kind: "text" },
      { label: t("ins_colDay"), kind: "text" },
    ],
    rows: fb.comments.map((c) => [
      c.text,
      scoreText(lang, c.score),
      c.moment === "finished" ? where("finished", c.outcome ?? "") : where("left-form", c.step ?? ""),
      versionLabel(lang, c.version),
      c.day,
    ]),
  };
  return { feedbackScores, feedbackReasons, feedbackByOutcome, comments };
}

/** A score as the portal offers it, without the emoji: "5 — Чудово". */
const scoreText = (lang: Lang, score: 1 | 2 | 3 | 4 | 5) => `${score} — ${FEEDBACK_SCORE_LABELS[score][lang]}`;

/** The funnel of each compared version as shares of its own starts (versions differ in volume), and the change. */
function compareFunnel(versions: VersionInsight[], lang: Lang, text: (v: Parameters<typeof localize>[0]) => string): Table {
  const t = (key: StudioKey, params?: Record<string, string | number>) => st(lang, key, params);
  const steps = unionSteps(versions.map((v) => v.funnel.map((r) => ({ step: r.step, title: text(r.title) }))));
  const columns: Column[] = [{ label: t("ins_colStep"), kind: "text" }];
  for (const v of versions) {
    const name = versionLabel(lang, v.version);
    columns.push({ label: t("ins_colVersionReached", { v: name }), kind: "count" }, { label: t("ins_colVersionShare", { v: name }), kind: "share" });
  }
  const [newest, previous] = versions;
  if (previous) columns.push({ label: t("ins_colChange", { a: versionLabel(lang, newest.version), b: versionLabel(lang, previous.version) }), kind: "points" });
  const rows = steps.map(({ step, title }) => {
    const row: Cell[] = [title];
    const shares: Cell[] = [];
    for (const v of versions) {
      const r = v.funnel.find((f) => f.step === step);
      const s = r ? share(r.reached, v.started) : null;
      row.push(r ? cell(r.reached) : null, s);
      shares.push(s);
    }
    if (previous) row.push(typeof shares[0] === "number" && typeof shares[1] === "number" ? (shares[0] - shares[1]) * 100 : null);
    return row;
  });
  return {
    id: "compareFunnel",
    title: t("ins_compareFunnel"),
    columns,
    rows,
    chart: versions.length ? { layout: "bars", series: versions.map((_, i) => 2 + 2 * i), unit: "share" } : undefined,
  };
}

/** Median time per step of each compared version, and the change of the median between the newest two. */
function compareTimes(versions: VersionInsight[], lang: Lang, text: (v: Parameters<typeof localize>[0]) => string): Table {
  const t = (key: StudioKey, params?: Record<string, string | number>) => st(lang, key, params);
  const steps = unionSteps(versions.map((v) => v.stepTimes.map((r) => ({ step: r.step, title: text(r.title) }))));
  const columns: Column[] = [{ label: t("ins_colStep"), kind: "text" }];
  for (const v of versions) {
    const name = versionLabel(lang, v.version);
    columns.push({ label: t("ins_colVersionMedian", { v: name }), kind: "duration" }, { label: t("ins_colVersionP90", { v: name }), kind: "duration" });
  }
  const [newest, previous] = versions;
  if (previous) columns.push({ label: t("ins_colMedianChange", { a: versionLabel(lang, newest.version), b: versionLabel(lang, previous.version) }), kind: "durationDelta" });
  const rows = steps.map(({ step, title }) => {
    const row: Cell[] = [title];
    const medians: Cell[] = [];
    for (const v of versions) {
      const r = v.stepTimes.find((s) => s.step === step);
      const median = r ? time(r, "medianMs") : null;
      row.push(median, r ? time(r, "p90Ms") : null);
      medians.push(median);
    }
    if (previous) row.push(typeof medians[0] === "number" && typeof medians[1] === "number" ? medians[0] - medians[1] : null);
    return row;
  });
  return {
    id: "compareTimes",
    title: t("ins_compareTimes"),
    columns,
    rows,
    chart: versions.length ? { layout: "dots", series: versions.map((_, i) => 1 + 2 * i), unit: "duration" } : undefined,
  };
}

/** Steps of several versions in the newest's order, then steps only older versions have. */
function unionSteps(lists: { step: string; title: string }[][]) {
  const seen = new Map<string, { step: string; title: string }>();
  for (const list of lists) for (const s of list) if (!seen.has(s.step)) seen.set(s.step, s);
  return [...seen.values()];
}
