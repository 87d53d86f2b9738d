/**
 * Notification steps: the in-app inbox (list, unread, mark read) and e-mail over SMTP to a local SMTP server
 * (smtp-server on loopback) when configured; a dead SMTP server is retried and then left to the inbox alone.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ServiceDefinition } from "../engine";
import { ManualClock } from "./clock";
import { createEmailSender } from "./notifications/email";
import { Runtime } from "./runtime";
import { tempDbUrl } from "./testing/fixtures";
import { emailAddressOf } from "./wiring/notifications";

const received: { to: string[]; raw: string }[] = [];
let smtp: SMTPServer;
let port: number;
let runtime: Runtime | undefined;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  port = (smtp.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

const service: ServiceDefinition = {
  schemaVersion: 1,
  id: "notify-test",
  title: { uk: "Сповіщення", en: "Notifications" },
  languages: ["uk", "en"],
  owner: "Tests",
  start: "contacts",
  steps: {
    contacts: {
      kind: "form",
      schema: { type: "object", properties: { email: { type: "string", format: "email" } } },
      next: "tell",
    },
    tell: {
      kind: "notification",
      title: { uk: "Заяву прийнято", en: "Application received" },
      message: { uk: "Ми отримали вашу заяву й розглянемо її протягом 10 днів.", en: "We received your application." },
      channels: ["inbox", "email"],
      next: "done",
    },
    done: { kind: "final", outcome: "approved" },
  },
} as ServiceDefinition;

async function setup(smtpPort: number) {
  const clock = new ManualClock("2026-04-01T08:00:00Z");
  const email = createEmailSender({ url: `smtp://127.0.0.1:${smtpPort}`, from: "Дія <noreply@civic.example.gov.ua>", timeoutMs: 1500 });
  runtime = await Runtime.create({ databaseUrl: tempDbUrl("inbox"), clock, email, worker: { autoStart: false }, publicBaseUrl: "https://civic.example.gov.ua" });
  await runtime.publish(service, "tests");
  return { clock, runtime };
}

describe("notification steps", () => {
  it("write the inbox and send the e-mail the citizen gave, with a stable Message-ID", async () => {
    const { runtime } = await setup(port);
    const { applicationId } = await runtime.start("notify-test", { id: "p-1", email: "idp@example.com" });
    await runtime.submit(applicationId, { step: "contacts", data: { email: "olena@example.com" } });
    await runtime.worker!.runUntilIdle();
    expect((await runtime.view(applicationId, { kind: "system", id: "t" })).status).toBe("done");

    const [note] = await runtime.notifications("p-1");
    expect(note).toMatchObject({ title: "Заяву прийнято", message: "Ми отримали вашу заяву й розглянемо її протягом 10 днів.", emailStatus: "sent", readAt: null });
    const mail = received.find((m) => m.to.includes("olena@example.com"))!;
    expect(mail).toBeDefined();
    expect(mail.raw).toContain(`Message-ID: <${note.id}@civic.example.gov.ua>`);
    expect(mail.raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m);

    expect(await runtime.unreadNotifications("p-1")).toBe(1);
    await expect(runtime.markNotificationRead(note.id, "p-2")).rejects.toMatchObject({ code: "not_found" });
    expect((await runtime.markNotificationRead(note.id, "p-1")).readAt).toBeInstanceOf(Date);
    expect(await runtime.notifications("p-1", { unreadOnly: true })).toHaveLength(0);
    expect(await runtime.markAllNotificationsRead("p-1")).toBe(0);
  });

  it("retry a dead SMTP server with backoff, then go on with the inbox alone", async () => {
    const { runtime, clock } = await setup(9); // nothing listens on port 9
    const { applicationId } = await runtime.start("notify-test", { id: "p-3" });
    await runtime.submit(applicationId, { step: "contacts", data: { email: "taras@example.com" } });
    await runtime.worker!.runUntilIdle();
    expect((await runtime.view(applicationId, { kind: "system", id: "t" })).step.id).toBe("tell");
    for (let i = 0; i < 3; i++) {
      clock.advance("PT1M");
      await runtime.worker!.runUntilIdle();
    }
    expect((await runtime.view(applicationId, { kind: "system", id: "t" })).status).toBe("done");
    expect(await runtime.notifications("p-3")).toMatchObject([{ emailStatus: "failed" }]);
    const job = await runtime.database.prisma.job.findFirst({ where: { applicationId, kind: "notification" } });
    expect(job).toMatchObject({ status: "done", attempts: 3 });
  });

  it("without SMTP, or without an address, keep to the inbox", async () => {
    runtime = await Runtime.create({ databaseUrl: tempDbUrl("inbox"), email: false, worker: { autoStart: false } });
    await runtime.publish(service, "tests");
    const { applicationId } = await runtime.start("notify-test", { id: "p-4" });
    await runtime.submit(applicationId, { step: "contacts", data: {} });
    await runtime.worker!.runUntilIdle();
    expect(await runtime.notifications("p-4")).toMatchObject([{ emailStatus: "off" }]);
  });
});

describe("emailAddressOf", () => {
  const definition = {
    steps: {
      contacts: { kind: "form", schema: {} },
      partnerContacts: { kind: "form", party: "partner", schema: {} },
      lookup: { kind: "registry", saveAs: "person" },
    },
  } as unknown as ServiceDefinition;

  it("prefers the address typed in a form over the identity provider's", () => {
    expect(emailAddressOf({ applicant: { email: "bank@example.com" }, contacts: { email: "typed@example.com" } }, definition)).toBe("typed@example.com");
    expect(emailAddressOf({ applicant: { email: "bank@example.com" }, contacts: { email: "" } }, definition)).toBe("bank@example.com");
    expect(emailAddressOf({ applicant: {} }, definition)).toBeUndefined();
  });

  it("never takes someone else's address: a registry's answer or a party's form", () => {
    const data = { applicant: { email: "bank@example.com" }, person: { email: "register@example.com" }, partnerContacts: { email: "partner@example.com" } };
    expect(emailAddressOf(data, definition)).toBe("bank@example.com");
  });
});
