/**
 * The platform's notices (issue 16) for a service WITHOUT notification steps: a request for correction, an
 * officer's decision, a payment due (with its amount and deadline), an appointment, a document, a deadline
 * that ran out; in the application's language; once per change, however often a job, a callback or a decision
 * is repeated; only ever to the applicant.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ServiceDefinition } from "../../engine";
import { startStandInSlotProvider, type StandInSlotProvider } from "../../stand-ins";
import { ManualClock } from "../clock";
import type { PartyCitizen } from "../parties/parties";
import { Runtime } from "../runtime";
import { applicant, tempDbUrl } from "../testing/fixtures";

const service = {
  schemaVersion: 1,
  id: "notice-test",
  title: { uk: "Довідка про тест", en: "Test certificate" },
  languages: ["uk", "en"],
  owner: "Tests",
  start: "ask",
  steps: {
    ask: { kind: "form", title: { uk: "Мета", en: "Purpose" }, schema: { type: "object", required: ["reason"], properties: { reason: { type: "string" } } }, next: "review" },
    review: { kind: "review", role: "officer", deadline: "P10D", on: { approve: "pay", reject: "refused", sendBack: "ask", timeout: "refused" } },
    pay: { kind: "payment", amount: 230, currency: "UAH", purpose: { uk: "Адміністративний збір", en: "Administrative fee" }, deadline: "P3D", on: { paid: "meet", failed: "unpaid", timeout: "unpaid" } },
    meet: { kind: "book", title: { uk: "Візит", en: "Visit" }, provider: "appointments", service: "marriage-ceremony", office: "kyiv-palace", holdMinutes: 10, next: "issue" },
    issue: { kind: "document", title: { uk: "Довідка", en: "Certificate" }, template: "certificate", data: { reason: "ask.reason" }, next: "done" },
    done: { kind: "final", outcome: "approved", message: { uk: "Довідку видано.", en: "The certificate is issued." } },
    refused: { kind: "final", outcome: "rejected", message: { uk: "Відмовлено. Причину вказано в заяві.", en: "Refused. The reason is in the application." } },
    unpaid: { kind: "final", outcome: "cancelled" },
  },
} as unknown as ServiceDefinition;

const officer = { id: "o-1", roles: ["officer"] };
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function setup() {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  const provider: StandInSlotProvider = await startStandInSlotProvider({ apiKey: "k", now: () => clock.now().getTime() });
  cleanup.push(provider.close);
  const runtime = await Runtime.create({ databaseUrl: tempDbUrl("notices"), clock, email: false, worker: { autoStart: false }, slots: { providers: { appointments: { url: provider.url, apiKey: "k" } }, remindEveryMs: 0 } });
  cleanup.push(() => runtime.close());
  await runtime.publish(service, "analyst");
  return { runtime, clock, worker: runtime.worker! };
}

async function started(runtime: Runtime, language: "uk" | "en", id = "p-1") {
  const { applicationId } = await runtime.start(service.id, applicant(id), { language });
  await runtime.submit(applicationId, { step: "ask", data: { reason: "work" } });
  return applicationId;
}

/** The applicant's inbox, oldest first. */
const inbox = async (runtime: Runtime, id = "p-1") => (await runtime.notifications(id)).reverse().map((n) => ({ title: n.title, message: n.message }));

const taskOf = async (runtime: Runtime) => (await runtime.tasks({ role: "officer", status: "open" }))[0];

describe("the platform tells the applicant of every change (no notification step in the service)", () => {
  it("in Ukrainian: sent back, approved with the payment due, booked, document issued; the end after it adds nothing", async () => {
    const { runtime, worker } = await setup();
    const id = await started(runtime, "uk");
    expect(await inbox(runtime)).toEqual([]); // the citizen's own submit: nothing to tell

    await runtime.decide((await taskOf(runtime)).id, officer, "sendBack", "Уточніть мету");
    await runtime.submit(id, { step: "ask", data: { reason: "for work" } });
    await runtime.decide((await taskOf(runtime)).id, officer, "approve");
    await runtime.signal(id, "paid", { amount: 230 });
    const bookings = runtime.bookings!;
    const choice = await bookings.choice(id, "p-1");
    const held = await bookings.hold(id, "p-1", choice.days[1].slots[0].slotId);
    await bookings.confirm(id, "p-1", held.id);
    await worker.runUntilIdle(); // the document

    const notices = await inbox(runtime);
    expect(notices).toEqual([
      {
        title: "Заяву повернуто на уточнення",
        message: "«Довідка про тест»: посадовець просить виправити заяву. Що виправити: Уточніть мету. Відкрийте заяву на порталі, виправте відповіді й надішліть її знову.",
      },
      {
        // What happened, then what to do now (the title).
        title: "Потрібна оплата",
        message:
          "«Довідка про тест»: посадовець схвалив вашу заяву. Що далі — на сторінці заяви.\n\n«Довідка про тест»: сплатіть 230,00 грн (Адміністративний збір). Оплатити потрібно до 4 грудня 2026 р. о 10:00. Відкрийте заяву на порталі й натисніть «Сплатити».",
      },
      { title: "Запис підтверджено", message: expect.stringMatching(/^«Довідка про тест»: ви записані на 2 грудня 2026 р\. о 10:00, Київський міський палац урочистих подій, .+\. Перенести чи скасувати запис можна на сторінці заяви\.$/) },
      { title: "Документ видано", message: expect.stringMatching(/^«Довідка про тест»: документ «Довідка» № \S+ видано\. Він у розділі «Мої документи»/) },
    ]);
    expect((await runtime.view(id, { kind: "system", id: "t" })).status).toBe("done");
  });

  it("in English: a refusal with its reason (the service's own end message is not repeated)", async () => {
    const { runtime } = await setup();
    const id = await started(runtime, "en");
    await runtime.decide((await taskOf(runtime)).id, officer, "reject", "The photo is missing");
    expect(await inbox(runtime)).toEqual([
      { title: "Your application was refused", message: "“Test certificate”: an officer refused your application. Reason: The photo is missing. You can apply again once the reason is put right." },
    ]);
    expect((await runtime.view(id, { kind: "system", id: "t" })).status).toBe("rejected");
    // The applicant's view carries the decision and its reason (status first); an officer's and the system's do not need it.
    expect((await runtime.view(id, { kind: "applicant", id: "p-1" })).decision).toMatchObject({ outcome: "reject", reason: "The photo is missing" });
    expect((await runtime.view(id, { kind: "system", id: "t" })).decision).toBeUndefined();
  });

  it("a send-back's reason is the news until the citizen answers", async () => {
    const { runtime } = await setup();
    const id = await started(runtime, "uk");
    await runtime.decide((await taskOf(runtime)).id, officer, "sendBack", "Уточніть мету");
    expect((await runtime.view(id, { kind: "applicant", id: "p-1" })).decision).toMatchObject({ outcome: "sendBack", reason: "Уточніть мету" });
    await runtime.submit(id, { step: "ask", data: { reason: "for work" } });
    expect((await runtime.view(id, { kind: "applicant", id: "p-1" })).decision).toBeNull();
  });

  it("a payment deadline that runs out is told once, however often its job is run again", async () => {
    const { runtime, clock, worker } = await setup();
    const id = await started(runtime, "en");
    await runtime.decide((await taskOf(runtime)).id, officer, "approve");
    clock.advance("P2D");
    expect(await worker.runUntilIdle()).toBe(1); // the reminder, a day before (reminders.test.ts)
    clock.advance("P1D");
    expect(await worker.runUntilIdle()).toBe(1);
    const expected = [
      { title: "Payment is due", message: "“Test certificate”: an officer approved your application. What happens next is on the application's page.\n\n“Test certificate”: please pay UAH 230.00 (Administrative fee). Please pay by 4 December 2026 at 10:00. Open the application on the portal and choose “Pay”." },
      { title: "Reminder: payment is due soon", message: "“Test certificate”: a reminder to pay UAH 230.00 (Administrative fee) by 4 December 2026 at 10:00. Open the application on the portal and choose “Pay”." },
      { title: "The time to pay has run out", message: "“Test certificate”: the application was not paid in time. What happens to it now is on the application's page." },
    ];
    expect(await inbox(runtime)).toEqual(expected);

    // A worker that crashed after the commit runs the deadline job again: the application has left the step.
    const db = runtime.database.prisma;
    await db.job.updateMany({ where: { applicationId: id, kind: "deadline", step: "pay" }, data: { status: "pending", leaseOwner: null, leaseUntil: null } });
    await worker.runUntilIdle();
    // The officer's decision and the provider's callback repeated: refused, nothing written.
    await expect(runtime.decide((await db.officerTask.findFirstOrThrow({ where: { applicationId: id } })).id, officer, "approve")).rejects.toThrow();
    await expect(runtime.signal(id, "paid")).rejects.toThrow();
    expect(await inbox(runtime)).toEqual(expected);
    expect((await runtime.view(id, { kind: "system", id: "t" })).status).toBe("cancelled");
  });

  it("tells only the applicant: the notices are theirs, none for anyone else, none for the applicant's own steps", async () => {
    const { runtime } = await setup();
    await started(runtime, "uk", "p-1");
    const other = await started(runtime, "uk", "p-2");
    await runtime.cancel(other, "applicant:p-2");
    const tasks = await runtime.tasks({ role: "officer", status: "open" });
    for (const task of tasks) await runtime.decide(task.id, officer, "reject", "Ні");
    const rows = await runtime.database.prisma.notification.findMany();
    expect(rows.map((r) => r.applicantId)).toEqual(["p-1"]);
    expect(await inbox(runtime, "p-2")).toEqual([]);
  });

  it("a party of the application is told nothing (the decision is the applicant's); an invitation that runs out is told to the applicant", async () => {
    const { runtime, clock, worker } = await setup();
    const withPartner = {
      ...service,
      id: "notice-party",
      start: "ask",
      steps: {
        ask: { kind: "form", schema: { type: "object", required: ["partnerTaxId"], properties: { partnerTaxId: { type: "string" } } }, next: "invite" },
        invite: { kind: "invite", title: { uk: "Запрошення", en: "Invitation" }, message: { uk: "Підтвердіть", en: "Confirm" }, role: "partner", taxId: "ask.partnerTaxId", deadline: "P3D", next: "review", declined: "refused", expired: "refused" },
        review: { kind: "review", role: "officer", on: { approve: "done", reject: "refused", sendBack: "ask" } },
        done: { kind: "final", outcome: "approved" },
        refused: { kind: "final", outcome: "rejected" },
      },
      parties: { partner: { title: { uk: "Партнер", en: "Partner" }, sees: ["ask"] } },
    } as unknown as ServiceDefinition;
    await runtime.publish(withPartner, "analyst");
    const partner: PartyCitizen = { id: "p-2", taxId: "3131910259", name: "Бондаренко Тарас" };
    const open = async (who: string) => {
      const { applicationId } = await runtime.start("notice-party", applicant(who), { language: "uk" });
      await runtime.submit(applicationId, { step: "ask", data: { partnerTaxId: partner.taxId } });
      await worker.runUntilIdle(); // the party-invite job
      return applicationId;
    };
    const accepted = await open("p-1");
    const [invitation] = await runtime.parties.invitationsFor(partner);
    await runtime.parties.respond({ partyId: invitation.partyId }, partner, "accept");
    await runtime.decide((await taskOf(runtime)).id, officer, "reject", "Документи не збігаються");
    expect((await inbox(runtime, "p-1")).map((n) => n.title)).toEqual(["У заяві відмовлено"]);
    expect(await inbox(runtime, "p-2")).toEqual([]);
    expect((await runtime.view(accepted, { kind: "system", id: "t" })).status).toBe("rejected");

    await open("p-4");
    clock.advance("P3D");
    await worker.runUntilIdle();
    expect(await inbox(runtime, "p-4")).toEqual([{ title: "Термін запрошення минув", message: "«Довідка про тест»: запрошена особа не відповіла вчасно. Що з заявою далі — на сторінці заяви." }]);
    expect(await inbox(runtime, "p-2")).toEqual([]);
  });
});
