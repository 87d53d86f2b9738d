/**
 * A citizen's applications as the portal shows them: start, the current step ready to render, answers
 * given, a timeline in plain words, what happens next and when, submit, save a draft, cancel. Every
 * function takes the signed-in citizen and answers "not found" for an application that is not theirs.
 */
import { localize, localizeSchema, signingParties, type ServiceDefinition, type Step } from "../../../engine";
import { stepModule, viewsOf, type Access, type PartyStatus, type Runtime } from "../../../runtime";
import type { CitizenUser } from "../auth/types";
import { formatDate, type Lang } from "../i18n/lang";
import { t, type MessageKey } from "../i18n/messages";
import { answerLines, isConfirmation, type AnswerLine } from "../portal/form/answers";
import { localizeUiSchema } from "../portal/form/localize-ui";
import type { FieldProblem } from "../portal/form/ServiceForm";
import { templateTitle } from "./documents.server";
import { hideForeign, isRuntimeErrorCode, notFound } from "./errors.server";
import { deleteFormDrafts, loadFormDraft } from "./form-drafts.server";
import { definitionOfVersion, versionOf } from "./services.server";
import { straightTo, summaryOf, type SummaryView } from "./summary";

/** incident: a step failed and operators are on it (the citizen can do nothing and pays nothing more). */
export type AppStatus = "draft" | "processing" | "incident" | "done" | "rejected" | "cancelled" | "failed";
const FINISHED = new Set(["done", "rejected", "cancelled", "failed"]);

/** The status in words; at a payment step "awaiting payment", not "sent for processing". */
export const statusText = (status: string, lang: Lang, stepKind?: string) =>
  status === "processing" && stepKind === "payment" ? t(lang, "status_awaitingPayment") : t(lang, `status_${status}` as MessageKey);

export interface PortalStep {
  id: string;
  kind: Step["kind"];
  title: string;
  description: string;
  form?: { schema: Record<string, unknown>; uiSchema: Record<string, unknown>; formData: Record<string, unknown>; restoredDraft: boolean; confirmation: boolean; summary?: SummaryView; straightTo?: "sign" | "payment" };
  payment?: { amount: number | null; currency: string; purpose: string; due: string | null };
  /** A sign step: the canonical content as shown (pretty JSON) and its SHA-256 (hex). */
  sign?: { content: string; sha256: string };
  /** A form addressed to a party: whom the applicant waits for (the role's title). */
  waitingFor?: string;
  /** A sign step with parties: this citizen has signed, the others' signatures are awaited. */
  signedAwaitingOthers?: boolean;
  /** An invite step, as its applicant sees it: whom it invites, whether it gives a link, and until when. */
  invite?: { role: string; roleTitle: string; link: boolean; named: boolean; message: string; status: PartyStatus; due: string | null };
  due?: string | null;
  outcome?: string;
  message?: string;
}

export interface TimelineEntry {
  at: string;
  text: string;
  note?: string;
  /** What the note is (the officer's comment, the reason for cancelling); none for a signature's details. */
  noteLabel?: string;
}

export interface AnswerGroup {
  step: string;
  title: string;
  lines: AnswerLine[];
}

export interface PortalApplication {
  id: string;
  service: { id: string; title: string; version: number };
  status: AppStatus;
  statusText: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  step: PortalStep;
  canCancel: boolean;
  answers: AnswerGroup[];
  timeline: TimelineEntry[];
  next: string | null;
  documents: { id: string; number: string; title: string; status: string }[];
  /** An officer's comment when the application was sent back to the citizen and waits at a form. */
  officerNote: string | null;
  /** Who is looking: the applicant, or a party who sees only what is shared with their role. */
  viewer: { kind: "applicant" } | { kind: "party"; role: string; roleTitle: string };
  /** The application's parties besides the applicant (for the applicant; empty for a party). */
  parties: PartySummary[];
}

export interface PartySummary {
  role: string;
  roleTitle: string;
  status: PartyStatus;
  /** The person's name once they answered. */
  name: string | null;
}

type AuditRow = { seq: number; event: string; fromStep: string | null; toStep: string; at: Date; actor: string; detail: string | null };

export function applicantOf(user: CitizenUser) {
  const p = user.profile;
  return {
    id: user.applicantId,
    taxId: p.taxId,
    firstName: p.firstName,
    lastName: p.lastName,
    ...(p.middleName ? { middleName: p.middleName } : {}),
    birthDate: p.birthDate,
    ...(p.gender ? { gender: p.gender } : {}),
    ...(p.phone ? { phone: p.phone } : {}),
    ...(p.email ? { email: p.email } : {}),
  };
}

/** Starts an application; with one already open for the service (the service's limit), returns that one. */
export async function startApplication(runtime: Runtime, user: CitizenUser, serviceId: string, lang: Lang): Promise<{ applicationId: string; existing: boolean }> {
  try {
    const started = await runtime.start(serviceId, applicantOf(user), { language: lang });
    return { applicationId: started.applicationId, existing: false };
  } catch (error) {
    if (isRuntimeErrorCode(error, "limit_reached")) {
      const open = await openApplicationOf(runtime, user, serviceId);
      if (open) return { applicationId: open, existing: true };
    }
    if (isRuntimeErrorCode(error, "not_found")) throw notFound();
    throw error;
  }
}

export async function openApplicationOf(runtime: Runtime, user: CitizenUser, serviceId: string): Promise<string | null> {
  const [open] = await runtime.applications({ applicantId: user.applicantId, serviceId, status: ["draft", "processing", "incident"], take: 1 });
  return open?.id ?? null;
}

export interface ApplicationSummary {
  id: string;
  serviceId: string;
  serviceTitle: string;
  stepTitle: string;
  status: AppStatus;
  statusText: string;
  createdAt: string;
  updatedAt: string;
  /** The citizen's role when they are a party to it, not its applicant. */
  role?: string;
}

export async function myApplications(runtime: Runtime, user: CitizenUser, lang: Lang): Promise<ApplicationSummary[]> {
  const records = viewsOf(runtime).applications;
  const [own, asParty] = await Promise.all([records.ofApplicant(user.applicantId, 200), records.ofParty(user.applicantId, 200)]);
  const rows: ((typeof own)[number] & { role?: string })[] = [...own, ...asParty].sort((x, y) => y.updatedAt.getTime() - x.updatedAt.getTime());
  const result: ApplicationSummary[] = [];
  for (const row of rows) {
    const definition = await definitionOfVersion(runtime, row.serviceVersionId);
    const main = definition?.languages[0];
    const step = definition?.steps[row.currentStep];
    result.push({
      id: row.id,
      serviceId: row.serviceId,
      serviceTitle: definition ? localize(definition.title, lang, main) : row.serviceId,
      stepTitle: step ? localize(step.title, lang, main) : "",
      status: row.status as AppStatus,
      statusText: statusText(row.status, lang, step?.kind),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      ...(row.role ? { role: definition ? localize(definition.parties?.[row.role]?.title, lang, main) || row.role : row.role } : {}),
    });
  }
  return result;
}

type ApplicationRow = NonNullable<Awaited<ReturnType<ReturnType<typeof viewsOf>["applications"]["row"]>>>;

/**
 * The one access check of the citizen's pages and API routes: the application row and who the citizen is to it
 * (its applicant, or an accepted party by role: runtime/views accessOf). Anyone else, and a missing id, is 404.
 */
export async function accessTo(runtime: Runtime, user: CitizenUser, applicationId: string): Promise<{ row: ApplicationRow; access: NonNullable<Access> }> {
  const records = viewsOf(runtime).applications;
  const row = await records.row(applicationId);
  const access = await records.accessOf(row, user.applicantId);
  if (!row || !access) throw notFound();
  return { row, access };
}

/** The application ready to render for its applicant, or as much as is shared with a party (404 for anyone else). */
export async function myApplication(runtime: Runtime, user: CitizenUser, applicationId: string, lang: Lang): Promise<PortalApplication> {
  const records = viewsOf(runtime).applications;
  const { row, access } = await accessTo(runtime, user, applicationId);
  if (access.kind === "party") return partyApplication(runtime, user, row, access.role, lang);
  const version = await versionOf(runtime, row.serviceVersionId);
  if (!version) throw notFound();
  const { definition } = version;
  const main = definition.languages[0];
  const data = JSON.parse(row.data) as Record<string, unknown>;
  const [audit, deadline, tasks, documents] = await Promise.all([
    records.auditEvents(applicationId),
    records.pendingDeadline(applicationId, row.stepEntry),
    records.openTasks(applicationId),
    records.documents(applicationId),
  ]);
  const status = row.status as AppStatus;
  const finished = FINISHED.has(status);
  /** Ended, or halted as an incident: nothing for the citizen to fill in or pay. */
  const halted = finished || status === "incident";
  const stepDef = definition.steps[row.currentStep];
  const viewStep = applicantStepView(stepDef, row.currentStep, data, tasks, halted, lang, main);
  const step: PortalStep = { id: row.currentStep, kind: stepDef.kind, title: String(viewStep.title ?? ""), description: String(viewStep.description ?? "") };
  const due = deadline?.toISOString() ?? null;

  // What the step shows comes from the runtime's step module (runtime/steps/<kind>.ts view()); a form
  // addressed to a party is theirs to fill: the applicant waits.
  if (!halted && viewStep.form && !viewStep.party) step.form = await portalForm(runtime, user, applicationId, row.currentStep, viewStep.form, lang, main);
  const summary = step.form && summaryOf(definition, row.currentStep, data); // the review with "Change" links
  if (step.form && summary) step.form.summary = summary;
  const then = step.form && straightTo(definition, row.currentStep); // sending goes on to the provider's page
  if (step.form && then) step.form.straightTo = then;
  if (!halted && typeof viewStep.party === "string") step.waitingFor = roleTitle(definition, viewStep.party, lang);
  if (!halted && viewStep.payment) {
    const payment = viewStep.payment as { amount?: number; currency: string; purpose: string };
    step.payment = { amount: payment.amount ?? null, currency: payment.currency, purpose: payment.purpose, due };
  }
  if (!halted && viewStep.sign && !(viewStep.sign as { error?: string }).error) {
    // Signed by this citizen already, the others' signatures awaited (a sign step with `parties`).
    if (await signedAlready(runtime, row, user)) step.signedAwaitingOthers = true;
    else step.sign = viewStep.sign as { content: string; sha256: string };
  }
  if (!halted && viewStep.review) {
    const reviewDue = (viewStep.review as { due?: Date | string | null } | undefined)?.due;
    step.due = reviewDue ? new Date(reviewDue).toISOString() : null;
  }
  if (!halted && viewStep.waitsFor === "event") step.due = due;
  const parties = await partySummaries(runtime, applicationId, definition, lang);
  if (!halted && viewStep.invite && stepDef.kind === "invite") {
    const invite = viewStep.invite as { role: string; link: boolean; named: boolean; message: string };
    const party = parties.find((p) => p.role === invite.role);
    step.invite = { ...invite, roleTitle: roleTitle(definition, invite.role, lang), status: party?.status ?? "invited", due };
  }
  if (stepDef.kind === "final") {
    step.outcome = stepDef.outcome;
    step.message = localize(stepDef.message, lang, main);
  }

  return {
    ...applicationHeader(row, definition, version.number, status, lang, main),
    step,
    canCancel: !halted && viewStep.citizenCancels === true,
    answers: answerGroups(definition, data, audit, lang),
    timeline: audit.flatMap((event) => timelineEntries(event, definition, lang)),
    next: finished ? null : status === "incident" ? t(lang, "incidentExplain") : whatNext(step, String(viewStep.waitsFor ?? ""), lang),
    documents: documents.map((d) => ({ id: d.id, number: d.number, title: templateTitle(d.template, lang), status: d.status })),
    officerNote: step.form ? sentBackNote(audit) : null,
    viewer: { kind: "applicant" },
    parties,
  };
}

/** What every viewer's page says of the application first: which service, its status and when. */
function applicationHeader(row: ApplicationRow, definition: ServiceDefinition, versionNumber: number, status: AppStatus, lang: Lang, main: string) {
  return {
    id: row.id,
    service: { id: row.serviceId, title: localize(definition.title, lang, main), version: versionNumber },
    status,
    statusText: statusText(status, lang, definition.steps[row.currentStep]?.kind),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The current form step ready to render, with the answers saved for later by this citizen. */
async function portalForm(runtime: Runtime, user: CitizenUser, applicationId: string, stepId: string, viewForm: unknown, lang: Lang, main: string): Promise<NonNullable<PortalStep["form"]>> {
  const form = viewForm as { schema: Record<string, unknown>; uiSchema: Record<string, unknown>; prefill: Record<string, unknown> };
  const schema = { ...form.schema };
  delete schema.title; // the step's title is the page's heading
  const draft = await loadFormDraft(runtime, user.applicantId, applicationId, stepId);
  return {
    schema,
    uiSchema: localizeUiSchema(form.uiSchema, lang, main),
    formData: { ...form.prefill, ...(draft ?? {}) },
    restoredDraft: Boolean(draft),
    confirmation: isConfirmation(schema),
  };
}

/** Whether this citizen has signed the current entry of the sign step (their tax number on a verified signature). */
async function signedAlready(runtime: Runtime, row: ApplicationRow, user: CitizenUser): Promise<boolean> {
  const signatures = await runtime.signatures(row.id);
  return signatures.some((s) => s.step === row.currentStep && s.stepEntry === row.stepEntry && s.status === "signed" && s.signerTaxId === user.profile.taxId);
}

const roleTitle = (definition: ServiceDefinition, role: string, lang: Lang) => localize(definition.parties?.[role]?.title, lang, definition.languages[0]) || role;

async function partySummaries(runtime: Runtime, applicationId: string, definition: ServiceDefinition, lang: Lang): Promise<PartySummary[]> {
  if (!definition.parties) return [];
  const rows = await runtime.parties.ofApplication(applicationId);
  return rows.map((p) => ({ role: p.role, roleTitle: roleTitle(definition, p.role, lang), status: p.shownStatus, name: p.status === "invited" ? null : p.citizenName }));
}

/**
 * What a party sees: the service, where the application stands, and the answers of the form steps the
 * definition shares with their role (`parties.<role>.sees`). No timeline, documents, payments or other data.
 */
async function partyApplication(runtime: Runtime, user: CitizenUser, row: ApplicationRow, role: string, lang: Lang): Promise<PortalApplication> {
  const version = await versionOf(runtime, row.serviceVersionId);
  if (!version) throw notFound();
  const { definition } = version;
  const main = definition.languages[0];
  const sees = new Set(definition.parties?.[role]?.sees ?? []);
  const data = JSON.parse(row.data) as Record<string, unknown>;
  const shared = Object.fromEntries(Object.entries(data).filter(([name]) => sees.has(name)));
  const audit = await viewsOf(runtime).applications.auditEvents(row.id);
  const status = row.status as AppStatus;
  const stepDef = definition.steps[row.currentStep];
  const step: PortalStep = { id: row.currentStep, kind: stepDef.kind, title: localize(stepDef.title, lang, main), description: "" };
  if (stepDef.kind === "final") {
    step.outcome = stepDef.outcome;
    step.message = localize(stepDef.message, lang, main);
  }
  const finished = FINISHED.has(status);
  // A sign step naming this party's role: they sign the same content, once.
  if (!finished && status !== "incident" && stepDef.kind === "sign") {
    const view = stepModule(stepDef).view(stepDef, { viewer: { kind: "applicant", party: role }, lang, main, stepId: row.currentStep, data, tasks: [] });
    const sign = view.fields.sign as { content: string; sha256: string; error?: string };
    if (view.actions.includes("sign") && !sign.error && signingParties(stepDef.parties, definition.parties).includes(role)) {
      if (await signedAlready(runtime, row, user)) step.signedAwaitingOthers = true;
      else step.sign = sign;
    }
  }
  // A form addressed to this party's role is theirs to fill, as the runtime's form view says.
  if (!finished && status !== "incident" && stepDef.kind === "form" && stepDef.party === role) {
    const view = stepModule(stepDef).view(stepDef, { viewer: { kind: "applicant", party: role }, lang, main, stepId: row.currentStep, data, tasks: [] });
    if (view.actions.includes("submit")) {
      step.form = await portalForm(runtime, user, row.id, row.currentStep, view.fields.form, lang, main);
      step.description = localize(stepDef.description, lang, main);
    }
  }
  return {
    ...applicationHeader(row, definition, version.number, status, lang, main),
    step,
    canCancel: false,
    answers: answerGroups(definition, shared, audit, lang).filter((group) => sees.has((definition.steps[group.step] as { saveAs?: string }).saveAs ?? group.step)),
    timeline: [],
    next: finished || step.form || step.sign ? null : step.signedAwaitingOthers ? t(lang, "othersSigning") : t(lang, "processingExplain"),
    documents: [],
    officerNote: null,
    viewer: { kind: "party", role, roleTitle: roleTitle(definition, role, lang) },
    parties: [],
  };
}

/**
 * The current step as the runtime shows it to its applicant (runtime/applications/view.ts): the step module's
 * view (runtime/steps/<kind>.ts) unless the application has ended or halted. Built here from the rows already
 * read instead of through runtime.view, which would read the application and its audit trail a second time.
 */
function applicantStepView(step: Step, stepId: string, data: Record<string, unknown>, tasks: { id: string; due: Date | null }[], halted: boolean, lang: Lang, main: string): Record<string, unknown> {
  const module = stepModule(step);
  const view: Record<string, unknown> = {
    title: localize(step.title, lang, main),
    description: localize(step.description, lang, main),
    waitsFor: module.waitsFor,
    citizenCancels: module.citizenCancels,
  };
  if (!halted) Object.assign(view, module.view(step, { viewer: { kind: "applicant" }, lang, main, stepId, data, tasks }).fields);
  return view;
}

/** The reason of the last "send back" when no citizen answer came after it. */
function sentBackNote(audit: AuditRow[]): string | null {
  for (let i = audit.length - 1; i >= 0; i--) {
    const event = audit[i];
    if (event.event === "submit") return null;
    if (event.event === "outcome.sendBack" && event.actor.startsWith("officer:") && event.detail) return (JSON.parse(event.detail) as { reason?: string }).reason ?? null;
  }
  return null;
}

/** The answers of every form step sent so far, in the order they were sent (confirmations left out). */
export function answerGroups(definition: ServiceDefinition, data: Record<string, unknown>, audit: AuditRow[], lang: Lang): AnswerGroup[] {
  const main = definition.languages[0];
  const sent: string[] = [];
  for (const event of audit) if (event.event === "submit" && event.fromStep && !sent.includes(event.fromStep)) sent.push(event.fromStep);
  const groups: AnswerGroup[] = [];
  for (const id of sent) {
    const step = definition.steps[id];
    if (step?.kind !== "form") continue;
    const schema = localizeSchema(step.schema, lang, main) as Record<string, unknown>;
    // A ticked confirmation says nothing to read back: its line is left out, the form's other answers stay.
    const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
    const answersOnly = { ...schema, properties: Object.fromEntries(Object.entries(properties).filter(([name]) => !isConfirmation({ properties: { [name]: properties[name] } }))) };
    const lines = answerLines(answersOnly, localizeUiSchema(step.uiSchema, lang, main), data[step.saveAs ?? id], lang);
    if (lines.length) groups.push({ step: id, title: localize(step.title, lang, main), lines });
  }
  return groups;
}

/**
 * One audit event in plain words: what the citizen did, what an officer decided, what a registry answered,
 * and where the application went (only the stops a person cares about: forms, reviews, payments, waits, the end).
 */
export function timelineEntries(event: AuditRow, definition: ServiceDefinition, lang: Lang): TimelineEntry[] {
  const main = definition.languages[0];
  const title = (id: string | null) => (id && definition.steps[id] ? localize(definition.steps[id].title, lang, main) || id : "");
  const at = event.at.toISOString();
  const detail = event.detail ? (JSON.parse(event.detail) as { reason?: string }) : {};
  if (event.event === "start") return [{ at, text: t(lang, "ev_start") }];
  if (event.event === "cancel" || event.event === "incident.cancel") return [{ at, text: t(lang, "ev_cancel"), note: detail.reason, noteLabel: t(lang, "incidentReason") }];
  if (event.event === "incident") return [{ at, text: t(lang, "ev_incident") }];
  if (event.event === "incident.retry") return [{ at, text: t(lang, "ev_incidentResolved") }];
  if (event.event === "refund.refunded" || event.event === "refund.failed") return [{ at, text: t(lang, event.event === "refund.refunded" ? "ev_refundRefunded" : "ev_refundFailed") }];
  if (event.event === "change") return [{ at, text: t(lang, "ev_change", { step: title((detail as { step?: string }).step ?? null) }) }];
  const entries: TimelineEntry[] = [];
  const decision = event.event.replace(/^outcome\./, "");
  const from = event.fromStep ? definition.steps[event.fromStep] : undefined;
  if (event.event === "submit") entries.push({ at, text: t(lang, "ev_submit", { step: title(event.fromStep) }) });
  else if (event.actor.startsWith("officer:") && ["approve", "reject", "sendBack"].includes(decision)) entries.push({ at, text: t(lang, `ev_${decision}` as MessageKey), note: detail.reason, noteLabel: t(lang, "officerReason") });
  else if (decision === "timeout") entries.push({ at, text: t(lang, "ev_timeout") });
  else if (from) {
    // The words of the step left, from its runtime module (runtime/steps/<kind>.ts timeline).
    const left = stepModule(from).timeline.left;
    const moved = event.fromStep !== event.toStep;
    if (left && (left.when === "always" || (left.when === "moved" && moved) || (typeof left.when === "object" && left.when.outcome === decision))) {
      const signed = decision === "signed" ? (detail as { certificateSerial?: string; certificateIssuer?: string; signer?: string }) : undefined;
      const note = signed?.certificateSerial ? `${signed.signer ?? ""} · ${signed.certificateIssuer ?? ""} · № ${signed.certificateSerial}` : undefined;
      entries.push({ at, text: t(lang, left.text as MessageKey, { step: title(event.fromStep) }), ...(note ? { note } : {}) });
    }
  }
  const to = definition.steps[event.toStep];
  if (to && event.toStep !== event.fromStep) {
    const arrived = stepModule(to).timeline.arrived;
    if (to.kind === "final") entries.push({ at, text: t(lang, "ev_final", { step: localize(to.message, lang, main) || t(lang, `status_${finalStatus(to.outcome)}` as MessageKey) }) });
    else if (arrived && event.event !== "start") entries.push({ at, text: t(lang, arrived as MessageKey, { step: title(event.toStep) }) });
  }
  return entries;
}

const finalStatus = (outcome: string) => ({ approved: "done", rejected: "rejected", cancelled: "cancelled", failed: "failed" })[outcome] ?? "done";

/** By whom the application waits (the runtime step module's `waitsFor`). */
function whatNext(step: PortalStep, waitsFor: string, lang: Lang): string | null {
  if (step.waitingFor) return t(lang, "partyAnswerWaiting", { role: step.waitingFor.toLocaleLowerCase(lang) });
  if (step.signedAwaitingOthers) return t(lang, "othersSigning");
  if (waitsFor === "citizen" || waitsFor === "payment") return null;
  if (waitsFor === "party" && step.invite) {
    const role = step.invite.roleTitle.toLocaleLowerCase(lang);
    return step.invite.due ? t(lang, "partyWaitingUntil", { role, date: dateText(step.invite.due, lang) }) : t(lang, "partyWaiting", { role });
  }
  if (waitsFor === "officer") return step.due ? t(lang, "reviewExplain", { date: dateText(step.due, lang) }) : t(lang, "processingExplain");
  if (waitsFor === "event") return step.due ? `${t(lang, "processingExplain")} ${t(lang, "waitExplain", { date: dateText(step.due, lang) })}` : t(lang, "processingExplain");
  return t(lang, "processingExplain");
}

/** A date inside a sentence that brings its own full stop (never "2026 р.."). */
const dateText = (iso: string, lang: Lang) => formatDate(iso, lang).replace(/\.$/, "");

export type SubmitOutcome = { ok: true } | { ok: false; errors: FieldProblem[] } | { ok: false; stale: "version" | "step" };

/** Sends the answers of the current form step: checked by the runtime against the step's schema. */
export async function submitAnswers(
  runtime: Runtime,
  user: CitizenUser,
  applicationId: string,
  request: { step: string; answers: Record<string, unknown>; expectedVersion?: number; idempotencyKey?: string; lang: Lang },
): Promise<SubmitOutcome> {
  const { row, access } = await accessTo(runtime, user, applicationId);
  let party: { role: string; citizenId: string } | undefined;
  if (access.kind === "party") {
    // A party answers only a form addressed to their role; anything else is not theirs.
    const step = (await versionOf(runtime, row.serviceVersionId))?.definition.steps[row.currentStep];
    if (step?.kind !== "form" || step.party !== access.role) throw notFound();
    party = { role: access.role, citizenId: user.applicantId };
  }
  try {
    await runtime.submit(applicationId, {
      ...(party && { party }),
      step: request.step,
      data: request.answers,
      expectedVersion: request.expectedVersion,
      idempotencyKey: request.idempotencyKey,
      language: request.lang,
      applicantId: user.applicantId,
    });
  } catch (error) {
    if (isRuntimeErrorCode(error, "invalid_data")) return { ok: false, errors: fieldProblems((error as { details: { fields?: { path: string; message: string }[] } }).details.fields ?? []) };
    if (isRuntimeErrorCode(error, "stale_version")) return { ok: false, stale: "version" };
    if (isRuntimeErrorCode(error, "event_not_allowed")) return { ok: false, stale: "step" };
    return hideForeign(error);
  }
  await deleteFormDrafts(runtime, applicationId, request.step);
  return { ok: true };
}

/** JSON Pointer paths of the runtime's field errors as field paths. */
export function fieldProblems(fields: { path: string; message: string }[]): FieldProblem[] {
  return fields.map((f) => ({
    field: f.path
      .split("/")
      .slice(1)
      .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"))
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
    message: f.message,
  }));
}

/** The application row, if this citizen is its applicant; otherwise "not found" (a party acts only as its role allows). */
export async function ownApplication(runtime: Runtime, user: CitizenUser, applicationId: string) {
  const { row, access } = await accessTo(runtime, user, applicationId);
  if (access.kind !== "applicant") throw notFound();
  return row;
}

export async function cancelMyApplication(runtime: Runtime, user: CitizenUser, applicationId: string, lang: Lang): Promise<{ ok: boolean }> {
  await ownApplication(runtime, user, applicationId);
  const application = await myApplication(runtime, user, applicationId, lang);
  if (!application.canCancel) return { ok: false };
  try {
    await runtime.cancel(applicationId, `applicant:${user.applicantId}`);
  } catch (error) {
    if (isRuntimeErrorCode(error, "event_not_allowed") || isRuntimeErrorCode(error, "stale_version")) return { ok: false };
    return hideForeign(error);
  }
  await deleteFormDrafts(runtime, applicationId);
  return { ok: true };
}
