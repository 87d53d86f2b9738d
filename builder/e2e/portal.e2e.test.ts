/**
 * The citizens' portal in a real browser: a citizen signs in through the stand-in BankID, applies for a
 * criminal-record certificate with the keyboard only, leaves and comes back to a kept draft, submits, sees
 * the status change when the registry finishes, and downloads the PDF. Every page is checked with axe-core
 * (WCAG 2.2 AA); the catalog, a form step, the status page and the document are photographed for the README.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { cspViolations, launchChromium, watchErrors } from "./browser";
import { axeViolations, button, field, newContext, overflowsHorizontally, PEOPLE, SCREENSHOTS, signInCitizen, tabTo, waitForText, watchScripts } from "./portal-page";

const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => browser?.close());
// The pages run under their Content-Security-Policy (builder/server/security-headers.ts): nothing it allows is missing.
afterEach(() => expect(cspViolations.splice(0), "Content-Security-Policy violations").toEqual([]));

/** axe on the current page: no violations. */
async function expectAccessible(page: Page, what: string) {
  const violations = await axeViolations(page);
  expect(violations, `${what}: ${page.url()}`).toEqual([]);
}

/** `npm run dev`'s hot-reload socket (E2E_BASE_URL against a dev server) is not the page's fault. */
const notDevNoise = (message: string) => !/WebSocket|\[vite\]/.test(message);

async function pressContinue(page: Page, label = /^Продовжити$/) {
  await tabTo(page, button(label));
  await Promise.all([page.waitForLoadState("networkidle"), page.keyboard.press("Enter")]);
}

async function heading(page: Page) {
  return (await page.locator("main h1").first().textContent())?.trim();
}

describe("portal: criminal-record certificate", () => {
  it("a citizen applies with the keyboard only, leaves and returns, submits, follows the status and downloads the PDF", async () => {
    let context = await newContext(browser);
    let page = await context.newPage();
    const errors = watchErrors(page);

    // The catalog, searchable; the screenshot for the README.
    await page.goto(`${base}/`);
    await expect.poll(() => heading(page)).toBe("Публічні послуги");
    await expectAccessible(page, "catalog");
    await page.screenshot({ path: join(SCREENSHOTS, "portal-catalog.png"), fullPage: true });
    await tabTo(page, field("q"));
    await page.keyboard.type("несудимість");
    await Promise.all([page.waitForURL(/q=/), page.keyboard.press("Enter")]);
    await expect.poll(() => page.locator(".cards .card").count()).toBe(1);

    // Sign in (the identity provider's pages are checked too).
    await page.goto(`${base}/signin?returnTo=${encodeURIComponent("/services/criminal-record-certificate")}`);
    await expectAccessible(page, "sign-in");
    await tabTo(page, button(/BankID/));
    await Promise.all([page.waitForURL(/\/id\/bankid\/authorize/), page.keyboard.press("Enter")]);
    await expectAccessible(page, "identity provider");
    await tabTo(page, (el) => el.type === "radio" && el.value === PEOPLE.olena);
    await page.keyboard.press("Space");
    await tabTo(page, button(/Підтвердити/));
    await Promise.all([page.waitForURL(/\/services\/criminal-record-certificate$/), page.keyboard.press("Enter")]);
    await expectAccessible(page, "service page");

    // Start; the first form step is reached after the age check (a task) ran.
    await tabTo(page, button(/^Почати$/));
    await Promise.all([page.waitForURL(/\/applications\/[0-9a-f-]{36}$/), page.keyboard.press("Enter")]);
    const applicationUrl = page.url();
    await expect.poll(async () => { await page.reload(); return heading(page); }, { timeout: 20_000 }).toBe("Мета і тип витягу");

    // Sending nothing: the error summary (focused) links to the field; the server would say the same.
    await pressContinue(page);
    await page.locator(".error-summary").waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains("error-summary"))).toBe(true);
    await waitForText(page.locator(".error-summary a"), /Мета запиту: Обов'язкове поле/);
    await expectAccessible(page, "form step with errors");

    // Purpose and type on one screen: the radio groups by keyboard (Space picks the first, arrows move):
    // "Оформлення на роботу" (5), then the short certificate.
    await tabTo(page, (el) => el.type === "radio" && el.name === "answers[reasonId]");
    await page.keyboard.press("Space");
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
    expect(await page.locator('input[name="answers[reasonId]"][value="5"]').isChecked()).toBe(true);
    await tabTo(page, (el) => el.type === "radio" && el.value === "short");
    await page.keyboard.press("Space");
    await page.screenshot({ path: join(SCREENSHOTS, "portal-form-step.png"), fullPage: true });
    await pressContinue(page);
    // The register's data (read-only) with the contacts and previous names: one screen.
    await expect.poll(() => heading(page)).toBe("Ваші дані");
    await expectAccessible(page, "personal data");
    expect(await page.locator("#answers_fullName").inputValue()).toBe("Коваленко Олена Іванівна");
    expect(await page.locator("#answers_phone").inputValue()).toMatch(/^\+380/);

    // Type a previous surname, save the draft, and leave (the browser is closed).
    await tabTo(page, field("answers[previousLastName]"));
    await page.keyboard.type("Гнатюк");
    await tabTo(page, button(/Зберегти/));
    await Promise.all([page.waitForURL(/notice=saved/), page.keyboard.press("Enter")]);
    await waitForText(page.locator(".alert-ok"), "Чернетку збережено");
    await context.close();

    // Back in a new browser: sign in again, find the application, the typed answer is still there.
    context = await newContext(browser);
    page = await context.newPage();
    errors.push(...watchErrors(page));
    await signInCitizen(page, base, PEOPLE.olena, "/applications");
    await expectAccessible(page, "my applications");
    await Promise.all([page.waitForURL(applicationUrl), page.getByRole("link", { name: "Витяг про несудимість" }).first().click()]);
    expect(await page.locator("#answers_previousLastName").inputValue()).toBe("Гнатюк");
    await waitForText(page.locator(".alert-info"), "відновили");
    await pressContinue(page);

    // The summary: the answers with "Change" links, and the confirmation that must be ticked.
    await expect.poll(() => heading(page)).toBe("Перевірте запит");
    await waitForText(page.locator(".answers"), "Гнатюк");
    await waitForText(page.locator(".answers"), "Оформлення на роботу");
    expect(await page.locator('input[type="checkbox"]').isChecked()).toBe(false);
    await expectAccessible(page, "review");
    await tabTo(page, (el) => el.type === "checkbox");
    await page.keyboard.press("Space");

    // "Sign and submit": straight to the stand-in Diia.Signature page (what is signed, and its hash), back verified.
    await tabTo(page, button(/^Підписати й подати$/));
    await Promise.all([page.waitForURL(/\/confirm\/sr_/), page.keyboard.press("Enter")]);
    await waitForText(page.locator("main"), /[0-9a-f]{64}/);
    await page.screenshot({ path: join(SCREENSHOTS, "portal-sign-provider.png"), fullPage: true });
    await Promise.all([page.waitForURL(/\/applications\/[0-9a-f-]{36}\?notice=signed$/), page.getByRole("button", { name: "Підписати", exact: true }).click()]);
    await waitForText(page.locator(".alert-ok"), "Заяву підписано.");
    await waitForText(page.locator(".timeline"), "Заяву підписано КЕП (Дія.Підпис)");

    // The status page follows the registry by itself (no reload) until the certificate is ready.
    await page.locator(".status-panel").waitFor();
    await expectAccessible(page, "status page");
    await waitForText(page.locator(".status-panel h2"), /Витяг готовий/, 60_000);
    await waitForText(page.locator(".timeline"), "Реєстр відповів");
    await page.screenshot({ path: join(SCREENSHOTS, "portal-status.png"), fullPage: true });
    await expectAccessible(page, "finished application");

    // The document: its card, and the PDF.
    await Promise.all([page.waitForURL(/\/documents\//), page.getByRole("link", { name: /Переглянути документ/ }).click()]);
    await waitForText(page.locator(".doc-card"), "Коваленко");
    await expectAccessible(page, "document");
    await page.screenshot({ path: join(SCREENSHOTS, "portal-document.png"), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Завантажити PDF" }).click()]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.length).toBeGreaterThan(5000);

    // Who read my data: the registry calls with their purpose.
    await page.goto(`${base}/privacy`);
    await waitForText(page.locator("main table"), /демографічний|population/i);
    await expectAccessible(page, "who read my data");

    // Notifications: the certificate's arrives unread (the header counts it). Showing the page changes nothing on
    // the server; the page then marks them read with a POST, and the "new" mark stays on the page that was shown.
    await expect.poll(async () => { await page.reload(); return page.locator(".site-header .count").count(); }, { timeout: 30_000 }).toBe(1);
    await page.goto(`${base}/notifications`);
    await waitForText(page.locator(".card-unread"), "Витяг готовий");
    await expect.poll(() => page.locator(".site-header .count").count()).toBe(0);
    await expectAccessible(page, "notifications");
    await page.reload();
    await page.locator("main h1").waitFor();
    expect(await page.locator(".card-unread").count()).toBe(0);

    expect(errors.filter(notDevNoise)).toEqual([]);
    await context.close();
  });
});

describe("portal: every page", () => {
  it("has no axe violations, fits a 375-pixel phone, and loads neither Monaco nor React Flow", async () => {
    const context = await newContext(browser, { width: 375, height: 812 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const scripts = watchScripts(page);
    const check = async (what: string) => {
      await page.waitForLoadState("networkidle");
      await expectAccessible(page, what);
      expect(await overflowsHorizontally(page), `${what} scrolls sideways at 375 px`).toBe(false);
    };

    for (const path of ["/", "/?q=xyz-nothing", "/services/criminal-record-certificate", "/signin", "/staff/signin", "/verify", "/no-such-page"]) {
      await page.goto(`${base}${path}`);
      await check(path);
    }
    await signInCitizen(page, base, PEOPLE.olena, "/applications");
    await check("my applications");
    for (const path of ["/notifications", "/privacy", "/documents"]) {
      await page.goto(`${base}${path}`);
      await check(path);
    }
    // The first test's certificate (when this one runs alone there is none yet).
    if (await page.locator(".cards a").count()) {
      await Promise.all([page.waitForURL(/\/documents\/[0-9a-f-]{36}$/), page.locator(".cards a").first().click()]);
      await check("a document");
      await page.goto(`${base}/applications`);
      await Promise.all([page.waitForURL(/\/applications\/[0-9a-f-]{36}$/), page.locator(".cards a").first().click()]);
      await check("a finished application");
    }
    // A form step at 375 px, with the error summary shown.
    await page.goto(`${base}/services/driver-licence-replacement`);
    await check("service page (signed in)");
    await page.getByRole("button", { name: "Почати" }).click();
    await page.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
    // The registers are read before the form; its button signs (a review with a confirmation, then the signature).
    await expect.poll(async () => { await page.reload(); return (await page.locator("main h1").first().textContent())?.trim(); }, { timeout: 30_000 }).toBe("Причина обміну");
    await page.getByRole("button", { name: "Підписати й подати" }).click();
    await page.locator(".error-summary").waitFor();
    await check("form step with errors");
    await page.screenshot({ path: join(SCREENSHOTS, "portal-phone-form.png"), fullPage: true });
    // English.
    await page.getByRole("button", { name: "English" }).click();
    await waitForText(page.locator("main h1"), "Reason for the replacement");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await check("form step in English");
    await page.getByRole("button", { name: "Українська" }).click();
    await waitForText(page.locator("main h1"), "Причина обміну");

    const heavy = scripts.bodies.filter((body, i) => !/manifest-/.test(scripts.urls[i]) && /react-flow__|monaco-editor|vs\/editor\/|xyflow/i.test(body));
    expect(scripts.urls.length).toBeGreaterThan(0);
    expect(heavy.length, scripts.urls.filter((_, i) => /react-flow__|monaco-editor|xyflow/i.test(scripts.bodies[i])).join(", ")).toBe(0);
    const unique = new Map(scripts.urls.map((url, i) => [url, scripts.bodies[i].length]));
    const total = [...unique.values()].reduce((sum, size) => sum + size, 0);
    const largest = [...unique].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([url, size]) => `${url.split("/").pop()} ${Math.round(size / 1024)} KB`);
    console.log(`citizen pages loaded ${unique.size} scripts, ${Math.round(total / 1024)} KB uncompressed; largest: ${largest.join(", ")}`);
    expect(errors.filter(notDevNoise).filter((e) => !e.includes("/no-such-page"))).toEqual([]);
    await context.close();
  });

  it("works without JavaScript: sign-in, start, a form step with the server's errors, the next step", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1024, height: 800 } });
    const page = await context.newPage();
    await signInCitizen(page, base, PEOPLE.taras, "/services/criminal-record-certificate");
    await Promise.all([page.waitForURL(/\/applications\/[0-9a-f-]{36}/), page.getByRole("button", { name: "Почати" }).click()]);
    for (let i = 0; i < 40 && !/Мета і тип витягу/.test((await page.locator("main h1").textContent()) ?? ""); i++) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    await page.getByRole("button", { name: "Продовжити" }).click();
    await waitForText(page.locator(".error-summary"), "Мета запиту: Обов'язкове поле");
    await waitForText(page.locator(".field-error"), "Обов'язкове поле");
    await page.getByLabel("Оформлення візи для виїзду за кордон").check();
    await page.getByLabel("Повний").check();
    await page.getByRole("button", { name: "Продовжити" }).click();
    await waitForText(page.locator("main h1"), "Ваші дані");
    await context.close();
  });

  it("axe-core reports a known violation (the check itself works)", async () => {
    const page = await (await newContext(browser)).newPage();
    await page.setContent('<!doctype html><html lang="uk"><title>t</title><main><img src="data:,"><input></main></html>');
    const violations = await axeViolations(page);
    expect(violations.some((v) => v.startsWith("image-alt"))).toBe(true);
    expect(violations.some((v) => v.startsWith("label"))).toBe(true);
    await page.context().close();
  });
});
