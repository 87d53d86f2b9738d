import { Composer, isAlias, isMap, isScalar, isSeq, LineCounter, Parser, YAMLParseError, type CST, type Document, type Node } from "yaml";
import type { Issue } from "../issues";
import { MAX_NESTING } from "../limits";
import { SourceMap } from "./source-map";

export interface Parsed {
  /** The plain data, or undefined when the text is not YAML/JSON at all. */
  value: unknown;
  issues: Issue[];
  sourceMap: SourceMap;
}

/** Parses YAML or JSON text (JSON is YAML) keeping positions. Never throws on bad input. */
export function parseSource(text: string): Parsed {
  const lineCounter = new LineCounter();
  const issue = (code: string, offset: number, message: string, hint?: string): Issue => {
    const { line, col } = lineCounter.linePos(offset);
    return { code, severity: "error", path: [], line, column: col, message, ...(hint && { hint }) };
  };
  try {
    const bad = badCharacter(text);
    if (bad) {
      const line = text.slice(0, bad.offset).split("\n").length;
      const column = bad.offset - text.lastIndexOf("\n", bad.offset - 1);
      return { value: undefined, issues: [{ code: "yaml.invalid-character", severity: "error", path: [], line, column, message: bad.message, hint: bad.hint }], sourceMap: SourceMap.empty() };
    }
    // The syntax tree is built without recursion; composing it recurses, so its depth is checked first.
    const tokens = [...new Parser(lineCounter.addNewLine).parse(text)];
    const deep = tooDeep(tokens);
    if (deep !== undefined) return { value: undefined, issues: [tooDeepIssue(issue, deep)], sourceMap: SourceMap.empty() };
    const doc = compose(tokens, text.length);
    const sourceMap = new SourceMap(doc, lineCounter);
    const issues: Issue[] = doc.errors.map((error) => issue("yaml.syntax", error.pos[0], firstLine(error.message)));
    if (issues.length) return { value: undefined, issues, sourceMap };
    const structural = checkTree(doc);
    for (const problem of structural) issues.push(issue(problem.code, problem.offset, problem.message, problem.hint));
    if (structural.some((p) => p.code !== "yaml.duplicate-key" && p.code !== "step.duplicate-id")) return { value: undefined, issues, sourceMap };
    const value = doc.toJS({ maxAliasCount: 100 });
    return { value, issues, sourceMap };
  } catch (error) {
    // The library's own limits (e.g. too many aliases) throw; nothing else should get here.
    return { value: undefined, issues: [issue("yaml.syntax", 0, firstLine(String((error as Error)?.message ?? error)))], sourceMap: SourceMap.empty() };
  }
}

function firstLine(message: string) {
  return message.split("\n")[0];
}

/**
 * NUL and other control characters have no place in a definition, and U+FFFD is what bytes that were
 * not UTF-8 became when the file was read: both would pass silently into names and texts.
 */
function badCharacter(text: string): { offset: number; message: string; hint: string } | undefined {
  const match = /[\0-\x08\x0B\x0C\x0E-\x1F\x7F\uFFFD]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(text);
  if (!match) return undefined;
  const char = match[0];
  if (char === "\uFFFD") {
    return { offset: match.index, message: "The text is not valid UTF-8 (or contains U+FFFD, the mark of bytes that were not)", hint: "save the file as UTF-8" };
  }
  const code = `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  return { offset: match.index, message: `The text contains the control character ${code}`, hint: "remove it: definitions are plain UTF-8 text" };
}

/** Like the yaml library's parseDocument, from tokens already read. Unique keys are checked by checkTree. */
function compose(tokens: CST.Token[], length: number): Document {
  const composer = new Composer({ uniqueKeys: false, keepSourceTokens: false });
  let doc: Document | undefined;
  for (const next of composer.compose(tokens, true, length)) {
    if (!doc) doc = next as Document;
    else {
      const [start, end] = (next as Document).range ?? [0, 0];
      doc.errors.push(new YAMLParseError([start, end], "MULTIPLE_DOCS", "Source contains multiple documents: a definition is one document"));
      break;
    }
  }
  return doc!;
}

/** The offset of the first collection nested deeper than MAX_NESTING, walking the tokens without recursion. */
function tooDeep(tokens: CST.Token[]): number | undefined {
  const stack: { token: CST.Token | null | undefined; depth: number }[] = tokens.map((token) => ({ token, depth: 0 }));
  while (stack.length) {
    const { token, depth } = stack.pop()!;
    if (!token) continue;
    if (token.type === "document") stack.push({ token: token.value, depth });
    else if (token.type === "block-map" || token.type === "block-seq" || token.type === "flow-collection") {
      if (depth >= MAX_NESTING) return token.offset;
      for (const item of token.items as { key?: CST.Token | null; value?: CST.Token }[]) {
        stack.push({ token: item.key, depth: depth + 1 }, { token: item.value, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

function tooDeepIssue(issue: (code: string, offset: number, message: string, hint?: string) => Issue, offset: number): Issue {
  return issue("yaml.too-deep", offset, `Maps and lists nest more than ${MAX_NESTING} levels deep here`, "a service definition needs far fewer levels");
}

interface Problem {
  code: string;
  offset: number;
  message: string;
  hint?: string;
}

/**
 * One iterative pass over the parsed tree: keys unique in each map, nesting within MAX_NESTING, and no
 * alias inside the node it refers to (that would make the data contain itself).
 */
function checkTree(doc: Document): Problem[] {
  const problems: Problem[] = [];
  const root = doc.contents;
  const stepsMap = isMap(root) ? root.items.find((p) => isScalar(p.key) && p.key.value === "steps")?.value : undefined;
  const open = new Set<unknown>(); // collections on the current path
  const stack: { node: unknown; depth: number; exit?: boolean }[] = [{ node: root, depth: 0 }];
  while (stack.length) {
    const { node, depth, exit } = stack.pop()!;
    if (exit) {
      open.delete(node);
      continue;
    }
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (target && open.has(target)) {
        problems.push({ code: "yaml.recursive-alias", offset: node.range?.[0] ?? 0, message: `The alias *${node.source} is inside the anchor it refers to: the data would contain itself`, hint: "copy the part you need instead" });
      }
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    open.add(node);
    stack.push({ node, depth, exit: true });
    if (isMap(node)) {
      const keys = new Set<string>();
      for (const pair of node.items) {
        if (isScalar(pair.key)) {
          const key = String(pair.key.value);
          if (keys.has(key)) {
            const step = node === stepsMap;
            problems.push({
              code: step ? "step.duplicate-id" : "yaml.duplicate-key",
              offset: pair.key.range?.[0] ?? 0,
              message: "This key appears twice in the same map",
              hint: "give each step (and each key) a unique name",
            });
          }
          keys.add(key);
        } else if (pair.key) stack.push({ node: pair.key, depth: depth + 1 });
        if (pair.value) stack.push({ node: pair.value, depth: depth + 1 });
      }
    } else {
      for (const item of node.items) stack.push({ node: item as Node, depth: depth + 1 });
    }
  }
  return problems;
}
