/**
 * loadDefinition for a text that is edited again and again (the studio's validation worker). Parsing
 * the YAML of a 1,000-step service takes most of a check (the rules themselves are quick), so the text
 * is cut into pieces — each top-level key, and each step with the `steps:` line before it — and each
 * piece is parsed on its own and remembered by its text: an edit parses again only the pieces it
 * changed. The pieces' values make up the value, their positions are moved to where the pieces stand
 * in the text, and the whole value is validated as loadDefinition validates it.
 *
 * Whatever is unusual — flow style or comments where a piece begins, aliases, directives, tabs in
 * indentation, Windows line ends, a piece with any parse problem, keys that YAML reads otherwise than
 * written — is parsed whole instead, so the answer is always exactly loadDefinition's
 * (incremental.test.ts compares the two over random edits).
 *
 * The rules are run as validateDefinition runs them, except the costliest, the expressions' type
 * check: a step's expressions are checked again only when the step changed or an answer its check
 * asked for did (a name known at the step or not, what a name holds, which names exist); otherwise
 * its previous reports are replayed, placed where the step now stands.
 */
import type { ServiceDefinition, Step } from "../definition/schema";
import { reachableFrom, successors } from "../graph/edges";
import type { Issue } from "../issues";
import { parseSource } from "../parse/parse";
import { SourceMap, type Position } from "../parse/source-map";
import { stepResultSchema, type Catalog } from "./catalog";
import { createReporter, type RuleContext } from "./rule";
import { checkStepExpressions, expressions, expressionScope, type ExpressionScope } from "./rules/expressions";
import { checkSchema } from "./rules/schema";
import { checkStructure } from "./rules/structure";
import { loadDefinition, rules, validateDefinition, type LoadedDefinition } from "./validate";

/** A key as written at the start of a line: plain, or quoted without escapes. */
const KEY = /^(?:"([^"\\]*)"|'([^']*)'|([A-Za-z0-9_$][A-Za-z0-9_$.-]*))[ \t]*:(?:[ \t]|$)/;
/** An alias (`*name`) anywhere: the pieces would not resolve it, and YAML counts aliases per document. */
const ALIAS = /(^|[\s[{,:-])\*[^\s,\]}]/m;

interface Cut {
  key: string;
  /** Offsets of the piece's text in the file (a step's piece is read after the `steps:` line). */
  start: number;
  end: number;
  /** The file's line (1-based) of `start`. */
  line: number;
}

interface Outline {
  /** Top-level keys in order; `steps` among them stands for the steps. */
  top: Cut[];
  stepsLine: { start: number; end: number; line: number };
  steps: Cut[];
}

/** The pieces of a plain block-style definition, from its lines alone; undefined when it is not one. */
function cut(text: string): Outline | undefined {
  const top: Cut[] = [];
  const steps: Cut[] = [];
  let stepsLine: Outline["stepsLine"] | undefined;
  let inSteps = false;
  let stepIndent = -1;
  let pos = 0;
  let line = 1;
  const close = (at: number) => {
    if (top.length) top[top.length - 1].end = at;
    if (inSteps && steps.length) steps[steps.length - 1].end = at;
  };
  while (pos < text.length) {
    const nl = text.indexOf("\n", pos);
    const end = nl === -1 ? text.length : nl + 1;
    const content = text.slice(pos, nl === -1 ? text.length : nl);
    if (content.endsWith("\r")) return undefined;
    const trimmed = content.replace(/^ +/, "");
    if (trimmed.startsWith("\t")) return undefined;
    if (trimmed === "" || trimmed.startsWith("#")) {
      pos = end;
      line++;
      continue;
    }
    const indent = content.length - trimmed.length;
    if (indent === 0) {
      const m = KEY.exec(content);
      if (!m) return undefined; // a directive, a document marker, a flow map or a list: not a plain map
      const key = m[1] ?? m[2] ?? m[3];
      close(pos);
      inSteps = key === "steps";
      // The first piece takes the comments before it.
      top.push({ key, start: top.length ? pos : 0, end: text.length, line: top.length ? line : 1 });
      if (inSteps) {
        if (stepsLine) return undefined;
        const rest = content.slice(m[0].length).trim();
        if (rest !== "" && !rest.startsWith("#")) return undefined; // steps: {} or an anchor, a tag
        stepsLine = { start: pos, end, line };
      }
    } else if (inSteps) {
      if (stepIndent === -1) stepIndent = indent;
      if (indent < stepIndent) return undefined;
      if (indent === stepIndent) {
        const m = KEY.exec(trimmed);
        if (!m) return undefined;
        close(pos);
        // The first step takes the comments between `steps:` and it.
        const first = steps.length === 0;
        steps.push({ key: m[1] ?? m[2] ?? m[3], start: first ? stepsLine!.end : pos, end: text.length, line: first ? stepsLine!.line + 1 : line });
      }
    }
    pos = end;
    line++;
  }
  // Comments before a leading `steps:` would be in no piece (a bad character there must still be found).
  if (!stepsLine || steps.length === 0 || (top[0].key === "steps" && stepsLine.start > 0)) return undefined;
  return { top, stepsLine, steps };
}

/** Top-level keys and step ids whose pieces a load parsed anew. */
export interface Fresh {
  top: string[];
  steps: string[];
}

interface Piece {
  /** The piece's key and the value under it. */
  key: string;
  value: unknown;
  sourceMap: SourceMap;
}

/** Positions of one piece's own parse, moved to the piece's place in the file. */
interface Placed {
  piece: Piece;
  /** The file's line of the piece's first line; for a step, of its line after the `steps:` line. */
  line: number;
  /** A step's piece starts with the `steps:` line (its line 1), which stands at this line of the file. */
  stepsLine?: number;
}

/** The source map of a text put together from pieces: each path is located in the piece it lies in. */
class PieceSourceMap extends SourceMap {
  constructor(
    private readonly first: Placed,
    private readonly tops: Map<string, Placed>,
    private readonly steps: Map<string, Placed>,
    private readonly firstStep: Placed,
  ) {
    super(undefined, undefined);
  }

  override locate(path: readonly (string | number)[], options: { key?: boolean } = {}): Position {
    const placed = this.pieceOf(path);
    return this.move(placed, placed.piece.sourceMap.locate(path, options));
  }

  override locateInside(path: readonly (string | number)[], index: number): Position {
    const placed = this.pieceOf(path);
    return this.move(placed, placed.piece.sourceMap.locateInside(path, index));
  }

  private pieceOf(path: readonly (string | number)[]): Placed {
    if (path.length === 0) return this.first;
    const head = String(path[0]);
    if (head === "steps") return (path.length >= 2 && this.steps.get(String(path[1]))) || this.firstStep;
    // An absent key is located at the root, as in the whole text.
    return this.tops.get(head) ?? this.first;
  }

  private move(placed: Placed, position: Position): Position {
    if (placed.stepsLine === undefined) return { line: placed.line + position.line - 1, column: position.column };
    if (position.line <= 1) return { line: placed.stepsLine, column: position.column };
    return { line: placed.line + position.line - 2, column: position.column };
  }
}

/**
 * Loads successive versions of a definition's text, re-parsing only the pieces that changed. `load`
 * gives what loadDefinition gives for the same text and catalog.
 */
export class IncrementalLoader {
  private pieces = new Map<string, Piece>();
  /** The expressions rule's work per step in the previous version (see validate). */
  private checked = new Map<string, CheckedStep>();
  private allNames = new Set<string>();
  /** Result schemas by step object (what a name holds, for the expressions' types). */
  private resultSchemas = new WeakMap<object, unknown>();

  constructor(private readonly catalog?: Catalog) {}

  /**
   * The definition, its issues and source map; whether the pieces were used (else the whole text was
   * parsed) and, then, the keys and step ids whose pieces were parsed anew: every other piece is the
   * previous load's, with the same value (a worker sends only the new ones).
   */
  load(text: string): LoadedDefinition & ({ incremental: true; fresh: Fresh } | { incremental: false }) {
    const loaded = this.fromPieces(text);
    if (loaded) return { ...loaded, incremental: true };
    this.pieces.clear();
    this.checked.clear();
    return { ...loadDefinition(text, { catalog: this.catalog }), incremental: false };
  }

  private fromPieces(text: string): (LoadedDefinition & { fresh: Fresh }) | undefined {
    if (ALIAS.test(text)) return undefined;
    const outline = cut(text);
    if (!outline) return undefined;
    const next = new Map<string, Piece>();
    const fresh: Fresh = { top: [], steps: [] };
    const parse = (pieceText: string, wrapped: boolean, key: string): Piece | undefined => {
      const known = this.pieces.get(pieceText);
      // The same text twice in one version is the same key twice: parsed whole, as a duplicate.
      if (next.has(pieceText)) return undefined;
      const piece = known ?? parsePiece(pieceText, wrapped, key);
      if (!piece) return undefined;
      next.set(pieceText, piece);
      if (!known) (wrapped ? fresh.steps : fresh.top).push(piece.key);
      return piece;
    };
    const stepsLineText = text.slice(outline.stepsLine.start, outline.stepsLine.end);
    const steps: Record<string, unknown> = {};
    const stepPieces = new Map<string, Placed>();
    for (const c of outline.steps) {
      const piece = parse(stepsLineText + text.slice(c.start, c.end), true, c.key);
      if (!piece || stepPieces.has(piece.key)) return undefined;
      steps[piece.key] = piece.value;
      stepPieces.set(piece.key, { piece, line: c.line, stepsLine: outline.stepsLine.line });
    }
    const firstStep = stepPieces.get(outline.steps[0].key)!;
    const value: Record<string, unknown> = {};
    const tops = new Map<string, Placed>();
    let first: Placed | undefined;
    for (const c of outline.top) {
      if (Object.hasOwn(value, c.key)) return undefined;
      if (c.key === "steps") {
        value.steps = steps;
        first ??= firstStep;
        continue;
      }
      const piece = parse(text.slice(c.start, c.end), false, c.key);
      if (!piece) return undefined;
      value[piece.key] = piece.value;
      const placed: Placed = { piece, line: c.line };
      tops.set(piece.key, placed);
      first ??= placed;
    }
    // Only the pieces of this version are kept: an editor's memory does not grow with its history.
    this.pieces = next;
    const sourceMap = new PieceSourceMap(first!, tops, stepPieces, firstStep);
    const issues: Issue[] = this.validate(value, sourceMap);
    const ok = !issues.some((i) => i.severity === "error");
    return { definition: ok ? (value as LoadedDefinition["definition"]) : undefined, value, issues, sourceMap, fresh };
  }

  /**
   * validateDefinition's answer for a value put together from pieces: the same checks in the same
   * order, the expressions of unchanged steps not checked again. Anything thrown: the whole check
   * instead, which says what validateDefinition says then.
   */
  private validate(value: Record<string, unknown>, sourceMap: SourceMap): Issue[] {
    const issues: Issue[] = [];
    const report = createReporter(sourceMap, issues);
    try {
      if (!checkStructure(value, report)) return sortIssues(issues);
      const { validSteps } = checkSchema(value, report);
      const definition = value as unknown as ServiceDefinition;
      const hasShape = typeof definition.start === "string" && definition.steps && typeof definition.steps === "object" && !Array.isArray(definition.steps);
      if (!hasShape) {
        this.checked.clear();
        return sortIssues(issues);
      }
      const steps = Object.entries(definition.steps).filter(([id]) => validSteps.has(id)) as [string, Step][];
      let computed: { next: Map<string, string[]>; reachable: Set<string> } | undefined;
      const graph = () => {
        if (!computed) {
          const next = successors(definition);
          computed = { next, reachable: reachableFrom(definition.start, next) };
        }
        return computed;
      };
      const context: RuleContext = { definition, steps, graph, catalog: this.catalog, report };
      for (const rule of rules) {
        if (rule === expressions) this.checkExpressions(context);
        else rule.check(context);
      }
    } catch {
      this.checked.clear();
      return validateDefinition(value, { catalog: this.catalog, sourceMap });
    }
    return sortIssues(issues);
  }

  /** The expressions rule, step by step, replaying a step's reports when nothing it asked about changed. */
  private checkExpressions({ definition, steps, graph, catalog, report }: RuleContext) {
    const resultSchema = (step: Step) => {
      if (!this.resultSchemas.has(step)) this.resultSchemas.set(step, stepResultSchema(step, catalog, undefined));
      return this.resultSchemas.get(step);
    };
    const scope = expressionScope(definition, catalog, steps, graph().next, resultSchema);
    const allNames = new Set(scope.allNames());
    const sameNames = allNames.size === this.allNames.size && [...allNames].every((name, i) => name === [...this.allNames][i]);
    const holds = (dep: Dependency): boolean => {
      switch (dep.kind) {
        case "has":
          return scope.available.has(dep.step, dep.name) === dep.value;
        case "names": {
          const now = scope.available.names(dep.step, dep.limit);
          return now.length === dep.value.length && now.every((name, i) => name === dep.value[i]);
        }
        case "provided":
          return scope.provided(dep.name) === dep.value;
        case "all":
          return sameNames;
        case "root": {
          const now = scope.writers.get(dep.name);
          return now === dep.writers || (!!now && !!dep.writers && now.length === dep.writers.length && now.every((step, i) => step === dep.writers![i]));
        }
      }
    };
    const checked = new Map<string, CheckedStep>();
    for (const [id, step] of steps) {
      const before = this.checked.get(id);
      if (before && before.step === step && before.dependencies.every(holds)) {
        for (const call of before.reports) report(...call);
        checked.set(id, before);
        continue;
      }
      const entry: CheckedStep = { step, dependencies: [], reports: [] };
      checkStepExpressions(id, step, recording(scope, entry.dependencies), catalog, (...call) => {
        entry.reports.push(call);
        report(...call);
      });
      checked.set(id, entry);
    }
    this.checked = checked;
    this.allNames = allNames;
  }
}

/** What one step's expression check asked its scope, and what it was told. */
type Dependency =
  | { kind: "has"; step: string; name: string; value: boolean }
  | { kind: "names"; step: string; limit: number | undefined; value: string[] }
  | { kind: "provided"; name: string; value: boolean }
  | { kind: "all" }
  | { kind: "root"; name: string; writers: Step[] | undefined };

interface CheckedStep {
  step: Step;
  dependencies: Dependency[];
  reports: Parameters<RuleContext["report"]>[];
}

/** The scope, writing down every question asked of it. A name's type follows from the steps writing it (the catalog is fixed). */
function recording(scope: ExpressionScope & { writers: Map<string, Step[]> }, into: Dependency[]): ExpressionScope {
  return {
    available: {
      has(step, name) {
        const value = scope.available.has(step, name);
        into.push({ kind: "has", step, name, value });
        return value;
      },
      names(step, limit) {
        const value = scope.available.names(step, limit);
        into.push({ kind: "names", step, limit, value });
        return value;
      },
    },
    provided(name) {
      const value = scope.provided(name);
      into.push({ kind: "provided", name, value });
      return value;
    },
    allNames() {
      into.push({ kind: "all" });
      return scope.allNames();
    },
    root(name) {
      into.push({ kind: "root", name, writers: scope.writers.get(name) });
      return scope.root(name);
    },
  };
}

/** As validateDefinition sorts them. */
function sortIssues(issues: Issue[]): Issue[] {
  return issues.sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
}

/** One piece parsed on its own: clean, a map of exactly the key it was cut at (`steps:` then one step when wrapped). */
function parsePiece(pieceText: string, wrapped: boolean, key: string): Piece | undefined {
  if (key === "__proto__") return undefined;
  const parsed = parseSource(pieceText);
  if (parsed.issues.length || !isMap(parsed.value)) return undefined;
  let map = parsed.value;
  if (wrapped) {
    const keys = Object.keys(map);
    if (keys.length !== 1 || keys[0] !== "steps" || !isMap(map.steps)) return undefined;
    map = map.steps;
  }
  const keys = Object.keys(map);
  if (keys.length !== 1 || keys[0] !== key) return undefined;
  return { key, value: map[key], sourceMap: parsed.sourceMap };
}

const isMap = (value: unknown): value is Record<string, unknown> => !!value && typeof value === "object" && !Array.isArray(value);
