/**
 * Appointments of `book` steps on slot providers (the stand-in in development and tests):
 *
 * 1. `slots()`: the free slots of the step's office (fixed, from the data, or the citizen's pick), by day.
 * 2. `hold()`: the provider holds the slot for the step's `holdMinutes`; a Booking row `held` takes the slot's
 *    unique `slotKey`, so even a provider that said yes twice cannot get one slot held or confirmed twice
 *    here (the second insert fails, its hold is released, the citizen is told the time was taken). A
 *    `booking-expiry` job releases the hold when it is still unconfirmed at its expiry. One hold per
 *    application: holding another time releases the earlier one.
 * 3. `confirm()`: the provider confirms; the row becomes `confirmed` in the same transaction as the
 *    application's `booked` outcome, which saves the booking (office, date, time, start, end…) under the
 *    step's name. `decline()` takes the step's `noSlots` or `cancelled` way out and releases any hold.
 * 4. Later, while the application is open and the slot ahead: `reschedule()` holds the new slot, moves the
 *    booking onto it at the provider (which frees the old one in the same step) and writes the new slot into
 *    the data with an audit event; `cancel()` frees the slot and marks the booking `cancelled` in the data.
 * 5. A reminder goes to the citizen's inbox (and e-mail) `reminder` before the slot: rows whose `remindAt` has
 *    come are claimed once by a conditional update (`sendDueReminders`, run every minute by the runtime). The
 *    same sweep frees the slots of applications that were cancelled, rejected or failed (`releaseEnded`).
 * 6. `ics()`: the booking as an iCalendar file, for the applicant only.
 *
 * Everything is for the application's own applicant: any other id answers not_found.
 */
import { evaluate, localize, type ServiceDefinition, type Step } from "../../engine";
import { dataHash, StaleStepError, type Transitions } from "../applications/transition";
import { isFinished } from "../applications/status";
import { insertAudit, updateApplication } from "../applications/writes";
import type { Clock } from "../clock";
import type { Db } from "../db/open";
import { durationMs } from "../duration";
import { isRuntimeError, RuntimeError } from "../errors";
import type { HandlerLogger } from "../handlers/define";
import { newId } from "../ids";
import type { ServiceVersions } from "../services/versions";
import type { RuntimeNotifications } from "../wiring/notifications";
import { SlotProviderClient, type ProviderOffice, type ProviderSlot, type SlotProviderConfig } from "./client";
import { icsOf } from "./ics";

export interface SlotsConfig {
  /** Slot providers by the name the catalog (`slots`) and book steps use. */
  providers: Record<string, SlotProviderConfig>;
}

type BookStep = Extract<Step, { kind: "book" }>;
export type BookingRow = NonNullable<Awaited<ReturnType<Db["booking"]["findUnique"]>>>;

const DAY = 86_400_000;
const DEFAULT_HOLD_MINUTES = 10;
const DEFAULT_WITHIN = "P30D";
const DEFAULT_REMINDER = "P1D";
const OFFICE_CACHE_MS = 5 * 60_000;

export interface OfficeChoice {
  id: string;
  title: string;
  address: string;
}

export interface BookingChoice {
  step: string;
  provider: string;
  service: string;
  /** The offices the citizen may book at (one when the step fixes it). */
  offices: OfficeChoice[];
  /** The office whose slots are shown. */
  office?: string;
  days: { date: string; slots: ProviderSlot[] }[];
  holdMinutes: number;
  /** Ways out the citizen may take instead of booking. */
  noSlots: boolean;
  cancelled: boolean;
}

const slotKeyOf = (provider: string, slotId: string) => `${provider} ${slotId}`;
const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === "P2002";

/** Kyiv's date today (the stand-in's and Diia's offices are in Ukraine). */
const kyivToday = (now: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Kyiv", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);

/** An RFC 5545 duration of a number of milliseconds (P1D, PT2H30M). */
export function rfcDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const time = `${hours ? `${hours}H` : ""}${rest ? `${rest}M` : ""}`;
  return `P${days ? `${days}D` : ""}${time ? `T${time}` : days ? "" : "T0M"}`;
}

export class RuntimeBookings {
  private readonly clients = new Map<string, SlotProviderClient>();
  private readonly officeCache = new Map<string, { at: number; offices: Promise<ProviderOffice[]> }>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly versions: ServiceVersions,
    private readonly transitions: Transitions,
    private readonly inbox: RuntimeNotifications,
    config: SlotsConfig,
    private readonly logger?: HandlerLogger,
  ) {
    for (const [name, provider] of Object.entries(config.providers)) this.clients.set(name, new SlotProviderClient(name, provider));
  }

  /** What the citizen chooses from at the application's current book step: offices, and the free slots of one by day. */
  async choice(applicationId: string, applicantId: string, options: { office?: string; language?: string; bookingId?: string } = {}): Promise<BookingChoice> {
    const { stepId, step, data, definition } = options.bookingId ? await this.stepOfBooking(applicationId, applicantId, options.bookingId) : await this.atBookStep(applicationId, applicantId);
    const language = options.language ?? (data.application as { language?: string } | undefined)?.language ?? definition.languages[0];
    const client = this.client(step.provider);
    // Moving a booking: the free times of its own office.
    const fixed = options.bookingId ? (await this.ownBooking(applicationId, applicantId, options.bookingId)).office : this.fixedOffice(step, data);
    const all = await this.officesOf(client, step.service);
    const offices = (fixed ? all.filter((o) => o.id === fixed) : all).map((o) => this.officeText(o, language, definition));
    if (fixed && offices.length === 0) throw new RuntimeError("internal", `Slot provider "${step.provider}" has no office "${fixed}" booking ${step.service}`);
    const office = fixed ?? offices.find((o) => o.id === options.office)?.id;
    const days = new Map<string, ProviderSlot[]>();
    if (office) {
      const now = this.clock.now();
      const within = durationMs(step.within ?? DEFAULT_WITHIN);
      const last = now.getTime() + within;
      for (const slot of await client.slots(office, step.service, kyivToday(now), Math.min(62, Math.max(1, Math.ceil(within / DAY) + 1)))) {
        if (Date.parse(slot.start) > last) continue;
        days.set(slot.date, [...(days.get(slot.date) ?? []), slot]);
      }
    }
    return {
      step: stepId,
      provider: step.provider,
      service: step.service,
      offices,
      ...(office ? { office } : {}),
      days: [...days].map(([date, slots]) => ({ date, slots })),
      holdMinutes: step.holdMinutes ?? DEFAULT_HOLD_MINUTES,
      noSlots: !!step.noSlots && !options.bookingId,
      cancelled: !!step.cancelled && !options.bookingId,
    };
  }

  /** The application's appointments for its applicant: the hold in progress and the bookings, newest first. */
  async ofApplication(applicationId: string, applicantId: string): Promise<{ hold?: BookingRow; bookings: BookingRow[] }> {
    await this.ownApplication(applicationId, applicantId);
    const rows = await this.db.booking.findMany({ where: { applicationId }, orderBy: { createdAt: "desc" } });
    const now = this.clock.now();
    const hold = rows.find((r) => r.status === "held" && r.holdExpiresAt && r.holdExpiresAt > now);
    return { ...(hold ? { hold } : {}), bookings: rows.filter((r) => r.status === "confirmed" || r.status === "cancelled") };
  }

  /** Every appointment of an application (for officers). */
  all(applicationId: string) {
    return this.db.booking.findMany({ where: { applicationId, status: { in: ["confirmed", "cancelled"] } }, orderBy: { createdAt: "desc" } });
  }

  /** Holds a slot for the application's current book step (releasing an earlier hold of the application). */
  async hold(applicationId: string, applicantId: string, slotId: string): Promise<BookingRow> {
    const { app, stepId, step, data } = await this.atBookStep(applicationId, applicantId);
    const client = this.client(step.provider);
    const minutes = step.holdMinutes ?? DEFAULT_HOLD_MINUTES;
    const held = await client.hold(slotId, minutes);
    try {
      this.checkSlot(step, data, held, durationMs(step.within ?? DEFAULT_WITHIN));
      await this.releaseHolds(applicationId);
      const now = this.clock.now();
      const row = await this.claimSlot(step.provider, held.slotId, () => this.db.booking.create({ data: {
        id: newId(),
        applicationId,
        applicantId,
        step: stepId,
        stepEntry: app.stepEntry,
        provider: step.provider,
        service: step.service,
        office: held.office,
        slotId: held.slotId,
        date: held.date,
        time: held.time,
        start: new Date(held.start),
        end: new Date(held.end),
        status: "held",
        slotKey: slotKeyOf(step.provider, held.slotId),
        providerHoldId: held.holdId,
        // Our clock decides, and never later than the provider's own expiry.
        holdExpiresAt: new Date(Math.min(now.getTime() + minutes * 60_000, Date.parse(held.expiresAt) || Number.POSITIVE_INFINITY)),
        createdAt: now,
      } }));
      await this.db.job.create({
        data: {
          id: newId(),
          kind: "booking-expiry",
          applicationId,
          step: stepId,
          stepEntry: app.stepEntry,
          payload: JSON.stringify({ bookingId: row.id }),
          runAt: row.holdExpiresAt!,
          maxAttempts: 3,
          status: "pending",
          idempotencyKey: `${applicationId}:${app.stepEntry}:booking-expiry:${row.id}`,
          createdAt: now,
          updatedAt: now,
        },
      });
      this.transitions.notifyJobs();
      return row;
    } catch (error) {
      await client.release(held.holdId).catch(() => {});
      throw error;
    }
  }

  /** Releases the citizen's hold (the slot is free again); nothing when it is no longer held. */
  async release(applicationId: string, applicantId: string, bookingId: string): Promise<void> {
    const row = await this.ownBooking(applicationId, applicantId, bookingId);
    if (row.status === "held") await this.endHold(row, "released");
  }

  /** The hold's expiry (the booking-expiry job): released when still held and due. */
  async expireHold(bookingId: string): Promise<boolean> {
    const row = await this.db.booking.findUnique({ where: { id: bookingId } });
    if (!row || row.status !== "held" || !row.holdExpiresAt || row.holdExpiresAt > this.clock.now()) return false;
    return this.endHold(row, "expired");
  }

  /** Confirms the held slot: the provider's booking, the row and the application's `booked` outcome. */
  async confirm(applicationId: string, applicantId: string, bookingId: string) {
    const row = await this.ownBooking(applicationId, applicantId, bookingId);
    if (row.status !== "held") throw new RuntimeError("conflict", `The appointment is ${row.status}, not held: choose a time again`, { reason: row.status });
    if (!row.holdExpiresAt || row.holdExpiresAt <= this.clock.now()) {
      await this.endHold(row, "expired");
      throw new RuntimeError("conflict", "The hold on this time has expired: choose a time again", { reason: "expired" });
    }
    const { step, definition, data } = await this.stepOfBooking(applicationId, applicantId, bookingId);
    const client = this.client(row.provider);
    const booked = await client.confirm(row.providerHoldId!);
    const now = this.clock.now();
    const language = (data.application as { language?: string } | undefined)?.language ?? definition.languages[0];
    const office = (await this.officesOf(client, row.service).catch(() => [])).find((o) => o.id === row.office);
    const saved = this.savedData({ ...row, confirmedAt: now }, office ? this.officeText(office, language, definition) : undefined);
    try {
      return await this.transitions.apply({
        applicationId,
        event: { type: "outcome.booked", data: saved },
        actor: `applicant:${applicantId}`,
        expectStep: { step: row.step, entry: row.stepEntry },
        detail: { bookingId: row.id, office: row.office, date: row.date, time: row.time, slotId: row.slotId },
        before: async (tx) => {
          const confirmed = await tx.booking.updateMany({
            where: { id: row.id, status: "held" },
            data: { status: "confirmed", providerBookingId: booked.bookingId, confirmedAt: now, holdExpiresAt: null, remindAt: this.remindAt(step, row.start) },
          });
          if (confirmed.count !== 1) throw new RuntimeError("conflict", "The appointment changed meanwhile: reload and try again");
        },
      });
    } catch (error) {
      // Not booked here: the provider's booking must not keep the slot.
      await client.cancel(booked.bookingId).catch(() => {});
      if (error instanceof StaleStepError) throw new RuntimeError("event_not_allowed", "The application has moved on from this step");
      throw error;
    }
  }

  /** Takes the step's `noSlots` or `cancelled` way out instead of booking (its hold, if any, released). */
  async decline(applicationId: string, applicantId: string, outcome: "noSlots" | "cancelled") {
    const { stepId, step, app } = await this.atBookStep(applicationId, applicantId);
    if (!step[outcome]) throw new RuntimeError("event_not_allowed", `Step "${stepId}" has no way out "${outcome}"`);
    await this.releaseHolds(applicationId);
    return this.transitions.apply({
      applicationId,
      event: { type: `outcome.${outcome}`, data: { status: outcome } },
      actor: `applicant:${applicantId}`,
      expectStep: { step: stepId, entry: app.stepEntry },
    });
  }

  /** Moves a confirmed booking onto another free slot; the old one is freed at the provider in the same step. */
  async reschedule(applicationId: string, applicantId: string, bookingId: string, slotId: string): Promise<BookingRow> {
    const row = await this.ownBooking(applicationId, applicantId, bookingId);
    const { app, step, data } = await this.stepOfBooking(applicationId, applicantId, bookingId);
    this.checkChangeable(row, app.status);
    const client = this.client(row.provider);
    const held = await client.hold(slotId, step.holdMinutes ?? DEFAULT_HOLD_MINUTES);
    const oldKey = row.slotKey;
    try {
      this.checkSlot(step, data, held, durationMs(step.within ?? DEFAULT_WITHIN), row.office);
      // The new slot is ours here before the provider moves the booking (unique: a slot is never ours twice).
      await this.claimSlot(row.provider, held.slotId, async () => {
        const moved = await this.db.booking.updateMany({ where: { id: row.id, status: "confirmed", slotKey: oldKey }, data: { slotKey: slotKeyOf(row.provider, held.slotId) } });
        if (moved.count !== 1) throw new RuntimeError("conflict", "The appointment changed meanwhile: reload and try again");
        return row;
      });
    } catch (error) {
      await client.release(held.holdId).catch(() => {});
      throw error;
    }
    try {
      await client.reschedule(row.providerBookingId!, held.holdId);
    } catch (error) {
      await this.db.booking.updateMany({ where: { id: row.id }, data: { slotKey: oldKey } });
      await client.release(held.holdId).catch(() => {});
      throw error;
    }
    const moved = {
      slotId: held.slotId,
      date: held.date,
      time: held.time,
      start: new Date(held.start),
      end: new Date(held.end),
      providerHoldId: held.holdId,
      remindAt: this.remindAt(step, new Date(held.start)),
      remindedAt: null,
      moves: row.moves + 1,
    };
    await this.patchData(applicationId, row.step, "booking.rescheduled", `applicant:${applicantId}`, { from: { date: row.date, time: row.time }, to: { date: held.date, time: held.time }, bookingId: row.id }, (current) => ({ ...current, date: held.date, time: held.time, start: held.start, end: held.end }), async (tx) => {
      await tx.booking.update({ where: { id: row.id }, data: moved });
    });
    return this.db.booking.findUniqueOrThrow({ where: { id: row.id } });
  }

  /** Cancels a confirmed booking: the slot is free again, the data says `cancelled`. */
  async cancel(applicationId: string, applicantId: string, bookingId: string): Promise<BookingRow> {
    const row = await this.ownBooking(applicationId, applicantId, bookingId);
    if (row.status === "cancelled") return row;
    if (row.status !== "confirmed") throw new RuntimeError("conflict", `The appointment is ${row.status}, not booked`);
    const app = await this.ownApplication(applicationId, applicantId);
    if (row.start <= this.clock.now()) throw new RuntimeError("conflict", "The appointment has begun: it can no longer be cancelled here");
    await this.client(row.provider).cancel(row.providerBookingId!);
    const ended = { status: "cancelled", slotKey: null, endedAt: this.clock.now() };
    if (isFinished(app.status)) {
      // The application has ended: nothing to write into its data, the slot is freed all the same.
      await this.db.booking.updateMany({ where: { id: row.id, status: "confirmed" }, data: ended });
    } else {
      await this.patchData(applicationId, row.step, "booking.cancelled", `applicant:${applicantId}`, { bookingId: row.id, date: row.date, time: row.time }, (current) => ({ ...current, status: "cancelled" }), async (tx) => {
        await tx.booking.updateMany({ where: { id: row.id, status: "confirmed" }, data: ended });
      });
    }
    return this.db.booking.findUniqueOrThrow({ where: { id: row.id } });
  }

  /** The booking as an .ics file, for the application's applicant only (and of that application, when given). */
  async ics(bookingId: string, applicantId: string, language?: string, applicationId?: string): Promise<{ filename: string; text: string }> {
    const row = await this.db.booking.findUnique({ where: { id: bookingId } });
    const foreign = !row || row.applicantId !== applicantId || (applicationId !== undefined && row.applicationId !== applicationId);
    if (foreign || (row.status !== "confirmed" && row.status !== "cancelled")) throw new RuntimeError("not_found", `No appointment "${bookingId}"`);
    const { step, definition, data } = await this.stepOfBooking(row.applicationId, applicantId, bookingId);
    const lang = language ?? (data.application as { language?: string } | undefined)?.language ?? definition.languages[0];
    const office = (await this.officesOf(this.client(row.provider), row.service).catch(() => [])).find((o) => o.id === row.office);
    const place = office ? this.officeText(office, lang, definition) : undefined;
    const service = localize(step.title ?? definition.title, lang, definition.languages[0]);
    const text = icsOf({
      uid: `${row.id}@civic-flow`,
      start: row.start,
      end: row.end,
      stamp: this.clock.now(),
      summary: `${service}: ${localize(definition.title, lang, definition.languages[0])}`,
      location: place ? `${place.title}, ${place.address}` : row.office,
      description: `${lang === "uk" ? "Номер заяви" : "Application"} ${row.applicationId.slice(0, 8).toUpperCase()}`,
      status: row.status === "cancelled" ? "CANCELLED" : "CONFIRMED",
      sequence: row.moves + (row.status === "cancelled" ? 1 : 0),
      alarm: rfcDuration(durationMs(step.reminder ?? DEFAULT_REMINDER)),
    });
    return { filename: `appointment-${row.date}.ics`, text };
  }

  /** Sends the reminders that are due, each once (claimed by a conditional update); returns how many. */
  async sendDueReminders(): Promise<number> {
    const now = this.clock.now();
    const due = await this.db.booking.findMany({ where: { status: "confirmed", remindAt: { lte: now }, remindedAt: null, start: { gt: now } }, take: 100 });
    let sent = 0;
    for (const row of due) {
      try {
        const app = await this.db.application.findUnique({ where: { id: row.applicationId } });
        // An application that ended without its appointment gets no reminder (releaseEnded frees the slot).
        if (!app || ["cancelled", "rejected", "failed"].includes(app.status)) continue;
        const version = await this.versions.get(app.serviceVersionId);
        const definition = version.compiled.definition;
        const data = JSON.parse(app.data) as Record<string, unknown>;
        const lang = (data.application as { language?: string } | undefined)?.language ?? definition.languages[0];
        const saved = (data[this.savedName(definition, row.step)] ?? {}) as { officeTitle?: string; officeAddress?: string };
        const place = [saved.officeTitle ?? row.office, saved.officeAddress].filter(Boolean).join(", ");
        const title = localize(definition.title, lang, definition.languages[0]);
        const message = lang === "uk" ? `Нагадування: ${title} — ${row.date} о ${row.time}, ${place}.` : `Reminder: ${title} on ${row.date} at ${row.time}, ${place}.`;
        const { write } = await this.inbox.deliver({
          key: `booking-reminder:${row.id}:${row.slotId}`,
          applicantId: row.applicantId,
          applicationId: row.applicationId,
          title: lang === "uk" ? "Нагадування про запис" : "Appointment reminder",
          message,
          channels: ["inbox", "email"],
          data,
          definition,
          lastAttempt: true,
        });
        const claimed = await this.db.$transaction(async (tx) => {
          const claim = await tx.booking.updateMany({ where: { id: row.id, remindedAt: null, status: "confirmed", slotId: row.slotId }, data: { remindedAt: now } });
          if (claim.count !== 1) return false;
          await write(tx);
          return true;
        });
        if (claimed) sent++;
      } catch (error) {
        this.logger?.warn("appointment reminder not sent", { booking: row.id, error: (error as Error).message });
      }
    }
    return sent;
  }

  /**
   * Frees the slots of applications that ended without their appointment (cancelled, rejected, failed): their
   * holds are released and their bookings cancelled at the provider. Returns how many were freed.
   */
  async releaseEnded(): Promise<number> {
    const rows = await this.db.booking.findMany({ where: { status: { in: ["held", "confirmed"] }, start: { gt: this.clock.now() } }, take: 500 });
    if (rows.length === 0) return 0;
    const ended = new Set(
      (await this.db.application.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.applicationId))] }, status: { in: ["cancelled", "rejected", "failed"] } }, select: { id: true } })).map((a) => a.id),
    );
    let freed = 0;
    for (const row of rows.filter((r) => ended.has(r.applicationId))) {
      try {
        if (row.status === "held") {
          if (await this.endHold(row, "released")) freed++;
          continue;
        }
        await this.client(row.provider).cancel(row.providerBookingId!);
        const cancelled = await this.db.booking.updateMany({ where: { id: row.id, status: "confirmed" }, data: { status: "cancelled", slotKey: null, endedAt: this.clock.now() } });
        freed += cancelled.count;
      } catch (error) {
        this.logger?.warn("the slot of an ended application was not freed", { booking: row.id, error: (error as Error).message });
      }
    }
    return freed;
  }

  /** Sends due reminders and frees the slots of ended applications every so often (rows are the truth: a restart loses nothing). */
  startReminding(everyMs = 60_000): () => void {
    this.timer = setInterval(() => void this.releaseEnded().then(() => this.sendDueReminders()).catch(() => {}), everyMs);
    this.timer.unref();
    return () => clearInterval(this.timer);
  }

  // ── helpers ───────────────────────────────────────────────────────────────────────────────────

  private client(provider: string): SlotProviderClient {
    const client = this.clients.get(provider);
    if (!client) throw new RuntimeError("internal", `No slot provider "${provider}" is configured (RuntimeOptions.slots)`);
    return client;
  }

  private officesOf(client: SlotProviderClient, service: string): Promise<ProviderOffice[]> {
    const key = `${client.name} ${service}`;
    const cached = this.officeCache.get(key);
    if (cached && Date.now() - cached.at < OFFICE_CACHE_MS) return cached.offices;
    const offices = client.offices(service);
    offices.catch(() => this.officeCache.delete(key));
    this.officeCache.set(key, { at: Date.now(), offices });
    return offices;
  }

  private officeText(office: ProviderOffice, language: string, definition: ServiceDefinition): OfficeChoice {
    const main = definition.languages[0];
    return { id: office.id, title: localize(office.title, language, main) || office.id, address: localize(office.address, language, main) };
  }

  /** The office the step fixes (written, or given by its expression over the data); undefined: the citizen picks. */
  private fixedOffice(step: BookStep, data: Record<string, unknown>): string | undefined {
    if (typeof step.office === "string") return step.office;
    if (!step.office) return undefined;
    let value: unknown;
    try {
      value = evaluate(step.office.from, data);
    } catch (error) {
      throw new RuntimeError("internal", `The office of the book step could not be evaluated: ${(error as Error).message}`);
    }
    if (typeof value !== "string" || !value) throw new RuntimeError("internal", `The book step's office.from gives ${JSON.stringify(value)}, not an office id`);
    return value;
  }

  /** The held slot is one this step may book: its service, its office, within its window. */
  private checkSlot(step: BookStep, data: Record<string, unknown>, slot: ProviderSlot, withinMs: number, office = this.fixedOffice(step, data)) {
    if (slot.service !== step.service) throw new RuntimeError("invalid_data", `The slot is for "${slot.service}", not "${step.service}"`);
    if (office && slot.office !== office) throw new RuntimeError("invalid_data", `The slot is at office "${slot.office}", not "${office}"`);
    const start = Date.parse(slot.start);
    const now = this.clock.now().getTime();
    if (!(start > now) || start > now + withinMs) throw new RuntimeError("invalid_data", "The slot is outside the times this service books");
  }

  /** Writes a row that takes a slot: a held row past its expiry gives the slot up first; another holder means taken. */
  private async claimSlot<T>(provider: string, slotId: string, write: () => Promise<T>): Promise<T> {
    const slotKey = slotKeyOf(provider, slotId);
    const now = this.clock.now();
    await this.db.booking.updateMany({ where: { slotKey, status: "held", holdExpiresAt: { lte: now } }, data: { status: "expired", slotKey: null, endedAt: now } });
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw new RuntimeError("conflict", "This time has just been taken: choose another one", { reason: "taken" });
      throw error;
    }
  }

  /** Releases the application's holds still in place (at the provider too). */
  private async releaseHolds(applicationId: string): Promise<void> {
    for (const row of await this.db.booking.findMany({ where: { applicationId, status: "held" } })) await this.endHold(row, "released");
  }

  /** Ends a hold once (conditional update), then releases it at the provider. */
  private async endHold(row: BookingRow, status: "released" | "expired"): Promise<boolean> {
    const ended = await this.db.booking.updateMany({ where: { id: row.id, status: "held" }, data: { status, slotKey: null, endedAt: this.clock.now() } });
    if (ended.count === 1 && row.providerHoldId) await this.client(row.provider).release(row.providerHoldId).catch((error) => this.logger?.warn("hold not released at the provider", { booking: row.id, error: (error as Error).message }));
    return ended.count === 1;
  }

  private remindAt(step: BookStep, start: Date): Date {
    const at = start.getTime() - durationMs(step.reminder ?? DEFAULT_REMINDER);
    return new Date(Math.max(at, this.clock.now().getTime()));
  }

  private checkChangeable(row: BookingRow, status: string) {
    if (row.status !== "confirmed") throw new RuntimeError("conflict", `The appointment is ${row.status}, not booked`);
    if (isFinished(status)) throw new RuntimeError("event_not_allowed", "The application has ended: its appointment can only be cancelled");
    if (row.start <= this.clock.now()) throw new RuntimeError("conflict", "The appointment has begun: it can no longer be moved");
  }

  /** What the data holds under the step's name once booked. */
  private savedData(row: BookingRow, office?: OfficeChoice) {
    return {
      status: "booked",
      bookingId: row.id,
      provider: row.provider,
      office: row.office,
      ...(office ? { officeTitle: office.title, officeAddress: office.address } : {}),
      service: row.service,
      date: row.date,
      time: row.time,
      start: row.start.toISOString(),
      end: row.end.toISOString(),
      confirmedAt: (row.confirmedAt ?? this.clock.now()).toISOString(),
    };
  }

  private savedName(definition: ServiceDefinition, stepId: string): string {
    const step = definition.steps[stepId] as BookStep | undefined;
    return step?.saveAs ?? stepId;
  }

  /**
   * A change of the booking saved in the data, after the application left the book step: the data and an
   * audit event `event` in one transaction with `write` (the row), the application staying where it is.
   */
  private async patchData(applicationId: string, stepId: string, event: string, actor: string, detail: Record<string, unknown>, change: (current: Record<string, unknown>) => Record<string, unknown>, write: Parameters<Transitions["change"]>[1]["before"]) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.transitions.change<{ version: number }>(
          applicationId,
          { before: write },
          (app) => {
            if (isFinished(app.status)) throw new RuntimeError("event_not_allowed", `The application has ended (${app.status})`);
          },
          (app, version) => {
            const data = JSON.parse(app.data) as Record<string, unknown>;
            const name = this.savedName(version.compiled.definition, stepId);
            const current = data[name];
            if (current && typeof current === "object") data[name] = change(current as Record<string, unknown>);
            const seq = app.version + 1;
            const now = this.clock.now();
            const stale = () => new RuntimeError("stale_version", "The application changed meanwhile: reload it and try again");
            return {
              statements: [
                updateApplication(app.id, app.version, { currentStep: app.currentStep, stepEntry: app.stepEntry, data: JSON.stringify(data), status: app.status, version: seq, updatedAt: now, finishedAt: app.finishedAt }, stale),
                insertAudit({ id: newId(), applicationId: app.id, seq, actor, event, fromStep: app.currentStep, toStep: app.currentStep, at: now, dataHash: dataHash(data), detail: JSON.stringify(detail) }),
              ],
              result: { version: seq },
              createdJobs: false,
            };
          },
        );
      } catch (error) {
        if (isRuntimeError(error, "stale_version") && attempt < 5) continue;
        throw error;
      }
    }
  }

  private async ownApplication(applicationId: string, applicantId: string) {
    const app = await this.db.application.findUnique({ where: { id: applicationId } });
    if (!app || app.applicantId !== applicantId) throw new RuntimeError("not_found", `No application "${applicationId}" of this applicant`);
    return app;
  }

  private async ownBooking(applicationId: string, applicantId: string, bookingId: string): Promise<BookingRow> {
    const row = await this.db.booking.findUnique({ where: { id: bookingId } });
    if (!row || row.applicationId !== applicationId || row.applicantId !== applicantId) throw new RuntimeError("not_found", `No appointment "${bookingId}" of this application`);
    return row;
  }

  /** The application at its current book step (its applicant's only). */
  private async atBookStep(applicationId: string, applicantId: string) {
    const app = await this.ownApplication(applicationId, applicantId);
    const definition = (await this.versions.get(app.serviceVersionId)).compiled.definition;
    const step = definition.steps[app.currentStep];
    if (isFinished(app.status) || step?.kind !== "book") {
      throw new RuntimeError("event_not_allowed", `The application is at step "${app.currentStep}", which books no appointment`, { step: app.currentStep });
    }
    return { app, definition, stepId: app.currentStep, step, data: JSON.parse(app.data) as Record<string, unknown> };
  }

  /** The book step that made a booking, in the application's version. */
  private async stepOfBooking(applicationId: string, applicantId: string, bookingId: string) {
    const row = await this.ownBooking(applicationId, applicantId, bookingId);
    const app = await this.ownApplication(applicationId, applicantId);
    const definition = (await this.versions.get(app.serviceVersionId)).compiled.definition;
    const step = definition.steps[row.step];
    if (step?.kind !== "book") throw new RuntimeError("internal", `Step "${row.step}" is not a book step in this version`);
    return { app, definition, stepId: row.step, step, data: JSON.parse(app.data) as Record<string, unknown> };
  }
}
