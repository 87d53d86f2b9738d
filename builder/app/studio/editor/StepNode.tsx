/** A step on the canvas: its kind's colour and symbol, title, id, issues, and one handle per outcome. */
import { Handle, Position, type NodeProps, type Node } from "@xyflow/react";
import { memo } from "react";
import type { StepView } from "../model/graph";
import { kindInfo } from "../model/step-kinds";

export type StepNodeData = { view: StepView; lit: number; litLast: boolean };
export type StepFlowNode = Node<StepNodeData, "step">;

function StepNodeImpl({ data, selected }: NodeProps<StepFlowNode>) {
  const { view, lit, litLast } = data;
  const info = kindInfo(view.kind);
  const errors = view.issues.filter((i) => i.severity === "error").length + Object.values(view.outletIssues).flat().filter((i) => i.severity === "error").length;
  const warnings = view.issues.length + Object.values(view.outletIssues).flat().length - errors;
  const firstIssue = view.issues[0] ?? Object.values(view.outletIssues).flat()[0];
  const classes = ["step-node", `kind-${view.kind}`, selected ? "selected" : "", errors ? "has-errors" : warnings ? "has-warnings" : "", lit ? "lit" : "", litLast ? "lit-last" : ""];
  return (
    <div className={classes.filter(Boolean).join(" ")} style={{ ["--kind" as string]: info.color }} data-step={view.id} data-kind={view.kind}>
      <Handle type="target" position={Position.Left} className="step-in" />
      <div className="step-head">
        <span className="step-symbol" aria-hidden="true">
          {info.symbol}
        </span>
        <span className="step-kind">{info.label}</span>
        {view.isStart && <span className="badge badge-start">start</span>}
        {errors > 0 && (
          <span className="badge badge-error" title={[...view.issues, ...Object.values(view.outletIssues).flat()].map((i) => i.message).join("\n")}>
            {errors} error{errors > 1 ? "s" : ""}
          </span>
        )}
        {!errors && warnings > 0 && <span className="badge badge-warning">{warnings} warning{warnings > 1 ? "s" : ""}</span>}
      </div>
      <div className="step-title">{view.title || view.id}</div>
      <div className="step-id">{view.id}</div>
      {firstIssue && (
        <div className={`step-issue ${firstIssue.severity}`} data-testid="node-issue">
          {firstIssue.message}
        </div>
      )}
      {view.outlets.length > 0 && (
        <ul className="outlets">
          {view.outlets.map((o) => {
            const issue = view.outletIssues[o.id]?.[0];
            const cls = ["outlet", o.target ? "connected" : "open", o.adds ? "adds" : "", issue ? `issue-${issue.severity}` : ""].filter(Boolean).join(" ");
            return (
              <li key={o.id} className={cls} title={issue?.message ?? (o.target ? `${o.label} → ${o.target}` : `Drag to a step to connect "${o.label}"`)}>
                <span className="outlet-label">{o.label}</span>
                <Handle type="source" id={o.id} position={Position.Right} className="step-out" data-outlet={o.id} />
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

export const StepNode = memo(StepNodeImpl);
