/** Every issue the validator found; a click selects the step on the canvas and the line in the source. */
import { memo, useCallback, useRef } from "react";
import type { Issue } from "../../../../engine";
import { analystProblem, stepTitle } from "../i18n/problems";
import { useStudioT } from "../i18n/useStudioT";
import { stepOfIssue } from "../model/graph";
import { useStudio, type StudioStore } from "./store";

export function ProblemsPanel({ store, onOpenSource }: { store: StudioStore; onOpenSource: () => void }) {
  const issues = useStudio(store, (s) => s.issues);
  const ms = useStudio(store, (s) => s.validationMs);
  const applyMs = useStudio(store, (s) => s.applyMs);
  const validating = useStudio(store, (s) => s.validating);
  const revision = useStudio(store, (s) => s.revision);
  const { t } = useStudioT();
  const errors = issues.filter((i) => i.severity === "error").length;
  const openSource = useRef(onOpenSource);
  openSource.current = onOpenSource;
  const stableOpenSource = useCallback(() => openSource.current(), []);
  const list = <MemoProblemList store={store} issues={issues} onOpenSource={stableOpenSource} />;
  return (
    <section className="problems" aria-labelledby="problems-heading" data-testid="problems" data-validation-ms={ms.toFixed(1)} data-apply-ms={applyMs.toFixed(1)}
      data-validating={validating}
      data-revision={revision}
      aria-busy={validating}
    >
      <h2 id="problems-heading">
        {t("problems")}{" "}
        <span className={errors ? "count count-error" : "count"}>
          {t("errorsCount", { n: errors })}, {t("warningsCount", { n: issues.length - errors })}
        </span>{" "}
        <span className="muted">{validating ? t("checking") : t("checkedIn", { ms: ms.toFixed(0) })}</span>
      </h2>
      {list}
    </section>
  );
}

/**
 * The list is drawn again when the problems change, not on every edit: on a large service an edit
 * changes the value at once and the problems a little later (the validation worker), and a thousand
 * rows drawn twice would hold the canvas back. Step titles are read from the value of that moment.
 */
function ProblemList({ store, issues, onOpenSource }: { store: StudioStore; issues: Issue[]; onOpenSource: () => void }) {
  const { lang, t } = useStudioT();
  const value = store.getState().loaded.value;
  const pick = (issue: Issue) => {
    const step = stepOfIssue(issue);
    if (step) store.select([step]);
    store.revealLine(issue.line, issue.column);
  };
  return (
    <>
      {issues.length === 0 ? (
        <p className="muted">{t("noProblems")}</p>
      ) : (
        <ul>
          {issues.map((issue, i) => {
            const problem = analystProblem(issue, value, lang);
            const step = stepOfIssue(issue);
            return (
            <li key={`${issue.code}-${issue.line}-${issue.column}-${i}`} className={`problem problem-${issue.severity}`}>
              <button
                type="button"
                // WCAG 2.2 target size: each problem is a target at least 24 px high.
                style={{ minHeight: "24px" }}
                onClick={() => pick(issue)}
                onDoubleClick={() => {
                  pick(issue);
                  onOpenSource();
                }}
              >
                <span className="problem-severity" role="img" aria-label={t(issue.severity === "error" ? "severityError" : "severityWarning")}>
                  {issue.severity === "error" ? "✖" : "⚠"}
                </span>
                <span className="problem-message">
                  {problem.message}
                  {problem.hint && <span className="problem-hint"> — {problem.hint}</span>}
                </span>
                <span className="problem-where" title={`${t("forDevelopers")}: ${issue.message}${issue.hint ? ` (${issue.hint})` : ""}`}>
                  {step ? stepTitle(value, step, lang) : t("wholeService")} · {issue.line}:{issue.column} · <code>{issue.code}</code>
                </span>
              </button>
            </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

const MemoProblemList = memo(ProblemList);
