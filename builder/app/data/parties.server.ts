/**
 * Parties as the portal shows them (runtime/parties): the applicant's one-time link and code for an invite
 * step, the invitation page of the person invited (by the link, or from their own list when the step names
 * their tax number), their answer. An invitation that is void or meant for someone else is "not found".
 */
import type { InvitationRef, InvitationView, PartyCitizen, Runtime } from "../../../runtime";
import type { CitizenUser } from "../auth/types";
import type { Lang } from "../i18n/lang";
import { hideForeign, isRuntimeErrorCode, notFound } from "./errors.server";
import { publicBaseUrl } from "./payments.server";

/** The signed-in citizen as the runtime's parties know them. */
export function partyCitizen(user: CitizenUser): PartyCitizen {
  const p = user.profile;
  return {
    id: user.applicantId,
    taxId: p.taxId,
    name: [p.lastName, p.firstName, p.middleName].filter(Boolean).join(" "),
    person: { firstName: p.firstName, lastName: p.lastName, ...(p.middleName ? { middleName: p.middleName } : {}), ...(p.birthDate ? { birthDate: p.birthDate } : {}) },
  };
}

/** A link's token, or `p.<party id>` for an invitation reached from the invitee's own list. */
export function invitationRef(param: string): InvitationRef {
  return param.startsWith("p.") ? { partyId: param.slice(2) } : { token: param };
}

export const invitationPath = (view: Pick<InvitationView, "partyId">) => `/invitations/p.${view.partyId}`;

export interface IssuedInvite {
  url: string;
  code: string;
  deadline: string | null;
}

/** A new link and code for the application's invite step (its applicant only; 404 for anyone else). */
export async function issueInvite(runtime: Runtime, user: CitizenUser, applicationId: string, request: Request): Promise<IssuedInvite | null> {
  try {
    const issued = await runtime.parties.issueLink(applicationId, user.applicantId);
    return { url: `${publicBaseUrl(request)}/invitations/${issued.token}`, code: issued.code, deadline: issued.deadline?.toISOString() ?? null };
  } catch (error) {
    if (isRuntimeErrorCode(error, "event_not_allowed")) return null;
    return hideForeign(error);
  }
}

export type InvitationPage = Omit<InvitationView, "deadline"> & { deadline: string | null };

export async function invitationFor(runtime: Runtime, user: CitizenUser, ref: string, lang: Lang): Promise<InvitationPage> {
  try {
    const view = await runtime.parties.invitation(invitationRef(ref), partyCitizen(user), lang);
    return { ...view, deadline: view.deadline?.toISOString() ?? null };
  } catch (error) {
    return hideForeign(error);
  }
}

export type AnswerOutcome = { ok: true; status: "accepted" | "declined"; applicationId: string } | { ok: false; problem: "code" | "locked" | "closed" };

export async function answerInvitation(runtime: Runtime, user: CitizenUser, ref: string, answer: "accept" | "decline", code: string | undefined): Promise<AnswerOutcome> {
  try {
    return { ok: true, ...(await runtime.parties.respond(invitationRef(ref), partyCitizen(user), answer, code?.slice(0, 20))) };
  } catch (error) {
    // A wrong code is "forbidden" from the runtime: here it is the invitee's typo, not a foreign id.
    if (isRuntimeErrorCode(error, "forbidden")) return { ok: false, problem: "code" };
    if (isRuntimeErrorCode(error, "limit_reached")) return { ok: false, problem: "locked" };
    if (isRuntimeErrorCode(error, "event_not_allowed") || isRuntimeErrorCode(error, "stale_version")) return { ok: false, problem: "closed" };
    if (isRuntimeErrorCode(error, "not_found")) throw notFound();
    throw error;
  }
}

/** Open invitations naming the citizen's tax number. */
export async function myInvitations(runtime: Runtime, user: CitizenUser, lang: Lang): Promise<InvitationPage[]> {
  return (await runtime.parties.invitationsFor(partyCitizen(user), lang)).map((view) => ({ ...view, deadline: view.deadline?.toISOString() ?? null }));
}
