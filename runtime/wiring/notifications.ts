/**
 * Notification steps: a row in the citizen's in-app inbox, written in the same transaction as the step's
 * transition, and an e-mail (runtime/notifications/email.ts) when SMTP is configured, the step names the
 * `email` channel and the application knows an address. The e-mail goes out before the transition is
 * written; a failed send is retried with the job's backoff and, on the last attempt, the step goes on with
 * the inbox alone (`emailStatus: failed`), so a dead mail server never holds an application up. A send
 * repeated after a crash carries the same Message-ID (the notification id derives from the job).
 */
import { createHash } from "node:crypto";
import { providedName, type ServiceDefinition } from "../../engine";
import type { Clock } from "../clock";
import type { Db, Tx } from "../db/open";
import { RuntimeError } from "../errors";
import type { HandlerLogger } from "../handlers/define";
import type { EmailSender } from "../notifications/email";

export interface NotificationRequest {
  /** The job's idempotency key: the notification's id derives from it. */
  key: string;
  applicantId: string;
  applicationId: string;
  title: string | null;
  message: string;
  channels: string[];
  /** The application's data: the e-mail address comes from the applicant or a contact form. */
  data: Record<string, unknown>;
  /** The application's service: which names in its data are the applicant's own form answers. */
  definition: ServiceDefinition;
  /** The last attempt goes on without e-mail when sending fails; earlier ones throw (and are retried). */
  lastAttempt: boolean;
}

export interface InboxQuery {
  unreadOnly?: boolean;
  take?: number;
}

export class RuntimeNotifications {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    readonly email?: EmailSender,
    private readonly options: { publicBaseUrl?: string; logger?: HandlerLogger } = {},
  ) {}

  /** Where the web server listens (it sets this after listen): the site for e-mail links when neither the options nor PUBLIC_BASE_URL name one. */
  listeningBaseUrl = "http://127.0.0.1:3000";

  /** Sends the e-mail (if any) and returns the step's result and the inbox write for the transaction. */
  async deliver(request: NotificationRequest): Promise<{ result: { outcome: "sent"; data: unknown }; write: (tx: Tx) => Promise<void> }> {
    const id = `ntf-${createHash("sha256").update(request.key).digest("hex").slice(0, 32)}`;
    let emailStatus: string | null = null;
    let emailedAt: Date | null = null;
    if (request.channels.includes("email")) {
      const to = emailAddressOf(request.data, request.definition);
      if (!this.email) emailStatus = "off";
      else if (!to) emailStatus = "no-address";
      else {
        try {
          const base = (this.options.publicBaseUrl ?? process.env.PUBLIC_BASE_URL ?? this.listeningBaseUrl).replace(/\/+$/, "");
          await this.email.send({
            to,
            subject: request.title ?? firstSentence(request.message),
            text: `${request.message}\n\n${base}/applications/${encodeURIComponent(request.applicationId)}`,
            notificationId: id,
          });
          emailStatus = "sent";
          emailedAt = this.clock.now();
        } catch (error) {
          if (!request.lastAttempt) throw error;
          this.options.logger?.warn("e-mail not sent; the inbox has the notification", { notification: id, error: (error as Error).message });
          emailStatus = "failed";
        }
      }
    }
    const now = this.clock.now();
    return {
      result: { outcome: "sent", data: { id, message: request.message, channels: request.channels, ...(emailStatus ? { email: emailStatus } : {}) } },
      write: async (tx) => {
        await tx.notification.create({
          data: {
            id,
            applicantId: request.applicantId,
            applicationId: request.applicationId,
            title: request.title,
            message: request.message,
            channels: JSON.stringify(request.channels),
            createdAt: now,
            emailStatus,
            emailedAt,
          },
        });
      },
    };
  }

  /** The citizen's inbox, newest first. */
  list(applicantId: string, query: InboxQuery = {}) {
    return this.db.notification.findMany({
      where: { applicantId, ...(query.unreadOnly ? { readAt: null } : {}) },
      orderBy: { createdAt: "desc" },
      take: Math.min(query.take ?? 100, 500),
    });
  }

  unreadCount(applicantId: string): Promise<number> {
    return this.db.notification.count({ where: { applicantId, readAt: null } });
  }

  /** Marks one of the applicant's notifications read (again: no change). */
  async markRead(notificationId: string, applicantId: string) {
    const row = await this.db.notification.findUnique({ where: { id: notificationId } });
    if (!row || row.applicantId !== applicantId) throw new RuntimeError("not_found", `No notification "${notificationId}" of this applicant`);
    if (row.readAt) return row;
    await this.db.notification.updateMany({ where: { id: notificationId, readAt: null }, data: { readAt: this.clock.now() } });
    return this.db.notification.findUniqueOrThrow({ where: { id: notificationId } });
  }

  /** Marks all of the applicant's notifications read; returns how many were unread. */
  async markAllRead(applicantId: string): Promise<number> {
    const updated = await this.db.notification.updateMany({ where: { applicantId, readAt: null }, data: { readAt: this.clock.now() } });
    return updated.count;
  }
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

/**
 * An address the applicant gave in one of their own forms (the latest one wins), else the identity provider's.
 * Only the applicant's form answers count: a registry's answer or a party's form may hold someone else's address.
 */
export function emailAddressOf(data: Record<string, unknown>, definition: ServiceDefinition): string | undefined {
  let found: string | undefined;
  const ownForms = new Set(Object.entries(definition.steps).flatMap(([id, step]) => (step.kind === "form" && !step.party ? [providedName(id, step) ?? id] : [])));
  for (const [name, value] of Object.entries(data)) {
    if (!ownForms.has(name) || !value || typeof value !== "object") continue;
    const email = (value as Record<string, unknown>).email;
    if (typeof email === "string" && EMAIL.test(email.trim())) found = email.trim();
  }
  const own = (data.applicant as Record<string, unknown> | undefined)?.email;
  return found ?? (typeof own === "string" && EMAIL.test(own.trim()) ? own.trim() : undefined);
}

function firstSentence(text: string): string {
  const sentence = /^[^.!?\n]{1,120}[.!?]?/.exec(text.trim())?.[0] ?? text.slice(0, 120);
  return sentence.trim();
}
