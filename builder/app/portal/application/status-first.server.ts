/**
 * The officer's latest decision for the top of the applicant's page (status first, issue 16), from the
 * runtime's own reading of the audit trail (runtime/applications/view.ts latestDecision). The applicant's only:
 * a party of the application never gets the officer's reason.
 */
import { viewsOf, type Runtime } from "../../../../runtime";
import { latestDecision } from "../../../../runtime/applications/view";
import type { PortalApplication } from "../../data/applications.server";
import type { DecisionView } from "./StatusPanel";

export async function decisionFor(runtime: Runtime, application: PortalApplication): Promise<DecisionView | null> {
  // At a form the page shows a send-back's reason itself (officerNote); a party sees no decisions.
  if (application.viewer.kind !== "applicant" || application.step.form) return null;
  const decision = latestDecision(await viewsOf(runtime).applications.auditEvents(application.id));
  return decision && { outcome: decision.outcome, reason: decision.reason, at: decision.at.toISOString() };
}
