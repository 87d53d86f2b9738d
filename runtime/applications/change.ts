/**
 * A "Change" on a summary form (`summary: true`): new answers for an earlier form, checked against that
 * form and saved while the application stays at the summary. Only forms `changeableSteps` allows (no step
 * between them and the summary reads their answers), so the result is what going back and forward again
 * would give, without asking the citizen every screen in between again. One transaction, audited.
 */
import { validateAnswers } from "../../engine";
import { changeableSteps, isSummaryForm } from "../../engine/forms/summary";
import type { RuntimeContext } from "../context";
import { RuntimeError } from "../errors";
import { newId } from "../ids";
import { isFinished } from "./status";
import { dataHash } from "./transition";
import { insertAudit, updateApplication } from "./writes";

export interface ChangeAnswersRequest {
  /** The summary form the application is at: a change sent from a page the application has left is refused. */
  step: string;
  /** The earlier form whose answers change. */
  target: string;
  data: Record<string, unknown>;
  expectedVersion?: number;
  language?: string;
  applicantId?: string;
}

export async function changeAnswers(ctx: RuntimeContext, applicationId: string, request: ChangeAnswersRequest): Promise<{ applicationId: string; version: number; step: string }> {
  const size = Buffer.byteLength(JSON.stringify(request.data ?? null));
  if (size > ctx.maxPayloadBytes) throw new RuntimeError("payload_too_large", `The answers are ${size} bytes; at most ${ctx.maxPayloadBytes} are accepted`, { size, limit: ctx.maxPayloadBytes });
  if (!request.data || typeof request.data !== "object" || Array.isArray(request.data)) {
    throw new RuntimeError("invalid_data", "The answers must be an object", { fields: [{ path: "", code: "type", message: "The answers must be an object" }] });
  }
  return ctx.transitions.change(
    applicationId,
    {},
    (app, version) => {
      if (request.applicantId && app.applicantId !== request.applicantId) throw new RuntimeError("forbidden", "This application belongs to someone else");
      if (request.expectedVersion !== undefined && app.version !== request.expectedVersion) {
        throw new RuntimeError("stale_version", `The application changed meanwhile (version ${app.version}, not ${request.expectedVersion}): reload it and try again`, { currentVersion: app.version });
      }
      if (isFinished(app.status)) throw new RuntimeError("event_not_allowed", `The application has ended (${app.status})`);
      const definition = version.compiled.definition;
      if (app.currentStep !== request.step || !isSummaryForm(definition.steps[app.currentStep])) {
        throw new RuntimeError("event_not_allowed", `The application is at step "${app.currentStep}", not at the summary "${request.step}": reload it`, { step: app.currentStep });
      }
      if (!changeableSteps(definition, app.currentStep).includes(request.target)) {
        throw new RuntimeError("event_not_allowed", `The answers of "${request.target}" cannot be changed from "${app.currentStep}"`, { step: app.currentStep });
      }
      const target = definition.steps[request.target];
      if (target.kind !== "form") throw new RuntimeError("event_not_allowed", `"${request.target}" is not a form`);
      const data = JSON.parse(app.data) as Record<string, unknown>;
      // Only answers given on this application's way: a form it went past unasked stays unasked.
      if (data[target.saveAs ?? request.target] === undefined) throw new RuntimeError("event_not_allowed", `"${request.target}" was not answered in this application`);
      const language = request.language ?? definition.languages[0];
      const errors = validateAnswers(target, request.data, language);
      if (errors.length) {
        const fields = errors.map((e) => ({ path: e.field.length ? `/${e.field.join("/")}` : "", code: "invalid", message: e.message }));
        throw new RuntimeError("invalid_data", `${language === "uk" ? "Перевірте відповіді" : "Please check the answers"}: ${fields.map((f) => `${f.path || "form"}: ${f.message}`).join("; ")}`, { fields });
      }
    },
    (app, version) => {
      const target = version.compiled.definition.steps[request.target];
      const name = (target.kind === "form" && target.saveAs) || request.target;
      const data = { ...(JSON.parse(app.data) as Record<string, unknown>), [name]: request.data };
      const now = ctx.clock.now();
      const seq = app.version + 1;
      const stale = () => new RuntimeError("stale_version", "The application changed meanwhile: reload it and try again");
      const at = app.currentStep;
      return {
        statements: [
          // The same step and entry: nothing is re-entered (a form has no jobs), only the data changes.
          updateApplication(app.id, app.version, { currentStep: at, stepEntry: app.stepEntry, data: JSON.stringify(data), status: app.status, version: seq, updatedAt: now, finishedAt: null }, stale),
          insertAudit({ id: newId(), applicationId, seq, actor: `applicant:${request.applicantId ?? "unknown"}`, event: "change", fromStep: at, toStep: at, at: now, dataHash: dataHash(data), detail: JSON.stringify({ step: request.target }) }),
        ],
        result: { applicationId, version: seq, step: at },
        createdJobs: false,
      };
    },
  );
}
