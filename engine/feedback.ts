/**
 * Citizens' ratings of a service (issue 15): a 5-point scale and quick reasons per score group, after Diia's
 * rating (be-pkg-analytics utils/rating.ts: emoji scale, reasons per score, a comment, one prompt per 30 days).
 * Defined once here so that the runtime (validation), the portal (the form) and the studio (the dashboard)
 * agree on the codes and their texts; the codes are what is stored.
 */

export type FeedbackScore = 1 | 2 | 3 | 4 | 5;
export const FEEDBACK_SCORES: readonly FeedbackScore[] = [1, 2, 3, 4, 5];

/** Where the citizen was asked: after a finished application, or leaving a form midway. */
export type FeedbackMoment = "finished" | "left-form";

/** The longest comment kept (characters, after trimming). */
export const FEEDBACK_COMMENT_MAX = 1000;

/** A citizen rates a service at most once per this many days. */
export const FEEDBACK_INTERVAL_DAYS = 30;

interface Label {
  uk: string;
  en: string;
}

/** The emoji and words of each score, as the portal shows them (Diia's scale). */
export const FEEDBACK_SCORE_LABELS: Record<FeedbackScore, Label & { emoji: string }> = {
  1: { emoji: "😡", uk: "Дуже погано", en: "Very bad" },
  2: { emoji: "🙁", uk: "Погано", en: "Bad" },
  3: { emoji: "😐", uk: "Нормально", en: "Okay" },
  4: { emoji: "🙂", uk: "Добре", en: "Good" },
  5: { emoji: "😍", uk: "Чудово", en: "Excellent" },
};

/** Every quick reason: its code (stored) and texts. */
export const FEEDBACK_REASONS = {
  "registry-unavailable": { uk: "Реєстр був недоступний", en: "A registry was unavailable" },
  "too-many-steps": { uk: "Забагато кроків", en: "Too many steps" },
  "unclear-questions": { uk: "Незрозумілі запитання", en: "Unclear questions" },
  "page-errors": { uk: "Помилки на сторінці", en: "Errors on the page" },
  "waited-too-long": { uk: "Довго чекав(-ла) на рішення", en: "Waited too long for a decision" },
  "had-to-visit": { uk: "Довелося йти до установи", en: "Had to visit an office" },
  "data-not-prefilled": { uk: "Довелося вводити дані, які держава вже має", en: "Had to type data the state already has" },
  "payment-problem": { uk: "Проблема з оплатою", en: "A problem with the payment" },
  "signing-problem": { uk: "Проблема з підписанням", en: "A problem with signing" },
  "no-status-updates": { uk: "Не було зрозуміло, що відбувається із заявою", en: "It was unclear what was happening with the application" },
  "rejected-unclear": { uk: "Незрозуміло, чому відмовили", en: "Unclear why it was refused" },
  fast: { uk: "Швидко", en: "Fast" },
  clear: { uk: "Зрозуміло", en: "Clear" },
  "no-visits": { uk: "Не треба нікуди йти", en: "No visits needed" },
  "data-prefilled": { uk: "Дані підставились самі", en: "My data was filled in for me" },
  "kept-informed": { uk: "Знав(-ла), що відбувається із заявою", en: "I knew what was happening with the application" },
  "easy-payment": { uk: "Зручна оплата", en: "Easy payment" },
} satisfies Record<string, Label>;

export type FeedbackReason = keyof typeof FEEDBACK_REASONS;

/** The quick reasons offered per score group: 1–2, 3, 4–5. */
const REASONS_BY_GROUP: Record<"low" | "mid" | "high", FeedbackReason[]> = {
  low: [
    "registry-unavailable",
    "too-many-steps",
    "unclear-questions",
    "page-errors",
    "waited-too-long",
    "had-to-visit",
    "data-not-prefilled",
    "payment-problem",
    "signing-problem",
    "rejected-unclear",
  ],
  mid: ["too-many-steps", "unclear-questions", "waited-too-long", "data-not-prefilled", "no-status-updates", "fast", "clear"],
  high: ["fast", "clear", "no-visits", "data-prefilled", "kept-informed", "easy-payment"],
};

/** The quick reasons a score offers, in display order. */
export function feedbackReasonsFor(score: FeedbackScore): readonly FeedbackReason[] {
  return REASONS_BY_GROUP[score <= 2 ? "low" : score === 3 ? "mid" : "high"];
}

export function isFeedbackScore(value: unknown): value is FeedbackScore {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 5;
}

export function isFeedbackReason(value: unknown): value is FeedbackReason {
  return typeof value === "string" && Object.hasOwn(FEEDBACK_REASONS, value);
}

/** A reason's text in the language (uk unless en); an unknown code (from an older list) is shown as is. */
export function feedbackReasonText(code: string, language: string): string {
  const label = isFeedbackReason(code) ? FEEDBACK_REASONS[code] : undefined;
  return label ? (language === "en" ? label.en : label.uk) : code;
}
