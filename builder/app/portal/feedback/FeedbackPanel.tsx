/**
 * Rating a service (issue 15, runtime/feedback): after a finished application the application page offers the
 * form inline; on a form step a discreet link leads to /applications/:id/feedback ("Leaving? Tell us why").
 * A plain form that works without JavaScript: the five scores are radio buttons (emoji + words, the words
 * being their accessible names), the quick reasons are checkboxes in one group per score range (all shown
 * without script, each under "If you chose …"; with script only the chosen score's group shows), a comment.
 */
import { Form, Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { FEEDBACK_COMMENT_MAX, FEEDBACK_SCORE_LABELS, FEEDBACK_SCORES, feedbackReasonsFor, feedbackReasonText, type FeedbackScore } from "../../../../engine/feedback";
import type { Lang } from "../../i18n/lang";
import { t, type MessageKey } from "../../i18n/messages";
import { CsrfField } from "../CsrfField";

type Group = "low" | "mid" | "high";
const GROUPS: { group: Group; scores: FeedbackScore[] }[] = [
  { group: "low", scores: [1, 2] },
  { group: "mid", scores: [3] },
  { group: "high", scores: [4, 5] },
];
const groupOf = (score: FeedbackScore): Group => (score <= 2 ? "low" : score === 3 ? "mid" : "high");
const label = (score: FeedbackScore, lang: Lang) => FEEDBACK_SCORE_LABELS[score][lang === "en" ? "en" : "uk"];

/** What the loader says (runtime FeedbackPrompt), as JSON. */
export type FeedbackPromptData = { ask: true; moment: "finished" | "left-form"; step: string | null } | { ask: false; reason: string; askAgainAt: string | null } | null;

/** The application page's one insertion: the form after a finished application, a link on a form step, else nothing. */
export function FeedbackPanel({ prompt, applicationId, lang }: { prompt: FeedbackPromptData; applicationId: string; lang: Lang }) {
  if (!prompt?.ask) return null;
  if (prompt.moment === "left-form") {
    return (
      <p className="feedback-leave small">
        <Link to={`/applications/${encodeURIComponent(applicationId)}/feedback`}>{t(lang, "feedbackLeaveLink")}</Link>
      </p>
    );
  }
  return (
    <section className="panel feedback" aria-labelledby="feedback-title">
      <h2 id="feedback-title" className="h3">
        {t(lang, "feedbackTitle")}
      </h2>
      <p>{t(lang, "feedbackIntro")}</p>
      <FeedbackForm applicationId={applicationId} moment="finished" step={null} lang={lang} />
    </section>
  );
}

export interface FeedbackFormValues {
  score?: number;
  reasons?: string[];
  comment?: string;
}

/** The form's problems, by field, as message keys (the page shows them in an error summary and beside the fields). */
export type FeedbackErrors = Partial<Record<"score" | "reasons" | "comment", MessageKey>>;

export function FeedbackForm({
  applicationId,
  moment,
  step,
  lang,
  values = {},
  errors = {},
}: {
  applicationId: string;
  moment: "finished" | "left-form";
  step: string | null;
  lang: Lang;
  values?: FeedbackFormValues;
  errors?: FeedbackErrors;
}) {
  const [score, setScore] = useState<number | undefined>(values.score);
  // Until the script runs every group shows (a plain form); then only the chosen score's group.
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  const chosen = score !== undefined && score >= 1 && score <= 5 ? groupOf(score as FeedbackScore) : null;
  const problems = Object.entries(errors) as [keyof FeedbackErrors, MessageKey][];
  return (
    <Form method="post" action={`/applications/${encodeURIComponent(applicationId)}/feedback`} className="feedback-form" noValidate>
      <CsrfField />
      <input type="hidden" name="moment" value={moment} />
      {step && <input type="hidden" name="step" value={step} />}
      {problems.length > 0 && (
        <div className="error-summary" role="alert" aria-labelledby="feedback-errors-title">
          <h2 id="feedback-errors-title">{t(lang, "feedbackErrorsTitle")}</h2>
          <ul>
            {problems.map(([field, key]) => (
              <li key={field}>
                <a href={`#feedback-${field}`}>{t(lang, key, { n: FEEDBACK_COMMENT_MAX })}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <fieldset className={`field${errors.score ? " field-invalid" : ""}`} id="feedback-score" aria-describedby={errors.score ? "feedback-score-error" : undefined}>
        <legend>{t(lang, "feedbackScoreLegend")}</legend>
        {errors.score && (
          <p className="field-error" id="feedback-score-error">
            {t(lang, errors.score)}
          </p>
        )}
        <div className="choices feedback-scale">
          {FEEDBACK_SCORES.map((value) => (
            <div className="choice" key={value}>
              <input type="radio" id={`feedback-score-${value}`} name="score" value={value} defaultChecked={values.score === value} onChange={() => setScore(value)} />
              <label htmlFor={`feedback-score-${value}`}>
                <span aria-hidden="true">{FEEDBACK_SCORE_LABELS[value].emoji}</span>
                {` ${label(value, lang)}`}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      <div id="feedback-reasons">
        {GROUPS.map(({ group, scores }) => {
          const shown = !enhanced || chosen === group;
          const legend = enhanced
            ? t(lang, "feedbackReasonsLegend")
            : scores.length > 1
              ? t(lang, "feedbackReasonsIf", { from: label(scores[0], lang), to: label(scores[scores.length - 1], lang) })
              : t(lang, "feedbackReasonsIfOne", { from: label(scores[0], lang) });
          return (
            <fieldset key={group} className={`field${errors.reasons && shown ? " field-invalid" : ""}`} hidden={!shown}>
              <legend>{legend}</legend>
              <div className="choices">
                {feedbackReasonsFor(scores[0]).map((code) => (
                  <div className="choice" key={code}>
                    <input type="checkbox" id={`feedback-${group}-${code}`} name={`reasons-${group}`} value={code} defaultChecked={values.reasons?.includes(code) && (values.score === undefined || groupOf(values.score as FeedbackScore) === group)} />
                    <label htmlFor={`feedback-${group}-${code}`}>{feedbackReasonText(code, lang)}</label>
                  </div>
                ))}
              </div>
            </fieldset>
          );
        })}
      </div>
      <div className={`field${errors.comment ? " field-invalid" : ""}`}>
        <label htmlFor="feedback-comment">{t(lang, "feedbackComment")}</label>
        <p className="choice-hint" id="feedback-comment-hint">
          {t(lang, "feedbackCommentHint", { n: FEEDBACK_COMMENT_MAX })}
        </p>
        {errors.comment && (
          <p className="field-error" id="feedback-comment-error">
            {t(lang, errors.comment, { n: FEEDBACK_COMMENT_MAX })}
          </p>
        )}
        <textarea
          id="feedback-comment"
          name="comment"
          rows={4}
          maxLength={FEEDBACK_COMMENT_MAX}
          defaultValue={values.comment}
          aria-describedby={errors.comment ? "feedback-comment-hint feedback-comment-error" : "feedback-comment-hint"}
          aria-invalid={errors.comment ? true : undefined}
        />
      </div>
      <div className="actions">
        <button type="submit" className="button">
          {t(lang, "feedbackSend")}
        </button>
      </div>
    </Form>
  );
}
