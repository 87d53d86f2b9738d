/**
 * The studio's editor for one draft: palette, canvas, side panels (properties, form designer,
 * source, test run, scenarios, publish) and the problems list, all on one store of YAML text.
 * Loaded lazily by the draft's route, so React Flow and Monaco never reach citizens' pages.
 */
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { Suspense, lazy, memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { copySteps, deleteSteps, isClipboard, moveSteps, pasteSteps, type Clipboard } from "../model/commands";
import { autoLayout } from "../model/layout";
import { CommentBadges, CommentsPanel, openCommentCounts } from "../collab/CommentsPanel";
import { NewerVersionNotice, PresenceBar } from "../collab/Presence";
import { useCollaboration } from "../collab/useCollaboration";
import { Canvas } from "./Canvas";
import { FormDesigner } from "./FormDesigner";
import { Palette } from "./Palette";
import { ProblemsPanel } from "./ProblemsPanel";
import { PropertyPanel } from "./PropertyPanel";
import { PublishPanel } from "./PublishPanel";
import { ScenariosPanel } from "./ScenariosPanel";
import { setCsrfToken } from "./api";
import { StudioStore, useStudio } from "./store";
import { TestRun } from "./TestRun";
import type { DraftScenario, EditorProps } from "./types";
import { useAutosave, type SaveStatus } from "./useAutosave";
import { useStudioT } from "../i18n/useStudioT";

const SourceEditor = lazy(() => import("./SourceEditor"));
// The editor is drawn again when its save status or collaborators change: the canvas and the panels,
// which follow the store themselves, are not (on a large service each costs a frame).
const CanvasPart = memo(Canvas);
const PalettePart = memo(Palette);
const PropertyPart = memo(PropertyPanel);
const ProblemsPart = memo(ProblemsPanel);

const TABS = [
  { id: "properties", label: "tabProperties" },
  { id: "form", label: "tabForm" },
  { id: "source", label: "tabSource" },
  { id: "test", label: "tabTest" },
  { id: "scenarios", label: "tabScenarios" },
  { id: "comments", label: "tabComments" },
  { id: "publish", label: "tabPublish" },
] as const;
export type TabId = (typeof TABS)[number]["id"];

export default function Editor(props: EditorProps) {
  return (
    <ReactFlowProvider>
      <EditorInner {...props} />
    </ReactFlowProvider>
  );
}

function EditorInner({ draft, catalog, versions, csrf }: EditorProps) {
  setCsrfToken(csrf);
  // biome-ignore lint/correctness/useExhaustiveDependencies: one store per draft: a reloaded draft's new source and catalog must not reset the analyst's edits
  const store = useMemo(() => new StudioStore(draft.source, catalog), [draft.id]);
  // The validation worker goes with its store.
  useEffect(() => {
    store.resume();
    return () => store.dispose();
  }, [store]);
  const [scenarios, setScenarios] = useState<DraftScenario[]>(draft.scenarios);
  const [tab, setTab] = useState<TabId>("properties");
  const i18n = useStudioT();
  const [clipboard, setClipboard] = useState<Clipboard | null>(null);
  const autosave = useAutosave(store, draft.id, draft.version, scenarios, setScenarios);
  // Who else is here, their comments and reviews, and whether they saved a newer version.
  const collab = useCollaboration(draft.id, autosave.version);
  const latest = collab.state?.draft;
  const newer = latest && latest.version > autosave.version.current && latest.updatedBy !== collab.state?.me.name ? latest : undefined;
  const commentCounts = useMemo(() => openCommentCounts(collab.state?.comments), [collab.state?.comments]);
  const flow = useReactFlow();
  const editForm = useCallback(() => setTab("form"), []);
  const openSource = useCallback(() => setTab("source"), []);
  const canUndo = useStudio(store, (s) => s.canUndo);
  const canRedo = useStudio(store, (s) => s.canRedo);
  const selection = useStudio(store, (s) => s.selection);
  // Only the title: the whole editor is not drawn again on every edit of a large service.
  const title = useStudio(store, (s) => (s.loaded.value as { title?: Record<string, string> | string } | undefined)?.title);

  // A problem clicked or a step selected from the source: show it on the canvas.
  useEffect(() => {
    let last = store.getState().reveal;
    return store.subscribe(() => {
      const { reveal, selection: picked } = store.getState();
      if (reveal !== last && picked.length === 1) void flow.fitView({ nodes: [{ id: picked[0] }], duration: 300, maxZoom: 1.2 });
      last = reveal;
    });
  }, [store, flow]);

  const layout = useCallback(() => {
    const positions = autoLayout(store.getState().graph);
    store.edit(moveSteps(positions));
    setTimeout(() => void flow.fitView({ duration: 300 }), 50);
  }, [store, flow]);

  const copy = useCallback(() => {
    const ids = store.getState().selection;
    if (!ids.length) return;
    const clip = copySteps(store.getState().loaded.value, ids);
    setClipboard(clip);
    void navigator.clipboard?.writeText(JSON.stringify(clip)).catch(() => undefined);
  }, [store]);

  const paste = useCallback(
    (clip: Clipboard | null) => {
      if (!clip) return;
      const { ids, ops } = pasteSteps(store.getState().loaded.value, clip, { x: 60, y: 60 }, catalog);
      if (store.edit(ops)) store.select(ids);
    },
    [store, catalog],
  );

  const onKeyDown = (e: globalThis.KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (target.closest(".monaco-editor, input, textarea, select, [contenteditable=true], .panel-body")) return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (mod && key === "z" && !e.shiftKey) store.undo();
    else if (mod && ((key === "z" && e.shiftKey) || key === "y")) store.redo();
    else if (mod && key === "c") copy();
    else if (mod && key === "x") {
      copy();
      store.edit(deleteSteps(store.getState().selection));
    } else if (mod && key === "v") paste(clipboard);
    else if (mod && key === "d") {
      e.preventDefault();
      paste(copySteps(store.getState().loaded.value, store.getState().selection));
      return;
    } else if (mod && e.shiftKey && key === "l") layout();
    else if (!mod && key === "f") void flow.fitView({ duration: 300 });
    else return;
    e.preventDefault();
  };

  // Steps copied in another tab or window arrive through the system clipboard.
  const onPaste = (e: ClipboardEvent) => {
    if ((e.target as HTMLElement).closest?.(".monaco-editor, input, textarea")) return;
    try {
      const data = JSON.parse(e.clipboardData?.getData("text/plain") ?? "");
      if (isClipboard(data)) {
        e.preventDefault();
        paste(data);
      }
    } catch {
      /* not steps */
    }
  };

  // Shortcuts work wherever the focus is, except in text fields and the source editor.
  const handlers = useRef({ onKeyDown, onPaste });
  handlers.current = { onKeyDown, onPaste };
  useEffect(() => {
    const key = (e: globalThis.KeyboardEvent) => handlers.current.onKeyDown(e);
    const pasteEvent = (e: ClipboardEvent) => handlers.current.onPaste(e);
    window.addEventListener("keydown", key);
    window.addEventListener("paste", pasteEvent);
    return () => {
      window.removeEventListener("keydown", key);
      window.removeEventListener("paste", pasteEvent);
    };
  }, []);

  return (
    <div className={`editor ${tab === "source" ? "editor-wide-panel" : ""}`} data-testid="editor">
      <div className="toolbar" role="toolbar" aria-label={i18n.t("editorToolbar")}>
        <h1 className="editor-title">{typeof title === "string" ? title : (title?.[i18n.lang] ?? title?.uk ?? draft.title)}</h1>
        {autosave.status.state === "conflict" || newer ? (
          <NewerVersionNotice
            draftId={draft.id}
            theirs={autosave.status.state === "conflict" ? autosave.status.theirs : newer!}
            mine={() => store.getState().text}
            conflict={autosave.status.state === "conflict"}
            onLoadTheirs={() => void autosave.loadTheirs().then(() => collab.beat())}
            onOverwrite={autosave.overwrite}
          />
        ) : (
          <SaveIndicator status={autosave.status} onLoadTheirs={autosave.loadTheirs} onOverwrite={autosave.overwrite} />
        )}
        <PresenceBar state={collab.state} />
        <button type="button" onClick={() => store.undo()} disabled={!canUndo} title={i18n.t("undoTitle")}>
          {i18n.t("undo")}
        </button>
        <button type="button" onClick={() => store.redo()} disabled={!canRedo} title={i18n.t("redoTitle")}>
          {i18n.t("redo")}
        </button>
        <button type="button" onClick={layout} title={i18n.t("autoLayoutTitle")}>
          {i18n.t("autoLayout")}
        </button>
        <button type="button" onClick={() => void flow.fitView({ duration: 300 })} title={i18n.t("fitTitle")}>
          {i18n.t("fit")}
        </button>
        <button type="button" onClick={copy} disabled={!selection.length} title={i18n.t("copyTitle")}>
          {i18n.t("copy")}
        </button>
        <button type="button" onClick={() => paste(clipboard)} disabled={!clipboard} title={i18n.t("pasteTitle")}>
          {i18n.t("paste")}
        </button>
        <a className="button" href={`/studio/api/drafts/${draft.id}?format=yaml`} download>
          {i18n.t("exportYaml")}
        </a>
        <details className="shortcuts">
          <summary>{i18n.t("keys")}</summary>
          <dl>
            <dt>Ctrl+Z / Ctrl+Shift+Z</dt>
            <dd>{i18n.t("keysUndo")}</dd>
            <dt>Ctrl+C / Ctrl+X / Ctrl+V / Ctrl+D</dt>
            <dd>{i18n.t("keysCopy")}</dd>
            <dt>Delete</dt>
            <dd>{i18n.t("keysDelete")}</dd>
            <dt>Ctrl+Shift+L</dt>
            <dd>{i18n.t("keysLayout")}</dd>
            <dt>F</dt>
            <dd>{i18n.t("keysFit")}</dd>
          </dl>
        </details>
      </div>
      <PalettePart store={store} />
      <CanvasPart store={store} />
      <CommentBadges counts={commentCounts} />
      <section className="side-panel" aria-label={i18n.t("panels")}>
        <div role="tablist" className="tabs" aria-label={i18n.t("panels")}>
          {TABS.map((t) => (
            <button key={t.id} role="tab" type="button" id={`tab-${t.id}`} aria-selected={tab === t.id} aria-controls={`panel-${t.id}`} onClick={() => setTab(t.id)}>
              {i18n.t(t.label)}
            </button>
          ))}
        </div>
        <div className="panel-body" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
          {tab === "properties" && <PropertyPart store={store} onEditForm={editForm} />}
          {tab === "form" && <FormDesigner store={store} />}
          {tab === "source" && (
            <Suspense fallback={<p className="panel-note">{i18n.t("loadingSource")}</p>}>
              <SourceEditor store={store} draftId={draft.id} />
            </Suspense>
          )}
          {tab === "test" && <TestRun store={store} draftId={draft.id} scenarios={scenarios} onSaveScenario={(s) => setScenarios((list) => [...list.filter((x) => x.name !== s.name), s])} />}
          {tab === "scenarios" && <ScenariosPanel store={store} scenarios={scenarios} onChange={setScenarios} />}
          {tab === "comments" && <CommentsPanel store={store} collab={collab} />}
          {tab === "publish" && <PublishPanel store={store} draftId={draft.id} serviceVersions={versions} flush={autosave.flush} adopt={autosave.adopt} collab={collab} />}
        </div>
      </section>
      <ProblemsPart store={store} onOpenSource={openSource} />
    </div>
  );
}

function SaveIndicator({ status, onLoadTheirs, onOverwrite }: { status: SaveStatus; onLoadTheirs: () => void; onOverwrite: () => void }) {
  const { t } = useStudioT();
  if (status.state === "conflict") {
    return (
      <div className="conflict" role="alert" data-testid="conflict">
        <strong>{status.theirs.updatedBy}</strong>
        {t("conflictSaved", { version: status.theirs.version })}{" "}
        <button type="button" onClick={onLoadTheirs}>
          {t("loadTheirs")}
        </button>{" "}
        <button type="button" onClick={onOverwrite}>
          {t("keepMine")}
        </button>
      </div>
    );
  }
  const text =
    status.state === "saved"
      ? t("savedV", { version: status.version })
      : status.state === "saving"
        ? t("saving")
        : status.state === "dirty"
          ? t("unsaved")
          : t("notSaved", { message: "message" in status ? status.message : "" });
  return (
    <span className={`save-status save-${status.state}`} role="status" data-testid="save-status">
      {text}
    </span>
  );
}
