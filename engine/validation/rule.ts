import type { ServiceDefinition, Step } from "../definition/schema";
import type { Issue, Severity } from "../issues";
import type { SourceMap } from "../parse/source-map";
import type { Catalog } from "./catalog";

export interface ReportOptions {
  severity?: Severity;
  hint?: string;
  /** Point at the key rather than the value (for unknown or misplaced keys). */
  key?: boolean;
  /** Point this many characters into the string value (for expressions). */
  index?: number;
}

export interface RuleContext {
  definition: ServiceDefinition;
  catalog?: Catalog;
  /** Steps whose kind is known, by id; rules look only at these. */
  steps: [string, Step][];
  /** The graph, computed once for all rules on first use: successors by step, steps reachable from the start. */
  graph(): { next: Map<string, string[]>; reachable: Set<string> };
  report(code: string, path: (string | number)[], message: string, options?: ReportOptions): void;
}

/** One validation rule: one file, one concern, a closed list of the issue codes it reports. */
export interface Rule {
  name: string;
  codes: readonly string[];
  check(context: RuleContext): void;
}

export function createReporter(sourceMap: SourceMap, issues: Issue[]) {
  return (code: string, path: (string | number)[], message: string, options: ReportOptions = {}) => {
    const position =
      options.index !== undefined ? sourceMap.locateInside(path, options.index) : sourceMap.locate(path, { key: options.key });
    issues.push({
      code,
      severity: options.severity ?? "error",
      path,
      line: position.line,
      column: position.column,
      message,
      ...(options.hint && { hint: options.hint }),
    });
  };
}
