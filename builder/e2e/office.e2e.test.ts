/**
 * The driver's licence replacement across portal and office: a citizen applies and pays (the stand-in
 * payment provider's page), an HSC officer finds the task in the inbox and approves it, the citizen gets the
 * new licence (card with EU numbering), shares it by a one-time code, and a verifier checks the code once.
 * Also: changing an application or document id in the URL or an API call gives "not found".
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { cspViolations, launchChromium, watchErrors } from "./browser";
import { axeViolations, newContext, PEOPLE, SCREENSHOTS, signInCitizen, signInStaff, waitForText } from "./portal-page";
import { applyForLicence } from "./driver-licence";

const base = inject("baseUrl");
let browser: Browser;
const notDevNoise = (message: string) => !/WebSocket|\[vite\]/.test(message);

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => browser?.close());
// The pages run under their Content-Security-Policy (builder/server/security-headers.ts): nothing it allows is missing.
afterEach(() => expect(cspViolations.splice(0), "Content-Security-Policy violations").toEqual([]));

async function expectAccessible(page: Page, what: string) {
  expect(await axeViolations(page), `${what}: ${page.url()}`).toEqual([]);
}

/** Reloads until the heading or status says what we wait for (the worker moves the application on). */
async function reloadUntil(page: Page, selector: string, pattern: RegExp, timeout = 40_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = ((await page.locator(selector).first().textContent().catch(() => "")) ?? "").trim();
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`Still "${text}" at ${page.url()}, waiting for ${pattern}`);
    await page.waitForTimeout(700);
    await page.reload();
  }
}

let applicationId = "";
let documentId = "";

describe("driver's licence replacement", () => {
  it("a citizen applies and pays, an officer approves, the citizen shares the licence, a verifier checks the code", async () => {
    // ── The citizen applies ──────────────────────────────────────────────────────────────────
    const citizen = await (await newContext(browser)).newPage();
    const errors = watchErrors(citizen);
    await signInCitizen(citizen, base, PEOPLE.mariia, "/services/driver-licence-replacement");
    // One open application at a time: one left from an earlier run is cancelled first (asked twice).
    if (await citizen.getByRole("link", { name: "Продовжити заяву" }).count()) {
      await citizen.getByRole("link", { name: "Продовжити заяву" }).click();
      await citizen.getByRole("button", { name: "Скасувати заяву" }).click();
      await Promise.all([citizen.waitForURL(/notice=cancelled/), citizen.getByRole("button", { name: "Так, скасувати заяву" }).click()]);
      await waitForText(citizen.locator(".badge"), "Скасовано");
      await citizen.goto(`${base}/services/driver-licence-replacement`);
    }
    // Registers read first; the one form; signed on the stand-in Diia.Signature page; straight on to the checkout.
    ({ applicationId } = await applyForLicence(citizen, { reason: "Пошкодження посвідчення", circumstances: "Картку пошкоджено під час прання.", centre: "8041" }, () => expectAccessible(citizen, "driver's licence form")));
    await reloadUntil(citizen, ".status-panel", /Розгляд у сервісному центрі|розглядає посадовець/);
    await waitForText(citizen.locator(".status-panel"), /Рішення — до/);

    // ── The officer decides ──────────────────────────────────────────────────────────────────
    const officer = await (await newContext(browser)).newPage();
    errors.push(...watchErrors(officer));
    await signInStaff(officer, base, "hsc.officer", "demo-hsc-2026");
    expect(new URL(officer.url()).pathname).toBe("/office");
    await waitForText(officer.locator("[data-testid=inbox]"), applicationId.slice(0, 8).toUpperCase());
    await expectAccessible(officer, "office inbox");
    await Promise.all([officer.waitForURL(/\/office\/applications\//), officer.locator(`a[href="/office/applications/${applicationId}"]`).click()]);
    await waitForText(officer.locator(".answers"), "Пошкодження посвідчення");
    await waitForText(officer.locator("main"), /Посвідчення водія в реєстрі/);
    // The citizen's qualified signature: who, when, which certificate, verified on receipt; the .p7s downloads.
    const signature = officer.locator("[data-testid=signature]");
    await waitForText(signature, /Перевірено: підпис чинний/);
    await waitForText(signature, /Stand-in Qualified Trust Service CA/);
    await waitForText(signature, /33••••••46/);
    const [p7s] = await Promise.all([officer.waitForEvent("download"), officer.getByRole("link", { name: /Завантажити підпис/ }).click()]);
    expect(readFileSync((await p7s.path())!)[0]).toBe(0x30); // a DER SEQUENCE: the CMS ContentInfo
    await expectAccessible(officer, "office application");
    // Rejecting needs a reason: the form says so.
    await officer.getByRole("button", { name: "Відмовити" }).click();
    await waitForText(officer.locator(".field-error"), /причину/);
    await Promise.all([officer.waitForURL(/decided=1/), officer.getByRole("button", { name: "Схвалити" }).click()]);
    // The audit in staff terms: the officer by name (the citizen's timeline says "Посадовець схвалив заяву").
    await waitForText(officer.locator(".timeline"), /Посадовець Оксана Левченко \(ГСЦ МВС\) схвалив заяву/);
    // The view and the decision are in the audit log.
    await waitForText(officer.locator(".timeline"), /переглянув заяву/);

    // ── The citizen gets the licence and shares it ──────────────────────────────────────────
    await reloadUntil(citizen, ".status-panel h2", /Нове посвідчення водія видано/);
    await waitForText(citizen.locator(".timeline"), /Посадовець схвалив заяву/);
    await Promise.all([citizen.waitForURL(/\/documents\//), citizen.getByRole("link", { name: /Переглянути документ/ }).click()]);
    documentId = citizen.url().split("/").pop()!;
    await waitForText(citizen.locator(".doc-card"), /1\. Прізвище/);
    await waitForText(citizen.locator(".doc-card"), /9\. Категорія/);
    await expectAccessible(citizen, "driver's licence card");
    await citizen.getByRole("button", { name: "Поділитися кодом" }).click();
    const code = (await waitForText(citizen.locator("[data-testid=share-code]"), /\d/)).replace(/\s/g, "");
    expect(code).toMatch(/^\d{13}$/);
    await waitForText(citizen.locator(".countdown"), /Код дійсний ще [23]:\d\d/);
    expect(await citizen.locator(".share-qr svg").count()).toBe(1);
    await expectAccessible(citizen, "share code");
    await citizen.screenshot({ path: join(SCREENSHOTS, "portal-licence-share.png"), fullPage: true });

    // ── A verifier (no account) checks the code, once ─────────────────────────────────────────
    const verifier = await (await newContext(browser)).newPage();
    errors.push(...watchErrors(verifier));
    await verifier.goto(`${base}/verify`);
    await expectAccessible(verifier, "verification page");
    await verifier.getByLabel("Код з 13 цифр").fill(code);
    await verifier.getByRole("button", { name: "Перевірити" }).click();
    await waitForText(verifier.locator("[data-testid=verification] h2"), "Документ дійсний");
    const card = await waitForText(verifier.locator("[data-testid=verification]"), /Прізвище/);
    expect(card).toMatch(/Савчук/);
    expect(card).not.toMatch(/3380310746/); // the card, not the holder's tax number
    await expectAccessible(verifier, "verification result");
    // The code is used up.
    await verifier.goto(`${base}/verify`);
    await verifier.getByLabel("Код з 13 цифр").fill(code);
    await verifier.getByRole("button", { name: "Перевірити" }).click();
    await waitForText(verifier.locator("[data-testid=verification] h2"), "Документ не підтверджено");

    expect(errors.filter(notDevNoise)).toEqual([]);
    await Promise.all([citizen.context().close(), officer.context().close(), verifier.context().close()]);
  });

  it("another citizen who changes an application or document id in the URL or the API gets not found", async () => {
    expect(applicationId).not.toBe("");
    const other = await (await newContext(browser)).newPage();
    await signInCitizen(other, base, PEOPLE.taras, "/applications");
    for (const path of [`/applications/${applicationId}`, `/documents/${documentId}`, `/documents/${documentId}/pdf`]) {
      const response = await other.goto(`${base}${path}`);
      expect(response?.status(), path).toBe(404);
    }
    await other.goto(`${base}/applications/${applicationId}`);
    await waitForText(other.locator("main h1"), "Сторінку не знайдено");
    await expectAccessible(other, "not found page");
    for (const path of [`/api/v1/applications/${applicationId}`, `/api/v1/documents/${documentId}`, `/api/v1/documents/${documentId}/pdf`]) {
      const response = await other.request.get(`${base}${path}`);
      expect(response.status(), path).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
    }
    // Changing it through the API with the session's CSRF token: still not found, nothing changes.
    const me = (await (await other.request.get(`${base}/api/v1/me`)).json()) as { csrfToken: string };
    const cancel = await other.request.post(`${base}/api/v1/applications/${applicationId}/cancel`, { headers: { "x-csrf-token": me.csrfToken, "content-type": "application/json" }, data: {} });
    expect(cancel.status()).toBe(404);
    const share = await other.request.post(`${base}/api/v1/documents/${documentId}/shares`, { headers: { "x-csrf-token": me.csrfToken, "content-type": "application/json" }, data: {} });
    expect(share.status()).toBe(404);
    // An officer without a task on it sees nothing either.
    const officer = await (await newContext(browser)).newPage();
    await signInStaff(officer, base, "social.officer", "demo-social-2026");
    expect((await officer.goto(`${base}/office/applications/${applicationId}`))?.status()).toBe(404);
    await Promise.all([other.context().close(), officer.context().close()]);
  });
});
