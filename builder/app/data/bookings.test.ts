/**
 * The appointment pages over HTTP (the real server in development mode, the stand-in slot provider): the
 * citizen sees free times by day, holds one, sees the hold with its end and Confirm, confirms, sees the
 * appointment with its .ics file, reschedules and cancels; another citizen gets 404 for the .ics file and
 * for every booking button, and a party-less stranger's page is 404 too.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDefinition } from "../../../engine";
import { ManualClock, Runtime } from "../../../runtime";
import { exampleCatalog } from "../../../service-definitions";
import { startStandInSlotProvider, type StandInSlotProvider } from "../../../stand-ins";
import { startAppServer, type AppServer } from "../../server";
import { applicantPseudonym } from "../auth/secrets.server";
import { createSession, SESSION_COOKIE } from "../auth/sessions.server";

const SERVICE = `
schemaVersion: 1
id: booking-probe
title: { uk: Запис до ДРАЦС, en: Civil registry appointment }
languages: [uk, en]
owner: Tests
start: ceremony
steps:
  ceremony:
    kind: book
    title: { uk: Дата церемонії, en: Ceremony date }
    provider: appointments
    service: marriage-ceremony
    holdMinutes: 10
    next: registered
    noSlots: later
  registered:
    kind: wait
    title: { uk: Очікуємо церемонію, en: Waiting for the ceremony }
    deadline: P90D
    on: { timeout: done }
  done: { kind: final, outcome: approved }
  later: { kind: final, outcome: cancelled }
`;

let dir: string;
let runtime: Runtime;
let provider: StandInSlotProvider;
let app: AppServer;
const clock = new ManualClock("2026-12-01T08:00:00Z");

interface Session {
  cookie: string;
  csrf: string;
  applicantId: string;
}
async function citizen(taxId: string): Promise<Session> {
  const profile = { taxId, firstName: "Олена", lastName: "Тест", birthDate: "1990-01-01", gender: "female", provider: "bankid" } as const;
  const { token, user } = await createSession(runtime, { kind: "citizen", subject: applicantPseudonym(taxId), profile, transport: "cookie" });
  return { cookie: `${SESSION_COOKIE}=${token}`, csrf: user.csrfToken, applicantId: applicantPseudonym(taxId) };
}
const get = (who: Session, path: string) => fetch(`${app.url}${path}`, { headers: { cookie: who.cookie }, redirect: "manual" });
const post = (who: Session, path: string, fields: Record<string, string>) =>
  fetch(`${app.url}${path}`, { method: "POST", headers: { cookie: who.cookie, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ csrf: who.csrf, ...fields }), redirect: "manual" });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "civic-booking-"));
  process.env.PORTAL_SECRET_FILE = join(dir, "portal-secret");
  process.env.VITE_LOG_LEVEL = "silent";
  process.env.DOCUMENT_SIGNING_KEY ??= generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  provider = await startStandInSlotProvider({ apiKey: "k", now: () => clock.now().getTime() });
  const catalog = exampleCatalog();
  runtime = await Runtime.create({ databaseUrl: `file:${join(dir, "booking.db")}`, clock, worker: false, documents: false, email: false, slots: { providers: { appointments: { url: provider.url, apiKey: "k" } }, remindEveryMs: 0 } });
  const { definition, issues } = loadDefinition(SERVICE, { catalog });
  if (!definition) throw new Error(JSON.stringify(issues));
  await runtime.publish(definition, "tests");
  app = await startAppServer({ port: 0, production: false, runtime, seed: false, log: () => {} });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await runtime?.close();
  await provider?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("appointments in the portal", () => {
  it("free times by day → hold → confirm → the appointment with its .ics, reschedule and cancel; others get 404", async () => {
    const olena = await citizen("3012345678");
    const stranger = await citizen("2987654321");
    const { applicationId } = await runtime.start("booking-probe", { id: olena.applicantId, taxId: "3012345678", firstName: "Олена", lastName: "Тест" });
    const page = `/applications/${applicationId}`;

    // The citizen picks the office (the step leaves it open), then sees its free times by day.
    let html = await (await get(olena, page)).text();
    expect(html).toContain('<label for="booking-office">');
    html = await (await get(olena, `${page}?office=kyiv-palace`)).text();
    expect(html).toMatch(/<summary>вівторок, 1 грудня · вільно: 6<\/summary>/);
    expect(html).toContain('aria-label="Притримати середа, 2 грудня, 10:00"');
    expect(html).toContain("Жоден час мені не підходить");

    // Another citizen can neither see nor press anything of it.
    expect((await get(stranger, page)).status).toBe(404);
    expect((await post(stranger, page, { intent: "bookHold", slotId: "kyiv-palace~marriage-ceremony~2026-12-02T10:00" })).status).toBe(404);

    const held = await post(olena, page, { intent: "bookHold", slotId: "kyiv-palace~marriage-ceremony~2026-12-02T10:00", office: "kyiv-palace" });
    expect(held.status).toBe(302);
    expect(held.headers.get("location")).toBe(`${page}?booking=bookHeld&office=kyiv-palace`);
    html = await (await get(olena, held.headers.get("location")!)).text();
    expect(html).toContain("Підтвердьте запис до 10:10");
    const bookingId = html.match(/name="bookingId" value="([^"]+)"/)![1];
    expect((await post(stranger, page, { intent: "bookConfirm", bookingId })).status).toBe(404);

    const confirmed = await post(olena, page, { intent: "bookConfirm", bookingId });
    expect(confirmed.headers.get("location")).toBe(`${page}?booking=bookConfirmed`);
    html = await (await get(olena, `${page}?booking=bookConfirmed`)).text();
    expect(html).toContain("Запис підтверджено.");
    expect(html).toContain(`href="${page}/bookings/${bookingId}.ics"`);
    expect(html).toContain("Київський міський палац урочистих подій");

    const ics = await get(olena, `${page}/bookings/${bookingId}.ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(await ics.text()).toContain("DTSTART:20261202T080000Z\r\n");
    expect((await get(stranger, `${page}/bookings/${bookingId}.ics`)).status).toBe(404);
    expect((await get(olena, `${page}/bookings/nonexistent.ics`)).status).toBe(404);

    // Reschedule: the free times of the same office, the old one not among them.
    html = await (await get(olena, `${page}?reschedule=${bookingId}`)).text();
    expect(html).toContain('aria-label="Перенести на середа, 2 грудня, 11:00"');
    expect(html).not.toContain('aria-label="Перенести на середа, 2 грудня, 10:00"');
    expect((await post(stranger, page, { intent: "bookReschedule", bookingId, slotId: "kyiv-palace~marriage-ceremony~2026-12-02T11:00" })).status).toBe(404);
    const moved = await post(olena, page, { intent: "bookReschedule", bookingId, slotId: "kyiv-palace~marriage-ceremony~2026-12-02T11:00" });
    expect(moved.headers.get("location")).toBe(`${page}?booking=bookMoved`);
    expect(provider.holderOf("kyiv-palace~marriage-ceremony~2026-12-02T10:00")).toBeUndefined();

    expect((await post(stranger, page, { intent: "bookCancel", bookingId })).status).toBe(404);
    const cancelled = await post(olena, page, { intent: "bookCancel", bookingId });
    expect(cancelled.headers.get("location")).toBe(`${page}?booking=bookCancelled`);
    expect(provider.holderOf("kyiv-palace~marriage-ceremony~2026-12-02T11:00")).toBeUndefined();
    html = await (await get(olena, `${page}?booking=bookCancelled`)).text();
    expect(html).toContain("Запис скасовано, час звільнено.");
  }, 120_000);

  it("a time taken meanwhile says so, and the citizen chooses again", async () => {
    const olena = await citizen("3012345678");
    const first = await runtime.start("booking-probe", { id: olena.applicantId, taxId: "3012345678", firstName: "Олена", lastName: "Тест" });
    const second = await runtime.start("booking-probe", { id: olena.applicantId, taxId: "3012345678", firstName: "Олена", lastName: "Тест" });
    const slotId = "kyiv-palace~marriage-ceremony~2026-12-03T10:00";
    expect((await post(olena, `/applications/${first.applicationId}`, { intent: "bookHold", slotId })).headers.get("location")).toContain("booking=bookHeld");
    const taken = await post(olena, `/applications/${second.applicationId}`, { intent: "bookHold", slotId });
    expect(taken.headers.get("location")).toBe(`/applications/${second.applicationId}?booking=bookTaken`);
  }, 60_000);

  it("the JSON API books too: slots, hold, confirm, the .ics file; 409 for a taken slot, 404 for another citizen", async () => {
    const taras = await citizen("3131910259");
    const stranger = await citizen("2578711497");
    const { applicationId } = await runtime.start("booking-probe", { id: taras.applicantId, taxId: "3131910259", firstName: "Тарас", lastName: "Тест" });
    const api = (who: Session, method: string, path: string, body?: unknown) =>
      fetch(`${app.url}/api/v1/applications/${applicationId}${path}`, { method, headers: { cookie: who.cookie, "x-csrf-token": who.csrf, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const shown = (await (await api(taras, "GET", "/booking?office=lviv-dracs")).json()) as { choice: { office: string; days: { date: string; slots: { slotId: string }[] }[] } };
    expect(shown.choice.office).toBe("lviv-dracs");
    const slotId = shown.choice.days[0].slots[0].slotId;
    expect((await api(stranger, "GET", "/booking")).status).toBe(404);
    expect((await api(stranger, "POST", "/booking/hold", { slotId })).status).toBe(404);
    const held = await api(taras, "POST", "/booking/hold", { slotId });
    expect(held.status).toBe(201);
    const hold = (await held.json()) as { id: string; status: string };
    expect(hold.status).toBe("held");
    // The same slot for another application of someone else: taken.
    const other = await runtime.start("booking-probe", { id: stranger.applicantId, taxId: "2578711497", firstName: "Юрій", lastName: "Тест" });
    const taken = await fetch(`${app.url}/api/v1/applications/${other.applicationId}/booking/hold`, { method: "POST", headers: { cookie: stranger.cookie, "x-csrf-token": stranger.csrf, "content-type": "application/json" }, body: JSON.stringify({ slotId }) });
    expect(taken.status).toBe(409);
    const confirmed = await api(taras, "POST", "/booking/confirm", { bookingId: hold.id });
    expect(await confirmed.json()).toMatchObject({ step: "registered" });
    const ics = await api(taras, "GET", `/bookings/${hold.id}/ics`);
    expect(ics.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    // Unfolded (RFC 5545 §3.1: CRLF + space continues a line).
    expect((await ics.text()).replace(/\r\n /g, "")).toContain("LOCATION:Львівський міський відділ ДРАЦС\\, м. Львів\\, вул. Городоцька\\, 1");
    expect((await api(stranger, "GET", `/bookings/${hold.id}/ics`)).status).toBe(404);
    expect((await api(taras, "POST", `/bookings/${hold.id}/cancel`)).status).toBe(200);
  }, 60_000);
});
