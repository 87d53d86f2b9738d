/**
 * A step on the canvas: its kind's colour and symbol, title, id, one handle per outcome, and its first
 * problem. Every part has a fixed height (studio.css) and the problem comes last, so the outcome
 * handles keep their place when problems come and go (as they do while a transition is being made).
 */
import { Handle, Position, type NodeProps, type Node } from "@xyflow/react";
import { createContext, memo, useContext } from "react";
import type { StepView } from "../model/graph";
import { kindInfo } from "../model/step-kinds";
import { kindLabel } from "../i18n/kinds";
import { analystMessage } from "../i18n/problems";
import { useStudioT } from "../i18n/useStudioT";
import { CommentBadge } from "../collab/CommentBadge";

export type StepNodeData = { view: StepView; lit: number; litLast: boolean };
export type StepFlowNode = Node<StepNodeData, "step">;

/** Opens the keyboard dialog for a step's transitions (Canvas provides it). */
export const TransitionsContext = createContext<(stepId: string) => void>(() => undefined);

function StepNodeImpl({ data, selected }: NodeProps<StepFlowNode>) {
  const { view, lit, litLast } = data;
  const openTransitions = useContext(TransitionsContext);
  const { lang, t } = useStudioT();
  // The node's own problems name the node's own step (analystMessage reads its title from here).
  const own = { steps: { [view.id]: { kind: view.kind, title: view.title || view.id } } };
  const say = (issue: (typeof view.issues)[number]) => analystMessage(issue, own, lang);
  const info = kindInfo(view.kind);
  const allIssues = [...view.issues, ...Object.values(view.outletIssues).flat()];
  const errors = allIssues.filter((i) => i.severity === "error").length;
  const warnings = allIssues.length - errors;
  const firstIssue = allIssues[0];
  const classes = ["step-node", `kind-${view.kind}`, selected ? "selected" : "", errors ? "has-errors" : warnings ? "has-warnings" : "", lit ? "lit" : "", litLast ? "lit-last" : ""];
  return (
    <div className={classes.filter(Boolean).join(" ")} style={{ ["--kind" as string]: info.color }} data-step={view.id} data-kind={view.kind}>
      <Handle type="target" position={Position.Left} className="step-in" />
      <div className="step-head">
        <span className="step-symbol" aria-hidden="true">
          {info.symbol}
        </span>
        <span className="step-kind">{kindLabel(view.kind, lang)}</span>
        {view.isStart && <span className="badge badge-start">{t("nodeStart")}</span>}
        {view.actors && (
          <span className="badge badge-party" title={t("nodeActors", { who: view.actors.join(", ") })}>
            {view.actors.join(", ")}
          </span>
        )}
        {errors > 0 && (
          <span className="badge badge-error" title={allIssues.map(say).join("\n")}>
            {t("errorsCount", { n: errors })}
          </span>
        )}
        {!errors && warnings > 0 && <span className="badge badge-warning">{t("warningsCount", { n: warnings })}</span>}
        <CommentBadge stepId={view.id} />
        {view.outlets.length > 0 && (
          <button
            type="button"
            className="step-connect nodrag"
            aria-label={t("nodeTransitions", { id: view.id })}
            title={t("nodeTransitions", { id: view.id })}
            onClick={(e) => {
              e.stopPropagation();
              openTransitions(view.id);
            }}
          >
            ⇢
          </button>
        )}
      </div>
      <div className="step-title">{view.title || view.id}</div>
      <div className="step-id">{view.id}</div>
      {view.outlets.length > 0 && (
        <ul className="outlets">
          {view.outlets.map((o) => {
            const issue = view.outletIssues[o.id]?.[0];
            const cls = ["outlet", o.target ? "connected" : "open", o.adds ? "adds" : "", issue ? `issue-${issue.severity}` : ""].filter(Boolean).join(" ");
            return (
              <li key={o.id} className={cls} title={issue ? say(issue) : o.target ? `${o.label} → ${o.target}` : t("nodeDragToConnect", { label: o.label })}>
                <span className="outlet-label">{o.adds ? t("addCondition") : o.label}</span>
                <Handle type="source" id={o.id} position={Position.Right} className="step-out" data-outlet={o.id} />
              </li>
            );
          })}
        </ul>
      )}
      {firstIssue && (
        <div className={`step-issue ${firstIssue.severity}`} data-testid="node-issue" title={`${firstIssue.message} [${firstIssue.code}]`}>
          {say(firstIssue)}
        </div>
      )}
    </div>
  );
}

export const StepNode = memo(StepNodeImpl);
