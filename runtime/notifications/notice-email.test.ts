/**
 * The platform's notices by e-mail (issue 16): with a sender configured and an address in the application,
 * each notice is e-mailed once (a job written with the inbox row), in the application's language, with a link
 * to the application; none without an address or without a sender; a job run again after the send, or a
 * mail server that is away for a while, never sends it twice.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ServiceDefinition } from "../../engine";
import { ManualClock } from "../clock";
import { Runtime } from "../runtime";
import { applicant, tempDbUrl } from "../testing/fixtures";
import { createEmailSender, type EmailSender } from "./email";
import { startTestSmtp, type ReceivedMail } from "./test-smtp";

const service = {
  schemaVersion: 1,
  id: "notice-mail",
  title: { uk: "Довідка про тест", en: "Test certificate" },
  languages: ["uk", "en"],
  owner: "Tests",
  start: "ask",
  steps: {
    ask: { kind: "form", schema: { type: "object", required: ["reason"], properties: { reason: { type: "string" } } }, next: "review" },
    review: { kind: "review", role: "officer", on: { approve: "done", reject: "refused", sendBack: "ask" } },
    done: { kind: "final", outcome: "approved" },
    refused: { kind: "final", outcome: "rejected" },
  },
} as unknown as ServiceDefinition;

const officer = { id: "o-1", roles: ["officer"] };
const BASE = "https://portal.example.gov.ua";
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(() => smtp.close());
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
  smtp.received.length = 0;
});

async function setup(email: EmailSender | false = createEmailSender({ url: smtp.url, from: "Дія <noreply@civic.example.gov.ua>", timeoutMs: 2000 })) {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  const runtime = await Runtime.create({ databaseUrl: tempDbUrl("notice-mail"), clock, email, publicBaseUrl: BASE, worker: { autoStart: false } });
  cleanup.push(() => runtime.close());
  await runtime.publish(service, "analyst");
  return { runtime, clock, worker: runtime.worker!, db: runtime.database.prisma };
}

/** Started, answered and refused by an officer: one notice. */
async function refused(runtime: Runtime, language: "uk" | "en", who: Record<string, unknown>) {
  const { applicationId } = await runtime.start(service.id, { ...applicant(), ...who }, { language });
  await runtime.submit(applicationId, { step: "ask", data: { reason: "work" } });
  const [task] = await runtime.tasks({ role: "officer", status: "open" });
  await runtime.decide(task.id, officer, "reject", language === "uk" ? "Немає фото" : "The photo is missing");
  return applicationId;
}

const mails = (to: string): ReceivedMail[] => smtp.received.filter((m) => m.to.includes(to));

describe("the platform's notices by e-mail", () => {
  it("e-mails each notice once, in the application's language, with a link; a job run again sends nothing", async () => {
    const { runtime, worker, db } = await setup();
    const id = await refused(runtime, "uk", { email: "olena@example.com" });
    const [row] = await db.notification.findMany({ where: { applicationId: id } });
    expect(row).toMatchObject({ title: "У заяві відмовлено", channels: '["inbox","email"]', emailStatus: null });

    expect(await worker.runUntilIdle()).toBe(1);
    const [mail] = mails("olena@example.com");
    expect(smtp.received).toHaveLength(1);
    expect(mail.subject).toBe("У заяві відмовлено");
    expect(mail.messageId).toBe(`<${row.id}@civic.example.gov.ua>`);
    // The inbox message as written, the link, and nothing else about the person.
    expect(mail.text).toBe(`${row.message}\n\nВідкрити заяву: ${BASE}/applications/${id}\n\nЦей лист надіслано автоматично, відповідати на нього не потрібно.`);
    expect(mail.text).not.toMatch(/Олена|Коваленко|3012345678/);
    const sent = await db.notification.findUniqueOrThrow({ where: { id: row.id } });
    expect(sent.emailStatus).toBe("sent");
    expect(sent.emailedAt).toEqual(new Date("2026-12-01T08:00:00Z"));

    // A worker that died after the send (its job's settlement lost) runs the job again: the row says sent.
    await db.job.updateMany({ where: { kind: "notice-email" }, data: { status: "pending", leaseOwner: null, leaseUntil: null } });
    expect(await worker.runUntilIdle()).toBe(1);
    expect(smtp.received).toHaveLength(1);
    expect(await db.job.findFirstOrThrow({ where: { kind: "notice-email" } })).toMatchObject({ status: "done" });
  });

  it("in English; the contact form's address wins over the identity provider's", async () => {
    const { runtime, worker, db } = await setup();
    const { applicationId: id } = await runtime.start(service.id, { ...applicant(), email: "idp@example.com" }, { language: "en" });
    await runtime.submit(id, { step: "ask", data: { reason: "work", email: "contact@example.com" } });
    const [task] = await runtime.tasks({ role: "officer", status: "open" });
    await runtime.decide(task.id, officer, "approve");
    await worker.runUntilIdle();
    expect(mails("idp@example.com")).toEqual([]);
    const [mail] = mails("contact@example.com");
    const [row] = await db.notification.findMany({ where: { applicationId: id } });
    expect(mail.subject).toBe("Your application was approved");
    expect(mail.text).toBe(`${row.message}\n\nOpen the application: ${BASE}/applications/${id}\n\nThis message was sent automatically; there is no need to reply.`);
  });

  it("none without an address: the inbox alone, no job", async () => {
    const { runtime, worker, db } = await setup();
    const id = await refused(runtime, "uk", {});
    expect(await db.job.count({ where: { kind: "notice-email" } })).toBe(0);
    expect(await db.notification.findFirstOrThrow({ where: { applicationId: id } })).toMatchObject({ channels: '["inbox"]', emailStatus: null });
    await worker.runUntilIdle();
    expect(smtp.received).toEqual([]);
  });

  it("none without a sender, even with an address", async () => {
    const { runtime, worker, db } = await setup(false);
    const id = await refused(runtime, "en", { email: "olena@example.com" });
    expect(await db.job.count({ where: { kind: "notice-email" } })).toBe(0);
    expect(await db.notification.findFirstOrThrow({ where: { applicationId: id } })).toMatchObject({ channels: '["inbox"]' });
    await worker.runUntilIdle();
    expect(smtp.received).toEqual([]);
  });

  it("a mail server that is away is tried again later with backoff, and the notice goes once; after the last attempt the row says failed", async () => {
    const real = createEmailSender({ url: smtp.url, from: "noreply@civic.example.gov.ua", timeoutMs: 2000 });
    let failures = 2;
    const flaky: EmailSender = {
      send: (message) => (failures-- > 0 ? Promise.reject(new Error("connect ECONNREFUSED")) : real.send(message)),
      close: () => real.close(),
    };
    const { runtime, clock, worker, db } = await setup(flaky);
    const id = await refused(runtime, "en", { email: "olena@example.com" });
    expect(await worker.runUntilIdle()).toBe(1);
    const waiting = await db.job.findFirstOrThrow({ where: { kind: "notice-email" } });
    expect(waiting).toMatchObject({ status: "pending", attempts: 1, lastError: "connect ECONNREFUSED" });
    // About a minute (±20%), then about two.
    expect(waiting.runAt.getTime() - clock.now().getTime()).toBeGreaterThanOrEqual(48_000);
    expect(await worker.runUntilIdle()).toBe(0); // not yet
    clock.advance("PT1M15S");
    await worker.runUntilIdle();
    expect(await db.job.findFirstOrThrow({ where: { kind: "notice-email" } })).toMatchObject({ status: "pending", attempts: 2 });
    clock.advance("PT3M");
    await worker.runUntilIdle();
    expect(smtp.received).toHaveLength(1);
    expect(await db.notification.findFirstOrThrow({ where: { applicationId: id } })).toMatchObject({ emailStatus: "sent" });
    expect(await db.job.findFirstOrThrow({ where: { kind: "notice-email" } })).toMatchObject({ status: "done", attempts: 3 });

    // A server that never comes back: the inbox has it, the row says failed, the application is untouched.
    failures = Number.POSITIVE_INFINITY;
    const other = await refused(runtime, "en", { email: "taras@example.com" });
    for (let i = 0; i < 10; i++) {
      clock.advance("PT5H");
      await worker.runUntilIdle();
    }
    const row = await db.notification.findFirstOrThrow({ where: { applicationId: other } });
    expect(row.emailStatus).toBe("failed");
    expect(await db.job.findFirstOrThrow({ where: { kind: "notice-email", payload: { contains: row.id } } })).toMatchObject({ status: "failed", attempts: 8 });
    expect((await runtime.view(other, { kind: "system", id: "t" })).status).toBe("rejected");
  });

  it("a notice's e-mail still goes when the application is cancelled or leaves the step before the job runs", async () => {
    const { runtime, worker, db } = await setup();
    const { applicationId: id } = await runtime.start(service.id, { ...applicant(), email: "olena@example.com" }, { language: "uk" });
    await runtime.submit(id, { step: "ask", data: { reason: "work" } });
    const [task] = await runtime.tasks({ role: "officer", status: "open" });
    await runtime.decide(task.id, officer, "sendBack", "Уточніть мету");
    await runtime.cancel(id, "applicant:p-1");
    await worker.runUntilIdle();
    expect(mails("olena@example.com").map((m) => m.subject)).toEqual(["Заяву повернуто на уточнення"]);
    expect(await db.notification.findFirstOrThrow({ where: { applicationId: id } })).toMatchObject({ emailStatus: "sent" });
  });
});
