/**
 * Rating a service for one application (runtime/feedback): the form (for leaving a form step midway it is
 * reached from the step's "Leaving? Tell us why" link; after a finished application the application page shows
 * the same form and posts here), the thank-you, and the form again with its problems. The applicant's only:
 * a party or anyone else gets "not found". A plain form with the session's CSRF token, as everywhere.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { readProtectedForm } from "../auth/form.server";
import { requireCitizen } from "../auth/guards.server";
import { myApplication } from "../data/applications.server";
import { notFound } from "../data/errors.server";
import { feedbackFromForm, feedbackPrompt, sendFeedback } from "../data/feedback.server";
import { formatDate } from "../i18n/lang";
import { languageOf } from "../i18n/lang.server";
import { t } from "../i18n/messages";
import { FeedbackForm, type FeedbackErrors } from "../portal/feedback/FeedbackPanel";
import { useLang } from "../portal/root-data";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.serviceTitle ?? ""} · civic-flow` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireCitizen(request, context);
  const id = params.applicationId ?? "";
  const application = await myApplication(context.runtime, user, id, languageOf(request));
  const prompt = await feedbackPrompt(context.runtime, user, application);
  if (!prompt) throw notFound();
  const sent = new URL(request.url).searchParams.has("sent") && !prompt.ask;
  return { applicationId: id, serviceTitle: application.service.title, prompt, sent };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireCitizen(request, context);
  const { form } = await readProtectedForm(request, context);
  const id = params.applicationId ?? "";
  const input = feedbackFromForm(form);
  const outcome = await sendFeedback(context.runtime, user, id, input);
  if (outcome.ok) return redirect(`/applications/${encodeURIComponent(id)}/feedback?sent=1`);
  const values = { score: typeof input.score === "number" ? input.score : undefined, reasons: input.reasons as string[], comment: typeof input.comment === "string" ? input.comment : undefined };
  if (outcome.problem !== "invalid") return { problem: outcome.problem, values };
  const errors: FeedbackErrors = {};
  for (const field of outcome.fields) {
    if (field.path === "/score") errors.score = "feedbackScoreRequired";
    else if (field.path.startsWith("/reasons")) errors.reasons = "feedbackReasonInvalid";
    else if (field.path === "/comment") errors.comment = "feedbackCommentTooLong";
    // A moment or step that is not one the page sent: the page is out of date.
    else return { problem: "moved" as const, values };
  }
  return { errors, values };
}

export default function FeedbackPage() {
  const { applicationId, serviceTitle, prompt, sent } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const lang = useLang();
  const back = `/applications/${encodeURIComponent(applicationId)}`;
  const leaving = prompt.ask && prompt.moment === "left-form";
  const problem = result && "problem" in result ? result.problem : null;
  return (
    <div className="page narrow">
      <p className="breadcrumbs">
        <Link to={back}>{t(lang, "feedbackBack")}</Link>
      </p>
      <p className="muted small">{serviceTitle}</p>
      <h1>{sent ? t(lang, "feedbackThanks") : leaving ? t(lang, "feedbackLeaveTitle") : t(lang, "feedbackTitle")}</h1>
      {sent ? (
        <div className="alert alert-ok" role="status">
          <p>{t(lang, "feedbackThanks")}</p>
          {!prompt.ask && prompt.askAgainAt && <p>{t(lang, "feedbackThanksText", { date: formatDate(prompt.askAgainAt, lang) })}</p>}
        </div>
      ) : problem ? (
        <p className="alert alert-info" role="alert">
          {t(lang, problem === "moved" ? "feedbackMoved" : problem === "rated" ? "feedbackRatedAlready" : "feedbackNotNow")}
        </p>
      ) : prompt.ask ? (
        <>
          <p className="lead">{leaving ? t(lang, "feedbackLeaveIntro") : t(lang, "feedbackIntro")}</p>
          <FeedbackForm
            applicationId={applicationId}
            moment={prompt.moment}
            step={prompt.step}
            lang={lang}
            values={result && "values" in result ? result.values : undefined}
            errors={result && "errors" in result ? result.errors : undefined}
          />
        </>
      ) : (
        <p className="alert alert-info" role="status">
          {t(lang, "feedbackNotNow")}
        </p>
      )}
      <p>
        <Link to={back} className="button button-secondary">
          {t(lang, "feedbackBack")}
        </Link>
      </p>
    </div>
  );
}
