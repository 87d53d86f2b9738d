/**
 * An appointment: the application waits for the citizen to hold and confirm a slot (runtime/bookings: the
 * provider's calendar, the Booking rows, the reminder, the .ics). Confirming feeds `booked` with the booking;
 * `noSlots`/`cancelled` are the citizen's ways out when the step has them. The one job is `booking-expiry`:
 * a hold still unconfirmed at its expiry gives its slot up here (the provider lets its own hold lapse at
 * the same time). Leaving the step voids that job.
 */
import type { BookingExpiryPayload } from "../jobs/kinds";
import type { RuntimeStepModule } from "./types";

export const bookStep: RuntimeStepModule<"book"> = {
  kind: "book",
  // Like a form or a signature: the citizen's part of the application, not yet the service's work.
  status: () => "draft",
  work: "external",
  waitsFor: "citizen",
  citizenCancels: true,
  enter: () => ({ jobs: [] }),
  async execute(_step, job, _app, deps) {
    const { bookingId } = JSON.parse(job.payload) as BookingExpiryPayload;
    const now = deps.ctx.clock.now();
    await deps.ctx.database.prisma.booking.updateMany({
      where: { id: bookingId, status: "held", holdExpiresAt: { lte: now } },
      data: { status: "expired", slotKey: null, endedAt: now },
    });
    return { nothing: true };
  },
  view(step, ctx) {
    const booking = { provider: step.provider, service: step.service, holdMinutes: step.holdMinutes ?? 10, noSlots: !!step.noSlots, cancelled: !!step.cancelled };
    return { fields: { booking }, actions: ctx.viewer.kind !== "officer" ? ["book"] : [] };
  },
  timeline: { arrived: "ev_book", left: { text: "ev_booked", when: { outcome: "booked" } } },
  notice: {
    left: ["booked"],
    facts(_step, ctx) {
      const booked = (ctx.event ?? {}) as { start?: string; officeTitle?: string; officeAddress?: string };
      return { kind: "booking", start: booked.start, office: booked.officeTitle, address: booked.officeAddress };
    },
  },
};
