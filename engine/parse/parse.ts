import { LineCounter, parseDocument, isMap, isPair, isScalar } from "yaml";
import type { Issue } from "../issues";
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
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  const sourceMap = new SourceMap(doc, lineCounter);
  const issues: Issue[] = [];
  for (const error of doc.errors) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    const duplicate = error.code === "DUPLICATE_KEY";
    issues.push({
      code: duplicate ? duplicateCode(doc, error.pos[0]) : "yaml.syntax",
      severity: "error",
      path: [],
      line,
      column: col,
      message: duplicate ? "This key appears twice in the same map" : firstLine(error.message),
      hint: duplicate ? "give each step (and each key) a unique name" : undefined,
    });
  }
  if (issues.some((i) => i.code === "yaml.syntax")) return { value: undefined, issues, sourceMap };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    issues.push({ code: "yaml.syntax", severity: "error", path: [], line: 1, column: 1, message: firstLine(String((error as Error).message)) });
    return { value: undefined, issues, sourceMap };
  }
  return { value, issues, sourceMap };
}

function firstLine(message: string) {
  return message.split("\n")[0];
}

/** A duplicate key directly under `steps` is a duplicate step id. */
function duplicateCode(doc: ReturnType<typeof parseDocument>, offset: number): string {
  const root = doc.contents;
  if (!isMap(root)) return "yaml.duplicate-key";
  const steps = root.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === "steps");
  const map = steps && isPair(steps) ? steps.value : undefined;
  if (isMap(map) && map.items.some((p) => isScalar(p.key) && p.key.range?.[0] === offset)) return "step.duplicate-id";
  return "yaml.duplicate-key";
}
