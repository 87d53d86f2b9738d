/**
 * A review before publishing, in the Publish panel: the service owner's setting (admins), asking for a review,
 * and for another analyst the version diff (the draft against the published version) with Approve / Request
 * changes. An approval holds for the version it saw; a later save voids it and the panel says so.
 */
import { useState } from "react";
import type { Change } from "../model/semantic-diff";
import { ago } from "./time";
import type { Collaboration } from "./useCollaboration";

const STATUS_TEXT: Record<string, string> = {
  requested: "review requested",
  approved: "approved",
  changes_requested: "changes requested",
  withdrawn: "withdrawn",
};

export function ReviewSection({ collab, flush }: { collab: Collaboration; flush: () => Promise<number> }) {
  const state = collab.state;
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [diff, setDiff] = useState<{ against: number | null; changes: Change[] } | null>(null);
  if (!state) return null;
  const { review, settings, me } = state;
  const latest = review.latest;

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError((e as Error).message);
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
    <section className="review" data-testid="review" aria-label="Review before publishing">
      <h3>Review</h3>
      <label className="require-review" title={me.admin ? undefined : "Only the service owner (an admin) changes this"}>
        <input
          type="checkbox"
          checked={settings.requireReview}
          disabled={!me.admin || busy || !state.draft.serviceId}
          onChange={(e) => void run(() => collab.act({ intent: "require-review", value: e.target.checked }))}
        />{" "}
        Require a review before publishing
        {settings.updatedBy && <span className="muted"> (set by {settings.updatedBy})</span>}
      </label>
      <p data-testid="review-status">
        {latest ? (
          <>
            Version {latest.draftVersion}: <strong>{STATUS_TEXT[latest.status]}</strong>
            {latest.reviewer ? ` by ${latest.reviewer} ${ago(latest.decidedAt)}` : ` by ${latest.requestedBy} ${ago(latest.requestedAt)}`}
            {latest.comment && <> — “{latest.comment}”</>}
            {review.outdated && <> (the draft was saved since: {latest.status === "approved" ? "the approval is void" : "ask again"})</>}
          </>
        ) : (
          "No review requested."
        )}
      </p>
      {review.required && !review.mayPublish && review.reason && (
        <p className="error-text" data-testid="review-blocker">
          Publishing waits: {review.reason}.
        </p>
      )}
      <label>
        Comment (optional when approving)
        <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={2} maxLength={2000} aria-label="Review comment" />
      </label>
      <div className="review-actions">
        <button type="button" onClick={() => void request()} disabled={busy || !state.draft.serviceId}>
          Ask for a review
        </button>
        {review.mayDecide && (
          <>
            {" "}
            <button type="button" onClick={() => void showDiff()} disabled={busy}>
              Show the changes
            </button>{" "}
            <button type="button" className="primary" onClick={() => void decide("approve")} disabled={busy}>
              Approve
            </button>{" "}
            <button type="button" onClick={() => void decide("request_changes")} disabled={busy || !comment.trim()} title={comment.trim() ? undefined : "Say what should change"}>
              Request changes
            </button>
          </>
        )}
        {latest?.status === "requested" && !review.outdated && !review.mayDecide && (
          <p className="muted">Another analyst (not {state.draft.updatedBy}, who made the latest changes) approves this version.</p>
        )}
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {diff && (
        <div className="review-diff" data-testid="review-diff">
          <p>{diff.against ? `Changes against the published version ${diff.against}:` : "Not published yet: everything is new."}</p>
          {diff.changes.length === 0 ? (
            <p>No differences.</p>
          ) : (
            <ul className="changes">
              {diff.changes.map((c, i) => (
                <li key={i} className={`change-${c.kind}`}>
                  <span className="change-kind">{c.kind}</span> {c.text}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
