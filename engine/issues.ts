/** Problems a user can fix are data, not exceptions: every layer reports them as issues. */
export type Severity = "error" | "warning";

export interface Issue {
  code: string;
  severity: Severity;
  /** Path into the definition, e.g. ["steps", "purpose", "next"]. */
  path: (string | number)[];
  /** 1-based; 0 when the position is unknown (e.g. a definition built in memory). */
  line: number;
  column: number;
  message: string;
  hint?: string;
}

/** Thrown only for bugs and misuse of the engine's API, never for a user's mistake. */
export class EngineError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "EngineError";
  }
}

export const hasErrors = (issues: readonly Issue[]) => issues.some((i) => i.severity === "error");

export function formatIssue(file: string, issue: Issue): string {
  const hint = issue.hint ? ` (${issue.hint})` : "";
  return `${file}:${issue.line}:${issue.column} ${issue.severity} ${issue.code} ${issue.message}${hint}`;
}
