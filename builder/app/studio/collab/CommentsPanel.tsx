/**
 * Comments on steps: a thread per step (author, time, text, resolved). The selected step's thread is on top,
 * with a box to add to it; the others follow. Text is shown as typed (React escapes it; no markdown).
 */
import { useMemo, useState } from "react";
import { useStudio, type StudioStore } from "../editor/store";
import { ago } from "./time";
import type { CommentJson } from "./types";
import type { Collaboration } from "./useCollaboration";
import { useStudioT } from "../i18n/useStudioT";
import { errorNotice } from "./notices";
import { NoticeAlert } from "./NoticeAlert";

export const COMMENT_MAX = 2000;

export { CommentBadges } from "./CommentBadge";

export function openCommentCounts(comments: CommentJson[] | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of comments ?? []) if (!c.resolvedAt) counts[c.step] = (counts[c.step] ?? 0) + 1;
  return counts;
}

export function CommentsPanel({ store, collab }: { store: StudioStore; collab: Collaboration }) {
  const selection = useStudio(store, (s) => s.selection);
  const value = useStudio(store, (s) => s.loaded.value);
  const steps = useMemo(() => Object.keys((value as { steps?: Record<string, unknown> } | undefined)?.steps ?? {}), [value]);
  const [picked, setPicked] = useState<string>("");
  const step = picked && steps.includes(picked) ? picked : (selection[0] ?? steps[0] ?? "");
  const [text, setText] = useState("");
  const [error, setError] = useState<{ text: string; code?: string } | null>(null);
  const [showResolved, setShowResolved] = useState(false);
  const comments = collab.state?.comments ?? [];
  const threads = useMemo(() => {
    const by = new Map<string, CommentJson[]>();
    for (const c of comments) by.set(c.step, [...(by.get(c.step) ?? []), c]);
    return [...by.entries()].sort(([a], [b]) => (a === step ? -1 : b === step ? 1 : a.localeCompare(b)));
  }, [comments, step]);

  const add = async () => {
    setError(null);
    try {
      await collab.act({ intent: "comment", step, text });
      setText("");
    } catch (e) {
      setError(errorNotice(lang, e));
    }
  };
  const resolve = async (c: CommentJson) => {
    try {
      await collab.act({ intent: "resolve", commentId: c.id, resolved: !c.resolvedAt });
    } catch (e) {
      setError(errorNotice(lang, e));
    }
  };

  const open = comments.filter((c) => !c.resolvedAt).length;
  const { lang, t } = useStudioT();
  return (
    <div className="comments" data-testid="comments">
      <p role="status">{comments.length === 0 ? t("noComments") : t("commentsStatus", { n: open, resolved: comments.length - open })}</p>
      <form
        className="comment-form"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <label>
          {t("commentStep")}{" "}
          <select value={step} onChange={(e) => setPicked(e.target.value)} aria-label={t("stepToComment")}>
            {steps.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("comment")}
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={COMMENT_MAX} aria-label={t("newComment")} />
        </label>
        <button type="submit" disabled={!step || !text.trim()}>
          {t("addComment")}
        </button>
        <NoticeAlert notice={error} t={t} />
      </form>
      <label className="show-resolved">
        <input type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} /> {t("showResolved")}
      </label>
      {threads.map(([id, list]) => {
        const shown = list.filter((c) => showResolved || !c.resolvedAt);
        if (!shown.length) return null;
        return (
          <section key={id} className="comment-thread" data-thread={id} aria-label={t("commentsOn", { id })}>
            <h3>
              <button type="button" className="link" onClick={() => store.select([id])} title={t("selectOnCanvas")}>
                {id}
              </button>
            </h3>
            <ol>
              {shown.map((c) => (
                <li key={c.id} className={c.resolvedAt ? "resolved" : ""} data-comment={c.id}>
                  <div className="comment-meta">
                    <strong>{c.author}</strong> <time dateTime={c.createdAt}>{ago(c.createdAt, Date.now(), lang)}</time>
                    {c.resolvedAt && <span className="comment-resolved">{t("resolvedBy", { who: c.resolvedBy ?? "" })}</span>}
                  </div>
                  <p className="comment-text">{c.text}</p>
                  <button type="button" onClick={() => void resolve(c)}>
                    {c.resolvedAt ? t("reopen") : t("resolve")}
                  </button>
                </li>
              ))}
            </ol>
          </section>
        );
      })}
    </div>
  );
}
