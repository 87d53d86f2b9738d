/**
 * One application of the signed-in citizen: the current form step (generated from the definition), the
 * review of the answers before submitting, or the status page while the service works; the timeline;
 * cancel. Another person's application id answers "not found".
 */
import { randomUUID } from "node:crypto";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { formString, readProtectedForm } from "../auth/form.server";
import { requireCitizen } from "../auth/guards.server";
import { accessTo, cancelMyApplication, myApplication, submitAnswers } from "../data/applications.server";
import { notFound as notFoundResponse } from "../data/errors.server";
import { bookingAction, bookingPanel, isBookingIntent } from "../data/bookings.server";
import { saveFormDraft } from "../data/form-drafts.server";
import { feedbackPrompt } from "../data/feedback.server";
import { citizenRefunds, startPayment } from "../data/payments.server";
import { startSigning } from "../data/signatures.server";
import { changeForm, changeFromForm } from "../data/summary.server";
import { issueInvite } from "../data/parties.server";
import { formatDateTime } from "../i18n/lang";
import { languageOf } from "../i18n/lang.server";
import { t } from "../i18n/messages";
import { AnswersSummary } from "../portal/application/AnswersSummary";
import { BookingPanel } from "../portal/application/BookingPanel";
import { CancelForm } from "../portal/application/CancelForm";
import { ChangeForm } from "../portal/application/ChangeForm";
import { FeedbackPanel } from "../portal/feedback/FeedbackPanel";
import { InvitePanel, PartiesList, PartyNotice } from "../portal/application/Parties";
import { RefundNotice } from "../portal/application/Refunds";
import { StatusBadge } from "../portal/application/StatusBadge";
import { StatusPanel } from "../portal/application/StatusPanel";
import { decisionFor } from "../portal/application/status-first.server";
import { StepForm } from "../portal/application/StepForm";
import { Timeline } from "../portal/application/Timeline";
import { answersFromForm, answersFromJson } from "../portal/form/parse-form";
import { useLang } from "../portal/root-data";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.application.step.title || data?.application.service.title || ""} · civic-flow` }];

const NOTICES = ["saved", "stale", "step", "cancelled", "payment", "sign", "signed", "signDeclined", "signInvalid", "changed"] as const;

const NOTICE_TEXT = {
  saved: "draftSaved", stale: "staleVersion", step: "wrongStep", cancelled: "cancelled", payment: "paymentUnavailable",
  sign: "signUnavailable", signed: "signedNotice", signDeclined: "signDeclinedNotice", signInvalid: "signInvalidNotice", changed: "changeSaved",
} as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireCitizen(request, context);
  const application = await myApplication(context.runtime, user, params.applicationId ?? "", languageOf(request));
  const url = new URL(request.url);
  const notice = url.searchParams.get("notice");
  // A summary's "Change" link: the earlier form, opened over the summary the application stays at.
  const change = url.searchParams.get("change");
  const changing = change && application.step.form?.summary?.changeable.includes(change) ? await changeForm(context.runtime, user, application.id, change, languageOf(request)) : null;
  const booking = await bookingPanel(context.runtime, user, application.id, languageOf(request), url, application.step.kind === "book");
  const feedback = await feedbackPrompt(context.runtime, user, application);
  return { application, booking, refunds: await citizenRefunds(context.runtime, application), decision: await decisionFor(context.runtime, application), feedback, changing, idempotencyKey: randomUUID(), notice: NOTICES.find((n) => n === notice) ?? null, confirmCancel: url.searchParams.has("confirmCancel") };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireCitizen(request, context);
  const { form } = await readProtectedForm(request, context);
  const lang = languageOf(request);
  const id = params.applicationId ?? "";
  const here = `/applications/${id}`;
  const intent = formString(form, "intent");
  // Every action here is the applicant's, but answering (or saving) a form addressed to a party's role: any
  // other action of a party (who may read the page) is "not found", as for anyone else.
  const { access } = await accessTo(context.runtime, user, id);
  if (access.kind === "party" && intent !== "save" && intent !== "submit" && intent !== "sign" && intent !== "") throw notFoundResponse();

  if (intent === "askCancel") return redirect(`${here}?confirmCancel=1`);
  if (intent === "cancel") {
    const result = await cancelMyApplication(context.runtime, user, id, lang);
    return redirect(`${here}?notice=${result.ok ? "cancelled" : "stale"}`);
  }
  if (intent === "pay") {
    const checkout = await startPayment(context.runtime, user, id, request, lang);
    return redirect(checkout.ok ? checkout.checkoutUrl : `${here}?notice=payment`);
  }
  if (intent === "invite") {
    const issued = await issueInvite(context.runtime, user, id, request);
    return issued ? { invite: issued } : { inviteUnavailable: true };
  }
  if (intent === "sign") {
    const started = await startSigning(context.runtime, user, id, request, lang);
    return redirect(started.ok ? started.confirmUrl : `${here}?notice=sign`);
  }

  if (isBookingIntent(intent)) return redirect(await bookingAction(context.runtime, user, id, intent, form));
  if (formString(form, "change")) {
    const changed = await changeFromForm(context.runtime, user, id, form, lang);
    return "redirect" in changed ? redirect(changed.redirect) : changed;
  }

  const application = await myApplication(context.runtime, user, id, lang);
  if (access.kind === "party" && !application.step.form) throw notFoundResponse();
  const step = formString(form, "step");
  if (!application.step.form || step !== application.step.id) return redirect(`${here}?notice=step`);
  const answers = readAnswers(form, application.step.form.schema);
  if (intent === "save") {
    await saveFormDraft(context.runtime, user.applicantId, id, step, answers);
    return redirect(`${here}?notice=saved`);
  }
  const version = Number(formString(form, "version"));
  const outcome = await submitAnswers(context.runtime, user, id, {
    step,
    answers,
    expectedVersion: Number.isInteger(version) && version > 0 ? version : undefined,
    idempotencyKey: formString(form, "key").slice(0, 100) || undefined,
    lang,
  });
  if (outcome.ok && application.step.form.straightTo === "sign") {
    // Just reviewed: straight on to the signing provider, without the sign step's own page.
    const started = await startSigning(context.runtime, user, id, request, lang);
    return redirect(started.ok ? started.confirmUrl : here);
  }
  if (outcome.ok && application.step.form.straightTo === "payment") {
    // Just confirmed the amount: straight on to the checkout (the payment step's page if it cannot start).
    const checkout = await startPayment(context.runtime, user, id, request, lang);
    return redirect(checkout.ok ? checkout.checkoutUrl : here);
  }
  if (outcome.ok) return redirect(here);
  if ("stale" in outcome) return redirect(`${here}?notice=${outcome.stale === "version" ? "stale" : "step"}`);
  return { errors: outcome.errors, answers };
}

/** Answers sent as JSON (with JavaScript) or as named fields (a plain HTML form). */
function readAnswers(form: FormData, schema: Record<string, unknown>): Record<string, unknown> {
  const json = formString(form, "answers");
  return (json && answersFromJson(json)) || answersFromForm(form, schema);
}

export default function ApplicationPage() {
  const { application, booking, refunds, decision, feedback, changing, idempotencyKey, notice, confirmCancel } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const lang = useLang();
  const { step } = application;
  return (
    <div className="page narrow">
      <p className="breadcrumbs">
        <Link to="/applications">{t(lang, "backToApplications")}</Link>
      </p>
      <p className="muted small">{application.service.title}</p>
      <h1>{step.form ? step.title : application.service.title}</h1>
      <p className="meta-line">
        <StatusBadge status={application.status} text={application.statusText} />{" "}
        <span className="muted small">
          {t(lang, "applicationNumber")}: <span className="mono">{application.id.slice(0, 8).toUpperCase()}</span> · {t(lang, "updatedAt")}:{" "}
          {formatDateTime(application.updatedAt, lang)}
        </span>
      </p>
      {notice && (
        <p className={`alert ${notice === "saved" || notice === "cancelled" || notice === "signed" ? "alert-ok" : "alert-info"}`} role="status">
          {t(lang, NOTICE_TEXT[notice])}
        </p>
      )}
      {application.viewer.kind === "party" && <PartyNotice roleTitle={application.viewer.roleTitle} lang={lang} />}
      {step.invite && <InvitePanel invite={step.invite} issued={result && "invite" in result ? result.invite : null} unavailable={Boolean(result && "inviteUnavailable" in result)} lang={lang} />}
      <RefundNotice refunds={refunds} lang={lang} />
      {step.form ? (
        <>
          {step.description && <p className="lead">{step.description}</p>}
          {application.officerNote && (
            <div className="panel panel-warning">
              <h2 className="h3">{t(lang, "officerReason")}</h2>
              <p>{application.officerNote}</p>
            </div>
          )}
          {step.form.restoredDraft && notice !== "saved" && (
            <p className="alert alert-info" role="status">
              {t(lang, "draftRestored")}
            </p>
          )}
          {changing && step.form.summary ? (
            <ChangeForm
              applicationId={application.id}
              summaryStep={step.id}
              version={application.version}
              form={changing}
              answers={result && "change" in result && result.change === changing.step ? result.answers : undefined}
              serverErrors={result && "change" in result && result.change === changing.step ? result.errors : undefined}
              lang={lang}
            />
          ) : (
          <>
          {(step.form.confirmation || step.form.summary) && (
            <>
              <p>{t(lang, step.form.summary ? "summaryIntro" : "reviewIntro")}</p>
              <AnswersSummary
                groups={application.answers}
                title={t(lang, "yourAnswers")}
                change={step.form.summary && { label: t(lang, "changeLink"), href: (group) => (step.form?.summary?.changeable.includes(group) ? `?change=${encodeURIComponent(group)}` : null) }}
              />
            </>
          )}
          <StepForm
            stepId={step.id}
            version={application.version}
            idempotencyKey={idempotencyKey}
            schema={step.form.schema}
            uiSchema={step.form.uiSchema}
            formData={result && "answers" in result ? (result.answers as Record<string, unknown>) : step.form.formData}
            confirmation={step.form.confirmation}
            straightTo={step.form.straightTo}
            serverErrors={result && "errors" in result && !("change" in result) ? result.errors : undefined}
            lang={lang}
          />
          </>
          )}
        </>
      ) : (
        <StatusPanel application={application} decision={decision} lang={lang} />
      )}
      {booking && <BookingPanel booking={booking} applicationId={application.id} lang={lang} />}
      <FeedbackPanel prompt={feedback} applicationId={application.id} lang={lang} />
      {application.canCancel && <CancelForm lang={lang} confirming={confirmCancel} />}
      <PartiesList parties={application.parties} lang={lang} />
      <Timeline entries={application.timeline} lang={lang} />
      {!step.form && <AnswersSummary groups={application.answers} title={t(lang, "yourAnswers")} />}
    </div>
  );
}
