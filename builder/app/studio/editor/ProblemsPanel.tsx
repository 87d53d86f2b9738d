/** Every issue the validator found; a click selects the step on the canvas and the line in the source. */
import type { Issue } from "../../../../engine";
import { stepOfIssue } from "../model/graph";
import { useStudio, type StudioStore } from "./store";

export function ProblemsPanel({ store, onOpenSource }: { store: StudioStore; onOpenSource: () => void }) {
  const issues = useStudio(store, (s) => s.issues);
  const ms = useStudio(store, (s) => s.validationMs);
  const applyMs = useStudio(store, (s) => s.applyMs);
  const validating = useStudio(store, (s) => s.validating);
  const revision = useStudio(store, (s) => s.revision);
  const errors = issues.filter((i) => i.severity === "error").length;
  const pick = (issue: Issue) => {
    const step = stepOfIssue(issue);
    if (step) store.select([step]);
    store.revealLine(issue.line, issue.column);
  };
  return (
    <section className="problems" aria-labelledby="problems-heading" data-testid="problems" data-validation-ms={ms.toFixed(1)} data-apply-ms={applyMs.toFixed(1)}
      data-validating={validating}
      data-revision={revision}
      aria-busy={validating}
    >
      <h2 id="problems-heading">
        Problems{" "}
        <span className={errors ? "count count-error" : "count"}>
          {errors} error{errors === 1 ? "" : "s"}, {issues.length - errors} warning{issues.length - errors === 1 ? "" : "s"}
        </span>{" "}
        <span className="muted">
          {validating ? "checking…" : `checked in ${ms.toFixed(0)} ms`}
        </span>
      </h2>
      {issues.length === 0 ? (
        <p className="muted">No problems.</p>
      ) : (
        <ul>
          {issues.map((issue, i) => (
            <li key={`${issue.code}-${issue.line}-${issue.column}-${i}`} className={`problem problem-${issue.severity}`}>
              <button
                type="button"
                onClick={() => pick(issue)}
                onDoubleClick={() => {
                  pick(issue);
                  onOpenSource();
                }}
              >
                <span className="problem-severity">{issue.severity === "error" ? "✖" : "⚠"}</span>
                <span className="problem-message">
                  {issue.message}
                  {issue.hint && <span className="problem-hint"> — {issue.hint}</span>}
                </span>
                <span className="problem-where">
                  {stepOfIssue(issue) ?? "service"} · {issue.line}:{issue.column} · <code>{issue.code}</code>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
