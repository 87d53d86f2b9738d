/**
 * The HTTP API (/api/v1): the portal's and the office's operations as JSON, for other clients such as a
 * mobile app. Same sessions (the cookie, or `Authorization: Bearer <token>`), same access rules (the data
 * modules answer 404 for another person's ids), CSRF header for cookie-authenticated changes. The table
 * below is also the source of the OpenAPI document (openapi.server.ts).
 */
import type { AppLoadContext } from "@remix-run/node";
import { viewsOf } from "../../../runtime";
import { checkCredentials } from "../auth/accounts.server";
import { verifyCsrf } from "../auth/csrf.server";
import { currentUser } from "../auth/guards.server";
import { createSession, destroySession } from "../auth/sessions.server";
import { isOfficer, type CitizenUser, type StaffUser, type User } from "../auth/types";
import { accessTo, cancelMyApplication, myApplication, myApplications, startApplication, submitAnswers } from "../data/applications.server";
import { myDocument, myDocumentPdf, myDocuments, shareMyDocument } from "../data/documents.server";
import { saveFormDraft } from "../data/form-drafts.server";
import { feedbackPromptApi, reasonCodesByScore, sendFeedback } from "../data/feedback.server";
import { markMyInboxRead, readMyInbox } from "../data/notifications.server";
import { decideTask, inbox, officeApplication } from "../data/office.server";
import { startPayment } from "../data/payments.server";
import { startSigning } from "../data/signatures.server";
import { changeMyAnswers } from "../data/summary.server";
import { appointmentIcs, appointmentJson, bookingApi } from "../data/bookings.server";
import { answerInvitation, invitationFor, issueInvite, myInvitations } from "../data/parties.server";
import { whoReadMyData } from "../data/privacy.server";
import { catalog, catalogEntry } from "../data/services.server";
import { verifyCode, verifyDocumentNumber } from "../data/verification.server";
import { isLang, type Lang } from "../i18n/lang";
import { languageOf } from "../i18n/lang.server";
import { actOnIncident, incidentActionOf, incidentList } from "../data/incidents.server";
import { ApiError, json, readJson, requiredStr, str } from "./http.server";
import { preferredWaitMs, waitWhileProcessing } from "./wait.server";

export interface ApiContext {
  request: Request;
  context: AppLoadContext;
  params: Record<string, string>;
  lang: Lang;
}

export type Auth = "none" | "user" | "citizen" | "officer";

export interface ApiRoute {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  summary: string;
  tag: string;
  auth: Auth;
  /** A schema name in components.schemas (openapi.server.ts) for the request body. */
  body?: string;
  /** Honours `Prefer: wait=<seconds>` (wait.server.ts). */
  prefersWait?: boolean;
  /** The schema name of the 2xx response (or "pdf", "ics"). */
  returns?: string;
  status?: number;
  handler: (ctx: ApiContext, user: User | null) => Promise<Response>;
}

async function authorize(ctx: ApiContext, auth: Auth, method: string): Promise<User | null> {
  const user = await currentUser(ctx.request, ctx.context);
  if (auth === "none") return user;
  if (!user) throw new ApiError("unauthorized", "Sign in first: a session cookie or Authorization: Bearer <token>");
  if (auth === "citizen" && user.kind !== "citizen") throw new ApiError("forbidden", "This operation is for citizens");
  if (auth === "officer" && !isOfficer(user)) throw new ApiError("forbidden", "This operation is for officers");
  if (method !== "GET") {
    try {
      verifyCsrf(ctx.request, user);
    } catch {
      throw new ApiError("csrf", "Send the session's CSRF token in the X-CSRF-Token header (or use a bearer token)");
    }
  }
  return user;
}

export async function runRoute(route: ApiRoute, ctx: ApiContext): Promise<Response> {
  const user = await authorize(ctx, route.auth, route.method);
  return route.handler(ctx, user);
}

const citizen = (user: User | null) => user as CitizenUser;
/** The application as it is after a wait, saying the preference was applied. */
const waited = async (ctx: ApiContext, user: User | null) =>
  json(await myApplication(runtime(ctx), citizen(user), ctx.params.applicationId, ctx.lang), 200, { "preference-applied": `wait=${preferredWaitMs(ctx.request) / 1000}`, vary: "Prefer" });
const officer = (user: User | null) => user as StaffUser;
const runtime = (ctx: ApiContext) => ctx.context.runtime;

export const API_ROUTES: ApiRoute[] = [
  {
    method: "GET",
    path: "/services",
    summary: "Published services (optionally matching q)",
    tag: "catalog",
    auth: "none",
    returns: "ServiceList",
    handler: async (ctx) => json({ services: await catalog(runtime(ctx), ctx.lang, (new URL(ctx.request.url).searchParams.get("q") ?? "").slice(0, 100)) }),
  },
  {
    method: "GET",
    path: "/services/{serviceId}",
    summary: "One published service",
    tag: "catalog",
    auth: "none",
    returns: "Service",
    handler: async (ctx) => {
      const service = await catalogEntry(runtime(ctx), ctx.params.serviceId, ctx.lang);
      if (!service) throw new ApiError("not_found", "No such service");
      return json(service);
    },
  },
  {
    method: "POST",
    path: "/auth/staff",
    summary: "Staff sign-in with a password: a bearer token (30 days)",
    tag: "auth",
    auth: "none",
    body: "StaffCredentials",
    returns: "Token",
    status: 201,
    handler: async (ctx) => {
      const body = await readJson(ctx.request);
      const result = await checkCredentials(runtime(ctx), str(body.username, 100) ?? "", str(body.password, 200) ?? "", ctx.context.clientAddress);
      if (!result.ok) throw new ApiError(result.reason === "locked" ? "locked" : "unauthorized", result.reason === "locked" ? "Too many failed attempts" : "Wrong username or password");
      const { token, user } = await createSession(runtime(ctx), { kind: "staff", subject: result.accountId, profile: result.profile, transport: "bearer" });
      return json({ token, expiresAt: user.expiresAt }, 201);
    },
  },
  {
    method: "POST",
    path: "/tokens",
    summary: "A bearer token for the signed-in person (e.g. a mobile app after the identity provider's sign-in in a web view)",
    tag: "auth",
    auth: "user",
    returns: "Token",
    status: 201,
    handler: async (ctx, user) => {
      const db = runtime(ctx);
      const session =
        user!.kind === "citizen"
          ? await createSession(db, { kind: "citizen", subject: user!.applicantId, profile: user!.profile, transport: "bearer" })
          : await createSession(db, { kind: "staff", subject: user!.accountId, profile: user!.profile, transport: "bearer" });
      return json({ token: session.token, expiresAt: session.user.expiresAt }, 201);
    },
  },
  {
    method: "DELETE",
    path: "/session",
    summary: "Sign out: ends this session or revokes this bearer token",
    tag: "auth",
    auth: "user",
    status: 204,
    handler: async (ctx, user) => {
      await destroySession(runtime(ctx), user!.sessionId);
      return new Response(null, { status: 204 });
    },
  },
  {
    method: "GET",
    path: "/me",
    summary: "Who is signed in",
    tag: "auth",
    auth: "user",
    returns: "Me",
    handler: async (_ctx, user) =>
      json(
        user!.kind === "citizen"
          ? { kind: "citizen", name: `${user!.profile.firstName} ${user!.profile.lastName}`, birthDate: user!.profile.birthDate, csrfToken: user!.csrfToken, expiresAt: user!.expiresAt }
          : { kind: "staff", name: user!.profile.displayName, roles: user!.profile.roles, csrfToken: user!.csrfToken, expiresAt: user!.expiresAt },
      ),
  },
  {
    method: "GET",
    path: "/applications",
    summary: "My applications, newest first",
    tag: "applications",
    auth: "citizen",
    returns: "ApplicationList",
    handler: async (ctx, user) => json({ applications: await myApplications(runtime(ctx), citizen(user), ctx.lang) }),
  },
  {
    method: "POST",
    path: "/applications",
    summary: "Start an application (or get the one already open when the service allows one at a time)",
    tag: "applications",
    auth: "citizen",
    body: "StartApplication",
    returns: "Started",
    status: 201,
    handler: async (ctx, user) => {
      const body = await readJson(ctx.request);
      const serviceId = requiredStr(body, "serviceId", 100);
      const started = await startApplication(runtime(ctx), citizen(user), serviceId, ctx.lang);
      return json(started, started.existing ? 200 : 201);
    },
  },
  {
    method: "GET",
    path: "/applications/{applicationId}",
    summary:
      "One of my applications: the current step (a form's localised JSON Schema and prefill), status, timeline, what next. With `Prefer: wait=<seconds>` (at most 10) a processing application is answered once it changes, instead of at once",
    tag: "applications",
    auth: "citizen",
    returns: "Application",
    prefersWait: true,
    handler: async (ctx, user) => {
      const application = await myApplication(runtime(ctx), citizen(user), ctx.params.applicationId, ctx.lang);
      return (await waitWhileProcessing(runtime(ctx), ctx.request, application)) ? waited(ctx, user) : json(application);
    },
  },
  {
    method: "POST",
    path: "/applications/{applicationId}/answers",
    summary: "Answer the current form step (checked against the step's schema; 422 with field errors). `Prefer: wait=<seconds>` as for GET",
    tag: "applications",
    auth: "citizen",
    body: "Answers",
    returns: "Application",
    prefersWait: true,
    handler: async (ctx, user) => {
      const body = await readJson(ctx.request);
      const answers = body.answers;
      const step = str(body.step, 200);
      if (!step || !answers || typeof answers !== "object" || Array.isArray(answers)) throw new ApiError("invalid_data", "step and answers (an object) are required");
      const outcome = await submitAnswers(runtime(ctx), citizen(user), ctx.params.applicationId, {
        step,
        answers: answers as Record<string, unknown>,
        expectedVersion: typeof body.expectedVersion === "number" ? body.expectedVersion : undefined,
        idempotencyKey: str(body.idempotencyKey, 100),
        lang: ctx.lang,
      });
      if (!outcome.ok) {
        if ("errors" in outcome) throw new ApiError("invalid_data", "Please check the answers", outcome.errors.map((e) => ({ path: e.field, message: e.message })));
        throw new ApiError(outcome.stale === "version" ? "stale_version" : "event_not_allowed", "The application changed meanwhile: reload it");
      }
      const application = await myApplication(runtime(ctx), citizen(user), ctx.params.applicationId, ctx.lang);
      return (await waitWhileProcessing(runtime(ctx), ctx.request, application)) ? waited(ctx, user) : json(application);
    },
  },
  {
    method: "POST",
    path: "/applications/{applicationId}/changes",
    summary: "At a summary step (`form.summary`): change the answers of an earlier form it lists; the application stays at the summary (422 with field errors)",
    tag: "applications",
    auth: "citizen",
    body: "Change",
    returns: "Application",
    handler: async (ctx, user) => {
      const body = await readJson(ctx.request);
      const answers = body.answers;
      const step = str(body.step, 200);
      const change = str(body.change, 200);
      if (!step || !change || !answers || typeof answers !== "object" || Array.isArray(answers)) throw new ApiError("invalid_data", "step, change and answers (an object) are required");
      const outcome = await changeMyAnswers(runtime(ctx), citizen(user), ctx.params.applicationId, {
        step,
        target: change,
        answers: answers as Record<string, unknown>,
        expectedVersion: typeof body.expectedVersion === "number" ? body.expectedVersion : undefined,
        lang: ctx.lang,
      });
      if (!outcome.ok) {
        if ("errors" in outcome) throw new ApiError("invalid_data", "Please check the answers", outcome.errors.map((e) => ({ path: e.field, message: e.message })));
        throw new ApiError("event_not_allowed", "The application is not at this summary, or that form cannot be changed here: reload it");
      }
      return json(await myApplication(runtime(ctx), citizen(user), ctx.params.applicationId, ctx.lang));
    },
  },
  {
    method: "PUT",
    path: "/applications/{applicationId}/draft",
    summary: "Keep answers typed into the current form step without sending them",
    tag: "applications",
    auth: "citizen",
    body: "Draft",
    status: 204,
    handler: async (ctx, user) => {
      const body = await readJson(ctx.request);
      const { access } = await accessTo(runtime(ctx), citizen(user), ctx.params.applicationId);
      const app = await myApplication(runtime(ctx), citizen(user), ctx.params.applicationId, ctx.lang);
      // A party saves answers only of a form addressed to their role: other applications' steps are not theirs.
      if (access.kind === "party" && !app.step.form) throw new ApiError("not_found", "No such application");
      const answers = body.answers;
      if (!app.step.form || body.step !== app.step.id || !answers || typeof answers !== "object" || Array.isArray(answers)) throw new ApiError("event_not_allowed", "The application is not at this form step");
      await saveFormDraft(runtime(ctx), citizen(user).applicantId, app.id, app.step.id, answers as Record<string, unknown>);
      return new Response(null, { status: 204 });
    },
  },
  {
    method: "POST",
    path: "/applications/{applicationId}/cancel",
    summary: "Cancel my application where allowed (while it waits for me, an officer, a payment or an event)",
    tag: "applications",
    auth: "citizen",
    returns: "Application",
    handler: async (ctx, user) => {
      const result = await cancelMyApplication(runtime(ctx), citizen(user), ctx.params.applicationId, ctx.lang);
      if (!result.ok) throw new ApiError("event_not_allowed", "This application cannot be cancelled now");
      return json(await myApplication(runtime(ctx), citizen(user), ctx.params.applicationId, ctx.lang));
    },
  },
  {
    method: "POST",
    path: "/applications/{applicationId}/payment",
    summary: "The checkout page of the current payment step",
    tag: "applications",
    auth: "citizen",
    returns: "Checkout",
    handler: async (ctx, user) => {
      const checkout = await startPayment(runtime(ctx), citizen(user), ctx.params.applicationId, ctx.request, ctx.lang);
      if (!checkout.ok) throw new ApiError("event_not_allowed", "The application is not waiting for a payment");
      return json({ checkoutUrl: checkout.checkoutUrl });
    },
  },
  {
    method: "POST",
    path: "/applications/{applicationId}/signature",
    summary: "A sign request for the current sign step: the signing provider's (Diia.Signature) confirmation page; it returns to /applications/{applicationId}/signature",
    tag: "applications",
    auth: "citizen",
    returns: "SignRequest",
    handler: async (ctx, user) => {
      const started = await startSigning(runtime(ctx), citizen(user), ctx.params.applicationId, ctx.request, ctx.lang);
      if (!started.ok) throw new ApiError("event_not_allowed", "The application is not waiting for a signature");
      return json({ confirmUrl: started.confirmUrl });
    },
  },
  {
    method: "GET",
    path: "/applications/{applicationId}/feedback",
    summary: "Whether to ask me to rate the service on this application (after it finished, or while a form step is open: left-form), and the reason codes each score offers",
    tag: "feedback",
    auth: "citizen",
    returns: "FeedbackPrompt",
    handler: async (ctx, user) => json({ ...(await feedbackPromptApi(runtime(ctx), citizen(user), ctx.params.applicationId)), reasons: reasonCodesByScore() }),
  },
  {
    method: "POST",
    path: "/applications/{applicationId}/feedback",
    summary: "Rate the service: a score of 1 to 5, reasons offered for that score, a comment (personal data masked before it is stored). Once per service per 30 days: 409 after that",
    tag: "feedback",
    auth: "citizen",
    body: "Feedback",
    returns: "FeedbackSent",
    status: 201,
    handler: async (ctx, user) => {
      const body = await readJson(ctx.request);
      const outcome = await sendFeedback(runtime(ctx), citizen(user), ctx.params.applicationId, {
        score: body.score,
        reasons: body.reasons,
        comment: body.comment,
        moment: body.moment,
        step: body.step,
      });
      if (outcome.ok) return json({ askAgainAt: outcome.askAgainAt }, 201);
      if (outcome.problem === "invalid") {
        throw new ApiError("invalid_data", "Please check the rating", outcome.fields.map((field) => ({ path: field.path.split("/").slice(1).map((part) => (/^\d+$/.test(part) ? Number(part) : part)), message: field.message })));
      }
      const messages = { rated: "You have already rated this service in the last 30 days", moved: "The application is no longer where the rating was asked for: reload it", "not-now": "There is nothing to rate yet: the application is being processed" };
      throw new ApiError("conflict", messages[outcome.problem]);
    },
  },
  {
    method: "GET",
    path: "/applications/{applicationId}/booking",
    summary: "Appointments (book steps): at a book step the offices and the free slots by day (?office= picks one when the step leaves it open), the hold in progress, and the booked appointments",
    tag: "appointments",
    auth: "citizen",
    returns: "Booking",
    handler: async (ctx, user) => json(await bookingApi.show(runtime(ctx), citizen(user), ctx.params.applicationId, ctx.lang, new URL(ctx.request.url).searchParams.get("office"))),
  },
  {
    method: "POST",
    path: "/applications/{applicationId}/booking/hold",
    summary: "Holds a free slot for the current book step (an earlier hold of the application is released); 409 when someone took it",
    tag: "appointments",
    auth: "citizen",
    body: "HoldSlot",
    returns: "Appointment",
    status: 201,
    handler: async (ctx, user) => {
      const body = await readJson(ctx.request);
      const slotId = requiredStr(body, "slotId", 200);
      return json(appointmentJson(await bookingApi.run(runtime(ctx), citizen(user), ctx.params.applicationId, (b, me) => b.hold(ctx.params.applicationId, me, slotId))), 201);
    },
  },
  {
    method: "POST",
    path: "/applications/{applicationId}/booking/confirm",
    summary: "Confirms the held slot: the appointment is booked and the application moves on; 409 when the hold expired",
    tag: "appointments",
    auth: "citizen",
    body: "BookingRef",
    returns: "Moved",
    handler: async (ctx, user) => {
      const body = await readJson(ctx.request);
      const moved = await bookingApi.run(runtime(ctx), citizen(user), ctx.params.applicationId, (b, me) => b.confirm(ctx.params.applicationId, me, str(body.bookingId, 200) ?? ""));
      return json({ step: moved.step, status: moved.status, version: moved.version });
    },
  },
  {
    method: "POST",
    path: "/applications/{applicationId}/booking/decline",
    summary: "Takes the book step's way out instead of booking: noSlots (no free time suits) or cancelled (not booking)",
    tag: "appointments",
    auth: "citizen",
    body: "DeclineBooking",
    returns: "Moved",
    handler: async (ctx, user) => {
      const body = await readJson(ctx.request);
      const outcome = body.outcome === "noSlots" || body.outcome === "cancelled" ? body.outcome : undefined;
      if (!outcome) throw new ApiError("invalid_data", "outcome must be noSlots or cancelled", [{ path: ["outcome"], message: "noSlots or cancelled" }]);
      const moved = await bookingApi.run(runtime(ctx), citizen(user), ctx.params.applicationId, (b, me) => b.decline(ctx.params.applicationId, me, outcome));
      return json({ step: moved.step, status: moved.status, version: moved.version });
    },
  },
  {
    method: "POST",
    path: "/applications/{applicationId}/bookings/{bookingId}/reschedule",
    summary: "Moves a booked appointment to another free slot of its office (the old one is freed)",
    tag: "appointments",
    auth: "citizen",
    body: "HoldSlot",
    returns: "Appointment",
    handler: async (ctx, user) => {
      const body = await readJson(ctx.request);
      const slotId = requiredStr(body, "slotId", 200);
      return json(appointmentJson(await bookingApi.run(runtime(ctx), citizen(user), ctx.params.applicationId, (b, me) => b.reschedule(ctx.params.applicationId, me, ctx.params.bookingId, slotId))));
    },
  },
  {
    method: "POST",
    path: "/applications/{applicationId}/bookings/{bookingId}/cancel",
    summary: "Cancels a booked appointment (its slot is freed)",
    tag: "appointments",
    auth: "citizen",
    returns: "Appointment",
    handler: async (ctx, user) => json(appointmentJson(await bookingApi.run(runtime(ctx), citizen(user), ctx.params.applicationId, (b, me) => b.cancel(ctx.params.applicationId, me, ctx.params.bookingId)))),
  },
  {
    method: "GET",
    path: "/applications/{applicationId}/bookings/{bookingId}/ics",
    summary: "The appointment as an iCalendar file (RFC 5545)",
    tag: "appointments",
    auth: "citizen",
    returns: "ics",
    handler: async (ctx, user) => {
      const { text, filename } = await appointmentIcs(runtime(ctx), citizen(user), ctx.params.applicationId, ctx.params.bookingId, ctx.lang);
      return new Response(text, { headers: { "content-type": "text/calendar; charset=utf-8", "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`, "cache-control": "private, no-store" } });
    },
  },
  {
    method: "POST",
    path: "/applications/{applicationId}/invitation",
    summary: "A new one-time link and code for the current invite step, to pass on to the person invited (shown once; the previous pair stops working)",
    tag: "parties",
    auth: "citizen",
    returns: "IssuedInvitation",
    status: 201,
    handler: async (ctx, user) => {
      const issued = await issueInvite(runtime(ctx), citizen(user), ctx.params.applicationId, ctx.request);
      if (!issued) throw new ApiError("event_not_allowed", "The application is not waiting at an invitation with a link");
      return json(issued, 201);
    },
  },
  {
    method: "GET",
    path: "/invitations",
    summary: "Open invitations that name my tax number",
    tag: "parties",
    auth: "citizen",
    returns: "InvitationList",
    handler: async (ctx, user) => json({ invitations: await myInvitations(runtime(ctx), citizen(user), ctx.lang) }),
  },
  {
    method: "GET",
    path: "/invitations/{ref}",
    summary: "One invitation: by a link's token, or p.<id> from my list (not found when void or meant for someone else)",
    tag: "parties",
    auth: "citizen",
    returns: "Invitation",
    handler: async (ctx, user) => json(await invitationFor(runtime(ctx), citizen(user), ctx.params.ref, ctx.lang)),
  },
  {
    method: "POST",
    path: "/invitations/{ref}/answer",
    summary: "Accept or decline an invitation (with the code when it came by a link)",
    tag: "parties",
    auth: "citizen",
    body: "InvitationAnswer",
    returns: "InvitationAnswered",
    handler: async (ctx, user) => {
      const body = await readJson(ctx.request);
      const answer = body.answer === "accept" || body.answer === "decline" ? body.answer : undefined;
      if (!answer) throw new ApiError("invalid_data", "answer must be accept or decline", [{ path: ["answer"], message: "accept or decline" }]);
      const outcome = await answerInvitation(runtime(ctx), citizen(user), ctx.params.ref, answer, str(body.code, 20));
      if (outcome.ok) return json({ status: outcome.status, applicationId: outcome.applicationId });
      if (outcome.problem === "code") throw new ApiError("invalid_data", "The code is not right", [{ path: ["code"], message: "not right" }]);
      if (outcome.problem === "locked") throw new ApiError("limit_reached", "The code no longer works: ask the applicant for a new one");
      throw new ApiError("event_not_allowed", "The invitation is no longer open");
    },
  },
  {
    method: "GET",
    path: "/documents",
    summary: "My issued documents",
    tag: "documents",
    auth: "citizen",
    returns: "DocumentList",
    handler: async (ctx, user) => json({ documents: await myDocuments(runtime(ctx), citizen(user), ctx.lang) }),
  },
  {
    method: "GET",
    path: "/documents/{documentId}",
    summary: "One of my documents with its fields (the driver's licence with EU numbering)",
    tag: "documents",
    auth: "citizen",
    returns: "Document",
    handler: async (ctx, user) => json(await myDocument(runtime(ctx), citizen(user), ctx.params.documentId, ctx.lang)),
  },
  {
    method: "GET",
    path: "/documents/{documentId}/pdf",
    summary: "The document's PDF as issued",
    tag: "documents",
    auth: "citizen",
    returns: "pdf",
    handler: async (ctx, user) => {
      const { pdf, filename } = await myDocumentPdf(runtime(ctx), citizen(user), ctx.params.documentId);
      return new Response(Buffer.from(pdf), { headers: { "content-type": "application/pdf", "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`, "cache-control": "private, no-store" } });
    },
  },
  {
    method: "POST",
    path: "/documents/{documentId}/shares",
    summary: "A one-time code (13 digits), link and QR code to show the document, valid 3 minutes",
    tag: "documents",
    auth: "citizen",
    returns: "Share",
    status: 201,
    handler: async (ctx, user) => {
      const share = await shareMyDocument(runtime(ctx), citizen(user), ctx.params.documentId);
      if (!share.ok) throw new ApiError("conflict", share.reason);
      return json({ code: share.code, url: share.url, qrSvg: share.qrSvg, expiresAt: share.expiresAt }, 201);
    },
  },
  {
    method: "POST",
    path: "/verifications",
    summary: "Public: check a shared document by its one-time code or link token (uses the code up)",
    tag: "verification",
    auth: "none",
    body: "VerificationRequest",
    returns: "Verification",
    handler: async (ctx) => {
      const body = await readJson(ctx.request);
      const result = await verifyCode(runtime(ctx), str(body.code, 64) ?? "", ctx.lang);
      if ("badFormat" in result) throw new ApiError("invalid_data", "A 13-digit code or a link token", [{ path: ["code"], message: "format" }]);
      return json(result);
    },
  },
  {
    method: "GET",
    path: "/documents/verify/{number}",
    summary: "Public: is the document with this printed number valid (no personal data)",
    tag: "verification",
    auth: "none",
    returns: "Verification",
    handler: async (ctx) => json(await verifyDocumentNumber(runtime(ctx), ctx.params.number, ctx.lang)),
  },
  {
    method: "GET",
    path: "/data-access",
    summary: "Who read my data: registry calls and officers' views, with their purpose",
    tag: "privacy",
    auth: "citizen",
    returns: "DataAccess",
    handler: async (ctx, user) => json(await whoReadMyData(runtime(ctx), citizen(user), ctx.lang, ctx.context.studio?.catalog())),
  },
  {
    method: "GET",
    path: "/notifications",
    summary: "My notifications, newest first (reading changes nothing: POST /notifications/read marks them read)",
    tag: "privacy",
    auth: "citizen",
    returns: "NotificationList",
    handler: async (ctx, user) => json({ notifications: await readMyInbox(runtime(ctx), citizen(user)) }),
  },
  {
    method: "POST",
    path: "/notifications/read",
    summary: "Mark all my notifications read",
    tag: "privacy",
    auth: "citizen",
    status: 204,
    handler: async (ctx, user) => {
      await markMyInboxRead(runtime(ctx), citizen(user));
      return new Response(null, { status: 204 });
    },
  },
  {
    method: "GET",
    path: "/office/tasks",
    summary: "Open review tasks for my roles, the nearest deadline first",
    tag: "office",
    auth: "officer",
    returns: "TaskList",
    handler: async (ctx, user) => json({ tasks: await inbox(runtime(ctx), officer(user), ctx.lang) }),
  },
  {
    method: "GET",
    path: "/office/applications/{applicationId}",
    summary: "An application through one of my tasks: answers, registry replies, audit (the view is recorded)",
    tag: "office",
    auth: "officer",
    returns: "OfficeApplication",
    handler: async (ctx, user) => json(await officeApplication(runtime(ctx), officer(user), ctx.params.applicationId, ctx.lang)),
  },
  {
    method: "POST",
    path: "/office/tasks/{taskId}/decision",
    summary: "Approve, reject (reason required) or send back (comment required)",
    tag: "office",
    auth: "officer",
    body: "Decision",
    status: 204,
    handler: async (ctx, user) => {
      const body = await readJson(ctx.request);
      const task = await viewsOf(runtime(ctx)).applications.officerTask(ctx.params.taskId);
      if (!task) throw new ApiError("not_found", "Not found");
      const result = await decideTask(runtime(ctx), officer(user), task.applicationId, ctx.params.taskId, str(body.decision, 50) ?? "", str(body.reason, 2000) ?? "");
      if (!result.ok) {
        if (result.error === "reason") throw new ApiError("invalid_data", "A reason of at least 5 characters is required", [{ path: ["reason"], message: "required" }]);
        throw new ApiError("event_not_allowed", result.error === "closed" ? "The task is closed" : "Unknown decision");
      }
      return new Response(null, { status: 204 });
    },
  },
  {
    method: "GET",
    path: "/office/incidents",
    summary: "Administrators: open incidents (service, version, step, error, since, payments) and recently resolved ones",
    tag: "office",
    // Any signed-in user reaches the handler; it refuses everyone but administrators (403).
    auth: "user",
    handler: async (ctx, user) => json(await incidentList(runtime(ctx), user, ctx.lang)),
  },
  {
    method: "POST",
    path: "/office/incidents/{incidentId}/actions",
    summary: 'Administrators: {"action": "retry"} the failed step, {"action": "migrate", "toVersion": n}, or {"action": "cancel", "reason": "…"} (payments flagged for refund)',
    tag: "office",
    auth: "user",
    status: 204,
    handler: async (ctx, user) => {
      const body = await readJson(ctx.request);
      const action = incidentActionOf({ intent: str(body.action, 20) ?? "", toVersion: String(body.toVersion ?? ""), reason: str(body.reason, 500) ?? "" });
      if (!action) throw new ApiError("invalid_data", 'action must be "retry", "migrate" (with toVersion) or "cancel"', [{ path: ["action"], message: "invalid" }]);
      const result = await actOnIncident(runtime(ctx), user, ctx.params.incidentId, action);
      if (!result.ok) throw new ApiError("event_not_allowed", result.error);
      return new Response(null, { status: 204 });
    },
  },
];

/** ?lang=en|uk, else the language cookie, else Ukrainian. */
export function apiLanguage(request: Request): Lang {
  const requested = new URL(request.url).searchParams.get("lang");
  return isLang(requested) ? requested : languageOf(request);
}
