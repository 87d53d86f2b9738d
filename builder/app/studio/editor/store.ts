/**
 * The editor's one source of truth: the YAML text. The canvas, the property panel, the form designer
 * and Monaco all read what the engine makes of the text and change it through surgical edits, so
 * there is never a "canvas state" that the file does not say. Undo/redo is a history of texts.
 */
import { useSyncExternalStore } from "react";
import { loadDefinition, parseSource, SourceMap, type Catalog, type Issue, type LoadedDefinition, type ServiceDefinition } from "../../../../engine";
import { buildGraph, type GraphCache, type GraphView } from "../model/graph";
import { applyToValue } from "../model/value-edit";
import { deepEqual, type EditOp } from "../model/yaml-edit";
import { applyEditsScoped } from "../model/yaml-scoped";
import { Validator, type ValidationResult } from "./validation";
import { answeredValue } from "./validation-protocol";

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
  /** The validation worker is checking the current text; issues are the previous text's until it answers. */
  validating: boolean;
  /** Milliseconds the last surgical edit of the text took (0 for typed text). */
  applyMs: number;
}

const HISTORY_LIMIT = 200;

/** A text with its parsed value when known (undo and redo then need no parse). */
type Version = { text: string; value?: unknown };

/** The text can be edited on the canvas: the yaml package reads it without errors. */
const editable = (value: unknown, issues: readonly Issue[]) =>
  value !== undefined && !issues.some((i) => i.code === "yaml.syntax" || i.code === "yaml.duplicate-key" || i.code === "step.duplicate-id");

export class StudioStore {
  private state: StudioState;
  private listeners = new Set<() => void>();
  private past: Version[] = [];
  private future: Version[] = [];
  private cache: GraphCache = new Map();
  /** Validation in a web worker, in browsers; elsewhere it runs in line. */
  private validator?: Validator;
  /** The worker's reading of the text it answered last (its next answer sends only what changed). */
  private answered: unknown;
  /** What waits for the current text's problems (whenChecked). */
  private waiting: (() => void)[] = [];

  constructor(
    text: string,
    readonly catalog: Catalog,
    readonly language = "uk",
    options: { worker?: boolean } = {},
  ) {
    // In browsers the worker starts when the editor mounts (resume), so a store React makes twice
    // (strict mode) does not start two; the first drawing does not wait for validation.
    this.useWorker = options.worker !== false && typeof window !== "undefined" && typeof Worker !== "undefined";
    const derived = this.useWorker ? this.deriveFast(text, undefined, undefined) : this.derive(text, undefined);
    this.state = { ...derived, text, revision: 0, origin: "init", selection: [], canUndo: false, canRedo: false, lit: [], applyMs: 0 };
  }
  private readonly useWorker: boolean;

  /** Stops the validation worker (the editor closed). */
  dispose() {
    this.validator?.dispose();
    this.validator = undefined;
  }

  /** Starts the validation worker (the editor mounted; again after dispose: strict mode mounts twice). */
  resume() {
    if (this.validator || !this.useWorker) return;
    this.answered = undefined;
    this.validator = Validator.create(
      this.catalog,
      (result, stale) => this.validated(result, stale),
      () => this.workerFailed(),
    );
    if (this.validator) {
      if (!this.state.validating) this.set({ validating: true });
      this.validator.check(this.state.revision, this.state.text);
    } else this.set({ ...this.derive(this.state.text, this.state) });
  }

  getState = () => this.state;
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  private set(patch: Partial<StudioState>) {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
    if (!this.state.validating && this.waiting.length) {
      const waiting = this.waiting;
      this.waiting = [];
      for (const run of waiting) run();
    }
  }

  /**
   * Runs `then` once the problems of the current text are shown (at once when they are): what an
   * edit leads to next (selecting a new step, whose panels take a while on a large service) does not
   * hold back the edit's own result.
   */
  whenChecked(then: () => void) {
    if (this.state.validating) this.waiting.push(then);
    else then();
  }

  /** Parse and validation in line (no worker: tests, or the worker failed). */
  private derive(text: string, previous: StudioState | undefined) {
    const started = performance.now();
    const loaded = loadDefinition(text, { catalog: this.catalog });
    // Surgical edits need a document the yaml package reads without errors.
    const parses = editable(loaded.value, loaded.issues);
    const graph = parses || !previous ? buildGraph(loaded.value, loaded.issues, this.catalog, this.language, this.cache) : previous.graph;
    return { loaded, parses, graph, issues: loaded.issues, validationMs: performance.now() - started, validating: false };
  }

  /**
   * What the canvas needs at once, without validation: the value (from the edit itself, or a parse),
   * the previous text's issues kept until the worker answers.
   */
  private deriveFast(text: string, previous: StudioState | undefined, knownValue: unknown) {
    let value = knownValue;
    let parseIssues: Issue[] = [];
    let sourceMap = previous?.loaded.sourceMap ?? SourceMap.empty();
    if (value === undefined) {
      const parsed = parseSource(text);
      value = parsed.value;
      parseIssues = parsed.issues;
      sourceMap = parsed.sourceMap;
    }
    const parses = editable(value, parseIssues);
    // A text that does not parse shows its syntax problems now; otherwise the last check's problems stay until the next.
    const issues = parseIssues.length ? parseIssues : (previous?.issues ?? []);
    const loaded: LoadedDefinition = { value, issues, sourceMap, definition: previous?.loaded.definition };
    const graph = parses || !previous ? buildGraph(value, issues, this.catalog, this.language, this.cache) : previous.graph;
    return { loaded, parses, graph, issues, validationMs: previous?.validationMs ?? 0, validating: true };
  }

  /** The worker's answer for a text: the issues, and its parse of the text (which the canvas's value must match). */
  private validated(result: ValidationResult, stale: boolean) {
    const read = answeredValue(this.answered, result);
    this.answered = read;
    if (stale || result.id !== this.state.revision) return;
    const current = this.state.loaded.value;
    // Untouched steps are the same objects on both sides (the value is edited like the text), so this is quick.
    const value = deepEqual(current, read) ? current : read;
    this.answered = value;
    const parses = editable(value, result.issues);
    const graph = parses ? sameGraph(this.state.graph, buildGraph(value, result.issues, this.catalog, this.language, this.cache)) : this.state.graph;
    const loaded: LoadedDefinition = { value, issues: result.issues, sourceMap: this.state.loaded.sourceMap, definition: result.valid ? (value as ServiceDefinition) : undefined };
    const steps = new Set(graph.steps.map((s) => s.id));
    this.set({ loaded, parses, graph, issues: result.issues, validationMs: result.ms, validating: false, selection: this.state.selection.filter((id) => steps.has(id)) });
  }

  private workerFailed() {
    this.validator?.dispose();
    this.validator = undefined;
    this.set({ ...this.derive(this.state.text, this.state) });
  }

  private commit(text: string, origin: Origin, recordHistory: boolean, applyMs = 0, value?: unknown) {
    if (text === this.state.text) return;
    if (recordHistory) {
      this.past.push(this.version());
      if (this.past.length > HISTORY_LIMIT) this.past.shift();
      this.future = [];
    }
    const derived = this.validator ? this.deriveFast(text, this.state, value) : this.derive(text, this.state);
    const steps = new Set(derived.graph.steps.map((s) => s.id));
    const revision = this.state.revision + 1;
    this.set({
      ...derived,
      text,
      origin,
      revision,
      selection: this.state.selection.filter((id) => steps.has(id)),
      canUndo: this.past.length > 0,
      canRedo: this.future.length > 0,
      applyMs,
    });
    this.validator?.check(revision, text);
  }

  private version(): Version {
    return { text: this.state.text, value: this.state.parses ? this.state.loaded.value : undefined };
  }

  /** The source view typed something (already debounced by the caller). */
  setText(text: string, origin: Origin = "source") {
    this.commit(text, origin, true);
  }

  /** Applies edits from the canvas or a panel. Returns false when the source does not parse. */
  edit(ops: EditOp[], origin: Origin = "canvas"): boolean {
    if (ops.length === 0) return true;
    if (!this.state.parses) return false;
    const started = performance.now();
    // Large services: only the touched step is parsed, and the canvas's value is edited like the text.
    const { text } = applyEditsScoped(this.state.text, ops);
    const value = this.validator ? applyToValue(this.state.loaded.value, ops) : undefined;
    this.commit(text, origin, true, performance.now() - started, value);
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
    this.future.push(this.version());
    this.commit(previous.text, "history", false, 0, previous.value);
  }

  redo() {
    const next = this.future.pop();
    if (next === undefined) return;
    this.past.push(this.version());
    this.commit(next.text, "history", false, 0, next.value);
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

/** The previous graph when nothing the canvas draws changed (then the canvas is not drawn again). */
function sameGraph(previous: GraphView, next: GraphView): GraphView {
  const sameEdge = (a: GraphView["edges"][number], b: GraphView["edges"][number]) =>
    a.id === b.id && a.target === b.target && a.label === b.label && a.issues.length === b.issues.length && a.issues.every((x, i) => x.severity === b.issues[i].severity);
  const same =
    previous.steps.length === next.steps.length &&
    previous.steps.every((view, i) => view === next.steps[i]) &&
    previous.edges.length === next.edges.length &&
    previous.edges.every((edge, i) => sameEdge(edge, next.edges[i])) &&
    previous.serviceIssues.length === next.serviceIssues.length &&
    previous.serviceIssues.every((x, i) => x.code === next.serviceIssues[i].code && x.message === next.serviceIssues[i].message && x.severity === next.serviceIssues[i].severity);
  return same ? previous : next;
}

export function useStudio<T>(store: StudioStore, select: (state: StudioState) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.getState()), () => select(store.getState()));
}
