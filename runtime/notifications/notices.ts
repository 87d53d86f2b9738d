/**
 * The platform's own notices to the applicant (issue 16): every officer decision, request for correction,
 * document issued, payment due, appointment booked and deadline passed goes to the citizen's inbox, whether or
 * not the service has a notification step (a service can still add its own messages). The step modules say
 * what happened (`notice` in runtime/steps/<kind>.ts); this file words it for a citizen in the application's
 * language (uk, else en) and makes the inbox row, written by planTransition in the transition's own
 * transaction: durable, and once per transition (the row's id is the application's id and the new version,
 * so no retry, re-run job or crash can write it twice). With an e-mail sender and an address, a `notice-email`
 * job written beside it e-mails it (notice-jobs.ts); "the deadline is near" is reminders.ts.
 *
 * Only the applicant is told: a party of the application gets the invitation and sees what is shared with
 * their role on the application's page, but no notices (decisions, payments and documents are the
 * applicant's business). A refund has its own message (runtime/payments/refunds.ts), not repeated here.
 */
import { localize, type ServiceDefinition, type Step } from "../../engine";
import { insertJob, type Statement } from "../applications/writes";
import { formatMoney } from "../documents/format";
import { newId } from "../ids";
import type { NoticeEmailPayload } from "../jobs/kinds";
import { stepModule } from "../steps";
import type { JobRow, NoticeContext, NoticeFacts } from "../steps/types";
import { emailAddressOf } from "../wiring/notifications";

export type NoticeLang = "uk" | "en";

export interface NoticeText {
  title: string;
  message: string;
}

/**
 * The one place transitions ask: the statements that write the applicant's notice, or nothing. With `email`
 * (a sender is configured) and an address in the application's data, a `notice-email` job is written beside
 * the inbox row, in the same transaction (runtime/notifications/notice-email.ts sends it).
 */
export function noticeStatements(args: {
  applicationId: string;
  applicantId: string;
  definition: ServiceDefinition;
  fromId: string;
  toId: string;
  eventType: string;
  eventData: unknown;
  actor: string;
  data: Record<string, unknown>;
  seq: number;
  now: Date;
  email: boolean;
}): { statements: Statement[]; createdJobs: boolean } | undefined {
  const { definition, fromId, toId } = args;
  const from = definition.steps[fromId] as Step | undefined;
  const to = definition.steps[toId] as Step | undefined;
  const outcome = args.eventType.startsWith("outcome.") ? args.eventType.slice(8) : args.eventType;
  const leftHook = from && stepModule(from).notice;
  const leaves = leftHook?.left?.includes(outcome);
  const enteredHook = to && fromId !== toId ? stepModule(to).notice : undefined;
  // Cheap checks first: most transitions tell nobody and stop here.
  if (!leaves && !enteredHook?.entered) return undefined;

  const main = definition.languages[0];
  const lang = noticeLang(args.data);
  const ctx = (stepId: string): NoticeContext => ({ lang, main, outcome, actor: args.actor, event: args.eventData, data: args.data, stepId, now: args.now });
  const left = leaves && from ? leftHook!.facts(from as never, ctx(fromId)) : undefined;
  // The end says nothing new after a decision or a document (their notice is the one) or right after the
  // service's own message (a notification step).
  const quietEnd = to?.kind === "final" && (left !== undefined || from?.kind === "notification");
  const entered = enteredHook?.entered && to && !quietEnd ? enteredHook.facts(to as never, ctx(toId)) : undefined;
  if (!left && !entered) return undefined;

  const service = localize(definition.title, lang, main);
  const texts = [left, entered].filter((f): f is NoticeFacts => Boolean(f)).map((f) => noticeText(f, service, lang));
  // One message per change: what to do now (the step arrived at) is its title, what happened comes first.
  const title = texts[texts.length - 1].title;
  const message = texts.map((t) => t.message).join("\n\n");
  const id = noticeId(args.applicationId, args.seq);
  const mailed = args.email && emailAddressOf(args.data, definition) !== undefined;
  const statements = [insertNotice({ id, applicantId: args.applicantId, applicationId: args.applicationId, title, message, email: mailed, now: args.now })];
  if (mailed) statements.push(insertJob(noticeEmailJob(id, args.applicationId, toId, args.seq, args.now)));
  return { statements, createdJobs: mailed };
}

/** The inbox row of a platform notice; `email`: its e-mail is on the way (a `notice-email` job sets emailStatus). */
export function insertNotice(row: { id: string; applicantId: string; applicationId: string; title: string; message: string; email: boolean; now: Date }): Statement {
  return {
    sql: `INSERT INTO "Notification" ("id", "applicantId", "applicationId", "title", "message", "channels", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
    params: [row.id, row.applicantId, row.applicationId, row.title, row.message, row.email ? '["inbox","email"]' : '["inbox"]', row.now],
  };
}

/** Attempts of a notice's e-mail: with the backoff from 1 minute, a mail server may be away for about 4 hours. */
export const NOTICE_EMAIL_ATTEMPTS = 8;

/**
 * The job that e-mails notice `notificationId`. Its key is the notification's, so it exists once; it belongs to
 * the application, not to the step (leaving the step, cancelling or an incident do not discard it).
 */
export function noticeEmailJob(notificationId: string, applicationId: string, step: string, entry: number, now: Date): JobRow {
  const payload: NoticeEmailPayload = { notificationId };
  return {
    id: newId(), kind: "notice-email", applicationId, step, stepEntry: entry, payload: JSON.stringify(payload), runAt: now,
    maxAttempts: NOTICE_EMAIL_ATTEMPTS, status: "pending", idempotencyKey: `notice-email:${notificationId}`, createdAt: now, updatedAt: now,
  };
}

/** The notice of the change that made `version` of an application. */
export const noticeId = (applicationId: string, version: number) => `ntf-notice-${applicationId}-${version}`;

/** The words of one notice: the service, what happened, what to do. */
export function noticeText(facts: NoticeFacts, service: string, lang: NoticeLang): NoticeText {
  const uk = lang === "uk";
  const s = uk ? `«${service}»` : `“${service}”`;
  const open = uk ? "Відкрийте заяву на порталі" : "Open the application on the portal";
  switch (facts.kind) {
    case "decision":
      if (facts.decision === "approved") {
        return uk
          ? { title: "Заяву схвалено", message: `${s}: посадовець схвалив вашу заяву.${facts.reason ? ` Коментар: ${facts.reason}` : ""} Що далі — на сторінці заяви.` }
          : { title: "Your application was approved", message: `${s}: an officer approved your application.${facts.reason ? ` Comment: ${facts.reason}` : ""} What happens next is on the application's page.` };
      }
      return uk
        ? { title: "У заяві відмовлено", message: `${s}: посадовець відмовив.${facts.reason ? ` Причина: ${sentence(facts.reason)}` : ""} Ви можете подати нову заяву, коли усунете причину.` }
        : { title: "Your application was refused", message: `${s}: an officer refused your application.${facts.reason ? ` Reason: ${sentence(facts.reason)}` : ""} You can apply again once the reason is put right.` };
    case "sendBack":
      return uk
        ? { title: "Заяву повернуто на уточнення", message: `${s}: посадовець просить виправити заяву.${facts.reason ? ` Що виправити: ${sentence(facts.reason)}` : ""} ${open}, виправте відповіді й надішліть її знову.` }
        : { title: "Your application needs a correction", message: `${s}: an officer asks you to correct your application.${facts.reason ? ` What to correct: ${sentence(facts.reason)}` : ""} ${open}, correct your answers and send it again.` };
    case "document": {
      const what = facts.title ? (uk ? `«${facts.title}»` : `“${facts.title}”`) : "";
      const number = facts.number ? ` № ${facts.number}` : "";
      return uk
        ? { title: "Документ видано", message: `${s}: документ ${what}${number} видано.`.replace("  ", " ") + " Він у розділі «Мої документи»: його можна переглянути й завантажити PDF." }
        : { title: "Your document was issued", message: `${s}: the document ${what}${number} was issued.`.replace("  ", " ") + " It is in “My documents”, to view and download as a PDF." };
    }
    case "paymentDue": {
      const amount = facts.amount === undefined ? "" : ` ${money(facts.amount, facts.currency, lang)}`;
      const purpose = facts.purpose ? ` (${facts.purpose})` : "";
      const due = facts.due ? (uk ? ` Оплатити потрібно до ${dateTime(facts.due, lang)}.` : ` Please pay by ${dateTime(facts.due, lang)}.`) : "";
      return uk
        ? { title: "Потрібна оплата", message: `${s}: сплатіть${amount}${purpose}.${due} ${open} й натисніть «Сплатити».` }
        : { title: "Payment is due", message: `${s}: please pay${amount}${purpose}.${due} ${open} and choose “Pay”.` };
    }
    case "booking": {
      const when = facts.start ? ` ${uk ? "на" : "for"} ${dateTime(facts.start, lang)}` : "";
      const where = facts.office ? `, ${facts.office}${facts.address ? `, ${facts.address}` : ""}` : "";
      return uk
        ? { title: "Запис підтверджено", message: `${s}: ви записані${when}${where}. Перенести чи скасувати запис можна на сторінці заяви.` }
        : { title: "Your appointment is booked", message: `${s}: you are booked${when}${where}. You can reschedule or cancel it on the application's page.` };
    }
    case "deadline":
      if (facts.what === "payment") {
        return uk
          ? { title: "Термін оплати минув", message: `${s}: заяву не оплатили вчасно. Що з нею далі — на сторінці заяви.` }
          : { title: "The time to pay has run out", message: `${s}: the application was not paid in time. What happens to it now is on the application's page.` };
      }
      return uk
        ? { title: "Термін запрошення минув", message: `${s}: запрошена особа не відповіла вчасно. Що з заявою далі — на сторінці заяви.` }
        : { title: "The invitation has run out", message: `${s}: the person you invited did not answer in time. What happens to the application now is on its page.` };
    case "ended": {
      const titles = {
        approved: uk ? "Заяву виконано" : "Your application is complete",
        rejected: uk ? "У заяві відмовлено" : "Your application was refused",
        cancelled: uk ? "Заяву скасовано" : "Your application was cancelled",
        failed: uk ? "Заяву не вдалося виконати" : "Your application could not be completed",
      } as Record<string, string>;
      const title = titles[facts.outcome] ?? titles.approved;
      return { title, message: `${s}: ${facts.message ? sentence(facts.message) : `${title}.`}` };
    }
  }
}

/** A deadline the citizen must act on is near (runtime/notifications/reminders.ts): only a payment's, for now. */
export function reminderText(facts: { amount?: number; currency: string; purpose: string; due: Date }, service: string, lang: NoticeLang): NoticeText {
  const amount = facts.amount === undefined ? "" : ` ${money(facts.amount, facts.currency, lang)}`;
  const purpose = facts.purpose ? ` (${facts.purpose})` : "";
  return lang === "uk"
    ? { title: "Нагадування: час сплатити", message: `«${service}»: нагадуємо сплатити${amount}${purpose} до ${dateTime(facts.due, lang)}. Відкрийте заяву на порталі й натисніть «Сплатити».` }
    : { title: "Reminder: payment is due soon", message: `“${service}”: a reminder to pay${amount}${purpose} by ${dateTime(facts.due, lang)}. Open the application on the portal and choose “Pay”.` };
}

/** The notice's language: the application's (`data.application.language`), en, else uk. */
export const noticeLang = (data: Record<string, unknown>): NoticeLang => ((data.application as { language?: unknown } | undefined)?.language === "en" ? "en" : "uk");

/** A reason as typed ends with a full stop (but not two). */
const sentence = (text: string) => (/[.!?…]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

/** As the documents print money: "1 234,50 грн" / "UAH 1,234.50". */
const money = (amount: number, currency: string, lang: NoticeLang) => formatMoney({ amount, currency }, lang);

/** "6 грудня 2026 р. о 10:00" / "6 December 2026 at 10:00", Kyiv time. */
const dateTime = (value: Date | string, lang: NoticeLang) =>
  new Date(value).toLocaleString(lang === "uk" ? "uk-UA" : "en-GB", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Europe/Kyiv" });
