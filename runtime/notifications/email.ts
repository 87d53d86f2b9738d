/**
 * E-mail notifications over SMTP (nodemailer), when configured: SMTP_URL (smtp://user:pass@host:587 or
 * smtps://…) and MAIL_FROM. Without SMTP_URL there is no sender and the inbox is the only channel.
 */
import nodemailer, { type Transporter } from "nodemailer";

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Our notification id: repeated sends of the same notification carry the same Message-ID. */
  notificationId?: string;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<{ messageId: string; accepted: string[] }>;
  close(): void;
}

export interface EmailOptions {
  url: string;
  from: string;
  /** Connection and greeting timeouts (ms), so a dead SMTP server fails the job instead of hanging it. */
  timeoutMs?: number;
  /** For a local test server without TLS certificates. */
  allowInsecureTls?: boolean;
}

export function emailSenderFromEnv(env: Record<string, string | undefined> = process.env): EmailSender | undefined {
  if (!env.SMTP_URL) return undefined;
  if (!env.MAIL_FROM) throw new Error("SMTP_URL is set but MAIL_FROM is not: give the sender address, e.g. Дія <noreply@example.gov.ua>");
  return createEmailSender({ url: env.SMTP_URL, from: env.MAIL_FROM });
}

export function createEmailSender(options: EmailOptions): EmailSender {
  const timeout = options.timeoutMs ?? 10_000;
  const transport: Transporter = nodemailer.createTransport(options.url, {
    from: options.from,
  });
  Object.assign(transport.options, {
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    ...(options.allowInsecureTls ? { tls: { rejectUnauthorized: false } } : {}),
  });
  const domain = /@([^>\s]+)/.exec(options.from)?.[1] ?? "civic-flow.local";
  return {
    async send(message) {
      if (!/^[^\s@<>]+@[^\s@<>]+$/.test(message.to)) throw new Error(`"${message.to}" is not an e-mail address`);
      const info = await transport.sendMail({
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        ...(message.notificationId ? { messageId: `<${message.notificationId}@${domain}>` } : {}),
      });
      return { messageId: info.messageId, accepted: (info.accepted as (string | { address: string })[]).map((a) => (typeof a === "string" ? a : a.address)) };
    },
    close: () => transport.close(),
  };
}
