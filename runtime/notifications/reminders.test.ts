/**
 * "The deadline is near" (issue 16): a payment step entered with a deadline reminds the citizen once, a day
 * before it (half the time for deadlines under two days), in the application's language, in the inbox and by
 * e-mail when there is a sender and an address; never after the step was left.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ServiceDefinition } from "../../engine";
import { ManualClock } from "../clock";
import { Runtime } from "../runtime";
import { applicant, tempDbUrl } from "../testing/fixtures";
import { postgresBinDir, startPostgresCluster, type PostgresCluster } from "../testing/postgres-cluster";
import { createEmailSender } from "./email";
import { reminderLead } from "./reminders";
import { startTestSmtp } from "./test-smtp";

const payService = (deadline: string) =>
  ({
    schemaVersion: 1,
    id: `remind-${deadline.toLowerCase()}`,
    title: { uk: "Довідка про тест", en: "Test certificate" },
    languages: ["uk", "en"],
    owner: "Tests",
    start: "ask",
    steps: {
      ask: { kind: "form", schema: { type: "object", properties: { reason: { type: "string" } } }, next: "pay" },
      pay: { kind: "payment", amount: 230, currency: "UAH", purpose: { uk: "Адміністративний збір", en: "Administrative fee" }, deadline, on: { paid: "done", failed: "unpaid", timeout: "unpaid" } },
      done: { kind: "final", outcome: "approved" },
      unpaid: { kind: "final", outcome: "cancelled" },
    },
  }) as unknown as ServiceDefinition;

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

async function setup(deadline = "P3D", databaseUrl = tempDbUrl("reminders")) {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  const email = createEmailSender({ url: smtp.url, from: "noreply@civic.example.gov.ua", timeoutMs: 2000 });
  const runtime = await Runtime.create({ databaseUrl, clock, email, publicBaseUrl: BASE, worker: { autoStart: false } });
  cleanup.push(() => runtime.close());
  const service = payService(deadline);
  await runtime.publish(service, "analyst");
  const start = async (language: "uk" | "en", who: Record<string, unknown> = { email: "olena@example.com" }) => {
    const { applicationId } = await runtime.start(service.id, { ...applicant(), ...who }, { language });
    await runtime.submit(applicationId, { step: "ask", data: { reason: "work" } });
    return applicationId;
  };
  return { runtime, clock, worker: runtime.worker!, start };
}

/** The inbox's titles and messages, oldest first. */
const inbox = async (runtime: Runtime) => (await runtime.notifications("p-1")).reverse().map((n) => ({ title: n.title, message: n.message }));

describe("the deadline is near", () => {
  it("reminds once, a day before a payment's deadline, in English, in the inbox and by e-mail", async () => {
    const { runtime, clock, worker, start } = await setup("P3D");
    const id = await start("en");
    await worker.runUntilIdle();
    clock.advance("PT47H59M");
    expect(await worker.runUntilIdle()).toBe(0); // not yet
    expect((await inbox(runtime)).map((n) => n.title)).toEqual(["Payment is due"]);

    clock.advance("PT1M");
    await worker.runUntilIdle();
    const reminder = {
      title: "Reminder: payment is due soon",
      message: "“Test certificate”: a reminder to pay UAH 230.00 (Administrative fee) by 4 December 2026 at 10:00. Open the application on the portal and choose “Pay”.",
    };
    expect((await inbox(runtime)).slice(1)).toEqual([reminder]);
    expect(smtp.received.map((m) => m.subject)).toEqual(["Payment is due", "Reminder: payment is due soon"]);
    expect(smtp.received[1].text).toBe(`${reminder.message}\n\nOpen the application: ${BASE}/applications/${id}\n\nThis message was sent automatically; there is no need to reply.`);

    // Run again (a worker that died after the commit): still one reminder. Then the deadline itself.
    await runtime.database.prisma.job.updateMany({ where: { kind: "deadline-reminder" }, data: { status: "pending", leaseOwner: null, leaseUntil: null } });
    clock.advance("P1D");
    await worker.runUntilIdle();
    expect((await inbox(runtime)).map((n) => n.title)).toEqual(["Payment is due", "Reminder: payment is due soon", "The time to pay has run out"]);
    expect(smtp.received).toHaveLength(3);
  });

  it("in Ukrainian, at half the time of a deadline under two days; inbox only without an address", async () => {
    const { runtime, clock, worker, start } = await setup("PT10H");
    await start("uk", {});
    clock.advance("PT4H59M");
    expect(await worker.runUntilIdle()).toBe(0);
    clock.advance("PT1M");
    expect(await worker.runUntilIdle()).toBe(1);
    expect((await inbox(runtime)).slice(1)).toEqual([
      { title: "Нагадування: час сплатити", message: "«Довідка про тест»: нагадуємо сплатити 230,00 грн (Адміністративний збір) до 1 грудня 2026 р. о 20:00. Відкрийте заяву на порталі й натисніть «Сплатити»." },
    ]);
    expect(smtp.received).toEqual([]);
  });

  it("none after the step was left: paid (or cancelled) before the reminder's time", async () => {
    const { runtime, clock, worker, start } = await setup("P3D");
    const paid = await start("uk");
    await runtime.signal(paid, "paid", { amount: 230 });
    clock.advance("P2D");
    await worker.runUntilIdle();
    expect((await inbox(runtime)).map((n) => n.title)).toEqual(["Потрібна оплата", "Заяву виконано"]);
    expect(await runtime.database.prisma.job.findFirstOrThrow({ where: { applicationId: paid, kind: "deadline-reminder" } })).toMatchObject({ status: "discarded" });

    // Left at the very moment the reminder runs (its job claimed already): it finds the entry gone.
    const cancelled = await start("uk");
    clock.advance("P2D");
    const [job] = await runtime.database.prisma.job.findMany({ where: { applicationId: cancelled, kind: "deadline-reminder" } });
    await runtime.database.prisma.application.update({ where: { id: cancelled }, data: { stepEntry: job.stepEntry + 1 } });
    await worker.runUntilIdle();
    expect(await runtime.database.prisma.notification.count({ where: { applicationId: cancelled, title: "Нагадування: час сплатити" } })).toBe(0);
    expect(await runtime.database.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "discarded" });
  });

  describe.skipIf(!postgresBinDir())("on PostgreSQL", () => {
    let cluster: PostgresCluster;
    beforeAll(async () => {
      cluster = await startPostgresCluster();
    }, 60_000);
    afterAll(() => cluster?.stop());

    it("the reminder, then the deadline's notice (its job's result written as one statement): each in the inbox and e-mailed once", async () => {
      const { runtime, clock, worker, start } = await setup("P3D", await cluster.createDatabase("reminders"));
      await start("uk");
      clock.advance("P2D");
      await worker.runUntilIdle();
      clock.advance("P1D");
      await worker.runUntilIdle();
      await worker.runUntilIdle();
      const titles = ["Потрібна оплата", "Нагадування: час сплатити", "Термін оплати минув"];
      expect((await inbox(runtime)).map((n) => n.title)).toEqual(titles);
      expect(smtp.received.map((m) => m.subject).sort()).toEqual([...titles].sort());
      expect(await runtime.database.prisma.notification.count({ where: { emailStatus: "sent" } })).toBe(3);
    }, 60_000);
  });

  it("lead: a day before deadlines of two days or more, half the time under that, none under an hour", () => {
    const h = 3_600_000;
    expect(reminderLead(30 * 24 * h)).toBe(24 * h);
    expect(reminderLead(48 * h)).toBe(24 * h);
    expect(reminderLead(10 * h)).toBe(5 * h);
    expect(reminderLead(h)).toBe(h / 2);
    expect(reminderLead(59 * 60_000)).toBeUndefined();
  });
});
