/** The OpenAPI 3 document of /api/v1, generated from the route table (served at /api/v1/openapi.json). */
import { API_ROUTES } from "./routes.server";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = { type: "string" };
const dateTime = { type: "string", format: "date-time" };
const nullable = (schema: object) => ({ anyOf: [schema, { type: "null" }] });
const obj = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({ type: "object", properties, required });

const SCHEMAS: Record<string, unknown> = {
  Error: obj({
    error: obj({ code: str, message: str, fields: { type: "array", items: obj({ path: { type: "array", items: { anyOf: [str, { type: "integer" }] } }, message: str }) } }, ["code", "message"]),
  }),
  Service: obj({ id: str, version: { type: "integer" }, title: str, description: str, owner: str, category: nullable(str), tags: { type: "array", items: str } }),
  ServiceList: obj({ services: { type: "array", items: ref("Service") } }),
  StaffCredentials: obj({ username: str, password: str }),
  Token: obj({ token: { ...str, description: "Send as Authorization: Bearer <token>" }, expiresAt: dateTime }),
  Me: obj({ kind: { enum: ["citizen", "staff"] }, name: str, roles: { type: "array", items: str }, birthDate: str, csrfToken: str, expiresAt: dateTime }, ["kind", "name", "csrfToken", "expiresAt"]),
  StartApplication: obj({ serviceId: str }),
  Started: obj({ applicationId: str, existing: { type: "boolean", description: "true: an application already open for the service was returned" } }),
  ApplicationSummary: obj(
    { id: str, serviceId: str, serviceTitle: str, stepTitle: str, status: ref("Status"), statusText: str, createdAt: dateTime, updatedAt: dateTime, role: { ...str, description: "My role when I am a party to the application, not its applicant" } },
    ["id", "serviceId", "serviceTitle", "stepTitle", "status", "statusText", "createdAt", "updatedAt"],
  ),
  ApplicationList: obj({ applications: { type: "array", items: ref("ApplicationSummary") } }),
  Status: { enum: ["draft", "processing", "done", "rejected", "cancelled", "failed"] },
  Application: obj(
    {
      id: str,
      service: obj({ id: str, title: str, version: { type: "integer" } }),
      status: ref("Status"),
      statusText: str,
      version: { type: "integer", description: "Send as expectedVersion to detect concurrent changes" },
      createdAt: dateTime,
      updatedAt: dateTime,
      step: obj(
        {
          id: str,
          kind: str,
          title: str,
          description: str,
          form: obj({ schema: { type: "object", description: "The step's JSON Schema (2020-12), localised" }, uiSchema: { type: "object" }, formData: { type: "object", description: "Pre-filled answers" }, restoredDraft: { type: "boolean" }, confirmation: { type: "boolean" }, summary: obj({ changeable: { type: "array", items: str, description: "Earlier form steps whose answers POST …/changes may change here" } }), straightTo: { enum: ["sign", "payment"], description: "Sending this review goes straight on to the signing or payment provider's page" } }),
          payment: obj({ amount: nullable({ type: "number" }), currency: str, purpose: str, due: nullable(dateTime) }),
          waitingFor: { ...str, description: "A form addressed to a party: the role the applicant waits for" },
          invite: obj({ role: str, roleTitle: str, link: { type: "boolean" }, named: { type: "boolean" }, message: str, status: str, due: nullable(dateTime) }),
          sign: obj({ content: { type: "string", description: "The canonical JSON that is signed, pretty-printed" }, sha256: { type: "string", description: "Its SHA-256, hex" } }),
          due: nullable(dateTime),
          outcome: str,
          message: str,
        },
        ["id", "kind", "title", "description"],
      ),
      canCancel: { type: "boolean" },
      answers: { type: "array", items: obj({ step: str, title: str, lines: { type: "array", items: obj({ path: { type: "array", items: {} }, label: str, value: str }) } }) },
      timeline: { type: "array", items: obj({ at: dateTime, text: str, note: str }, ["at", "text"]) },
      next: nullable(str),
      documents: { type: "array", items: obj({ id: str, number: str, title: str, status: str }) },
      viewer: { type: "object", description: "applicant, or a party (role, roleTitle) who sees only what the service shares with the role", properties: { kind: { enum: ["applicant", "party"] }, role: str, roleTitle: str }, required: ["kind"] },
      parties: { type: "array", items: obj({ role: str, roleTitle: str, status: { enum: ["invited", "accepted", "declined", "expired"] }, name: nullable(str) }) },
    },
    ["id", "service", "status", "version", "step", "canCancel", "timeline"],
  ),
  Answers: obj({ step: str, answers: { type: "object" }, expectedVersion: { type: "integer" }, idempotencyKey: { ...str, description: "The same key twice changes nothing the second time" } }, ["step", "answers"]),
  Draft: obj({ step: str, answers: { type: "object" } }),
  Change: obj({ step: { ...str, description: "The summary step the application is at" }, change: { ...str, description: "The earlier form step whose answers change" }, answers: { type: "object" }, expectedVersion: { type: "integer" } }, ["step", "change", "answers"]),
  Checkout: obj({ checkoutUrl: str }),
  IssuedInvitation: obj({ url: str, code: { ...str, description: "6 digits, shown once" }, deadline: nullable(dateTime) }),
  Invitation: obj({ partyId: str, applicationId: str, role: str, roleTitle: str, service: obj({ id: str, title: str }), title: str, message: str, invitedBy: { ...str, description: "The applicant's first name and initial" }, status: { enum: ["invited", "accepted", "declined", "expired"] }, deadline: nullable(dateTime), needsCode: { type: "boolean" } }),
  InvitationList: obj({ invitations: { type: "array", items: ref("Invitation") } }),
  InvitationAnswer: obj({ answer: { enum: ["accept", "decline"] }, code: str }, ["answer"]),
  InvitationAnswered: obj({ status: { enum: ["accepted", "declined"] }, applicationId: str }),
  SignRequest: obj({ confirmUrl: str }),
  Slot: obj({ slotId: str, date: { ...str, format: "date" }, time: { ...str, pattern: "^\\d{2}:\\d{2}$" }, start: dateTime }),
  Appointment: obj({ id: str, status: { enum: ["held", "confirmed", "released", "expired", "cancelled"] }, office: str, date: str, time: str, start: dateTime, end: dateTime, holdExpiresAt: nullable(dateTime) }),
  Booking: obj({
    choice: nullable(
      obj({
        offices: { type: "array", items: obj({ id: str, title: str, address: str }) },
        office: nullable(str),
        days: { type: "array", items: obj({ date: str, slots: { type: "array", items: ref("Slot") } }) },
        holdMinutes: { type: "integer" },
        noSlots: { type: "boolean" },
        cancelled: { type: "boolean" },
      }),
    ),
    hold: nullable(obj({ id: str, status: str, office: str, officeTitle: str, officeAddress: str, date: str, time: str, start: dateTime, end: dateTime, holdExpiresAt: nullable(dateTime), changeable: { type: "boolean" } })),
    appointments: { type: "array", items: obj({ id: str, status: str, office: str, officeTitle: str, officeAddress: str, date: str, time: str, start: dateTime, end: dateTime, holdExpiresAt: nullable(dateTime), changeable: { type: "boolean" } }) },
  }),
  HoldSlot: obj({ slotId: str }),
  BookingRef: obj({ bookingId: str }),
  DeclineBooking: obj({ outcome: { enum: ["noSlots", "cancelled"] } }),
  FeedbackPrompt: {
    type: "object",
    description: "ask: true with the moment (finished, or left-form with the form step); else reason rated (askAgainAt when within 30 days) or not-now. reasons: the reason codes each score offers (engine/feedback.ts)",
    properties: {
      ask: { type: "boolean" },
      moment: { enum: ["finished", "left-form"] },
      step: nullable(str),
      reason: { enum: ["rated", "not-now"] },
      askAgainAt: nullable(dateTime),
      reasons: { type: "object", additionalProperties: { type: "array", items: str } },
    },
    required: ["ask", "reasons"],
  },
  Feedback: obj(
    {
      score: { type: "integer", minimum: 1, maximum: 5 },
      reasons: { type: "array", items: str, description: "Codes offered for the score (GET …/feedback lists them)" },
      comment: { type: "string", maxLength: 1000, description: "Personal data (numbers, phones, e-mails, names) is masked before it is stored" },
      moment: { enum: ["finished", "left-form"], description: "The moment the prompt was for: 409 when the application is no longer there" },
      step: { ...str, description: "left-form: the form step the prompt was for" },
    },
    ["score"],
  ),
  FeedbackSent: obj({ askAgainAt: { ...dateTime, description: "When the service may be rated again" } }),
  Moved: obj({ step: str, status: ref("Status"), version: { type: "integer" } }),
  DocumentSummary: obj({ id: str, number: str, template: str, title: str, status: { enum: ["valid", "expired", "revoked"] }, issuedAt: dateTime, expiresAt: nullable(dateTime), applicationId: str }),
  DocumentList: obj({ documents: { type: "array", items: ref("DocumentSummary") } }),
  Document: { allOf: [ref("DocumentSummary"), obj({ fields: { type: "array", items: obj({ key: str, label: str, value: str, card: { type: "boolean" } }) } })] },
  Share: obj({ code: { ...str, pattern: "^\\d{13}$", description: "EAN-13" }, url: str, qrSvg: str, expiresAt: dateTime }),
  VerificationRequest: obj({ code: { ...str, description: "The 13-digit code or the link token" } }),
  Verification: obj(
    { valid: { type: "boolean" }, status: str, problems: { type: "array", items: str }, title: str, number: str, issuedAt: dateTime, expiresAt: nullable(dateTime), card: { type: "array", items: obj({ key: str, label: str, value: str }) },
      seal: {
        ...obj({ valid: { type: "boolean" }, signer: str, signedAt: dateTime, subject: str, issuer: str, serialNumber: str, notAfter: dateTime, reason: str }, ["valid"]),
        description: "The PDF's PAdES seal (by number: of the PDF kept at issue): signer, signing time, certificate",
      },
    },
    ["valid", "status", "problems"],
  ),
  DataAccess: obj({
    registries: { type: "array", items: obj({ at: dateTime, registry: str, operation: str, purpose: str, result: str, applicationId: str }) },
    officers: { type: "array", items: obj({ at: dateTime, who: str, action: str, purpose: str, applicationId: str }) },
  }),
  NotificationList: obj({ notifications: { type: "array", items: obj({ id: str, applicationId: str, title: nullable(str), message: str, createdAt: dateTime, unread: { type: "boolean" } }) } }),
  Task: obj({ id: str, applicationId: str, role: str, service: str, step: str, due: nullable(dateTime), overdue: { type: "boolean" }, createdAt: dateTime }),
  TaskList: obj({ tasks: { type: "array", items: ref("Task") } }),
  OfficeApplication: { type: "object", description: "Applicant, answers, registry replies and calls, the open task (decisions), audit log" },
  Decision: obj({ decision: { ...str, description: "approve | reject | sendBack (the step's outcomes)" }, reason: str }, ["decision"]),
};

const SECURITY_NOTE =
  "Authenticate with the portal's session cookie (then send the session's CSRF token, from GET /me, as X-CSRF-Token on every change) or with `Authorization: Bearer <token>` (from POST /auth/staff or POST /tokens). Another person's ids answer 404. Bodies are JSON.";

export function openApiDocument(origin: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) {
    const parameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: str }));
    if (route.method === "GET") parameters.push({ name: "lang", in: "query", required: false, schema: { enum: ["uk", "en"] } as never });
    if (route.path === "/services") parameters.push({ name: "q", in: "query", required: false, schema: str });
    if (route.prefersWait) parameters.push({ name: "Prefer", in: "header", required: false, schema: { type: "string", pattern: "^wait=\\d+$", example: "wait=5" } as never });
    const status = String(route.status ?? 200);
    const success =
      route.returns === "pdf"
        ? { description: "PDF", content: { "application/pdf": { schema: { type: "string", format: "binary" } } } }
        : route.returns === "ics"
          ? { description: "iCalendar", content: { "text/calendar": { schema: { type: "string" } } } }
        : route.returns
          ? { description: "OK", content: { "application/json": { schema: ref(route.returns) } } }
          : { description: "Done" };
    const errors = { description: "Error", content: { "application/json": { schema: ref("Error") } } };
    paths[`/api/v1${route.path}`] ??= {};
    paths[`/api/v1${route.path}`][route.method.toLowerCase()] = {
      summary: route.summary,
      tags: [route.tag],
      operationId: `${route.method.toLowerCase()}${route.path.replace(/\{(\w+)\}/g, "By_$1").replace(/[^A-Za-z0-9_]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      ...(parameters.length ? { parameters } : {}),
      ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: ref(route.body) } } } } : {}),
      security: route.auth === "none" ? [] : [{ cookie: [] }, { bearer: [] }],
      responses: {
        [status]: success,
        ...(route.auth !== "none" ? { "401": errors, "403": errors } : {}),
        ...(route.path.includes("{") ? { "404": errors } : {}),
        ...(route.body ? { "415": errors, "422": errors } : {}),
        default: errors,
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "civic-flow API", version: "1.0.0", description: `The portal's and the office's operations for other clients (a mobile app). ${SECURITY_NOTE}` },
    servers: [{ url: origin }],
    paths,
    components: {
      schemas: SCHEMAS,
      securitySchemes: {
        cookie: { type: "apiKey", in: "cookie", name: "cf_session" },
        bearer: { type: "http", scheme: "bearer" },
      },
    },
  };
}
