/** The stand-in slot provider's API: who may ask, free slots, holds that expire, one seat per slot, cancel and reschedule. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kyivInstant, kyivWallClock, startStandInSlotProvider, type StandInSlotProvider } from "./slot-provider";

let provider: StandInSlotProvider;
// Tuesday 1 December 2026, 10:00 in Kyiv (UTC+2).
let now = Date.parse("2026-12-01T08:00:00Z");
const auth = { authorization: "Bearer key", "content-type": "application/json" };
const call = (path: string, init: RequestInit = {}) => fetch(`${provider.url}${path}`, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });
const json = async (response: Response) => (await response.json()) as Record<string, any>;
const hold = (slotId: string, holdMinutes = 10) => call("/holds", { method: "POST", body: JSON.stringify({ slotId, holdMinutes }) });

beforeAll(async () => {
  provider = await startStandInSlotProvider({ apiKey: "key", now: () => now });
});
afterAll(() => provider.close());

describe("the stand-in slot provider", () => {
  it("answers the service only", async () => {
    expect((await fetch(`${provider.url}/offices`)).status).toBe(401);
    expect((await fetch(`${provider.url}/offices`, { headers: { authorization: "Bearer other" } })).status).toBe(401);
  });

  it("lists offices by service and free slots in Kyiv time, future ones only", async () => {
    const offices = await json(await call("/offices?service=marriage-ceremony"));
    expect(offices.offices.map((o: { id: string }) => o.id)).toEqual(["kyiv-palace", "kyiv-pechersk-dracs", "lviv-dracs"]);
    const { slots } = await json(await call("/slots?office=kyiv-palace&service=marriage-ceremony&days=2"));
    // Today (Tuesday) from 11:00 (10:00 has begun), Wednesday from 10:00.
    expect(slots[0]).toMatchObject({ slotId: "kyiv-palace~marriage-ceremony~2026-12-01T11:00", date: "2026-12-01", time: "11:00", start: "2026-12-01T09:00:00.000Z", end: "2026-12-01T10:00:00.000Z" });
    expect(slots.filter((s: { date: string }) => s.date === "2026-12-02")).toHaveLength(7);
    expect((await call("/slots?office=hsc-8041&service=marriage-ceremony")).status).toBe(404);
    expect((await call("/slots?office=kyiv-palace&service=marriage-ceremony&days=100")).status).toBe(400);
  });

  it("holds a slot atomically: of two racing for it exactly one gets it", async () => {
    const slotId = "kyiv-palace~marriage-ceremony~2026-12-03T12:00";
    const answers = await Promise.all([hold(slotId), hold(slotId), hold(slotId)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    const { slots } = await json(await call("/slots?office=kyiv-palace&service=marriage-ceremony&from=2026-12-03&days=1"));
    expect(slots.map((s: { time: string }) => s.time)).not.toContain("12:00");
    expect((await hold("kyiv-palace~marriage-ceremony~2026-12-07T12:00")).status).toBe(404); // Monday: closed
    expect((await hold("kyiv-palace~marriage-ceremony~2026-12-03T12:00", 31)).status).toBe(400);
  });

  it("lets a hold expire, and then the slot is free again", async () => {
    const slotId = "kyiv-palace~marriage-ceremony~2026-12-03T13:00";
    const held = await json(await hold(slotId, 5));
    now += 5 * 60_000;
    expect((await call(`/holds/${held.holdId}/confirm`, { method: "POST" })).status).toBe(410);
    expect((await hold(slotId)).status).toBe(201);
  });

  it("confirms once, cancels and frees the slot", async () => {
    const slotId = "kyiv-palace~marriage-ceremony~2026-12-03T14:00";
    const held = await json(await hold(slotId));
    const booking = await json(await call(`/holds/${held.holdId}/confirm`, { method: "POST" }));
    expect(booking).toMatchObject({ status: "confirmed", slotId, date: "2026-12-03", time: "14:00" });
    expect(await json(await call(`/holds/${held.holdId}/confirm`, { method: "POST" }))).toEqual(booking);
    expect((await hold(slotId)).status).toBe(409);
    expect(await json(await call(`/bookings/${booking.bookingId}/cancel`, { method: "POST" }))).toMatchObject({ status: "cancelled" });
    expect((await hold(slotId)).status).toBe(201);
  });

  it("reschedules onto a held slot and frees the old one in one step", async () => {
    const first = "kyiv-palace~marriage-ceremony~2026-12-04T10:00";
    const second = "kyiv-palace~marriage-ceremony~2026-12-04T11:00";
    const held = await json(await hold(first));
    const booking = await json(await call(`/holds/${held.holdId}/confirm`, { method: "POST" }));
    const next = await json(await hold(second));
    const moved = await json(await call(`/bookings/${booking.bookingId}/reschedule`, { method: "POST", body: JSON.stringify({ holdId: next.holdId }) }));
    expect(moved).toMatchObject({ bookingId: booking.bookingId, status: "confirmed", slotId: second, time: "11:00" });
    expect(provider.holderOf(first)).toBeUndefined();
    expect(provider.holderOf(second)).toEqual({ booking: booking.bookingId });
    // A repeat answers the same; a cancelled booking cannot move.
    expect(await json(await call(`/bookings/${booking.bookingId}/reschedule`, { method: "POST", body: JSON.stringify({ holdId: next.holdId }) }))).toEqual(moved);
    await call(`/bookings/${booking.bookingId}/cancel`, { method: "POST" });
    const third = await json(await hold(first));
    expect((await call(`/bookings/${booking.bookingId}/reschedule`, { method: "POST", body: JSON.stringify({ holdId: third.holdId }) })).status).toBe(409);
  });

  it("converts Kyiv wall-clock times across the summer-time change", () => {
    expect(new Date(kyivInstant("2026-07-01", "10:00")).toISOString()).toBe("2026-07-01T07:00:00.000Z");
    expect(new Date(kyivInstant("2026-12-01", "10:00")).toISOString()).toBe("2026-12-01T08:00:00.000Z");
    expect(kyivWallClock(Date.parse("2026-03-29T01:30:00Z"))).toEqual({ date: "2026-03-29", time: "04:30" });
  });
});
