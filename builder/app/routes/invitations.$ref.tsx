/**
 * An invitation to join someone's application as a party (a partner, a buyer, an owner): reached by the
 * one-time link the applicant passed on (then the code is asked, unless the invitation names this person's
 * tax number) or from "My applications". Shows what is asked and by whom (first name and initial only), and
 * takes the answer. A void link, or an invitation for someone else, is "not found".
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formString, readProtectedForm } from "../auth/form.server";
import { requireCitizen } from "../auth/guards.server";
import { answerInvitation, invitationFor } from "../data/parties.server";
import { formatDateTime } from "../i18n/lang";
import { languageOf } from "../i18n/lang.server";
import { t } from "../i18n/messages";
import { titleMeta } from "../i18n/meta";
import { CsrfField } from "../portal/CsrfField";
import { useLang } from "../portal/root-data";

export const meta: MetaFunction = ({ matches }) => [...titleMeta(matches, "invitationPageTitle"), { name: "referrer", content: "no-referrer" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireCitizen(request, context);
  return { invitation: await invitationFor(context.runtime, user, params.ref ?? "", languageOf(request)) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireCitizen(request, context);
  const { form } = await readProtectedForm(request, context);
  // Not theirs (void, or meant for someone else): 404 before anything else.
  await invitationFor(context.runtime, user, params.ref ?? "", languageOf(request));
  const intent = formString(form, "intent");
  const answer = intent === "accept" ? "accept" : intent === "decline" ? "decline" : undefined;
  if (!answer) return { problem: "closed" as const };
  const outcome = await answerInvitation(context.runtime, user, params.ref ?? "", answer, formString(form, "code") || undefined);
  if (!outcome.ok) return { problem: outcome.problem };
  if (outcome.status === "accepted") return redirect(`/applications/${outcome.applicationId}`);
  return { declined: true as const };
}

const PROBLEM_TEXT = { code: "invitationWrongCode", locked: "invitationLocked", closed: "invitationClosed" } as const;

export default function InvitationPage() {
  const { invitation } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const lang = useLang();
  const problem = result && "problem" in result ? result.problem : null;
  const open = invitation.status === "invited" && !(result && "declined" in result);
  return (
    <div className="page narrow">
      <p className="breadcrumbs">
        <Link to="/applications">{t(lang, "backToApplications")}</Link>
      </p>
      <p className="muted small">{invitation.service.title}</p>
      <h1>{invitation.title || t(lang, "invitationPageTitle")}</h1>
      <p className="lead">{t(lang, "invitationFrom", { name: invitation.invitedBy, service: invitation.service.title, role: invitation.roleTitle.toLocaleLowerCase(lang) })}</p>
      {invitation.message && <p>{invitation.message}</p>}
      {invitation.deadline && open && <p className="muted">{t(lang, "inviteDeadline", { date: formatDateTime(invitation.deadline, lang) })}</p>}
      {result && "declined" in result && (
        <p className="alert alert-info" role="status">
          {t(lang, "invitationDeclined")}
        </p>
      )}
      {!open && !(result && "declined" in result) && (
        <p className="alert alert-info" role="status">
          {invitation.status === "accepted" ? t(lang, "partyStatus_accepted") : t(lang, "invitationClosed")}
        </p>
      )}
      {open && (
        <Form method="post" className="stack" noValidate>
          <CsrfField />
          {invitation.needsCode && (
            <div className={`field${problem === "code" ? " field-invalid" : ""}`}>
              <label htmlFor="invite-code">{t(lang, "invitationCodeLabel")}</label>
              <p className="hint" id="invite-code-hint">
                {t(lang, "invitationCodeHint")}
              </p>
              {problem === "code" && (
                <p className="field-error" id="invite-code-error">
                  {t(lang, "invitationWrongCode")}
                </p>
              )}
              <input
                id="invite-code"
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                maxLength={6}
                aria-invalid={problem === "code" || undefined}
                aria-describedby={problem === "code" ? "invite-code-hint invite-code-error" : "invite-code-hint"}
              />
            </div>
          )}
          {problem && problem !== "code" && (
            <p className="alert alert-error" role="alert">
              {t(lang, PROBLEM_TEXT[problem])}
            </p>
          )}
          <div className="actions">
            <button type="submit" name="intent" value="accept" className="button">
              {t(lang, "invitationAccept")}
            </button>
            <button type="submit" name="intent" value="decline" className="button button-secondary">
              {t(lang, "invitationDecline")}
            </button>
          </div>
        </Form>
      )}
    </div>
  );
}
