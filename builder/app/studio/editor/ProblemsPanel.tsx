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
 * changes the value at once and the problems a little later (the validation worker). Each row is
 * drawn again only when what it shows changed (a step added above moves the lines of the problems
 * below it, nothing else), and keeps its place by what it is about rather than by its index. Step
 * titles are read from the value of that moment.
 */
function ProblemList({ store, issues, onOpenSource }: { store: StudioStore; issues: Issue[]; onOpenSource: () => void }) {
  const { lang, t } = useStudioT();
  const value = store.getState().loaded.value;
  const pick = useCallback(
    (issue: Issue) => {
      const step = stepOfIssue(issue);
      if (step) store.select([step]);
      store.revealLine(issue.line, issue.column);
    },
    [store],
  );
  if (issues.length === 0) return <p className="muted">{t("noProblems")}</p>;
  const seen = new Map<string, number>();
  return (
    <ul>
      {issues.map((issue) => {
        const problem = analystProblem(issue, value, lang);
        const step = stepOfIssue(issue);
        const about = `${issue.code}|${issue.path.join("\u0000")}|${issue.message}`;
        const n = seen.get(about) ?? 0;
        seen.set(about, n + 1);
        return (
          <MemoProblemRow
            key={`${about}|${n}`}
            issue={issue}
            message={problem.message}
            hint={problem.hint}
            where={step ? stepTitle(value, step, lang) : t("wholeService")}
            severityLabel={t(issue.severity === "error" ? "severityError" : "severityWarning")}
            developer={`${t("forDevelopers")}: ${issue.message}${issue.hint ? ` (${issue.hint})` : ""}`}
            pick={pick}
            onOpenSource={onOpenSource}
          />
        );
      })}
    </ul>
  );
}

interface RowProps {
  issue: Issue;
  message: string;
  hint?: string;
  where: string;
  severityLabel: string;
  developer: string;
  pick: (issue: Issue) => void;
  onOpenSource: () => void;
}

function ProblemRow({ issue, message, hint, where, severityLabel, developer, pick, onOpenSource }: RowProps) {
  return (
    <li className={`problem problem-${issue.severity}`}>
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
        <span className="problem-severity" role="img" aria-label={severityLabel}>
          {issue.severity === "error" ? "✖" : "⚠"}
        </span>
        <span className="problem-message">
          {message}
          {hint && <span className="problem-hint"> — {hint}</span>}
        </span>
        <span className="problem-where" title={developer}>
          {where} · {issue.line}:{issue.column} · <code>{issue.code}</code>
        </span>
      </button>
    </li>
  );
}

/** A row is the same when it shows the same: the worker's issue objects are new on every answer. */
const MemoProblemRow = memo(ProblemRow, (a, b) =>
  a.message === b.message && a.hint === b.hint && a.where === b.where && a.severityLabel === b.severityLabel && a.developer === b.developer &&
  a.issue.severity === b.issue.severity && a.issue.line === b.issue.line && a.issue.column === b.issue.column && a.issue.code === b.issue.code &&
  a.pick === b.pick && a.onOpenSource === b.onOpenSource,
);

const MemoProblemList = memo(ProblemList);
