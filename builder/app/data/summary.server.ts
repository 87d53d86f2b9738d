/**
 * A summary form (`summary: true`) on the portal: which answer groups get a "Change" link, the earlier form
 * opened for a change (its own schema, with the answers given), and sending the change to the runtime,
 * which saves it while the application stays at the summary (runtime/applications/change.ts).
 */
import { localize, localizeSchema } from "../../../engine";
import type { Runtime } from "../../../runtime";
import type { CitizenUser } from "../auth/types";
import type { Lang } from "../i18n/lang";
import { formString } from "../auth/form.server";
import { localizeUiSchema } from "../portal/form/localize-ui";
import { answersFromForm, answersFromJson } from "../portal/form/parse-form";
import type { FieldProblem } from "../portal/form/ServiceForm";
import { fieldProblems, ownApplication } from "./applications.server";
import { hideForeign, isRuntimeErrorCode } from "./errors.server";
import { versionOf } from "./services.server";
import { savedName, summaryOf } from "./summary";

export interface ChangeFormView {
  step: string;
  title: string;
  description: string;
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  formData: Record<string, unknown>;
}

/** The earlier form `target` opened from the summary the application is at, with the answers given; null when it cannot be changed here. */
export async function changeForm(runtime: Runtime, user: CitizenUser, applicationId: string, target: string, lang: Lang): Promise<ChangeFormView | null> {
  const row = await ownApplication(runtime, user, applicationId);
  const version = await versionOf(runtime, row.serviceVersionId);
  if (!version || row.status !== "draft") return null;
  const { definition } = version;
  const data = JSON.parse(row.data) as Record<string, unknown>;
  const summary = summaryOf(definition, row.currentStep, data);
  const step = definition.steps[target];
  if (!summary?.changeable.includes(target) || step?.kind !== "form") return null;
  const main = definition.languages[0];
  const schema = localizeSchema(step.schema, lang, main) as Record<string, unknown>;
  delete schema.title; // the step's title is the heading
  return {
    step: target,
    title: localize(step.title, lang, main),
    description: localize(step.description, lang, main),
    schema,
    uiSchema: localizeUiSchema(step.uiSchema, lang, main),
    formData: (data[savedName(target, step)] ?? {}) as Record<string, unknown>,
  };
}

export type ChangeOutcome = { ok: true } | { ok: false; errors: FieldProblem[] } | { ok: false; stale: true };

/** Sends a change of the earlier form `target` from the summary `step`: checked and saved by the runtime. */
export async function changeMyAnswers(
  runtime: Runtime,
  user: CitizenUser,
  applicationId: string,
  request: { step: string; target: string; answers: Record<string, unknown>; expectedVersion?: number; lang: Lang },
): Promise<ChangeOutcome> {
  await ownApplication(runtime, user, applicationId); // a party or anyone else: not found
  try {
    await runtime.changeAnswers(applicationId, {
      step: request.step,
      target: request.target,
      data: request.answers,
      expectedVersion: request.expectedVersion,
      language: request.lang,
      applicantId: user.applicantId,
    });
    return { ok: true };
  } catch (error) {
    if (isRuntimeErrorCode(error, "invalid_data")) return { ok: false, errors: fieldProblems((error as { details: { fields?: { path: string; message: string }[] } }).details.fields ?? []) };
    if (isRuntimeErrorCode(error, "stale_version") || isRuntimeErrorCode(error, "event_not_allowed")) return { ok: false, stale: true };
    return hideForeign(error);
  }
}

/**
 * A "Change" sent from the page (JSON with JavaScript, named fields without): on to the summary again, or
 * the change form with the runtime's field errors; a page the application has left reloads the application.
 */
export async function changeFromForm(
  runtime: Runtime,
  user: CitizenUser,
  applicationId: string,
  form: FormData,
  lang: Lang,
): Promise<{ redirect: string } | { errors: FieldProblem[]; answers: Record<string, unknown>; change: string }> {
  const here = `/applications/${applicationId}`;
  const target = formString(form, "change");
  const view = await changeForm(runtime, user, applicationId, target, lang);
  if (!view) return { redirect: `${here}?notice=step` };
  const json = formString(form, "answers");
  const answers = (json && answersFromJson(json)) || answersFromForm(form, view.schema);
  const version = Number(formString(form, "version"));
  const outcome = await changeMyAnswers(runtime, user, applicationId, {
    step: formString(form, "step"),
    target,
    answers,
    expectedVersion: Number.isInteger(version) && version > 0 ? version : undefined,
    lang,
  });
  if (outcome.ok) return { redirect: `${here}?notice=changed#answers-${target}` };
  if ("stale" in outcome) return { redirect: `${here}?notice=stale` };
  return { errors: outcome.errors, answers, change: target };
}
