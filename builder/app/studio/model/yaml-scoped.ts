/**
 * Surgical edits without parsing the whole file. A canvas edit touches one step (or a top-level key
 * such as `start`); parsing a 1,000-step file for it takes about half a second. So the edit is made
 * on a small YAML text cut from the file — the `steps:` line and the touched step's block with a
 * neighbour — by applyEdits itself, and the change is put back at the same place in the file.
 * Anything unusual (flow-style steps, anchors, directives, an edit that reaches past the cut) falls
 * back to applyEdits on the whole text, so the result is always what applyEdits would give.
 */
import { applyEdits, type EditOp } from "./yaml-edit";

interface Block {
  key: string;
  /** Offset of the key's line start, and of the next sibling's line start (or the block's end). */
  start: number;
  end: number;
}

interface Outline {
  top: Map<string, Block>;
  /** The `steps:` line (start to after its newline) and the steps' blocks, in order. */
  stepsLine?: { start: number; end: number };
  steps: Block[];
  stepIndex: Map<string, number>;
}

const KEY = /^(?:"([^"\\]+)"|'([^']+)'|([A-Za-z0-9_$][A-Za-z0-9_$.-]*))[ \t]*:(?:[ \t]|$)/;

/** Top-level keys and the steps' blocks, from the lines alone; undefined when the text is unusual. */
export function outline(text: string): Outline | undefined {
  const top = new Map<string, Block>();
  const steps: Block[] = [];
  let stepsLine: Outline["stepsLine"];
  let current: Block | undefined;
  let inSteps = false;
  let stepIndent = -1;
  let currentStep: Block | undefined;
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf("\n", pos);
    const end = nl === -1 ? text.length : nl + 1;
    const line = text.slice(pos, nl === -1 ? text.length : nl);
    const trimmed = line.trimStart();
    if (line.includes("\t") && !trimmed.startsWith("#")) {
      if (/^\t/.test(line)) return undefined;
    }
    if (trimmed === "" || trimmed.startsWith("#")) {
      pos = end;
      continue;
    }
    const indent = line.length - trimmed.length;
    if (indent === 0) {
      if (/^(---|\.\.\.|%)/.test(line)) return undefined;
      const m = KEY.exec(line);
      if (!m) return undefined; // a flow collection's continuation or a list: not a plain map
      const key = m[1] ?? m[2] ?? m[3];
      if (top.has(key)) return undefined;
      if (current) current.end = pos;
      if (currentStep) currentStep.end = pos;
      currentStep = undefined;
      current = { key, start: pos, end: text.length };
      top.set(key, current);
      inSteps = key === "steps";
      if (inSteps) {
        const rest = line.slice(m[0].length).trim();
        if (rest !== "" && !rest.startsWith("#")) return undefined; // steps: {} or a flow map
        stepsLine = { start: pos, end };
      }
    } else if (inSteps) {
      if (stepIndent === -1) stepIndent = indent;
      if (indent < stepIndent) return undefined;
      if (indent === stepIndent) {
        const m = KEY.exec(trimmed);
        if (!m) return undefined;
        if (currentStep) currentStep.end = pos;
        currentStep = { key: m[1] ?? m[2] ?? m[3], start: pos, end: text.length };
        steps.push(currentStep);
      }
    }
    pos = end;
  }
  const stepIndex = new Map(steps.map((s, i) => [s.key, i]));
  if (stepIndex.size !== steps.length) return undefined;
  return { top, stepsLine, steps, stepIndex };
}

const ANCHOR_OR_ALIAS = /(^|[\s[{,:-])[&*][^\s,\]}]/m;

/**
 * applyEdits for a few ops on a large text, parsing only what they touch. Same result as
 * applyEdits(text, ops); `scoped` in the answer says whether the shortcut was taken.
 */
export function applyEditsScoped(text: string, ops: readonly EditOp[], minLength = 20_000): { text: string; scoped: boolean } {
  if (ops.length === 0) return { text, scoped: true };
  // Small files parse fast; many edits (an automatic layout) are done in one pass of the whole file.
  if (text.length < minLength || ops.length > 8) return { text: applyEdits(text, ops), scoped: false };
  let current = text;
  for (const op of ops) {
    const next = scopedOne(current, op);
    if (next === undefined) return { text: applyEdits(text, ops), scoped: false };
    current = next;
  }
  return { text: current, scoped: true };
}

function scopedOne(text: string, op: EditOp): string | undefined {
  const o = outline(text);
  if (!o) return undefined;
  const [first, second] = op.path;
  // The pieces of the original text the small one is made of: [start, end) each.
  let pieces: [number, number][];
  if (first === "steps" && op.path.length >= 2 && o.stepsLine && o.steps.length >= 2) {
    if (op.op === "reorder" && op.path.length === 2) return undefined;
    const at = o.stepIndex.get(String(second));
    let from: number;
    let to: number;
    if (at === undefined) {
      if (op.op !== "set" && op.op !== "push") return undefined;
      // A new step goes after the last one.
      from = o.steps.length - 2;
      to = o.steps.length - 1;
    } else if (at + 1 < o.steps.length) {
      from = at;
      to = at + 1;
    } else {
      from = at - 1;
      to = at;
    }
    if (op.op === "rename" && op.path.length === 2 && o.stepIndex.has(op.to)) return undefined;
    pieces = [
      [o.stepsLine.start, o.stepsLine.end],
      [o.steps[from].start, o.steps[to].end],
    ];
    // The blocks must follow the steps: line directly (no comment lines in between matter: they are kept out).
  } else if (typeof first === "string" && first !== "steps" && op.path.length >= 1 && o.top.has(first)) {
    if (op.op === "delete" && op.path.length === 1) return undefined;
    const block = o.top.get(first)!;
    pieces = [[block.start, block.end]];
  } else return undefined;

  let small = "";
  const map: { smallStart: number; start: number; end: number }[] = [];
  for (const [start, end] of pieces) {
    map.push({ smallStart: small.length, start, end });
    small += text.slice(start, end);
  }
  if (!small.endsWith("\n")) {
    // Only when the file ends without a newline inside the cut: applyEdits treats the end of text specially.
    if (pieces[pieces.length - 1][1] !== text.length) return undefined;
  }
  if (ANCHOR_OR_ALIAS.test(small)) return undefined;
  let edited: string;
  try {
    edited = applyEdits(small, [op]);
  } catch {
    return undefined;
  }
  // The changed range of the small text, then the piece it lies in.
  let prefix = 0;
  const max = Math.min(small.length, edited.length);
  while (prefix < max && small.charCodeAt(prefix) === edited.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && small.charCodeAt(small.length - 1 - suffix) === edited.charCodeAt(edited.length - 1 - suffix)) suffix++;
  const changeStart = prefix;
  const changeEnd = small.length - suffix;
  const replacement = edited.slice(prefix, edited.length - suffix);
  if (changeStart === changeEnd && replacement === "") return text;
  // Pick the last piece that starts at or before the change; the change must end inside it.
  let piece = map[0];
  for (const m of map) if (m.smallStart <= changeStart) piece = m;
  const pieceEnd = piece.smallStart + (piece.end - piece.start);
  if (changeEnd > pieceEnd) return undefined;
  // A change right at the boundary of two pieces that are not neighbours in the file is ambiguous.
  if (map.length > 1 && piece !== map[0] && changeStart === piece.smallStart && map[0].end !== piece.start) {
    if (changeStart === changeEnd) return undefined;
  }
  if (piece === map[0] && map.length > 1 && changeEnd === pieceEnd && changeStart === changeEnd) return undefined;
  const start = piece.start + (changeStart - piece.smallStart);
  const end = piece.start + (changeEnd - piece.smallStart);
  return text.slice(0, start) + replacement + text.slice(end);
}
