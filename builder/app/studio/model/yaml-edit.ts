/**
 * Surgical edits of YAML text: the studio changes only the characters of the nodes an edit touches,
 * so the analyst's comments, blank lines, quoting, flow or block style and key order survive every
 * canvas or form edit. (Re-printing the whole document with the `yaml` package would re-wrap long
 * texts and reformat untouched steps.) Works on the `yaml` package's parsed nodes and their ranges.
 */
import { Document, isMap, isPair, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap, type YAMLSeq } from "yaml";

export type Path = (string | number)[];

export type EditOp =
  /** Replaces the value at `path`, or adds it (creating missing maps on the way). */
  | { op: "set"; path: Path; value: unknown }
  /** Removes a map key or a list item. */
  | { op: "delete"; path: Path }
  /** Renames a map key in place (its value, comments and position stay). */
  | { op: "rename"; path: Path; to: string }
  /** Puts a map's keys in this order (keys not named keep their relative order at the end). */
  | { op: "reorder"; path: Path; keys: string[] }
  /** Appends an item to a list (creating the list when missing). */
  | { op: "push"; path: Path; value: unknown };

export class YamlEditError extends Error {
  override name = "YamlEditError";
}

interface Splice {
  start: number;
  end: number;
  text: string;
}

/**
 * Applies edits to YAML text; the text must parse. Independent edits are applied in one pass.
 * `parsed` may be the text's document parsed ahead of time (it is only read).
 */
export function applyEdits(text: string, ops: readonly EditOp[], parsed?: Document): string {
  if (ops.length === 0) return text;
  let doc = parsed ?? parse(text);
  const splices: Splice[] = [];
  for (const op of ops) splices.push(...spliceFor(doc, text, op));
  if (disjoint(splices)) return applySplices(text, splices);
  // Edits that touch the same node: one at a time, re-reading the text in between.
  let current = text;
  for (const op of ops) {
    doc = parse(current);
    current = applySplices(current, spliceFor(doc, current, op));
  }
  return current;
}

/** The edits that turn `before` into `after` at `path`, touching as little as possible. */
export function diffToEdits(path: Path, before: unknown, after: unknown): EditOp[] {
  if (deepEqual(before, after)) return [];
  if (isPlainObject(before) && isPlainObject(after)) {
    const ops: EditOp[] = [];
    for (const key of Object.keys(before)) if (!(key in after) || after[key] === undefined) ops.push({ op: "delete", path: [...path, key] });
    for (const [key, value] of Object.entries(after)) {
      if (value === undefined) continue;
      if (key in before && before[key] !== undefined) ops.push(...diffToEdits([...path, key], before[key], value));
      else ops.push({ op: "set", path: [...path, key], value });
    }
    return ops;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return after.flatMap((value, i) => diffToEdits([...path, i], before[i], value));
  }
  return [{ op: "set", path, value: after }];
}

/** Parses text for applyEdits (in advance, when the editor is idle). */
export function parseForEdits(text: string): Document {
  return parse(text);
}

function parse(text: string) {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length) throw new YamlEditError(`The source does not parse: ${doc.errors[0].message}`);
  return doc;
}

function disjoint(splices: Splice[]): boolean {
  const sorted = [...splices].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    if (b.start < a.end) return false;
    if (b.start === a.end && (a.start !== a.end || b.start !== b.end) && b.start === a.start) return false;
  }
  return true;
}

function applySplices(text: string, splices: Splice[]): string {
  // From the end, so earlier offsets stay valid; equal insertion points keep their given order.
  const ordered = splices.map((s, i) => ({ ...s, i })).sort((a, b) => b.start - a.start || b.i - a.i);
  let out = text;
  for (const s of ordered) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

// ── Finding nodes ────────────────────────────────────────────────────────────────────────────────

interface Located {
  node: Node | null;
  /** The pair holding the node when its parent is a map. */
  pair?: Pair;
  parent?: YAMLMap | YAMLSeq;
  /** Inside a flow collection somewhere above (so block style is impossible). */
  inFlow: boolean;
}

function locate(doc: Document, path: Path): Located | undefined {
  let node = doc.contents as Node | null;
  let located: Located = { node, inFlow: false };
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyOf(p) === String(segment));
      if (!pair) return undefined;
      located = { node: (pair.value as Node | null) ?? null, pair, parent: node, inFlow: located.inFlow || !!node.flow };
      node = located.node;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment] as Node | undefined;
      if (item === undefined) return undefined;
      located = { node: item, parent: node, inFlow: located.inFlow || !!node.flow };
      node = item;
    } else return undefined;
  }
  return located;
}

const keyOf = (pair: Pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key));

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}
function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}
/** The offset just after the line holding offset-1 ends (after its newline). */
function afterLine(text: string, end: number): number {
  if (end > 0 && text[end - 1] === "\n") return end;
  const nl = text.indexOf("\n", end);
  return nl === -1 ? text.length : nl + 1;
}
function valueEnd(pair: Pair): number {
  const value = pair.value as Node | null;
  return value?.range ? value.range[1] : (pair.key as Node).range![1];
}

// ── Rendering values ─────────────────────────────────────────────────────────────────────────────

function isSmall(value: unknown): boolean {
  if (Array.isArray(value)) return value.length <= 8 && value.every((v) => v === null || typeof v !== "object") && JSON.stringify(value).length < 70;
  if (isPlainObject(value)) {
    const entries = Object.values(value);
    return entries.length <= 6 && entries.every((v) => v === null || typeof v !== "object") && JSON.stringify(value).length < 70;
  }
  return true;
}

function toDoc(value: unknown, allFlow: boolean): Document {
  const doc = new Document(value);
  const mark = (node: unknown, inside: boolean): void => {
    if (isMap(node) || isSeq(node)) {
      const plain = node.toJSON();
      node.flow = allFlow || (inside && isSmall(plain));
      for (const item of node.items) mark(isPair(item) ? item.value : item, true);
    }
  };
  mark(doc.contents, false);
  return doc;
}

/** The value as flow YAML on one line: { a: 1, b: [x, y] } */
function renderFlow(value: unknown): string {
  return toDoc(value, true).toString({ lineWidth: 0, flowCollectionPadding: true }).trimEnd();
}

/**
 * The text after "key:" (or "- ") for a value whose key starts at column `keyColumn`: " scalar",
 * " { small: map }", or a newline and an indented block.
 */
function renderAfterKey(value: unknown, keyColumn: number, inFlow: boolean, seqItem = false): string {
  if (inFlow) return ` ${renderFlow(value)}`;
  const collection = value !== null && typeof value === "object";
  if (!collection || isSmall(value) || isEmpty(value)) {
    const out = collection ? renderFlow(value) : renderScalar(value, keyColumn);
    return ` ${out}`;
  }
  const block = toDoc(value, false).toString({ lineWidth: 0 }).trimEnd();
  const indent = " ".repeat(keyColumn + 2);
  if (seqItem && isPlainObject(value)) {
    // "- first: 1\n  second: 2": the first key goes on the dash's line.
    const lines = block.split("\n");
    return ` ${lines[0]}${lines.slice(1).map((l) => `\n${l ? indent + l : l}`).join("")}`;
  }
  return block
    .split("\n")
    .map((l) => `\n${l ? indent + l : l}`)
    .join("");
}

function renderScalar(value: unknown, keyColumn: number): string {
  // Rendered as the value of a key at column 0, then shifted: block scalars (|-) indent relative to their key.
  const out = new Document({ k: value }).toString({ lineWidth: 0 }).trimEnd().replace(/^k: ?/, "");
  const lines = out.split("\n");
  return [lines[0], ...lines.slice(1).map((l) => (l ? " ".repeat(keyColumn) + l : l))].join("\n");
}

function renderKey(key: string | number): string {
  return renderFlow(String(key));
}

const isEmpty = (value: unknown) => (Array.isArray(value) ? value.length === 0 : isPlainObject(value) && Object.keys(value).length === 0);

// ── Splices per operation ────────────────────────────────────────────────────────────────────────

function spliceFor(doc: Document, text: string, op: EditOp): Splice[] {
  switch (op.op) {
    case "set":
      return setSplice(doc, text, op.path, op.value);
    case "delete":
      return deleteSplice(doc, text, op.path);
    case "rename": {
      const found = locate(doc, op.path);
      if (!found?.pair) throw new YamlEditError(`Nothing to rename at ${op.path.join(".")}`);
      const key = found.pair.key as Node;
      return [{ start: key.range![0], end: key.range![1], text: renderKey(op.to) }];
    }
    case "reorder":
      return reorderSplice(doc, text, op.path, op.keys);
    case "push": {
      const found = locate(doc, op.path);
      if (!found || !isSeq(found.node)) return setSplice(doc, text, op.path, [op.value]);
      return setSplice(doc, text, [...op.path, found.node.items.length], op.value);
    }
  }
}

function setSplice(doc: Document, text: string, path: Path, value: unknown): Splice[] {
  if (path.length === 0) throw new YamlEditError("Cannot replace the whole document");
  const found = locate(doc, path);
  if (found) return replaceSplice(text, found, value);
  // Find the deepest existing ancestor and add what is missing below it.
  for (let depth = path.length - 1; depth >= 0; depth--) {
    const parentPath = path.slice(0, depth);
    const parent = depth === 0 ? { node: doc.contents as Node | null, inFlow: false } : locate(doc, parentPath);
    if (!parent) continue;
    const rest = path.slice(depth);
    const nested = rest.slice(1).reduceRight<unknown>((inner, segment) => (typeof segment === "number" ? [inner] : { [segment]: inner }), value);
    const node = parent.node;
    if (isMap(node) && typeof rest[0] !== "number") return [insertPairSplice(text, node, String(rest[0]), nested, parent.inFlow)];
    if (isSeq(node) && typeof rest[0] === "number" && rest[0] === node.items.length) return [insertItemSplice(text, node, nested, parent.inFlow)];
    if (depth === 0) throw new YamlEditError("The document is not a map");
    // A scalar or null where a map or list should be: replace it as a whole.
    const whole = rest.reduceRight<unknown>((inner, segment) => (typeof segment === "number" ? [inner] : { [segment]: inner }), value);
    return replaceSplice(text, parent as Located, whole);
  }
  throw new YamlEditError(`Cannot set ${path.join(".")}`);
}

function replaceSplice(text: string, found: Located, value: unknown): Splice[] {
  const node = found.node;
  const inFlow = found.inFlow;
  if (found.pair) {
    const key = found.pair.key as Node;
    const keyEnd = key.range![1];
    const keyColumn = column(text, key.range![0]);
    // From just after "key:" to the end of the old value.
    const colon = text.indexOf(":", keyEnd);
    const start = colon + 1;
    const end = node?.range ? node.range[1] : start;
    // Keep a comment that trails the old value on its line out of the replaced range.
    return [{ start, end: trimTrailing(text, start, end), text: renderAfterKey(value, keyColumn, inFlow) }];
  }
  if (node?.range && found.parent && isSeq(found.parent)) {
    const dash = text.lastIndexOf("-", node.range[0]);
    const itemColumn = found.parent.flow ? column(text, node.range[0]) : column(text, dash);
    const rendered = found.parent.flow || inFlow ? renderFlow(value) : renderAfterKey(value, itemColumn, false, true).slice(1);
    return [{ start: node.range[0], end: trimTrailing(text, node.range[0], node.range[1]), text: rendered }];
  }
  throw new YamlEditError("Cannot replace this node");
}

/** A node's range may run past its last line into blank lines; keep those outside a replacement. */
function trimTrailing(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && (text[e - 1] === "\n" || text[e - 1] === " " || text[e - 1] === "\r")) e--;
  return e;
}

function insertPairSplice(text: string, map: YAMLMap, key: string, value: unknown, inFlow: boolean): Splice {
  const pairs = map.items.filter(isPair);
  if (map.flow || inFlow) {
    const range = map.range!;
    if (pairs.length === 0) {
      const close = text.lastIndexOf("}", range[1]);
      const open = text.indexOf("{", range[0]);
      if (!inFlow && !isSmall({ [key]: value })) {
        // An empty {} in block context turns into a block map.
        const holder = lineStart(text, open);
        const keyColumn = column(text, holder) + indentOf(text, holder);
        return { start: trimBack(text, open), end: close + 1, text: renderAfterKey({ [key]: value }, keyColumn, false) };
      }
      return { start: open, end: close + 1, text: `{ ${renderKey(key)}:${renderAfterKey(value, 0, true)} }` };
    }
    const last = pairs[pairs.length - 1];
    const at = valueEnd(last);
    return { start: at, end: at, text: `, ${renderKey(key)}:${renderAfterKey(value, 0, true)}` };
  }
  if (pairs.length === 0) throw new YamlEditError("Cannot add to an empty block map");
  const keyColumn = column(text, (pairs[0].key as Node).range![0]);
  const last = pairs[pairs.length - 1];
  const at = afterLine(text, trimTrailing(text, (last.key as Node).range![0], valueEnd(last)));
  const newline = at === text.length && !text.endsWith("\n") ? "\n" : "";
  return { start: at, end: at, text: `${newline}${" ".repeat(keyColumn)}${renderKey(key)}:${renderAfterKey(value, keyColumn, false)}\n` };
}

function indentOf(text: string, start: number): number {
  let i = start;
  while (text[i] === " ") i++;
  return i - start;
}
function trimBack(text: string, offset: number): number {
  let s = offset;
  while (s > 0 && text[s - 1] === " ") s--;
  return s;
}

function insertItemSplice(text: string, seq: YAMLSeq, value: unknown, inFlow: boolean): Splice {
  const items = seq.items as Node[];
  if (seq.flow || inFlow) {
    const range = seq.range!;
    if (items.length === 0) {
      const close = text.lastIndexOf("]", range[1]);
      const open = text.indexOf("[", range[0]);
      return { start: open, end: close + 1, text: `[ ${renderFlow(value)} ]` };
    }
    const at = items[items.length - 1].range![1];
    return { start: at, end: at, text: `, ${renderFlow(value)}` };
  }
  const first = items[0];
  const dash = text.lastIndexOf("-", first.range![0]);
  const dashColumn = column(text, dash);
  const last = items[items.length - 1];
  const at = afterLine(text, trimTrailing(text, last.range![0], last.range![1]));
  const newline = at === text.length && !text.endsWith("\n") ? "\n" : "";
  return { start: at, end: at, text: `${newline}${" ".repeat(dashColumn)}-${renderAfterKey(value, dashColumn, false, true)}\n` };
}

function deleteSplice(doc: Document, text: string, path: Path): Splice[] {
  const found = locate(doc, path);
  if (!found) return [];
  const parent = found.parent;
  if (!parent) throw new YamlEditError("Cannot delete the document");
  if (isMap(parent)) {
    const pairs = parent.items.filter(isPair);
    const pair = found.pair!;
    const keyStart = (pair.key as Node).range![0];
    const end = valueEnd(pair);
    if (parent.flow || found.inFlow) {
      const index = pairs.indexOf(pair);
      if (pairs.length === 1) return [{ start: parent.range![0], end: trimTrailing(text, parent.range![0], parent.range![1]), text: "{}" }];
      if (index < pairs.length - 1) {
        const nextStart = (pairs[index + 1].key as Node).range![0];
        return [{ start: keyStart, end: nextStart, text: "" }];
      }
      const prevEnd = valueEnd(pairs[index - 1]);
      return [{ start: prevEnd, end, text: "" }];
    }
    if (pairs.length === 1) {
      // The map becomes empty: "key: {}" rather than a dangling "key:".
      return setSplice(doc, text, path.slice(0, -1), {});
    }
    return [{ start: lineStart(text, keyStart), end: afterLine(text, trimTrailing(text, keyStart, end)), text: "" }];
  }
  if (isSeq(parent)) {
    const items = parent.items as Node[];
    const node = found.node!;
    const index = items.indexOf(node);
    if (parent.flow || found.inFlow) {
      if (items.length === 1) return [{ start: parent.range![0], end: trimTrailing(text, parent.range![0], parent.range![1]), text: "[]" }];
      if (index < items.length - 1) return [{ start: node.range![0], end: items[index + 1].range![0], text: "" }];
      return [{ start: items[index - 1].range![1], end: node.range![1], text: "" }];
    }
    if (items.length === 1) return setSplice(doc, text, path.slice(0, -1), []);
    const dash = text.lastIndexOf("-", node.range![0]);
    return [{ start: lineStart(text, dash), end: afterLine(text, trimTrailing(text, dash, node.range![1])), text: "" }];
  }
  return [];
}

function reorderSplice(doc: Document, text: string, path: Path, keys: string[]): Splice[] {
  const found = path.length === 0 ? { node: doc.contents as Node | null, inFlow: false } : locate(doc, path);
  if (!found || !isMap(found.node)) throw new YamlEditError(`No map at ${path.join(".")}`);
  const map = found.node;
  const pairs = map.items.filter(isPair);
  const order = [...keys.filter((k) => pairs.some((p) => keyOf(p) === k)), ...pairs.map(keyOf).filter((k) => !keys.includes(k))];
  if (order.every((k, i) => keyOf(pairs[i]) === k)) return [];
  if (map.flow || found.inFlow) {
    const value = map.toJSON() as Record<string, unknown>;
    return setSplice(doc, text, path, Object.fromEntries(order.map((k) => [k, value[k]])));
  }
  // Each pair's chunk runs from its line to the next pair's line, so comments above a key move with it.
  const starts = pairs.map((p) => lineStart(text, (p.key as Node).range![0]));
  const chunkStart = (i: number) => commentStart(text, starts[i], i === 0 ? 0 : starts[i - 1]);
  const lastEnd = afterLine(text, trimTrailing(text, starts[starts.length - 1], valueEnd(pairs[pairs.length - 1])));
  const chunks = new Map<string, string>();
  pairs.forEach((p, i) => {
    const start = chunkStart(i);
    const end = i < pairs.length - 1 ? chunkStart(i + 1) : lastEnd;
    let chunk = text.slice(start, end);
    if (!chunk.endsWith("\n")) chunk += "\n";
    chunks.set(keyOf(p), chunk);
  });
  const start = chunkStart(0);
  let replaced = order.map((k) => chunks.get(k)!).join("");
  if (lastEnd === text.length && !text.endsWith("\n")) replaced = replaced.replace(/\n$/, "");
  return [{ start, end: lastEnd, text: replaced }];
}

/** Where the comment lines directly above a key (not belonging to the previous value) begin. */
function commentStart(text: string, keyLine: number, previousKeyLine: number): number {
  let start = keyLine;
  while (start > previousKeyLine) {
    const prev = lineStart(text, start - 1);
    const line = text.slice(prev, start - 1).trim();
    if (!line.startsWith("#")) break;
    start = prev;
  }
  return start;
}

// ── Values ───────────────────────────────────────────────────────────────────────────────────────

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
