/**
 * Citizens' ratings of a selection of service versions, as the dashboard shows them (runtime/insight/types.ts
 * FeedbackSummary): counts only, with counts of 1 to MIN_CELL - 1 suppressed, and comments (masked before they
 * were stored) only when at least MIN_CELL ratings are in the selection. The period is when a rating was given.
 * Computed with grouped queries over the (serviceVersionId, createdAt) index, never row by row.
 */
import { FEEDBACK_SCORES, type FeedbackMoment, type FeedbackScore } from "../../engine/feedback";
import type { Db } from "../db/open";
import { MIN_CELL, type Count, type FeedbackComment, type FeedbackSummary } from "../insight/types";

/** The newest comments listed. */
export const COMMENTS_SHOWN = 50;

export interface FeedbackFilter {
  serviceVersionIds: string[];
  /** Ratings given at or after this instant. */
  from?: Date;
  /** Ratings given before this instant. */
  to?: Date;
}

/** A count as the dashboard may show it: 1 to MIN_CELL - 1 people become null. */
export const suppress = (count: number): Count => (count > 0 && count < MIN_CELL ? null : count);

const average = (sum: number, count: number) => (count >= MIN_CELL ? Math.round((sum / count) * 100) / 100 : null);

export async function feedbackSummary(db: Db, filter: FeedbackFilter, versionNumberOf: (serviceVersionId: string) => number): Promise<FeedbackSummary> {
  const where = {
    serviceVersionId: { in: filter.serviceVersionIds },
    createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) },
  };
  const [groups, reasonSets] = await Promise.all([
    db.feedback.groupBy({ by: ["moment", "outcome", "step", "score"], where, _count: { _all: true } }),
    // Reason lists are stored in the fixed list's order, so the distinct lists are few.
    db.feedback.groupBy({ by: ["reasons"], where, _count: { _all: true } }),
  ]);

  let total = 0;
  let sum = 0;
  const byScore = new Map<number, number>();
  const byOutcome = new Map<string, { moment: FeedbackMoment; outcomeOrStep: string; count: number; sum: number }>();
  for (const group of groups) {
    const count = group._count._all;
    total += count;
    sum += group.score * count;
    byScore.set(group.score, (byScore.get(group.score) ?? 0) + count);
    const moment: FeedbackMoment = group.moment === "left-form" ? "left-form" : "finished";
    const outcomeOrStep = (moment === "left-form" ? group.step : group.outcome) ?? "";
    const key = `${moment}\u0000${outcomeOrStep}`;
    const row = byOutcome.get(key) ?? { moment, outcomeOrStep, count: 0, sum: 0 };
    row.count += count;
    row.sum += group.score * count;
    byOutcome.set(key, row);
  }

  const reasons = new Map<string, number>();
  for (const set of reasonSets) {
    for (const reason of parseReasons(set.reasons)) reasons.set(reason, (reasons.get(reason) ?? 0) + set._count._all);
  }

  const comments: FeedbackComment[] =
    total >= MIN_CELL
      ? (
          await db.feedback.findMany({
            where: { ...where, comment: { not: null } },
            orderBy: [{ createdAt: "desc" }, { id: "desc" }],
            take: COMMENTS_SHOWN,
            select: { score: true, comment: true, createdAt: true, moment: true, outcome: true, step: true, serviceVersionId: true },
          })
        ).map((row) => ({
          score: row.score as FeedbackScore,
          text: row.comment ?? "",
          day: row.createdAt.toISOString().slice(0, 10),
          moment: row.moment === "left-form" ? "left-form" : "finished",
          outcome: row.moment === "left-form" ? null : row.outcome,
          step: row.moment === "left-form" ? row.step : null,
          version: versionNumberOf(row.serviceVersionId),
        }))
      : [];

  // Most frequent first; suppressed rows after the shown ones, in a fixed order that says nothing of their size.
  const byCount = <T extends { count: Count }>(rows: T[], name: (row: T) => string) =>
    rows.sort((a, b) => (b.count ?? -1) - (a.count ?? -1) || name(a).localeCompare(name(b)));

  return {
    count: suppress(total),
    average: average(sum, total),
    byScore: FEEDBACK_SCORES.map((score) => ({ score, count: suppress(byScore.get(score) ?? 0) })),
    reasons: byCount(
      [...reasons].map(([reason, count]) => ({ reason, count: suppress(count) })),
      (row) => row.reason,
    ),
    byOutcome: byCount(
      [...byOutcome.values()].map((row) => ({ moment: row.moment, outcomeOrStep: row.outcomeOrStep, count: suppress(row.count), average: average(row.sum, row.count) })),
      (row) => `${row.moment}/${row.outcomeOrStep}`,
    ),
    comments,
  };
}

function parseReasons(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((reason): reason is string => typeof reason === "string") : [];
  } catch {
    return [];
  }
}
