/**
 * The worker's part of the platform's notices (issue 16): the jobs whose result is not an event of the
 * application, so they settle themselves here (never through the step's outcomes).
 *
 * - `notice-email`: e-mails a notice the transition wrote to the inbox (notices.ts writes the job beside the
 *   row, in the same transaction, only when a sender is configured and the application knows an address). The
 *   row's emailStatus is the truth: a row already `sent` is never sent again, whoever runs the job again. The
 *   mark is committed right after the SMTP server accepts the message, so only a crash in between those two
 *   sends it again, with the same Message-ID (mail clients show one). A mail server that is away is retried
 *   with backoff (1, 2, 4… minutes); after the last attempt the row says `failed` and the inbox has it anyway.
 * - `deadline-reminder`: "the deadline is near" (reminders.ts): in the same transaction that reads the
 *   application, an inbox notice (and its `notice-email` job) if the application is still in that entry of the
 *   step; otherwise the job is discarded. The notice's id is the application and the entry: once.
 */
import { localize } from "../../engine";
import { isFinished } from "../applications/status";
import type { Transitions } from "../applications/transition";
import { insertJob, type Statement } from "../applications/writes";
import type { Clock } from "../clock";
import type { Db } from "../db/open";
import type { HandlerLogger } from "../handlers/define";
import type { JobRecord } from "../jobs/claim";
import type { ServiceVersions } from "../services/versions";
import { retryDelay } from "../jobs/backoff";
import type { DeadlineReminderPayload, NoticeEmailPayload } from "../jobs/kinds";
import { paymentAmount } from "../steps/shared";
import { emailAddressOf } from "../wiring/notifications";
import type { EmailSender } from "./email";
import { insertNotice, noticeEmailJob, noticeLang, reminderText, type NoticeLang } from "./notices";

/** The first retry of an e-mail comes a minute later, then 2, 4… */
const EMAIL_RETRY_MS = 60_000;

class LeaseLost extends Error {}

export interface NoticeJobsOptions {
  db: Db;
  clock: Clock;
  transitions: Transitions;
  versions: ServiceVersions;
  email?: EmailSender;
  /** The portal's address for the link in the e-mail (https://portal.example.gov.ua). */
  baseUrl: () => string;
  logger?: HandlerLogger;
}

export class NoticeJobs {
  constructor(private readonly options: NoticeJobsOptions) {}

  /** Runs a claimed `notice-email` or `deadline-reminder` job of worker `owner`, and settles it. */
  async run(job: JobRecord, owner: string): Promise<void> {
    try {
      if (job.kind === "deadline-reminder") await this.remind(job, owner);
      else await this.email(job, owner);
    } catch (error) {
      if (error instanceof LeaseLost) return; // another worker has the job now
      // Not the application's business: a failure here never becomes its outcome.
      await this.retryOrFail(job, owner, (error as Error).message);
    }
  }

  private async email(job: JobRecord, owner: string): Promise<void> {
    const { db, clock, email } = this.options;
    const { notificationId } = JSON.parse(job.payload) as NoticeEmailPayload;
    const row = await db.notification.findUnique({ where: { id: notificationId } });
    if (!row) return this.finish(job, owner, "failed", `No notification "${notificationId}"`);
    if (row.emailStatus === "sent") return this.finish(job, owner, "done");
    const app = await db.application.findUnique({ where: { id: row.applicationId }, select: { data: true, serviceVersionId: true } });
    const data = app ? (JSON.parse(app.data) as Record<string, unknown>) : {};
    const to = app ? emailAddressOf(data, (await this.options.versions.get(app.serviceVersionId)).compiled.definition) : undefined;
    if (!email || !to) {
      await this.mark(notificationId, email ? "no-address" : "off", null);
      return this.finish(job, owner, "done");
    }
    try {
      await email.send({ to, subject: row.title ?? "", text: emailText(row.message, this.link(row.applicationId), noticeLang(data)), notificationId });
    } catch (error) {
      return this.retryOrFail(job, owner, (error as Error).message);
    }
    // Sent: the row says so first (whatever became of the lease), then the job is done.
    const now = clock.now();
    await db.$transaction([
      db.notification.updateMany({ where: { id: notificationId, OR: [{ emailStatus: null }, { emailStatus: { not: "sent" } }] }, data: { emailStatus: "sent", emailedAt: now } }),
      db.job.updateMany({ where: { id: job.id, leaseOwner: owner, status: "running" }, data: { status: "done", leaseUntil: null, updatedAt: now } }),
    ]);
  }

  private async remind(job: JobRecord, owner: string): Promise<void> {
    const { clock, transitions } = this.options;
    const { due } = JSON.parse(job.payload) as DeadlineReminderPayload;
    await transitions.change<void>(
      job.applicationId,
      {},
      () => {},
      (app, version) => {
        const now = clock.now();
        const definition = version.compiled.definition;
        const step = definition.steps[job.step];
        // The step was left (paid, a deadline, a cancellation): nothing to remind of.
        if (app.currentStep !== job.step || app.stepEntry !== job.stepEntry || isFinished(app.status) || step?.kind !== "payment") {
          return { statements: [settle(job, owner, "discarded", now)], result: undefined, createdJobs: false };
        }
        const data = JSON.parse(app.data) as Record<string, unknown>;
        const lang = noticeLang(data);
        const main = definition.languages[0];
        const amount = paymentAmount(step, data);
        const text = reminderText(
          { amount: amount !== undefined && Number.isFinite(amount) ? amount : undefined, currency: step.currency ?? "UAH", purpose: localize(step.purpose, lang, main), due: new Date(due) },
          localize(definition.title, lang, main),
          lang,
        );
        const id = `ntf-reminder-${app.id}-${job.stepEntry}`;
        const mailed = transitions.emailNotices && emailAddressOf(data, definition) !== undefined;
        const statements: Statement[] = [insertNotice({ id, applicantId: app.applicantId, applicationId: app.id, ...text, email: mailed, now })];
        if (mailed) statements.push(insertJob(noticeEmailJob(id, app.id, job.step, job.stepEntry, now)));
        statements.push(settle(job, owner, "done", now));
        return { statements, result: undefined, createdJobs: mailed };
      },
    );
  }

  private link(applicationId: string): string {
    return `${this.options.baseUrl().replace(/\/+$/, "")}/applications/${encodeURIComponent(applicationId)}`;
  }

  private async mark(notificationId: string, status: string, at: Date | null): Promise<void> {
    await this.options.db.notification.updateMany({ where: { id: notificationId, OR: [{ emailStatus: null }, { emailStatus: { not: "sent" } }] }, data: { emailStatus: status, emailedAt: at } });
  }

  private async retryOrFail(job: JobRecord, owner: string, error: string): Promise<void> {
    const { db, clock, logger } = this.options;
    const now = clock.now();
    if (job.attempts < job.maxAttempts) {
      await db.job.updateMany({
        where: { id: job.id, leaseOwner: owner, status: "running" },
        data: { status: "pending", runAt: new Date(now.getTime() + retryDelay(job.attempts, EMAIL_RETRY_MS, "exponential")), leaseOwner: null, leaseUntil: null, lastError: error, updatedAt: now },
      });
      return;
    }
    logger?.warn(`${job.kind} failed; the inbox has the notice`, { job: job.id, error });
    if (job.kind === "notice-email") await this.mark((JSON.parse(job.payload) as NoticeEmailPayload).notificationId, "failed", null);
    await this.finish(job, owner, "failed", error);
  }

  private async finish(job: JobRecord, owner: string, status: string, lastError?: string): Promise<void> {
    await this.options.db.job.updateMany({ where: { id: job.id, leaseOwner: owner, status: "running" }, data: { status, lastError, leaseUntil: null, updatedAt: this.options.clock.now() } });
  }
}

/** The settlement of a job in a change's statements: refused (LeaseLost) when the worker lost its lease. */
function settle(job: JobRecord, owner: string, status: string, now: Date): Statement {
  return {
    sql: `UPDATE "Job" SET "status" = ?, "leaseUntil" = NULL, "updatedAt" = ? WHERE "id" = ? AND "leaseOwner" = ? AND "status" = 'running'`,
    params: [status, now, job.id, owner],
    expectOne: () => new LeaseLost(),
  };
}

/** The e-mail: the inbox message as written, the link to the application, and that no reply is needed. */
export function emailText(message: string, link: string, lang: NoticeLang): string {
  return lang === "uk"
    ? `${message}\n\nВідкрити заяву: ${link}\n\nЦей лист надіслано автоматично, відповідати на нього не потрібно.`
    : `${message}\n\nOpen the application: ${link}\n\nThis message was sent automatically; there is no need to reply.`;
}
