/**
 * The badge on a step's node: its open comments ("💬 2", read out as "2 comments" / "2 коментарі"). The editor
 * publishes the counts here (CommentBadges); each node reads only its own count, so a new comment re-renders the
 * node it is on and no other (the canvas's nodes are memoised for large services).
 */
import { useEffect, useSyncExternalStore } from "react";
import { useStudioT } from "../i18n/useStudioT";

let counts: Record<string, number> = {};
const listeners = new Set<() => void>();

/** Hands new counts to the badges (exported for the tests; the editor uses CommentBadges). */
export function publishCommentCounts(next: Record<string, number>) {
  counts = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** The open comments on a step (0 when none, or when no editor published counts). */
export function useCommentCount(stepId: string): number {
  const read = () => counts[stepId] ?? 0;
  // The server never has counts (they are published from an effect), so the same reader serves both.
  return useSyncExternalStore(subscribe, read, read);
}

/** Rendered once by the editor: hands the counts to the nodes' badges. */
export function CommentBadges({ counts: next }: { counts: Record<string, number> }) {
  useEffect(() => {
    publishCommentCounts(next);
    return () => publishCommentCounts({});
  }, [next]);
  return null;
}

/** On the node: nothing without open comments; else the count, with its plural form as the accessible name. */
export function CommentBadge({ stepId }: { stepId: string }) {
  const n = useCommentCount(stepId);
  const { t } = useStudioT();
  if (!n) return null;
  const label = t("commentBadge", { n });
  return (
    <span className="badge badge-comments" role="img" aria-label={label} title={label} data-testid="comment-badge">
      💬 {n}
    </span>
  );
}
