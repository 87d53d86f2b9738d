/**
 * Saves the draft to the server shortly after every change, with the version it was based on. When
 * another analyst saved in between the server answers 409 and the editor shows a conflict: load
 * their version, or keep this one and overwrite theirs. Nothing is overwritten silently.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { DraftApiError, loadDraft, saveDraft } from "./api";
import type { StudioStore } from "./store";
import type { DraftScenario } from "./types";

export type SaveStatus =
  | { state: "saved" | "saving" | "dirty"; version: number }
  | { state: "error"; version: number; message: string }
  | { state: "conflict"; version: number; theirs: { version: number; updatedBy: string; updatedAt?: string } };

const PAUSE_MS = 700;

export function useAutosave(store: StudioStore, draftId: string, initialVersion: number, scenarios: DraftScenario[], setScenarios: (s: DraftScenario[]) => void) {
  const [status, setStatus] = useState<SaveStatus>({ state: "saved", version: initialVersion });
  const version = useRef(initialVersion);
  const saved = useRef({ text: store.getState().text, scenarios: JSON.stringify(scenarios) });
  const latestScenarios = useRef(scenarios);
  latestScenarios.current = scenarios;
  const inFlight = useRef<Promise<void> | null>(null);
  const conflict = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();

  const dirty = useCallback(() => store.getState().text !== saved.current.text || JSON.stringify(latestScenarios.current) !== saved.current.scenarios, [store]);

  const save = useCallback(async (): Promise<void> => {
    if (inFlight.current) await inFlight.current;
    if (conflict.current || !dirty()) return;
    const text = store.getState().text;
    const scenarioList = latestScenarios.current;
    setStatus({ state: "saving", version: version.current });
    const run = (async () => {
      try {
        const { draft } = await saveDraft(draftId, text, scenarioList, version.current);
        version.current = draft.version;
        saved.current = { text, scenarios: JSON.stringify(scenarioList) };
        setStatus({ state: dirty() ? "dirty" : "saved", version: draft.version });
      } catch (error) {
        if (error instanceof DraftApiError && error.status === 409) {
          conflict.current = true;
          const current = (error.error.details?.current ?? {}) as { version: number; updatedBy: string; updatedAt?: string };
          setStatus({ state: "conflict", version: version.current, theirs: current });
        } else setStatus({ state: "error", version: version.current, message: (error as Error).message });
      }
    })();
    inFlight.current = run;
    await run;
    inFlight.current = null;
  }, [draftId, store, dirty]);

  const schedule = useCallback(() => {
    clearTimeout(timer.current);
    if (conflict.current) return;
    if (dirty()) setStatus((s) => (s.state === "saving" ? s : { state: "dirty", version: version.current }));
    timer.current = setTimeout(() => void save(), PAUSE_MS);
  }, [save, dirty]);

  useEffect(() => store.subscribe(() => {
    if (store.getState().text !== saved.current.text) schedule();
  }), [store, schedule]);
  useEffect(() => {
    if (JSON.stringify(scenarios) !== saved.current.scenarios) schedule();
  }, [scenarios, schedule]);

  // Leaving the page with unsaved work: save now (and let the browser warn if that is not possible).
  useEffect(() => {
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (dirty()) {
        void save();
        e.preventDefault();
      }
    };
    window.addEventListener("beforeunload", beforeUnload);
    return () => window.removeEventListener("beforeunload", beforeUnload);
  }, [save, dirty]);

  /** Saves whatever is pending now; returns the saved version. */
  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    await save();
    return version.current;
  }, [save]);

  const loadTheirs = useCallback(async () => {
    const theirs = await loadDraft(draftId);
    conflict.current = false;
    version.current = theirs.version;
    saved.current = { text: theirs.source, scenarios: JSON.stringify(theirs.scenarios) };
    store.replace(theirs.source);
    setScenarios(theirs.scenarios);
    setStatus({ state: "saved", version: theirs.version });
  }, [draftId, store, setScenarios]);

  const overwrite = useCallback(async () => {
    if (status.state !== "conflict") return;
    conflict.current = false;
    version.current = status.theirs.version;
    await save();
  }, [status, save]);

  /** The server moved the draft to `next` itself (publishing records the version it became). */
  const adopt = useCallback((next: number) => {
    version.current = next;
    setStatus((s) => (s.state === "saved" ? { state: "saved", version: next } : { ...s, version: next }));
  }, []);

  return { status, flush, loadTheirs, overwrite, adopt, version };
}
