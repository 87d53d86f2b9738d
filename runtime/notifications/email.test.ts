/** E-mail over SMTP to a local SMTP server (smtp-server) on loopback. */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmailSender, emailSenderFromEnv } from "./email";

const received: { from: string; to: string[]; raw: string }[] = [];
let server: SMTPServer;
let port: number;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      stream.on("end", () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("e-mail", () => {
  it("sends a Ukrainian message over SMTP", async () => {
    const sender = createEmailSender({ url: `smtp://127.0.0.1:${port}`, from: "Дія <noreply@civic.example.gov.ua>", timeoutMs: 2000 });
    const result = await sender.send({ to: "olena@example.com", subject: "Витяг готовий", text: "Ваш витяг про несудимість готовий.", notificationId: "n-1" });
    sender.close();
    expect(result.accepted).toEqual(["olena@example.com"]);
    expect(result.messageId).toBe("<n-1@civic.example.gov.ua>");
    const [mail] = received;
    expect(mail.from).toBe("noreply@civic.example.gov.ua");
    expect(mail.to).toEqual(["olena@example.com"]);
    expect(mail.raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m);
    expect(mail.raw).toContain("Message-ID: <n-1@civic.example.gov.ua>");
    const body = mail.raw.split(/\r?\n\r?\n/).slice(1).join("\n");
    const decoded = /base64/i.test(mail.raw) ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8") : decodeQuotedPrintable(body);
    expect(decoded).toContain("Ваш витяг про несудимість готовий.");
  });

  it("fails fast when the SMTP server is not there, and rejects bad addresses", async () => {
    const sender = createEmailSender({ url: "smtp://127.0.0.1:9", from: "noreply@example.gov.ua", timeoutMs: 1000 });
    await expect(sender.send({ to: "a@example.com", subject: "s", text: "t" })).rejects.toThrow();
    await expect(sender.send({ to: "not an address", subject: "s", text: "t" })).rejects.toThrow(/not an e-mail address/);
    sender.close();
  });

  it("is off without SMTP_URL and needs MAIL_FROM with it", () => {
    expect(emailSenderFromEnv({})).toBeUndefined();
    expect(() => emailSenderFromEnv({ SMTP_URL: "smtp://127.0.0.1:25" })).toThrow(/MAIL_FROM/);
  });
});

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}
