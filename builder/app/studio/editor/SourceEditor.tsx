/**
 * The source view: Monaco with the definition's YAML. Typing updates the store (and so the canvas)
 * after a short pause; edits made elsewhere arrive as minimal text edits, so Monaco's own undo and
 * the analyst's cursor survive. The validator's issues are markers; the cursor selects its step.
 */
import { useEffect, useRef } from "react";
import type { Issue } from "../../../../engine";
import { modelUri, setUpMonaco } from "./monaco-setup";
import type { StudioStore } from "./store";
import { analystProblem } from "../i18n/problems";
import { useStudioT } from "../i18n/useStudioT";

const TYPING_PAUSE_MS = 300;

export default function SourceEditor({ store, draftId }: { store: StudioStore; draftId: string }) {
  const host = useRef<HTMLDivElement>(null);
  const { lang, t } = useStudioT();
  const i18n = useRef({ lang, label: t("sourceLabel") });
  useEffect(() => {
    const monaco = setUpMonaco();
    const uri = modelUri(draftId);
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(store.getState().text, "yaml", uri);
    if (model.getValue() !== store.getState().text) model.setValue(store.getState().text);
    const editor = monaco.editor.create(host.current!, {
      model,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      insertSpaces: true,
      wordWrap: "off",
      scrollBeyondLastLine: false,
      ariaLabel: i18n.current.label,
      quickSuggestions: { other: true, comments: false, strings: true },
    });
    let applying = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      if (model.getValue() !== store.getState().text) store.setText(model.getValue(), "source");
    };
    const onType = model.onDidChangeContent(() => {
      if (applying) return;
      clearTimeout(timer);
      timer = setTimeout(flush, TYPING_PAUSE_MS);
    });
    const onBlur = editor.onDidBlurEditorText(flush);

    const setMarkers = (issues: Issue[]) =>
      monaco.editor.setModelMarkers(
        model,
        "civic-flow",
        issues.map((i) => ({
          severity: i.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
          message: ((p) => `${p.message}${p.hint ? ` (${p.hint})` : ""} [${i.code}]`)(analystProblem(i, store.getState().loaded.value, i18n.current.lang)),
          startLineNumber: Math.max(1, i.line),
          startColumn: Math.max(1, i.column),
          endLineNumber: Math.max(1, i.line),
          endColumn: model.getLineMaxColumn(Math.min(model.getLineCount(), Math.max(1, i.line))),
        })),
      );

    let last = store.getState();
    setMarkers(last.issues);
    const unsubscribe = store.subscribe(() => {
      const state = store.getState();
      if (state.text !== last.text && state.origin !== "source" && state.text !== model.getValue()) {
        // Another part of the studio changed the text: apply just the changed span.
        clearTimeout(timer);
        applying = true;
        const edit = minimalEdit(model.getValue(), state.text);
        const start = model.getPositionAt(edit.start);
        const end = model.getPositionAt(edit.end);
        model.pushEditOperations([], [{ range: new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column), text: edit.text }], () => null);
        applying = false;
      }
      if (state.issues !== last.issues) setMarkers(state.issues);
      if (state.reveal && state.reveal !== last.reveal) {
        editor.revealLineInCenter(state.reveal.line);
        editor.setPosition({ lineNumber: state.reveal.line, column: Math.max(1, state.reveal.column) });
        editor.focus();
      }
      last = state;
    });

    // The cursor's step becomes the selection, so the canvas and the property panel follow the text.
    const onCursor = editor.onDidChangeCursorPosition((e: { position: { lineNumber: number } }) => {
      if (!editor.hasTextFocus()) return;
      const step = stepAtLine(model.getValue(), e.position.lineNumber);
      if (step && store.getState().graph.steps.some((s) => s.id === step)) store.select([step]);
    });

    // Reveal the selected step when the view opens.
    const reveal = store.getState().reveal;
    if (reveal) editor.revealLineInCenter(reveal.line);

    return () => {
      flush();
      unsubscribe();
      onType.dispose();
      onBlur.dispose();
      onCursor.dispose();
      editor.dispose();
    };
  }, [store, draftId]);

  return <div className="source-editor" ref={host} data-testid="source-editor" />;
}

export function minimalEdit(before: string, after: string): { start: number; end: number; text: string } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  return { start, end: endBefore, text: after.slice(start, endAfter) };
}

/** The step whose block holds a line: the nearest "  id:" line above it under `steps:`. */
function stepAtLine(text: string, line: number): string | undefined {
  const lines = text.split("\n");
  let inSteps = false;
  let current: string | undefined;
  for (let i = 0; i < Math.min(line, lines.length); i++) {
    const l = lines[i];
    if (/^steps:/.test(l)) {
      inSteps = true;
      continue;
    }
    if (/^\S/.test(l) && !l.startsWith("#")) inSteps = false;
    const m = inSteps ? /^ {2}([a-zA-Z][a-zA-Z0-9_]*):/.exec(l) : null;
    if (m) current = m[1];
  }
  return inSteps ? current : undefined;
}
