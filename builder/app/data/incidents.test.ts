/**
 * The incidents page: administrators only (other staff 403, others sent to sign in); retry/migrate/cancel
 * through CSRF-protected forms; the citizen's status page says the application is being looked at.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORM, form, startSecurityApp, type SecurityApp, type Session } from "../../security/harness";

let app: SecurityApp;
let admin: Session;
let officer: Session;
let analyst: Session;
let citizen: Session & { applicantId: string };

/** A citizen's application at its review step, halted as an incident as the worker leaves it. */
async function incident(note: string): Promise<{ applicationId: string; incidentId: string }> {
  const send = (path: string, method: string, body: unknown) =>
    app.send(path, { method, headers: { cookie: citizen.cookie, "x-csrf-token": citizen.csrf, "content-type": "application/json" }, body: JSON.stringify(body) });
  const started = await send("/api/v1/applications", "POST", { serviceId: "security-probe" });
  const { applicationId } = JSON.parse(started.body) as { applicationId: string };
  expect((await send(`/api/v1/applications/${applicationId}/answers`, "POST", { step: "ask", answers: { note } })).status).toBe(200);
  const db = app.runtime.database.prisma;
  const row = await db.application.update({ where: { id: applicationId }, data: { status: "incident", version: { increment: 1 } } });
  const incidentId = `inc-${applicationId.slice(0, 8)}`;
  await db.incident.create({
    data: { id: incidentId, applicationId, serviceId: row.serviceId, serviceVersionId: row.serviceVersionId, step: "review", stepEntry: row.stepEntry, error: "Document template gone", status: "open", createdAt: new Date() },
  });
  await db.payment.create({
    data: { id: `pay-${incidentId}`, orderId: `order-${incidentId}`, applicationId, step: "pay", stepEntry: 1, providerPaymentId: "p", amount: 900, currency: "UAH", purpose: "Fee", checkoutUrl: "http://x", status: "paid", createdAt: new Date(), settledAt: new Date() },
  });
  return { applicationId, incidentId };
}

const post = (session: Session, fields: Record<string, string>) =>
  app.send("/office/incidents", { method: "POST", headers: { cookie: session.cookie, "content-type": FORM }, body: form({ csrf: session.csrf, ...fields }) });

beforeAll(async () => {
  app = await startSecurityApp();
  [admin, officer, analyst, citizen] = await Promise.all([app.staff("admin"), app.staff("hsc.officer"), app.staff("analyst"), app.citizen("3012345678")]);
}, 240_000);

afterAll(async () => {
  await app?.close();
});

describe("the incidents page", () => {
  it("is for administrators: other staff get 403, citizens and visitors are sent to the staff sign-in", async () => {
    const { incidentId } = await incident("first");
    const page = await app.send("/office/incidents", { headers: { cookie: admin.cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain("Document template gone");
    expect(page.body).toContain(incidentId);
    expect(page.body).toMatch(/900,00\sгрн/); // Intl, in the page's language
    for (const session of [officer, analyst]) {
      const refused = await app.send("/office/incidents", { headers: { cookie: session.cookie } });
      expect(refused.status).toBe(403);
      expect(refused.body).not.toContain("Document template gone");
      expect((await post(session, { intent: "cancel", incidentId })).status).toBe(403);
    }
    expect((await app.send("/office/incidents", { headers: { cookie: citizen.cookie } })).headers.location).toMatch(/^\/staff\/signin/);
    expect((await app.send("/office/incidents")).headers.location).toMatch(/^\/staff\/signin/);
    expect((await app.runtime.incidents()).find((i) => i.id === incidentId)?.status).toBe("open");
  });

  it("the citizen's status page says it is being looked at, with nothing to pay or fill in", async () => {
    const { applicationId } = await incident("second");
    const page = await app.send(`/applications/${applicationId}`, { headers: { cookie: citizen.cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain("Заявою займаються фахівці");
    expect(page.body).toContain("Додаткова оплата не потрібна");
    expect(page.body).not.toContain('value="pay"');
  });

  it("an administrator cancels an incident: the application ends, its payment is flagged for a refund; a second action is refused", async () => {
    const { applicationId, incidentId } = await incident("third");
    const noToken = await app.send("/office/incidents", { method: "POST", headers: { cookie: admin.cookie, "content-type": FORM }, body: form({ intent: "cancel", incidentId }) });
    expect(noToken.status).toBe(403);
    const cancelled = await post(admin, { intent: "cancel", incidentId, reason: "withdrawn template" });
    expect(cancelled.status).toBe(302);
    expect(cancelled.headers.location).toBe("/office/incidents?done=cancel");
    const db = app.runtime.database.prisma;
    expect((await db.application.findUniqueOrThrow({ where: { id: applicationId } })).status).toBe("cancelled");
    expect((await db.payment.findFirstOrThrow({ where: { applicationId } })).refundDue).toBe(true);
    expect((await app.runtime.audit(applicationId)).at(-1)).toMatchObject({ event: "incident.cancel", actor: "staff:admin" });
    const again = await post(admin, { intent: "retry", incidentId });
    expect(again.status).toBe(200);
    expect(again.body).toContain("Дію не виконано: інцидент уже розв&#x27;язано або дія неможлива (event_not_allowed).");
    // Once the refund of the flagged payment is done, the page says so (in English too).
    await db.payment.updateMany({ where: { applicationId }, data: { refundStatus: "refunded", refundedAt: new Date() } });
    const resolved = await app.send("/office/incidents", { headers: { cookie: admin.cookie } });
    expect(resolved.body).toMatch(/900,00\sгрн<span class="refund-done"> \(<!-- -->повернено<!-- -->\)/);
    const english = await app.send("/office/incidents", { headers: { cookie: `${admin.cookie}; cf_lang=en` } });
    expect(english.body).toMatch(/UAH\s900\.00<span class="refund-done"> \(<!-- -->refund done<!-- -->\)/);
    expect((await post(admin, { intent: "retry", incidentId: "no-such-incident" })).status).toBe(404);
  });

  it("the API: administrators list and retry incidents (the step is entered again); others get 403, unknown ids 404", async () => {
    const { applicationId, incidentId } = await incident("fourth");
    const call = (session: Session, method: string, path: string, body?: unknown) =>
      app.send(`/api/v1${path}`, { method, headers: { authorization: `Bearer ${session.token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const adminBearer = await app.staff("admin", "bearer");
    const officerBearer = await app.staff("hsc.officer", "bearer");
    const citizenBearer = await app.citizen("3012345678", "bearer");
    for (const session of [officerBearer, citizenBearer]) {
      expect((await call(session, "GET", "/office/incidents")).status).toBe(403);
      expect((await call(session, "POST", `/office/incidents/${incidentId}/actions`, { action: "retry" })).status).toBe(403);
    }
    const list = await call(adminBearer, "GET", "/office/incidents");
    expect(list.status).toBe(200);
    expect((JSON.parse(list.body) as { open: { id: string }[] }).open.map((i) => i.id)).toContain(incidentId);
    expect((await call(adminBearer, "POST", "/office/incidents/no-such-incident/actions", { action: "retry" })).status).toBe(404);
    expect((await call(adminBearer, "POST", `/office/incidents/${incidentId}/actions`, { action: "explode" })).status).toBe(422);
    expect((await call(adminBearer, "POST", `/office/incidents/${incidentId}/actions`, { action: "retry" })).status).toBe(204);
    const db = app.runtime.database.prisma;
    expect((await db.application.findUniqueOrThrow({ where: { id: applicationId } })).status).toBe("processing");
    expect(await db.officerTask.count({ where: { applicationId, status: "open" } })).toBe(1);
    expect((await app.runtime.audit(applicationId)).at(-1)).toMatchObject({ event: "incident.retry", actor: "staff:admin" });
  }, 120_000);
});
