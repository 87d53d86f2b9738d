/**
 * The application's audit as officers read it: in staff terms ("Заявник розпочав заяву", "Посадовець X
 * схвалив заяву"), never the citizen's voice the portal's timeline uses, and steps by their titles, never
 * their ids. Pure (no I/O): office.server.ts hands in the audit rows, officers' reads and the names it knows.
 */
import { localize, type ServiceDefinition } from "../../../engine";
import { stepModule } from "../../../runtime";
import type { Lang } from "../i18n/lang";
import { hasMessage, t, type MessageKey } from "../i18n/messages";

/** One audit row as the runtime stores it (runtime/views AuditEventRecord). */
export interface OfficeAuditEvent {
  actor: string;
  event: string;
  fromStep: string | null;
  toStep: string;
  at: Date;
  detail: string | null;
}

export interface OfficeAuditLine {
  at: string;
  text: string;
  /** Who did it, when the text does not say so already. */
  who?: string;
  note?: string;
}

/**
 * Step modules' timeline words (runtime/steps/<kind>.ts) that speak to the citizen ("your answers"), and
 * their staff version. Words not listed here are neutral ("The registry answered") and used as they are;
 * office-audit.test.ts fails on a step module's word that is in neither list.
 */
export const STAFF_WORDS: Partial<Record<MessageKey, MessageKey>> = {
  ev_form: "officeEv_form",
  ev_sign: "officeEv_sign",
  ev_signed: "officeEv_signed",
  ev_payment: "officeEv_payment",
  ev_book: "officeEv_book",
  ev_booked: "officeEv_booked",
  ev_document: "officeEv_document",
};
export const NEUTRAL_WORDS: MessageKey[] = ["ev_registry", "ev_task", "ev_paid", "ev_waiting", "ev_wait", "ev_review", "ev_invite", "ev_inviteAccepted"];

const STATUS_OF_OUTCOME: Record<string, string> = { approved: "done", rejected: "rejected", cancelled: "cancelled", failed: "failed" };

/** A step's title in the page's language; a final step (usually untitled) by how it ends; never its id. */
export function stepTitle(definition: ServiceDefinition, stepId: string | null, lang: Lang): string {
  const step = stepId ? definition.steps[stepId] : undefined;
  if (!step) return t(lang, "officeStepUnknown");
  const title = localize(step.title, lang, definition.languages[0]);
  if (title) return title;
  if (step.kind === "final") return t(lang, "officeFinal", { status: officeStatusText(STATUS_OF_OUTCOME[step.outcome] ?? "done", lang) });
  return t(lang, "officeStepUntitled");
}

/** The status of an application as officers name it (the citizen's "Запит полетів в обробку" is not theirs). */
export function officeStatusText(status: string, lang: Lang): string {
  const key = `officeStatus_${status}`;
  return hasMessage(key) ? t(lang, key) : status;
}

export interface ActorNames {
  /** Staff accounts' display names by account id. */
  staff: Map<string, string>;
}

/** Who an actor string is ("applicant:…", "party:<role>:…", "officer:<account>", "worker:…", "payments", "staff:<user>"). */
export function actorName(actor: string, definition: ServiceDefinition, names: ActorNames, lang: Lang): string {
  const [kind, first = "", ...rest] = actor.split(":");
  if (kind === "applicant") return t(lang, "officeWho_applicant");
  if (kind === "party") return localize(definition.parties?.[first]?.title, lang, definition.languages[0]) || t(lang, "officeWho_party");
  if (kind === "officer") return t(lang, "officeWho_officer", { name: names.staff.get([first, ...rest].join(":")) ?? t(lang, "officeWho_unknownOfficer") });
  if (kind === "staff") return t(lang, "officeWho_operator", { name: [first, ...rest].join(":") });
  if (kind === "payments") return t(lang, "officeWho_payments");
  if (kind === "signing") return t(lang, "officeWho_signing");
  return t(lang, "officeWho_system");
}

/** The lines of one audit event (a move may say both what was left and what was reached). */
export function auditLines(event: OfficeAuditEvent, definition: ServiceDefinition, names: ActorNames, lang: Lang): OfficeAuditLine[] {
  const at = event.at.toISOString();
  const who = actorName(event.actor, definition, names, lang);
  const title = (id: string | null) => stepTitle(definition, id, lang);
  const detail = (event.detail ? JSON.parse(event.detail) : {}) as { reason?: string; step?: string; certificateSerial?: string; certificateIssuer?: string; signer?: string };
  const byParty = event.actor.startsWith("party:");
  const line = (key: MessageKey, params: Record<string, string> = {}, extra: Partial<OfficeAuditLine> = {}): OfficeAuditLine => ({ at, text: t(lang, key, params), ...extra });

  if (event.event === "start") return [line("officeEv_start")];
  if (event.event === "cancel" || event.event === "incident.cancel") return [line("officeEv_cancel", {}, { who, note: detail.reason })];
  if (event.event === "incident") return [line("officeEv_incident", {}, { who })];
  if (event.event === "incident.retry") return [line("officeEv_incidentResolved", {}, { who })];
  if (event.event === "refund.refunded") return [line("officeEv_refundRefunded", {}, { who })];
  if (event.event === "refund.failed") return [line("officeEv_refundFailed", {}, { who })];
  if (event.event === "change") return [line(byParty ? "officeEv_partyChange" : "officeEv_change", { step: title(detail.step ?? null), who })];

  const lines: OfficeAuditLine[] = [];
  const decision = event.event.replace(/^outcome\./, "");
  const from = event.fromStep ? definition.steps[event.fromStep] : undefined;
  if (event.event === "submit") lines.push(line(byParty ? "officeEv_partySubmit" : "officeEv_submit", { step: title(event.fromStep), who }));
  else if (event.actor.startsWith("officer:") && ["approve", "reject", "sendBack"].includes(decision)) lines.push(line(`officeEv_${decision}` as MessageKey, { who }, { note: detail.reason }));
  else if (decision === "timeout") lines.push(line("officeEv_timeout", { step: title(event.fromStep) }));
  else if (from) {
    const left = stepModule(from).timeline.left;
    const moved = event.fromStep !== event.toStep;
    if (left && (left.when === "always" || (left.when === "moved" && moved) || (typeof left.when === "object" && left.when.outcome === decision))) {
      const note = decision === "signed" && detail.certificateSerial ? `${detail.signer ?? ""} · ${detail.certificateIssuer ?? ""} · № ${detail.certificateSerial}` : undefined;
      lines.push(line(staffWord(left.text), { step: title(event.fromStep) }, note ? { note } : {}));
    }
  }
  const to = definition.steps[event.toStep];
  if (to && event.toStep !== event.fromStep) {
    if (to.kind === "final") {
      // What the citizen was told is theirs to read; here it is quoted as such.
      const told = localize(to.message, lang, definition.languages[0]);
      lines.push(line("officeEv_final", { step: title(event.toStep) }, told ? { note: t(lang, "officeToldApplicant", { message: told }) } : {}));
    } else {
      const arrived = stepModule(to).timeline.arrived;
      if (arrived && event.event !== "start") lines.push(line(staffWord(arrived), { step: title(event.toStep) }));
    }
  }
  return lines;
}

/** An officer's read or decision of the application (AccessEvent), named. */
export function accessLine(read: { at: Date; actor: string; action: string }, definition: ServiceDefinition, names: ActorNames, lang: Lang): OfficeAuditLine {
  const who = actorName(read.actor, definition, names, lang);
  const key = read.action === "decide" ? "officeRead_decide" : read.action === "download" ? "officeRead_download" : "officeRead_view";
  return { at: read.at.toISOString(), text: t(lang, key, { who }) };
}

function staffWord(key: string): MessageKey {
  return STAFF_WORDS[key as MessageKey] ?? (key as MessageKey);
}
