/**
 * Every route of the app, enumerated the way the app itself finds them: the Remix page routes from
 * builder/app/routes by Remix's own flat-routes convention (the function its Vite plugin uses), and the
 * JSON API from its route table (API_ROUTES). Each one needs a classification below: a route without one
 * fails the suite, so a new route is covered by default.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
// Remix's flat-routes convention (no public export; the Vite plugin calls this same function).
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { API_ROUTES, type ApiRoute } from "../app/api/routes.server";

const appDirectory = resolve(dirname(fileURLToPath(import.meta.url)), "../app");

export interface PageRoute {
  id: string;
  /** The URL pattern with its parents' segments, e.g. /documents/:documentId/pdf. */
  path: string;
  hasLoader: boolean;
  hasAction: boolean;
}

const exports = (source: string, name: string) => new RegExp(`export\\s+(async\\s+)?(function|const)\\s+${name}\\b`).test(source);

export function pageRoutes(): PageRoute[] {
  const manifest = flatRoutes(appDirectory, []) as Record<string, { id: string; parentId?: string; path?: string; file: string }>;
  const fullPath = (id: string | undefined): string => {
    const route = id ? manifest[id] : undefined;
    if (!route) return "";
    return `${fullPath(route.parentId)}${route.path ? `/${route.path}` : ""}`;
  };
  return Object.values(manifest).map((route) => {
    const source = readFileSync(join(appDirectory, route.file), "utf8");
    return { id: route.id, path: fullPath(route.id) || "/", hasLoader: exports(source, "loader"), hasAction: exports(source, "action") };
  });
}

/** The fixtures the suite makes: one citizen's applications and document, an officer's task. */
export interface Fixtures {
  /** Citizen A's application waiting at its form step (a draft with script in it). */
  formApplication: string;
  /** Citizen A's application waiting for an hsc-officer's review (answers with script in them). */
  reviewApplication: string;
  reviewTask: string;
  /** A document issued to citizen A. */
  document: string;
  /** Citizen A's application waiting at its invite step (A may make a link and code). */
  inviteApplication: string;
  /** Citizen C's application that A accepted to join as the partner: A sees what is shared with the role. */
  partyApplication: string;
  /** An open invitation of another of C's applications, naming A's tax number: `p.<party id>`, A's alone. */
  invitation: string;
}

export type Access = "public" | "citizen" | "officer" | "analyst";

export interface PageRouteClass {
  /** Who may load it: anyone, or the kind of user a sign-in redirect asks for. */
  access: Access;
  /** A URL of this route, its parameters taken from the fixtures. */
  sample: (f: Fixtures) => string;
  /** How its action refuses a forged request (routes with an action only). */
  action?: "form-csrf" | "json-csrf-header" | "signed-callback" | "api-router";
  /** The ids in its URL belong to one citizen / reach one officer role: anyone else gets 404. */
  owner?: "citizen" | "officer-role";
  /** What the owner's own GET of the sample answers, when not 200 (a return URL redirects; a fixture without the file is a 404). */
  ownerStatus?: number;
  /** It prints text a citizen typed (answers, document fields): checked for escaping. */
  showsCitizenText?: boolean;
}

export const PAGE_ROUTE_CLASSES: Record<string, PageRouteClass> = {
  "routes/_index": { access: "public", sample: () => "/" },
  "routes/$": { access: "public", sample: () => "/no-such-page" },
  "routes/api.v1.$": { access: "public", sample: () => "/api/v1/services", action: "api-router" },
  "routes/applications._index": { access: "citizen", sample: () => "/applications" },
  // The signing provider's return URL: completes the sign request, then redirects to the application.
  "routes/applications.$applicationId.signature": { access: "citizen", sample: (f) => `/applications/${f.formApplication}/signature?requestId=sr_none`, owner: "citizen", ownerStatus: 302 },
  "routes/applications.$applicationId": { access: "citizen", sample: (f) => `/applications/${f.formApplication}`, action: "form-csrf", owner: "citizen", showsCitizenText: true },
  "routes/documents._index": { access: "citizen", sample: () => "/documents" },
  // Rating the service: the applicant's only (a party and anyone else get 404); the form step offers it as left-form.
  // The form's beacon of the problems it showed (field and keyword only), for the service dashboard.
  "routes/applications.$applicationId.form-errors": { access: "citizen", sample: (f) => `/applications/${f.formApplication}/form-errors`, action: "form-csrf", owner: "citizen", ownerStatus: 405 },
  "routes/applications.$applicationId_.feedback": { access: "citizen", sample: (f) => `/applications/${f.formApplication}/feedback`, action: "form-csrf", owner: "citizen" },
  // An invitation is its invitee's (here A, whose tax number it names): anyone else, the applicant too, gets 404.
  "routes/invitations.$ref": { access: "citizen", sample: (f) => `/invitations/${f.invitation}`, action: "form-csrf", owner: "citizen" },
  "routes/documents.$documentId": { access: "citizen", sample: (f) => `/documents/${f.document}`, action: "form-csrf", owner: "citizen", showsCitizenText: true },
  // The fixtures have no appointment: the owner's control is a 404 too (runtime/bookings and builder/app/data/bookings.test.ts test a real one).
  "routes/applications.$applicationId.bookings.$bookingId[.]ics": { access: "citizen", sample: (f) => `/applications/${f.formApplication}/bookings/none.ics`, owner: "citizen", ownerStatus: 404 },
  "routes/documents.$documentId.pdf": { access: "citizen", sample: (f) => `/documents/${f.document}/pdf`, owner: "citizen" },
  // What the service worker keeps offline for the signed-in citizen (their own documents' addresses only).
  "routes/documents.offline[.]json": { access: "citizen", sample: () => "/documents/offline.json" },
  "routes/documents.share.$token": { access: "public", sample: () => "/documents/share/not-a-token" },
  "routes/documents.verify.$number": { access: "public", sample: () => "/documents/verify/SEC-00000000" },
  "routes/favicon[.]ico": { access: "public", sample: () => "/favicon.ico" },
  // The installable app: its manifest and icons.
  "routes/manifest[.]webmanifest": { access: "public", sample: () => "/manifest.webmanifest" },
  "routes/icons.$icon": { access: "public", sample: () => "/icons/icon-192.png" },
  "routes/id.$provider.authorize": { access: "public", sample: () => "/id/bankid/authorize?state=abcdefghijklmnop0123&redirect_uri=%2Fsignin%2Fcallback", action: "form-csrf" },
  "routes/language": { access: "public", sample: () => "/language", action: "form-csrf" },
  "routes/notifications": { access: "citizen", sample: () => "/notifications", action: "form-csrf" },
  "routes/office._index": { access: "officer", sample: () => "/office" },
  // Administrators only: "analyst" here means staff sign-in; the admin role itself is tested in builder/app/data/incidents.test.ts.
  "routes/office.incidents": { access: "analyst", sample: () => "/office/incidents", action: "form-csrf" },
  // The fixtures have no signature: the owner's control is a 404 too, the access check runs before the lookup.
  "routes/office.applications.$applicationId.signatures.$signatureId": { access: "officer", sample: (f) => `/office/applications/${f.reviewApplication}/signatures/none`, owner: "officer-role", ownerStatus: 404 },
  "routes/office.applications.$applicationId": { access: "officer", sample: (f) => `/office/applications/${f.reviewApplication}`, action: "form-csrf", owner: "officer-role", showsCitizenText: true },
  "routes/payments.callback": { access: "public", sample: () => "/payments/callback", action: "signed-callback" },
  "routes/privacy": { access: "citizen", sample: () => "/privacy" },
  "routes/services.$serviceId": { access: "public", sample: () => "/services/security-probe", action: "form-csrf" },
  "routes/signin": { access: "public", sample: () => "/signin", action: "form-csrf" },
  "routes/signin.callback": { access: "public", sample: () => "/signin/callback" },
  "routes/signout": { access: "public", sample: () => "/signout", action: "form-csrf" },
  "routes/staff.signin": { access: "public", sample: () => "/staff/signin", action: "form-csrf" },
  "routes/studio": { access: "analyst", sample: () => "/studio" },
  // ?index: a POST to /studio is the layout's (which has no action) without it.
  "routes/studio._index": { access: "analyst", sample: () => "/studio?index", action: "form-csrf" },
  "routes/studio.api.drafts.$draftId": { access: "analyst", sample: () => "/studio/api/drafts/no-such-draft", action: "json-csrf-header" },
  // Presence, comments and reviews of a draft; the live test run's registry calls.
  "routes/studio.api.drafts.$draftId_.collab": { access: "analyst", sample: () => "/studio/api/drafts/no-such-draft/collab", action: "json-csrf-header" },
  "routes/studio.api.drafts.$draftId_.live": { access: "analyst", sample: () => "/studio/api/drafts/no-such-draft/live", action: "json-csrf-header" },
  "routes/studio.api.services.$serviceId.$number": { access: "analyst", sample: () => "/studio/api/services/security-probe/1" },
  // The document templates the property panel's picker offers (GET only).
  "routes/studio.api.catalog.templates": { access: "analyst", sample: () => "/studio/api/catalog/templates" },
  "routes/studio.developers": { access: "analyst", sample: () => "/studio/developers" },
  "routes/studio.drafts.$draftId": { access: "analyst", sample: () => "/studio/drafts/no-such-draft" },
  "routes/studio.services.$serviceId": { access: "analyst", sample: () => "/studio/services/security-probe" },
  "routes/studio.services.$serviceId_.insight": { access: "analyst", sample: () => "/studio/services/security-probe/insight" },
  "routes/studio.services.$serviceId_.insight[.]csv": { access: "analyst", sample: () => "/studio/services/security-probe/insight.csv?table=funnel" },
  // Document templates (the template designer): pages, the draft's JSON (PUT save, POST publish) and the PDF preview (POST only).
  "routes/studio.templates._index": { access: "analyst", sample: () => "/studio/templates", action: "form-csrf" },
  "routes/studio.templates.$templateId": { access: "analyst", sample: () => "/studio/templates/security-probe" },
  "routes/studio.templates.$templateId_.versions": { access: "analyst", sample: () => "/studio/templates/security-probe/versions" },
  "routes/studio.api.templates.$templateId": { access: "analyst", sample: () => "/studio/api/templates/security-probe", action: "json-csrf-header" },
  "routes/studio.api.templates.$templateId_.preview": { access: "analyst", sample: () => "/studio/api/templates/security-probe/preview", action: "json-csrf-header" },
  "routes/verify._index": { access: "public", sample: () => "/verify", action: "form-csrf" },
  "routes/verify.$token": { access: "public", sample: () => "/verify/not-a-token", action: "form-csrf" },
};

export const apiRouteKey = (route: Pick<ApiRoute, "method" | "path">) => `${route.method} ${route.path}`;

export interface ApiRouteClass {
  /** Path parameters from the fixtures. */
  params?: (f: Fixtures) => Record<string, string>;
  /** A body its handler accepts (JSON). */
  body?: (f: Fixtures) => unknown;
  /** As for pages: the ids belong to one citizen / reach one officer role. */
  owner?: "citizen" | "officer-role";
  /** What an anonymous call answers when a route open to anyone still refuses it (wrong credentials). */
  anonymousStatus?: number;
}

/** The API's own table says who may call (auth) and the method; this adds what the checks need. */
export const API_ROUTE_CLASSES: Record<string, ApiRouteClass> = {
  "GET /services": {},
  "GET /services/{serviceId}": { params: () => ({ serviceId: "security-probe" }) },
  "POST /auth/staff": { body: () => ({ username: "nobody", password: "x" }), anonymousStatus: 401 },
  "POST /tokens": {},
  "DELETE /session": {},
  "GET /me": {},
  "GET /applications": {},
  "POST /applications": { body: () => ({ serviceId: "security-probe" }) },
  "GET /applications/{applicationId}": { params: (f) => ({ applicationId: f.formApplication }), owner: "citizen" },
  "POST /applications/{applicationId}/answers": { params: (f) => ({ applicationId: f.formApplication }), body: () => ({ step: "ask", answers: {} }), owner: "citizen" },
  "PUT /applications/{applicationId}/draft": { params: (f) => ({ applicationId: f.formApplication }), body: () => ({ step: "ask", answers: {} }), owner: "citizen" },
  "POST /applications/{applicationId}/cancel": { params: (f) => ({ applicationId: f.formApplication }), owner: "citizen" },
  "POST /applications/{applicationId}/payment": { params: (f) => ({ applicationId: f.formApplication }), owner: "citizen" },
  "POST /applications/{applicationId}/signature": { params: (f) => ({ applicationId: f.formApplication }), owner: "citizen" },
  "POST /applications/{applicationId}/changes": { params: (f) => ({ applicationId: f.formApplication }), body: () => ({ step: "ask", change: "ask", answers: {} }), owner: "citizen" },
  "GET /applications/{applicationId}/feedback": { params: (f) => ({ applicationId: f.formApplication }), owner: "citizen" },
  "POST /applications/{applicationId}/feedback": { params: (f) => ({ applicationId: f.formApplication }), body: () => ({ score: 3, reasons: [], moment: "left-form", step: "ask" }), owner: "citizen" },
  "GET /applications/{applicationId}/booking": { params: (f) => ({ applicationId: f.formApplication }), owner: "citizen" },
  "POST /applications/{applicationId}/booking/hold": { params: (f) => ({ applicationId: f.formApplication }), body: () => ({ slotId: "none" }), owner: "citizen" },
  "POST /applications/{applicationId}/booking/confirm": { params: (f) => ({ applicationId: f.formApplication }), body: () => ({ bookingId: "none" }), owner: "citizen" },
  "POST /applications/{applicationId}/booking/decline": { params: (f) => ({ applicationId: f.formApplication }), body: () => ({ outcome: "noSlots" }), owner: "citizen" },
  "POST /applications/{applicationId}/bookings/{bookingId}/reschedule": { params: (f) => ({ applicationId: f.formApplication, bookingId: "none" }), body: () => ({ slotId: "none" }), owner: "citizen" },
  "POST /applications/{applicationId}/bookings/{bookingId}/cancel": { params: (f) => ({ applicationId: f.formApplication, bookingId: "none" }), owner: "citizen" },
  "GET /applications/{applicationId}/bookings/{bookingId}/ics": { params: (f) => ({ applicationId: f.formApplication, bookingId: "none" }), owner: "citizen" },
  "POST /applications/{applicationId}/invitation": { params: (f) => ({ applicationId: f.inviteApplication }), owner: "citizen" },
  "GET /invitations": {},
  "GET /invitations/{ref}": { params: (f) => ({ ref: f.invitation }), owner: "citizen" },
  "POST /invitations/{ref}/answer": { params: (f) => ({ ref: f.invitation }), body: () => ({ answer: "decline", code: "000000" }), owner: "citizen" },
  "GET /documents": {},
  "GET /documents/{documentId}": { params: (f) => ({ documentId: f.document }), owner: "citizen" },
  "GET /documents/{documentId}/pdf": { params: (f) => ({ documentId: f.document }), owner: "citizen" },
  "POST /documents/{documentId}/shares": { params: (f) => ({ documentId: f.document }), owner: "citizen" },
  "POST /verifications": { body: () => ({ code: "0000000000000" }) },
  "GET /documents/verify/{number}": { params: () => ({ number: "SEC-00000000" }) },
  "GET /data-access": {},
  "GET /notifications": {},
  "POST /notifications/read": {},
  "GET /office/tasks": {},
  "GET /office/applications/{applicationId}": { params: (f) => ({ applicationId: f.reviewApplication }), owner: "officer-role" },
  // Administrators only (checked in the handler; see builder/app/data/incidents.test.ts).
  "GET /office/incidents": {},
  "POST /office/incidents/{incidentId}/actions": { params: () => ({ incidentId: "no-such-incident" }), body: () => ({ action: "retry" }) },
  "POST /office/tasks/{taskId}/decision": { params: (f) => ({ taskId: f.reviewTask }), body: () => ({ decision: "approve", reason: "" }), owner: "officer-role" },
};

export function apiRoutes(): ApiRoute[] {
  return API_ROUTES;
}

/** The API path of a route with its parameters filled in. */
export function apiPath(route: ApiRoute, f: Fixtures): string {
  const params = API_ROUTE_CLASSES[apiRouteKey(route)]?.params?.(f) ?? {};
  return `/api/v1${route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? "x"))}`;
}
