/**
 * Parties on the application page: the invite step as its applicant sees it (whom it invites, until when, the
 * one-time link and code, shown once right after they are made), the parties and how each answered, and the
 * notice a party reads on an application that is not theirs.
 */
import { Form, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import type { IssuedInvite } from "../../data/parties.server";
import type { PartySummary, PortalApplication } from "../../data/applications.server";
import { formatDateTime, type Lang } from "../../i18n/lang";
import { t, type MessageKey } from "../../i18n/messages";
import { CsrfField } from "../CsrfField";

export function InvitePanel({ invite, issued, unavailable, lang }: { invite: NonNullable<PortalApplication["step"]["invite"]>; issued?: IssuedInvite | null; unavailable?: boolean; lang: Lang }) {
  // The party answers elsewhere: ask again every few seconds (with JavaScript) so the page moves on when they do.
  const revalidator = useRevalidator();
  useEffect(() => {
    if (invite.status !== "invited") return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, 5000);
    return () => clearInterval(timer);
  }, [invite.status, revalidator]);
  return (
    <section className="panel" aria-labelledby="invite-title" aria-live="polite">
      <h2 id="invite-title" className="h3">
        {t(lang, "inviteTitle", { role: invite.roleTitle.toLocaleLowerCase(lang) })}
      </h2>
      {invite.message && <p>{invite.message}</p>}
      {invite.due && <p className="muted">{t(lang, "inviteDeadline", { date: formatDateTime(invite.due, lang) })}</p>}
      {invite.named && <p>{t(lang, "inviteNamedExplain")}</p>}
      {invite.link && (
        <>
          <p>{t(lang, "inviteLinkExplain")}</p>
          {issued && (
            <div className="alert alert-ok" role="status">
              <dl className="invite-issued">
                <dt>{t(lang, "inviteLink")}</dt>
                <dd>
                  <input className="mono" readOnly value={issued.url} aria-label={t(lang, "inviteLink")} onFocus={(event) => event.currentTarget.select()} />
                </dd>
                <dt>{t(lang, "inviteCode")}</dt>
                <dd className="mono big">{issued.code}</dd>
              </dl>
              <p className="small">{t(lang, "inviteShownOnce")}</p>
            </div>
          )}
          {unavailable && (
            <p className="alert alert-error" role="alert">
              {t(lang, "inviteUnavailable")}
            </p>
          )}
          <Form method="post">
            <CsrfField />
            <button type="submit" name="intent" value="invite" className={issued ? "button button-secondary" : "button"}>
              {t(lang, issued ? "inviteMakeAgain" : "inviteMake")}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}

export function PartiesList({ parties, lang }: { parties: PartySummary[]; lang: Lang }) {
  if (!parties.length) return null;
  return (
    <section aria-labelledby="parties-title">
      <h2 id="parties-title" className="h3">
        {t(lang, "partiesTitle")}
      </h2>
      <ul className="plain-list">
        {parties.map((p) => (
          <li key={p.role}>
            <strong>{p.roleTitle}</strong>
            {p.name ? ` · ${p.name}` : ""} — {t(lang, `partyStatus_${p.status}` as MessageKey)}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function PartyNotice({ roleTitle, lang }: { roleTitle: string; lang: Lang }) {
  return (
    <p className="alert alert-info" role="note">
      {t(lang, "youAreParty", { role: roleTitle.toLocaleLowerCase(lang) })}
    </p>
  );
}
