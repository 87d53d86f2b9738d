/**
 * A stand-in slot provider: the calendar of civil-registry offices (ДРАЦС, the marriage ceremony's date
 * slots Diia books through `marriage.ts` `calendar-slots`) and of the MVS service centres (the e-queue Diia
 * books through `publicService.ts` `e-queue/book`). The service asks for offices and free slots, holds one
 * slot for a few minutes, confirms the hold as a booking, cancels, or reschedules a booking onto another
 * held slot. Every call needs `Authorization: Bearer <apiKey>`.
 *
 *   GET    /offices?service=                       offices (with the services they offer)
 *   GET    /slots?office=&service=&from=&days=     free slots, earliest first (Kyiv dates and times)
 *   POST   /holds { slotId, holdMinutes? }         201 hold | 409 taken | 404 no such slot
 *   GET    /holds/{id}                             the hold (held | confirmed | released | expired)
 *   DELETE /holds/{id}                             releases it (repeats are harmless)
 *   POST   /holds/{id}/confirm                     the booking (the same one on a repeat) | 410 expired
 *   GET    /bookings/{id}                          the booking
 *   POST   /bookings/{id}/cancel                   frees its slot (repeats are harmless)
 *   POST   /bookings/{id}/reschedule { holdId }    moves the booking onto the held slot and frees the old one
 *
 * One slot seats one booking. Holding is atomic: the check and the taking of a slot happen in one turn of
 * the event loop, so of two clients racing for the last slot exactly one gets it and the other 409. A hold
 * not confirmed within its minutes expires and frees its slot. Times are Europe/Kyiv wall-clock times; a
 * slot's `start`/`end` are the instants (UTC ISO).
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readJson, send } from "./json-http";

export interface SlotService {
  id: string;
  title: { uk: string; en: string };
  /** How long one appointment takes. */
  minutes: number;
}

export interface SlotOffice {
  id: string;
  title: { uk: string; en: string };
  address: { uk: string; en: string };
  /** Services offered, each on its own calendar: ISO weekdays (1 = Monday) and start times (HH:mm, Kyiv). */
  calendars: { service: string; weekdays: number[]; times: string[] }[];
}

const every = (from: string, to: string, minutes: number): string[] => {
  const times: string[] = [];
  const [fh, fm] = from.split(":").map(Number);
  const [th, tm] = to.split(":").map(Number);
  for (let at = fh * 60 + fm; at + minutes <= th * 60 + tm; at += minutes) times.push(`${String(Math.floor(at / 60)).padStart(2, "0")}:${String(at % 60).padStart(2, "0")}`);
  return times;
};

/** The services the stand-in's offices offer (the catalog's `slots.appointments.services` lists the same). */
export const SLOT_SERVICES: SlotService[] = [
  { id: "marriage-ceremony", title: { uk: "Державна реєстрація шлюбу (урочиста церемонія)", en: "Marriage registration (ceremony)" }, minutes: 60 },
  { id: "vehicle-registration", title: { uk: "Реєстрація транспортного засобу", en: "Vehicle registration" }, minutes: 30 },
  { id: "licence-exchange", title: { uk: "Обмін посвідчення водія", en: "Driving licence exchange" }, minutes: 30 },
];

/** The demo offices: two civil-registry offices in Kyiv, one in Lviv, one MVS service centre. */
export const SLOT_OFFICES: SlotOffice[] = [
  {
    id: "kyiv-palace",
    title: { uk: "Київський міський палац урочистих подій", en: "Kyiv City Wedding Palace" },
    address: { uk: "м. Київ, вул. Володимирська, 20", en: "20 Volodymyrska St, Kyiv" },
    calendars: [{ service: "marriage-ceremony", weekdays: [2, 3, 4, 5, 6], times: every("10:00", "17:00", 60) }],
  },
  {
    id: "kyiv-pechersk-dracs",
    title: { uk: "Печерський відділ ДРАЦС у м. Києві", en: "Pechersk civil registry office, Kyiv" },
    address: { uk: "м. Київ, вул. Мечникова, 5", en: "5 Mechnykova St, Kyiv" },
    calendars: [{ service: "marriage-ceremony", weekdays: [1, 2, 3, 4, 5], times: every("09:00", "13:00", 60) }],
  },
  {
    id: "lviv-dracs",
    title: { uk: "Львівський міський відділ ДРАЦС", en: "Lviv city civil registry office" },
    address: { uk: "м. Львів, вул. Городоцька, 1", en: "1 Horodotska St, Lviv" },
    calendars: [{ service: "marriage-ceremony", weekdays: [2, 4, 6], times: every("10:00", "16:00", 60) }],
  },
  {
    id: "hsc-8041",
    title: { uk: "Сервісний центр МВС № 8041", en: "MVS service centre No. 8041" },
    address: { uk: "м. Київ, вул. Братиславська, 52", en: "52 Bratyslavska St, Kyiv" },
    calendars: [
      { service: "vehicle-registration", weekdays: [1, 2, 3, 4, 5, 6], times: every("09:00", "17:00", 30) },
      { service: "licence-exchange", weekdays: [1, 2, 3, 4, 5], times: every("09:00", "13:00", 30) },
    ],
  },
];

export interface SlotProviderOptions {
  port?: number;
  apiKey: string;
  offices?: SlotOffice[];
  services?: SlotService[];
  now?: () => number;
  /** How many days ahead the calendar is open (default 60). */
  horizonDays?: number;
  /** The longest a hold may last (default 30 minutes). */
  maxHoldMinutes?: number;
}

export interface Slot {
  slotId: string;
  office: string;
  service: string;
  /** Kyiv wall-clock date and time. */
  date: string;
  time: string;
  /** The instants, UTC ISO. */
  start: string;
  end: string;
}

type HoldStatus = "held" | "confirmed" | "released" | "expired";
interface Hold extends Slot {
  holdId: string;
  status: HoldStatus;
  expiresAt: number;
  bookingId?: string;
}
interface Booking extends Slot {
  bookingId: string;
  status: "confirmed" | "cancelled";
  holdId: string;
  confirmedAt: number;
  /** Earlier slots of a rescheduled booking. */
  moves: string[];
}

const TIME_ZONE = "Europe/Kyiv";
const zoneParts = new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** Kyiv's wall clock at an instant: YYYY-MM-DD and HH:mm. */
export function kyivWallClock(ms: number): { date: string; time: string } {
  const parts = Object.fromEntries(zoneParts.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** The instant of a Kyiv wall-clock date and time (the offset found by asking the zone twice: DST changes at night). */
export function kyivInstant(date: string, time: string): number {
  const naive = Date.parse(`${date}T${time}:00Z`);
  let guess = naive;
  for (let i = 0; i < 2; i++) {
    const seen = kyivWallClock(guess);
    guess += naive - Date.parse(`${seen.date}T${seen.time}:00Z`);
  }
  return guess;
}

const isoWeekday = (date: string) => ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function startStandInSlotProvider(options: SlotProviderOptions) {
  const offices = options.offices ?? SLOT_OFFICES;
  const services = options.services ?? SLOT_SERVICES;
  const now = options.now ?? Date.now;
  const horizon = options.horizonDays ?? 60;
  const maxHold = options.maxHoldMinutes ?? 30;
  const holds = new Map<string, Hold>();
  const bookings = new Map<string, Booking>();
  /** Who has each slot: a hold id or a booking id. */
  const taken = new Map<string, { hold?: string; booking?: string }>();

  /** A slot by its id (office~service~dateTtime), if the calendar has it. */
  function slotOf(slotId: string): Slot | undefined {
    const [officeId, serviceId, at] = slotId.split("~");
    const office = offices.find((o) => o.id === officeId);
    const service = services.find((s) => s.id === serviceId);
    const calendar = office?.calendars.find((c) => c.service === serviceId);
    const [date, time] = (at ?? "").split("T");
    if (!office || !service || !calendar || !DATE.test(date ?? "") || !calendar.times.includes(time) || !calendar.weekdays.includes(isoWeekday(date))) return undefined;
    const start = kyivInstant(date, time);
    return { slotId, office: office.id, service: service.id, date, time, start: new Date(start).toISOString(), end: new Date(start + service.minutes * 60_000).toISOString() };
  }

  function expireIfDue(hold: Hold) {
    if (hold.status === "held" && now() >= hold.expiresAt) {
      hold.status = "expired";
      if (taken.get(hold.slotId)?.hold === hold.holdId) taken.delete(hold.slotId);
    }
  }

  function isFree(slotId: string): boolean {
    const owner = taken.get(slotId);
    if (owner?.hold) expireIfDue(holds.get(owner.hold)!);
    return !taken.has(slotId);
  }

  const bookingView = (b: Booking) => ({ bookingId: b.bookingId, status: b.status, slotId: b.slotId, office: b.office, service: b.service, date: b.date, time: b.time, start: b.start, end: b.end, confirmedAt: new Date(b.confirmedAt).toISOString() });
  const holdView = (h: Hold) => ({ holdId: h.holdId, status: h.status, slotId: h.slotId, office: h.office, service: h.service, date: h.date, time: h.time, start: h.start, end: h.end, expiresAt: new Date(h.expiresAt).toISOString(), ...(h.bookingId ? { bookingId: h.bookingId } : {}) });

  /** A hold still valid for confirming (expired ones are marked so first). */
  const liveHold = (id: unknown): Hold | undefined => {
    const hold = typeof id === "string" ? holds.get(id) : undefined;
    if (hold) expireIfDue(hold);
    return hold;
  };

  const server = createServer(async (req, res) => {
    try {
      if (req.headers.authorization !== `Bearer ${options.apiKey}`) return send(res, 401, { error: "unauthorized" });
      const url = new URL(req.url ?? "/", "http://x");
      const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
      const method = req.method ?? "GET";

      if (parts[0] === "offices" && parts.length === 1 && method === "GET") {
        const service = url.searchParams.get("service");
        const list = offices.filter((o) => !service || o.calendars.some((c) => c.service === service));
        return send(res, 200, {
          offices: list.map((o) => ({ id: o.id, title: o.title, address: o.address, services: o.calendars.map((c) => c.service) })),
          services: services.map((s) => ({ id: s.id, title: s.title, minutes: s.minutes })),
        });
      }

      if (parts[0] === "slots" && parts.length === 1 && method === "GET") {
        const office = offices.find((o) => o.id === url.searchParams.get("office"));
        const serviceId = url.searchParams.get("service") ?? "";
        const calendar = office?.calendars.find((c) => c.service === serviceId);
        if (!office) return send(res, 404, { error: "notFound", message: "no such office" });
        if (!calendar) return send(res, 404, { error: "notFound", message: `the office offers no "${serviceId}"` });
        const today = kyivWallClock(now()).date;
        const from = url.searchParams.get("from") ?? today;
        const days = Number(url.searchParams.get("days") ?? 14);
        if (!DATE.test(from) || Number.isNaN(Date.parse(from))) return send(res, 400, { error: "badRequest", message: "from must be YYYY-MM-DD" });
        if (!Number.isInteger(days) || days < 1 || days > 62) return send(res, 400, { error: "badRequest", message: "days must be 1 to 62" });
        const last = addDays(today, horizon);
        const slots: Slot[] = [];
        for (let day = 0; day < days; day++) {
          const date = addDays(from, day);
          if (date > last) break;
          if (!calendar.weekdays.includes(isoWeekday(date))) continue;
          for (const time of calendar.times) {
            const slot = slotOf(`${office.id}~${serviceId}~${date}T${time}`)!;
            if (Date.parse(slot.start) > now() && isFree(slot.slotId)) slots.push(slot);
          }
        }
        return send(res, 200, { office: office.id, service: serviceId, slots });
      }

      if (parts[0] === "holds" && parts.length === 1 && method === "POST") {
        const input = (await readJson(req, 16 * 1024)) as { slotId?: unknown; holdMinutes?: unknown } | undefined;
        const minutes = input?.holdMinutes ?? 10;
        if (typeof input?.slotId !== "string") return send(res, 400, { error: "badRequest", message: "slotId is required" });
        if (typeof minutes !== "number" || !Number.isInteger(minutes) || minutes < 1 || minutes > maxHold) return send(res, 400, { error: "badRequest", message: `holdMinutes must be 1 to ${maxHold}` });
        const slot = slotOf(input.slotId);
        if (!slot || Date.parse(slot.start) <= now() || slot.date > addDays(kyivWallClock(now()).date, horizon)) return send(res, 404, { error: "notFound", message: "no such slot" });
        // Check and take in one synchronous stretch: no other request runs in between.
        if (!isFree(slot.slotId)) return send(res, 409, { error: "taken", message: "the slot is taken" });
        const hold: Hold = { ...slot, holdId: `h_${randomUUID()}`, status: "held", expiresAt: now() + minutes * 60_000 };
        holds.set(hold.holdId, hold);
        taken.set(slot.slotId, { hold: hold.holdId });
        return send(res, 201, holdView(hold));
      }

      if (parts[0] === "holds" && parts.length >= 2) {
        const hold = liveHold(parts[1]);
        if (!hold) return send(res, 404, { error: "notFound" });
        if (parts.length === 2 && method === "GET") return send(res, 200, holdView(hold));
        if (parts.length === 2 && method === "DELETE") {
          if (hold.status === "held") {
            hold.status = "released";
            if (taken.get(hold.slotId)?.hold === hold.holdId) taken.delete(hold.slotId);
          }
          return send(res, 200, holdView(hold));
        }
        if (parts.length === 3 && parts[2] === "confirm" && method === "POST") {
          if (hold.status === "confirmed") return send(res, 200, bookingView(bookings.get(hold.bookingId!)!));
          if (hold.status !== "held") return send(res, 410, { error: hold.status, message: `the hold is ${hold.status}` });
          const booking: Booking = { ...pickSlot(hold), bookingId: `b_${randomUUID()}`, status: "confirmed", holdId: hold.holdId, confirmedAt: now(), moves: [] };
          hold.status = "confirmed";
          hold.bookingId = booking.bookingId;
          bookings.set(booking.bookingId, booking);
          taken.set(hold.slotId, { booking: booking.bookingId });
          return send(res, 200, bookingView(booking));
        }
      }

      if (parts[0] === "bookings" && parts.length >= 2) {
        const booking = bookings.get(parts[1]);
        if (!booking) return send(res, 404, { error: "notFound" });
        if (parts.length === 2 && method === "GET") return send(res, 200, bookingView(booking));
        if (parts.length === 3 && parts[2] === "cancel" && method === "POST") {
          if (booking.status === "confirmed") {
            booking.status = "cancelled";
            if (taken.get(booking.slotId)?.booking === booking.bookingId) taken.delete(booking.slotId);
          }
          return send(res, 200, bookingView(booking));
        }
        if (parts.length === 3 && parts[2] === "reschedule" && method === "POST") {
          const input = (await readJson(req, 16 * 1024)) as { holdId?: unknown } | undefined;
          const hold = liveHold(input?.holdId);
          if (!hold) return send(res, 404, { error: "notFound", message: "no such hold" });
          // A repeat of a reschedule that went through answers the same.
          if (hold.status === "confirmed" && hold.bookingId === booking.bookingId) return send(res, 200, bookingView(booking));
          if (booking.status !== "confirmed") return send(res, 409, { error: "cancelled", message: "the booking is cancelled" });
          if (hold.status !== "held") return send(res, 410, { error: hold.status, message: `the hold is ${hold.status}` });
          // One synchronous swap: the new slot becomes the booking's, the old one is free.
          if (taken.get(booking.slotId)?.booking === booking.bookingId) taken.delete(booking.slotId);
          booking.moves.push(booking.slotId);
          Object.assign(booking, pickSlot(hold), { holdId: hold.holdId });
          hold.status = "confirmed";
          hold.bookingId = booking.bookingId;
          taken.set(hold.slotId, { booking: booking.bookingId });
          return send(res, 200, bookingView(booking));
        }
      }
      return send(res, 404, { error: "notFound" });
    } catch (error) {
      return send(res, 500, { error: "internal", message: (error as Error).message });
    }
  });
  await new Promise<void>((resolveListen) => server.listen(options.port ?? 0, "127.0.0.1", resolveListen));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    offices,
    services,
    /** Tests: who has a slot now. */
    holderOf: (slotId: string) => (isFree(slotId) ? undefined : taken.get(slotId)),
    bookings,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}

export type StandInSlotProvider = Awaited<ReturnType<typeof startStandInSlotProvider>>;

const pickSlot = (s: Slot): Slot => ({ slotId: s.slotId, office: s.office, service: s.service, date: s.date, time: s.time, start: s.start, end: s.end });

