/**
 * The editor's link to the others: a heartbeat every 15 s (the server counts an analyst present for 45 s after
 * one) that also brings the comments, the review, the service's setting and the draft's latest version. Leaving
 * the page says goodbye, so the others see it at once.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { getCollab, postCollab } from "./api";
import type { CollabStateJson } from "./types";

export const HEARTBEAT_MS = 15_000;

export function useCollaboration(draftId: string, version: { current: number }) {
  const [state, setState] = useState<CollabStateJson | null>(null);
  const [error, setError] = useState<string | null>(null);

  const beat = useCallback(async () => {
    try {
      setState(await postCollab(draftId, { intent: "heartbeat", version: version.current }));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [draftId, version]);

  useEffect(() => {
    void beat();
    const timer = setInterval(() => void beat(), HEARTBEAT_MS);
    const leave = () => void postCollab(draftId, { intent: "leave" }, true).catch(() => undefined);
    // Back in a tab the browser throttled: who is here now, at once rather than at the next beat.
    const back = () => {
      if (document.visibilityState === "visible") void beat();
    };
    window.addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", back);
    return () => {
      clearInterval(timer);
      window.removeEventListener("pagehide", leave);
      document.removeEventListener("visibilitychange", back);
      leave();
    };
  }, [beat, draftId]);

  const busy = useRef(false);
  /** Sends an action (comment, review…); the answer is the new state. Throws the server's message. */
  const act = useCallback(
    async (body: Record<string, unknown>) => {
      busy.current = true;
      try {
        const next = await postCollab(draftId, body);
        setState(next);
        return next;
      } finally {
        busy.current = false;
      }
    },
    [draftId],
  );

  const refresh = useCallback(async (withDiff = false) => {
    const next = await getCollab(draftId, withDiff);
    setState(next);
    return next;
  }, [draftId]);

  return { state, error, act, refresh, beat };
}

export type Collaboration = ReturnType<typeof useCollaboration>;
