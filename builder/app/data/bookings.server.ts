/**
 * Appointments (book steps, runtime/bookings) in the portal: what the application page shows (the offices,
 * the free slots by day, the hold with its expiry, the booked appointment) and what its buttons do (hold,
 * release, confirm, none suits me / give up, reschedule, cancel). Everything is the applicant's own: the
 * runtime answers not_found for anyone else, and so does the page.
 */
import { RuntimeError, viewsOf, type Runtime } from "../../../runtime";
import type { CitizenUser } from "../auth/types";
import type { Lang } from "../i18n/lang";
import { ownApplication } from "./applications.server";
import { hideForeign, notFound, runtimeErrorCode } from "./errors.server";

export interface PortalSlot {
  slotId: string;
  date: string;
  time: string;
  start: string;
}

export interface PortalAppointment {
  id: string;
  status: string;
  office: string;
  officeTitle: string;
  officeAddress: string;
  date: string;
  time: string;
  start: string;
  end: string;
  /** Until when a held slot waits to be confirmed (ISO). */
  holdExpiresAt: string | null;
  /** The slot is still ahead: it may be moved or cancelled. */
  changeable: boolean;
}

export interface PortalBooking {
  /** At the book step: what the citizen chooses from. */
  choice: {
    offices: { id: string; title: string; address: string }[];
    office: string | null;
    days: { date: string; slots: PortalSlot[] }[];
    holdMinutes: number;
    noSlots: boolean;
    cancelled: boolean;
  } | null;
  hold: PortalAppointment | null;
  appointments: PortalAppointment[];
  /** The appointment being moved, with the free slots of its office. */
  reschedule: { id: string; days: { date: string; slots: PortalSlot[] }[] } | null;
  notice: BookingNotice | null;
}

export const BOOKING_NOTICES = ["bookHeld", "bookTaken", "bookExpired", "bookConfirmed", "bookCancelled", "bookMoved", "bookUnavailable"] as const;
export type BookingNotice = (typeof BOOKING_NOTICES)[number];

type Row = NonNullable<Awaited<ReturnType<NonNullable<Runtime["bookings"]>["ofApplication"]>>["hold"]>;

/** What the page shows of the application's appointments; null when it has none and is at no book step. */
export async function bookingPanel(runtime: Runtime, user: CitizenUser, applicationId: string, lang: Lang, url: URL, atBookStep: boolean): Promise<PortalBooking | null> {
  const bookings = runtime.bookings;
  if (!bookings) return null;
  try {
    const { hold, bookings: rows } = await bookings.ofApplication(applicationId, user.applicantId);
    if (!atBookStep && rows.length === 0) return null;
    const now = runtime.clock.now();
    const titles = new Map<string, { title: string; address: string }>();
    let choice: PortalBooking["choice"] = null;
    if (atBookStep) {
      const office = url.searchParams.get("office") ?? hold?.office ?? undefined;
      const found = await bookings.choice(applicationId, user.applicantId, { office, language: lang });
      for (const o of found.offices) titles.set(o.id, o);
      choice = {
        offices: found.offices,
        office: found.office ?? null,
        days: found.days.map((d) => ({ date: d.date, slots: d.slots.map(slotOf) })),
        holdMinutes: found.holdMinutes,
        noSlots: found.noSlots,
        cancelled: found.cancelled,
      };
    }
    const moving = url.searchParams.get("reschedule");
    const movable = rows.find((r) => r.id === moving && r.status === "confirmed" && r.start > now);
    let reschedule: PortalBooking["reschedule"] = null;
    if (movable) {
      const found = await bookings.choice(applicationId, user.applicantId, { bookingId: movable.id, language: lang });
      for (const o of found.offices) titles.set(o.id, o);
      reschedule = { id: movable.id, days: found.days.map((d) => ({ date: d.date, slots: d.slots.filter((s) => s.slotId !== movable.slotId).map(slotOf) })) };
    }
    const data = await savedOffices(runtime, applicationId);
    const view = (row: Row): PortalAppointment => ({
      id: row.id,
      status: row.status,
      office: row.office,
      officeTitle: titles.get(row.office)?.title ?? data.get(row.id)?.officeTitle ?? row.office,
      officeAddress: titles.get(row.office)?.address ?? data.get(row.id)?.officeAddress ?? "",
      date: row.date,
      time: row.time,
      start: row.start.toISOString(),
      end: row.end.toISOString(),
      holdExpiresAt: row.holdExpiresAt?.toISOString() ?? null,
      changeable: row.status === "confirmed" && row.start > now,
    });
    const notice = url.searchParams.get("booking");
    return {
      choice,
      hold: hold ? view(hold) : null,
      appointments: rows.map(view),
      reschedule,
      notice: BOOKING_NOTICES.find((n) => n === notice) ?? null,
    };
  } catch (error) {
    // Not the applicant (a party reading the page, checked by the page itself): no appointments to show.
    if (runtimeErrorCode(error) === "not_found") return null;
    // The provider cannot be reached, or the step's office cannot be worked out: the page says so.
    if (runtimeErrorCode(error) === "internal") return { choice: null, hold: null, appointments: [], reschedule: null, notice: "bookUnavailable" };
    return hideForeign(error);
  }
}

/** The titles the booking saved in the data (offices the provider no longer lists keep their names). */
async function savedOffices(runtime: Runtime, applicationId: string): Promise<Map<string, { officeTitle?: string; officeAddress?: string }>> {
  const app = await viewsOf(runtime).applications.row(applicationId);
  const found = new Map<string, { officeTitle?: string; officeAddress?: string }>();
  for (const value of Object.values(JSON.parse(app?.data ?? "{}") as Record<string, unknown>)) {
    const saved = value as { bookingId?: unknown; officeTitle?: string; officeAddress?: string } | null;
    if (saved && typeof saved === "object" && typeof saved.bookingId === "string") found.set(saved.bookingId, saved);
  }
  return found;
}

const slotOf = (s: PortalSlot): PortalSlot => ({ slotId: s.slotId, date: s.date, time: s.time, start: s.start });

const INTENTS = ["bookHold", "bookRelease", "bookConfirm", "bookNoSlots", "bookGiveUp", "bookReschedule", "bookCancel"] as const;
export const isBookingIntent = (intent: string): intent is (typeof INTENTS)[number] => (INTENTS as readonly string[]).includes(intent);

/** Runs a booking button of the application page; the answer is where to go next (the page with a notice). */
export async function bookingAction(runtime: Runtime, user: CitizenUser, applicationId: string, intent: (typeof INTENTS)[number], form: FormData): Promise<string> {
  await ownApplication(runtime, user, applicationId);
  const here = `/applications/${applicationId}`;
  const bookings = runtime.bookings;
  if (!bookings) return `${here}?booking=bookUnavailable`;
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value.slice(0, 200) : "";
  };
  const applicant = user.applicantId;
  try {
    switch (intent) {
      case "bookHold": {
        const office = text("office");
        await bookings.hold(applicationId, applicant, text("slotId"));
        return `${here}?booking=bookHeld${office ? `&office=${encodeURIComponent(office)}` : ""}`;
      }
      case "bookRelease":
        await bookings.release(applicationId, applicant, text("bookingId"));
        return here;
      case "bookConfirm":
        await bookings.confirm(applicationId, applicant, text("bookingId"));
        return `${here}?booking=bookConfirmed`;
      case "bookNoSlots":
      case "bookGiveUp":
        await bookings.decline(applicationId, applicant, intent === "bookNoSlots" ? "noSlots" : "cancelled");
        return here;
      case "bookReschedule":
        await bookings.reschedule(applicationId, applicant, text("bookingId"), text("slotId"));
        return `${here}?booking=bookMoved`;
      case "bookCancel":
        await bookings.cancel(applicationId, applicant, text("bookingId"));
        return `${here}?booking=bookCancelled`;
    }
  } catch (error) {
    const code = runtimeErrorCode(error);
    const reason = (error as { details?: { reason?: string } }).details?.reason;
    if (code === "conflict") return `${here}?booking=${reason === "expired" ? "bookExpired" : reason === "taken" ? "bookTaken" : "bookUnavailable"}`;
    // The application is the citizen's (checked above): a step it left, a slot it may not book, a provider down.
    if (code === "event_not_allowed" || code === "invalid_data" || code === "internal" || code === "stale_version" || code === "not_found") return `${here}?booking=bookUnavailable`;
    return hideForeign(error);
  }
  return here;
}

/** The appointment's .ics file, for the application's applicant only (anyone else: 404). */
export async function appointmentIcs(runtime: Runtime, user: CitizenUser, applicationId: string, bookingId: string, lang: Lang): Promise<{ filename: string; text: string }> {
  await ownApplication(runtime, user, applicationId);
  if (!runtime.bookings) throw notFound();
  try {
    return await runtime.bookings.ics(bookingId, user.applicantId, lang, applicationId);
  } catch (error) {
    return hideForeign(error);
  }
}

/** The JSON API's operations (builder/app/api/routes.server.ts): the runtime's errors pass through (409 taken or expired, 404 not the applicant's). */
export const bookingApi = {
  async show(runtime: Runtime, user: CitizenUser, applicationId: string, lang: Lang, office: string | null) {
    const row = await ownApplication(runtime, user, applicationId);
    const url = new URL(`http://x/?${office ? `office=${encodeURIComponent(office)}` : ""}`);
    const definition = runtime.bookings ? await runtime.view(applicationId, { kind: "applicant", id: user.applicantId }) : undefined;
    const panel = await bookingPanel(runtime, user, applicationId, lang, url, definition?.step.kind === "book" && row.status === "draft");
    const { notice: _notice, reschedule: _reschedule, ...rest } = panel ?? { choice: null, hold: null, appointments: [], reschedule: null, notice: null };
    return rest;
  },
  async run<T>(runtime: Runtime, user: CitizenUser, applicationId: string, run: (bookings: NonNullable<Runtime["bookings"]>, applicantId: string) => Promise<T>): Promise<T> {
    await ownApplication(runtime, user, applicationId);
    if (!runtime.bookings) throw new RuntimeError("event_not_allowed", "Appointments are not available: no slot provider is configured");
    try {
      return await run(runtime.bookings, user.applicantId);
    } catch (error) {
      return hideForeign(error);
    }
  },
};

/** An appointment row as the API answers it. */
export const appointmentJson = (row: { id: string; status: string; office: string; date: string; time: string; start: Date; end: Date; holdExpiresAt: Date | null }) => ({
  id: row.id,
  status: row.status,
  office: row.office,
  date: row.date,
  time: row.time,
  start: row.start.toISOString(),
  end: row.end.toISOString(),
  holdExpiresAt: row.holdExpiresAt?.toISOString() ?? null,
});
