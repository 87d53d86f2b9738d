/**
 * Book steps end to end on the stand-in slot provider, on SQLite and on PostgreSQL: hold → confirm saves the
 * booking and moves the application; a hold expires (its job) and frees the slot; rescheduling and
 * cancelling free the old slot and change the data; the reminder is sent once before the slot; two citizens
 * racing for the last slot: exactly one gets it, through the provider and, with a provider that says yes
 * to both, through the database's unique slot key; another citizen gets not_found everywhere.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ServiceDefinition } from "../../engine";
import { ManualClock } from "../clock";
import { isRuntimeError } from "../errors";
import { Runtime } from "../runtime";
import { applicant, tempDbUrl } from "../testing/fixtures";
import { postgresBinDir, startPostgresCluster, type PostgresCluster } from "../testing/postgres-cluster";
import { startStandInSlotProvider, type SlotOffice, type StandInSlotProvider } from "../../stand-ins";

const API_KEY = "slot-key";
const PALACE = "kyiv-palace~marriage-ceremony";

const service = {
  schemaVersion: 1,
  id: "ceremony-booking",
  title: { uk: "Реєстрація шлюбу", en: "Marriage registration" },
  languages: ["uk", "en"],
  owner: "Tests",
  start: "place",
  steps: {
    place: { kind: "form", schema: { type: "object", required: ["office"], properties: { office: { type: "string" } } }, next: "ceremony" },
    ceremony: { kind: "book", title: { uk: "Дата церемонії", en: "Ceremony date" }, provider: "appointments", service: "marriage-ceremony", office: { from: "place.office" }, holdMinutes: 10, reminder: "P1D", next: "registered", noSlots: "later", cancelled: "later" },
    registered: { kind: "wait", deadline: "P90D", on: { timeout: "done" } },
    done: { kind: "final", outcome: "approved" },
    later: { kind: "final", outcome: "cancelled" },
  },
} as unknown as ServiceDefinition;

const binaries = postgresBinDir();
let cluster: PostgresCluster | undefined;
beforeAll(async () => {
  if (binaries) cluster = await startPostgresCluster();
}, 60_000);
afterAll(() => cluster?.stop());

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

let databases = 0;
const databaseUrl = async (kind: "sqlite" | "postgresql") => (kind === "sqlite" ? tempDbUrl("bookings") : cluster!.createDatabase(`bookings_${++databases}`));

/** A provider that holds any slot for anyone: only the runtime's unique slot key stands between two citizens. */
async function yesToEveryone(clock: ManualClock): Promise<{ url: string; close: () => Promise<void> }> {
  let holds = 0;
  const server: Server = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.url?.startsWith("/offices")) return res.end(JSON.stringify({ offices: [{ id: "kyiv-palace", title: { uk: "Палац" }, address: { uk: "Київ" }, services: ["marriage-ceremony"] }] }));
    if (req.method === "POST" && req.url === "/holds") {
      res.statusCode = 201;
      const start = new Date(clock.now().getTime() + 2 * 86_400_000);
      return res.end(JSON.stringify({ holdId: `h${++holds}`, status: "held", slotId: `${PALACE}~last`, office: "kyiv-palace", service: "marriage-ceremony", date: "2026-12-03", time: "10:00", start: start.toISOString(), end: new Date(start.getTime() + 3_600_000).toISOString(), expiresAt: new Date(clock.now().getTime() + 600_000).toISOString() }));
    }
    return res.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function setup(kind: "sqlite" | "postgresql", options: { offices?: SlotOffice[]; horizonDays?: number; lenient?: boolean } = {}) {
  // Tuesday 1 December 2026, 10:00 in Kyiv.
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let provider: StandInSlotProvider | undefined;
  let url: string;
  if (options.lenient) {
    const fake = await yesToEveryone(clock);
    cleanup.push(fake.close);
    url = fake.url;
  } else {
    provider = await startStandInSlotProvider({ apiKey: API_KEY, now: () => clock.now().getTime(), ...(options.offices ? { offices: options.offices } : {}), ...(options.horizonDays ? { horizonDays: options.horizonDays } : {}) });
    cleanup.push(provider.close);
    url = provider.url;
  }
  const runtime = await Runtime.create({ databaseUrl: await databaseUrl(kind), clock, email: false, worker: { autoStart: false }, slots: { providers: { appointments: { url, apiKey: API_KEY } }, remindEveryMs: 0 } });
  cleanup.push(() => runtime.close());
  await runtime.publish(service, "analyst");
  const start = async (id: string) => {
    const person = applicant(id);
    const { applicationId } = await runtime.start(service.id, person);
    await runtime.submit(applicationId, { step: "place", data: { office: "kyiv-palace" } });
    return { applicationId, person };
  };
  return { runtime, bookings: runtime.bookings!, provider, clock, start, ...(await start("p-book")) };
}

const data = async (runtime: Runtime, id: string) => JSON.parse((await runtime.database.prisma.application.findUniqueOrThrow({ where: { id } })).data) as Record<string, any>;
const code = (promise: Promise<unknown>) => promise.then(() => "ok", (error) => (isRuntimeError(error) ? error.code : String(error)));

for (const kind of ["sqlite", "postgresql"] as const) {
  describe.skipIf(kind === "postgresql" && !binaries)(`book steps on ${kind}`, () => {
    it("shows free slots by day, holds one, confirms: the booking is saved and the application moves on", async () => {
      const { runtime, bookings, provider, applicationId, person } = await setup(kind);
      const view = await runtime.view(applicationId, { kind: "applicant", id: person.id });
      expect(view.actions).toContain("book");
      const choice = await bookings.choice(applicationId, person.id);
      expect(choice.offices.map((o) => o.id)).toEqual(["kyiv-palace"]);
      expect(choice.days[0]).toMatchObject({ date: "2026-12-01", slots: [{ time: "11:00" }, { time: "12:00" }, expect.anything(), expect.anything(), expect.anything(), expect.anything()] });
      const slot = choice.days[1].slots[0];
      const held = await bookings.hold(applicationId, person.id, slot.slotId);
      expect(held).toMatchObject({ status: "held", office: "kyiv-palace", date: "2026-12-02", time: "10:00", holdExpiresAt: new Date("2026-12-01T08:10:00Z") });
      expect((await bookings.ofApplication(applicationId, person.id)).hold?.id).toBe(held.id);
      await bookings.confirm(applicationId, person.id, held.id);
      const app = await runtime.database.prisma.application.findUniqueOrThrow({ where: { id: applicationId } });
      expect(app.currentStep).toBe("registered");
      expect(JSON.parse(app.data).ceremony).toMatchObject({ status: "booked", bookingId: held.id, office: "kyiv-palace", officeTitle: "Київський міський палац урочистих подій", date: "2026-12-02", time: "10:00", start: "2026-12-02T08:00:00.000Z" });
      const row = await runtime.database.prisma.booking.findUniqueOrThrow({ where: { id: held.id } });
      // The reminder a day before, or at once when the slot is sooner.
      expect(row).toMatchObject({ status: "confirmed", remindAt: new Date("2026-12-01T08:00:00Z"), holdExpiresAt: null });
      expect(provider!.holderOf(slot.slotId)).toEqual({ booking: row.providerBookingId });
      expect((await runtime.audit(applicationId)).map((e) => e.event)).toContain("outcome.booked");
      // The pending expiry job was voided with the step.
      expect(await runtime.database.prisma.job.count({ where: { applicationId, kind: "booking-expiry", status: "pending" } })).toBe(0);
    });

    it("lets an unconfirmed hold expire (its job) and frees the slot for another citizen", async () => {
      const { runtime, bookings, clock, provider, applicationId, person, start } = await setup(kind);
      const slotId = `${PALACE}~2026-12-03T12:00`;
      const held = await bookings.hold(applicationId, person.id, slotId);
      clock.advance("11m");
      expect(await runtime.worker!.runUntilIdle()).toBe(1);
      expect(await runtime.database.prisma.booking.findUniqueOrThrow({ where: { id: held.id } })).toMatchObject({ status: "expired", slotKey: null });
      expect(await code(bookings.confirm(applicationId, person.id, held.id))).toBe("conflict");
      expect(provider!.holderOf(slotId)).toBeUndefined();
      const other = await start("p-other");
      expect((await bookings.hold(other.applicationId, other.person.id, slotId)).status).toBe("held");
    });

    it("holding another time releases the first; noSlots leaves by its way out", async () => {
      const { runtime, bookings, provider, applicationId, person } = await setup(kind);
      const first = await bookings.hold(applicationId, person.id, `${PALACE}~2026-12-03T12:00`);
      await bookings.hold(applicationId, person.id, `${PALACE}~2026-12-03T13:00`);
      expect((await runtime.database.prisma.booking.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("released");
      expect(provider!.holderOf(`${PALACE}~2026-12-03T12:00`)).toBeUndefined();
      await bookings.decline(applicationId, person.id, "noSlots");
      expect(provider!.holderOf(`${PALACE}~2026-12-03T13:00`)).toBeUndefined();
      expect((await runtime.database.prisma.application.findUniqueOrThrow({ where: { id: applicationId } })).currentStep).toBe("later");
    });

    it("refuses a slot of another office, or further ahead than the step books", async () => {
      const { bookings, provider, applicationId, person } = await setup(kind);
      expect(await code(bookings.hold(applicationId, person.id, "lviv-dracs~marriage-ceremony~2026-12-03T10:00"))).toBe("invalid_data");
      expect(provider!.holderOf("lviv-dracs~marriage-ceremony~2026-12-03T10:00")).toBeUndefined();
      expect(await code(bookings.hold(applicationId, person.id, `${PALACE}~2027-01-20T10:00`))).toBe("invalid_data");
      expect(await code(bookings.hold(applicationId, person.id, `${PALACE}~2026-12-07T10:00`))).toBe("not_found"); // Monday: closed
    });

    it("reschedules (the old slot freed, the data and audit changed) and cancels (the slot freed); the reminder goes once", async () => {
      const { runtime, bookings, clock, provider, applicationId, person, start } = await setup(kind);
      const before = `${PALACE}~2026-12-10T10:00`;
      const after = `${PALACE}~2026-12-11T15:00`;
      const held = await bookings.hold(applicationId, person.id, before);
      await bookings.confirm(applicationId, person.id, held.id);
      expect(await bookings.sendDueReminders()).toBe(0);

      const moved = await bookings.reschedule(applicationId, person.id, held.id, after);
      expect(moved).toMatchObject({ status: "confirmed", date: "2026-12-11", time: "15:00", moves: 1, remindAt: new Date("2026-12-10T13:00:00Z") });
      expect(provider!.holderOf(before)).toBeUndefined();
      expect(provider!.holderOf(after)).toEqual({ booking: moved.providerBookingId });
      expect((await data(runtime, applicationId)).ceremony).toMatchObject({ status: "booked", date: "2026-12-11", time: "15:00", start: "2026-12-11T13:00:00.000Z" });
      const audit = await runtime.audit(applicationId);
      expect(audit.at(-1)).toMatchObject({ event: "booking.rescheduled", fromStep: "registered", toStep: "registered" });
      // Another citizen can take the freed slot.
      const other = await start("p-other");
      expect((await bookings.hold(other.applicationId, other.person.id, before)).status).toBe("held");

      clock.set("2026-12-10T13:00:00Z");
      expect(await bookings.sendDueReminders()).toBe(1);
      expect(await bookings.sendDueReminders()).toBe(0);
      const [reminder] = await runtime.notifications(person.id);
      expect(reminder).toMatchObject({ applicationId, title: "Нагадування про запис" });
      expect(reminder.message).toContain("2026-12-11 о 15:00");

      const cancelled = await bookings.cancel(applicationId, person.id, held.id);
      expect(cancelled).toMatchObject({ status: "cancelled", slotKey: null });
      expect(provider!.holderOf(after)).toBeUndefined();
      expect((await data(runtime, applicationId)).ceremony.status).toBe("cancelled");
      expect((await runtime.audit(applicationId)).at(-1)?.event).toBe("booking.cancelled");
      expect(await code(bookings.reschedule(applicationId, person.id, held.id, before))).toBe("conflict");
    });

    it("an application cancelled with a booking gets no reminder, and its slot is freed by the sweep", async () => {
      const { runtime, bookings, provider, clock, applicationId, person } = await setup(kind);
      const slotId = `${PALACE}~2026-12-09T10:00`;
      const held = await bookings.hold(applicationId, person.id, slotId);
      await bookings.confirm(applicationId, person.id, held.id);
      await runtime.cancel(applicationId, `applicant:${person.id}`);
      clock.set("2026-12-08T09:00:00Z");
      expect(await bookings.sendDueReminders()).toBe(0);
      expect(await bookings.releaseEnded()).toBe(1);
      expect(await bookings.releaseEnded()).toBe(0);
      expect(provider!.holderOf(slotId)).toBeUndefined();
      expect(await runtime.database.prisma.booking.findUniqueOrThrow({ where: { id: held.id } })).toMatchObject({ status: "cancelled", slotKey: null });
    });

    it("the .ics file and every booking action are the applicant's only: another citizen gets not_found", async () => {
      const { bookings, applicationId, person, start } = await setup(kind);
      const held = await bookings.hold(applicationId, person.id, `${PALACE}~2026-12-05T11:00`);
      const stranger = await start("p-stranger");
      const id = stranger.person.id;
      expect(await code(bookings.ics(held.id, person.id))).toBe("not_found"); // held, not booked: no file yet
      expect(await code(bookings.confirm(applicationId, id, held.id))).toBe("not_found");
      expect(await code(bookings.confirm(stranger.applicationId, id, held.id))).toBe("not_found");
      expect(await code(bookings.release(applicationId, id, held.id))).toBe("not_found");
      expect(await code(bookings.choice(applicationId, id))).toBe("not_found");
      expect(await code(bookings.hold(applicationId, id, `${PALACE}~2026-12-05T12:00`))).toBe("not_found");
      expect(await code(bookings.ofApplication(applicationId, id))).toBe("not_found");
      await bookings.confirm(applicationId, person.id, held.id);
      expect(await code(bookings.ics(held.id, id))).toBe("not_found");
      expect(await code(bookings.cancel(applicationId, id, held.id))).toBe("not_found");
      expect(await code(bookings.reschedule(applicationId, id, held.id, `${PALACE}~2026-12-05T12:00`))).toBe("not_found");
      const { filename, text } = await bookings.ics(held.id, person.id);
      expect(filename).toBe("appointment-2026-12-05.ics");
      expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
      expect(text).toContain("DTSTART:20261205T090000Z\r\n");
      expect(text).toContain("TRIGGER:-P1D\r\n");
      expect(text.split("\r\n").every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    });

    it("two citizens racing for the last slot: exactly one gets it", async () => {
      // An office with one slot in its whole calendar (Thursdays at 10, open two days ahead).
      const offices: SlotOffice[] = [{ id: "kyiv-palace", title: { uk: "Палац", en: "Palace" }, address: { uk: "Київ", en: "Kyiv" }, calendars: [{ service: "marriage-ceremony", weekdays: [4], times: ["10:00"] }] }];
      const { bookings, runtime, start, applicationId, person } = await setup(kind, { offices, horizonDays: 2 });
      const rival = await start("p-rival");
      const [slot] = (await bookings.choice(applicationId, person.id)).days.flatMap((d) => d.slots);
      expect(slot.slotId).toBe(`${PALACE}~2026-12-03T10:00`);
      const results = await Promise.allSettled([
        bookings.hold(applicationId, person.id, slot.slotId).then((row) => bookings.confirm(applicationId, person.id, row.id)),
        bookings.hold(rival.applicationId, rival.person.id, slot.slotId).then((row) => bookings.confirm(rival.applicationId, rival.person.id, row.id)),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      expect(isRuntimeError((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason, "conflict")).toBe(true);
      expect(await runtime.database.prisma.booking.count({ where: { status: "confirmed" } })).toBe(1);
      expect((await bookings.choice(rival.applicationId, rival.person.id)).days).toEqual([]);
    });

    it("the database's unique slot key holds when a provider says yes to both", async () => {
      const { bookings, runtime, start, applicationId, person } = await setup(kind, { lenient: true });
      const rivals = [{ applicationId, person }, ...(await Promise.all([start("p-2"), start("p-3"), start("p-4")]))];
      const results = await Promise.allSettled(rivals.map((r) => bookings.hold(r.applicationId, r.person.id, `${PALACE}~last`)));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect(isRuntimeError(r.reason, "conflict")).toBe(true);
      const winner = rivals[results.findIndex((r) => r.status === "fulfilled")];
      expect(await runtime.database.prisma.booking.count({ where: { slotKey: { not: null } } })).toBe(1);
      expect(await runtime.database.prisma.booking.count({ where: { applicationId: winner.applicationId, status: "held" } })).toBe(1);
    });
  });
}
