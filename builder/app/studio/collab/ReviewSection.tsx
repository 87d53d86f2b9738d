/**
 * A review before publishing, in the Publish panel: the service owner's setting (admins), asking for a review,
 * and for another analyst the version diff (the draft against the published version) with Approve / Request
 * changes. An approval holds for the version it saw; a later save voids it and the panel says so.
 */
import { useState } from "react";
import type { Change } from "../model/semantic-diff";
import { ago } from "./time";
import type { Collaboration } from "./useCollaboration";
import type { StudioKey } from "../i18n/messages";
import { useStudioT } from "../i18n/useStudioT";
import { errorNotice, noticeText } from "./notices";
import { NoticeAlert } from "./NoticeAlert";

const STATUS_KEY = (status: string) => `reviewStatus_${status}` as StudioKey;

export function ReviewSection({ collab, flush }: { collab: Collaboration; flush: () => Promise<number> }) {
  const state = collab.state;
  const [comment, setComment] = useState("");
  const [error, setError] = useState<{ text: string; code?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [diff, setDiff] = useState<{ against: number | null; changes: Change[] } | null>(null);
  const { lang, t } = useStudioT();
  if (!state) return null;
  const { review, settings, me } = state;
  const latest = review.latest;

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(errorNotice(lang, e));
    } finally {
      setBusy(false);
    }
  };
  const request = () =>
    run(async () => {
      await flush();
      await collab.act({ intent: "request-review", ...(comment.trim() ? { comment } : {}) });
      setComment("");
    });
  const decide = (decision: "approve" | "request_changes") =>
    run(async () => {
      await collab.act({ intent: "decide", reviewId: latest!.id, decision, ...(comment.trim() ? { comment } : {}) });
      setComment("");
    });
  const showDiff = () => run(async () => setDiff((await collab.refresh(true)).diff ?? null));

  return (
    <section className="review" data-testid="review" aria-label={t("reviewBeforePublishing")}>
      <h3>{t("review")}</h3>
      <label className="require-review" title={me.admin ? undefined : t("onlyOwner")}>
        <input
          type="checkbox"
          checked={settings.requireReview}
          disabled={!me.admin || busy || !state.draft.serviceId}
          onChange={(e) => void run(() => collab.act({ intent: "require-review", value: e.target.checked }))}
        />{" "}
        {t("requireReview")}
        {settings.updatedBy && <span className="muted">{t("setBy", { who: settings.updatedBy })}</span>}
      </label>
      <p data-testid="review-status">
        {latest ? (
          <>
            {t("versionColon", { n: latest.draftVersion })} <strong>{t(STATUS_KEY(latest.status))}</strong>
            {latest.reviewer
              ? t("byWhoWhen", { who: latest.reviewer, when: ago(latest.decidedAt, Date.now(), lang) })
              : t("byWhoWhen", { who: latest.requestedBy, when: ago(latest.requestedAt, Date.now(), lang) })}
            {latest.comment && <> — “{latest.comment}”</>}
            {review.outdated && t("draftSavedSince", { what: latest.status === "approved" ? t("approvalVoid") : t("askAgain") })}
          </>
        ) : (
          t("noReview")
        )}
      </p>
      {review.required && !review.mayPublish && review.reason && (
        <p className="error-text" data-testid="review-blocker">
          {t("publishingWaits", { reason: (review.reasonNotice && noticeText(lang, review.reasonNotice)) ?? review.reason })}
        </p>
      )}
      <label>
        {t("reviewCommentOptional")}
        <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={2} maxLength={2000} aria-label={t("reviewComment")} />
      </label>
      <div className="review-actions">
        <button type="button" onClick={() => void request()} disabled={busy || !state.draft.serviceId}>
          {t("askReview")}
        </button>
        {review.mayDecide && (
          <>
            {" "}
            <button type="button" onClick={() => void showDiff()} disabled={busy}>
              {t("showChanges")}
            </button>{" "}
            <button type="button" className="primary" onClick={() => void decide("approve")} disabled={busy}>
              {t("approve")}
            </button>{" "}
            <button type="button" onClick={() => void decide("request_changes")} disabled={busy || !comment.trim()} title={comment.trim() ? undefined : t("sayWhatChange")}>
              {t("requestChanges")}
            </button>
          </>
        )}
        {latest?.status === "requested" && !review.outdated && !review.mayDecide && (
          <p className="muted">{t("anotherApproves", { who: state.draft.updatedBy })}</p>
        )}
      </div>
      <NoticeAlert notice={error} t={t} />
      {diff && (
        <div className="review-diff" data-testid="review-diff">
          <p>{diff.against ? t("changesAgainst", { n: diff.against }) : t("allNew")}</p>
          {diff.changes.length === 0 ? (
            <p>{t("noDifferences")}</p>
          ) : (
            <ul className="changes">
              {diff.changes.map((c, i) => (
                <li key={i} className={`change-${c.kind}`}>
                  <span className="change-kind">{t(`change${c.kind[0].toUpperCase()}${c.kind.slice(1)}` as StudioKey)}</span> {c.text}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
