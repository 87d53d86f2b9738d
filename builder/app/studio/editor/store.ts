/**
 * The editor's one source of truth: the YAML text. The canvas, the property panel, the form designer
 * and Monaco all read what the engine makes of the text and change it through surgical edits, so
 * there is never a "canvas state" that the file does not say. Undo/redo is a history of texts.
 */
import { useSyncExternalStore } from "react";
import { loadDefinition, type Catalog, type Issue, type LoadedDefinition } from "../../../../engine";
import { buildGraph, type GraphView } from "../model/graph";
import type { Document } from "yaml";
import { applyEdits, parseForEdits, type EditOp } from "../model/yaml-edit";

export type Origin = "init" | "source" | "canvas" | "panel" | "history" | "remote";

export interface StudioState {
  text: string;
  /** Increments on every text change. */
  revision: number;
  origin: Origin;
  loaded: LoadedDefinition;
  /** The YAML parses: the canvas can be edited. Otherwise it shows the last good picture, read-only. */
  parses: boolean;
  graph: GraphView;
  issues: Issue[];
  selection: string[];
  canUndo: boolean;
  canRedo: boolean;
  /** A line the source view should reveal (problems panel click). */
  reveal?: { line: number; column: number; nonce: number };
  /** Steps lit by a test run, in order. */
  lit: string[];
  /** Milliseconds the last parse + validation took. */
  validationMs: number;
  /** Milliseconds the last surgical edit of the text took (0 for typed text). */
  applyMs: number;
}

const HISTORY_LIMIT = 200;

export class StudioStore {
  private state: StudioState;
  private listeners = new Set<() => void>();
  private past: string[] = [];
  /** The current text parsed for the next edit while the browser is idle (large services parse slowly). */
  private prepared?: { text: string; doc: Document };
  private preparing?: number;
  private future: string[] = [];

  constructor(
    text: string,
    readonly catalog: Catalog,
    readonly language = "uk",
  ) {
    this.state = { ...this.derive(text, undefined), text, revision: 0, origin: "init", selection: [], canUndo: false, canRedo: false, lit: [], applyMs: 0 };
  }

  getState = () => this.state;
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  private set(patch: Partial<StudioState>) {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  private derive(text: string, previous: StudioState | undefined) {
    const started = performance.now();
    const loaded = loadDefinition(text, { catalog: this.catalog });
    // Surgical edits need a document the yaml package reads without errors.
    const parses = loaded.value !== undefined && !loaded.issues.some((i) => i.code === "yaml.syntax" || i.code === "yaml.duplicate-key" || i.code === "step.duplicate-id");
    const graph = parses || !previous ? buildGraph(loaded.value, loaded.issues, this.catalog, this.language) : previous.graph;
    return { loaded, parses, graph, issues: loaded.issues, validationMs: performance.now() - started };
  }

  private commit(text: string, origin: Origin, recordHistory: boolean, applyMs = 0) {
    if (text === this.state.text) return;
    if (recordHistory) {
      this.past.push(this.state.text);
      if (this.past.length > HISTORY_LIMIT) this.past.shift();
      this.future = [];
    }
    const derived = this.derive(text, this.state);
    const steps = derived.graph.steps.map((s) => s.id);
    this.set({
      ...derived,
      text,
      origin,
      revision: this.state.revision + 1,
      selection: this.state.selection.filter((id) => steps.includes(id)),
      canUndo: this.past.length > 0,
      canRedo: this.future.length > 0,
      applyMs,
    });
    this.prepareNextEdit();
  }

  private prepareNextEdit() {
    if (typeof window === "undefined" || !this.state.parses) return;
    const idle = (window as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number }).requestIdleCallback;
    const run = () => {
      const text = this.state.text;
      if (this.prepared?.text === text || !this.state.parses) return;
      try {
        this.prepared = { text, doc: parseForEdits(text) };
      } catch {
        this.prepared = undefined;
      }
    };
    if (this.preparing !== undefined) (window.cancelIdleCallback ?? clearTimeout)(this.preparing);
    this.preparing = idle ? idle(run, { timeout: 1000 }) : (setTimeout(run, 50) as unknown as number);
  }

  /** The source view typed something (already debounced by the caller). */
  setText(text: string, origin: Origin = "source") {
    this.commit(text, origin, true);
  }

  /** Applies edits from the canvas or a panel. Returns false when the source does not parse. */
  edit(ops: EditOp[], origin: Origin = "canvas"): boolean {
    if (ops.length === 0) return true;
    if (!this.state.parses) return false;
    const parsed = this.prepared?.text === this.state.text ? this.prepared.doc : undefined;
    const started = performance.now();
    const text = applyEdits(this.state.text, ops, parsed);
    this.commit(text, origin, true, performance.now() - started);
    return true;
  }

  /** Replaces the text without history (another analyst's version was loaded). */
  replace(text: string) {
    this.past = [];
    this.future = [];
    this.commit(text, "remote", false);
  }

  undo() {
    const previous = this.past.pop();
    if (previous === undefined) return;
    this.future.push(this.state.text);
    this.commit(previous, "history", false);
  }

  redo() {
    const next = this.future.pop();
    if (next === undefined) return;
    this.past.push(this.state.text);
    this.commit(next, "history", false);
  }

  select(ids: string[]) {
    const same = ids.length === this.state.selection.length && ids.every((id, i) => id === this.state.selection[i]);
    if (!same) this.set({ selection: ids });
  }

  revealLine(line: number, column: number) {
    this.set({ reveal: { line, column, nonce: (this.state.reveal?.nonce ?? 0) + 1 } });
  }

  light(steps: string[]) {
    this.set({ lit: steps });
  }
}

export function useStudio<T>(store: StudioStore, select: (state: StudioState) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.getState()), () => select(store.getState()));
}
