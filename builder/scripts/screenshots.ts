/**
 * `npm run screenshots`: retakes the README's screenshots (docs/screenshots/*.png) from the real app, as the
 * browser tests run it: the production build (builder/scripts/prepare-start.ts), builder/server.ts with its
 * stand-ins on a free port and a fresh SQLite database in a temporary folder, Debian's Chromium. The dashboard's
 * data set is seeded through the runtime (seedInsight) into that database before the server starts; everything
 * else is done as people do it, in the browser (the JSON API only where a flow is setup, not the subject).
 *
 *   npm run screenshots -- [--applications 1500] [--out docs/screenshots]
 *
 * Pages are 1280 px wide (the phone's 375 px), in Ukrainian. The studio's canvas, form designer, source view and
 * template designer are photographed by their browser tests (builder/e2e/studio.e2e.test.ts, templates…).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Locator, Page } from "playwright-core";
import { seedInsight } from "../../runtime/insight/seed";
import { PERSONAS } from "../../stand-ins/data/people";
import { launchChromium } from "../e2e/browser";
import { startServerProcess } from "../e2e/server-process";
import { ANALYSTS, signInToStudio } from "../e2e/studio-page";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const applications = Number(arg("applications") ?? 1500);
if (!Number.isInteger(applications) || applications < 0) throw new Error("--applications must be a whole number (0: no seeded data set)");
const out = resolve(arg("out") ?? join(repo, "docs/screenshots"));
mkdirSync(out, { recursive: true });

const started = performance.now();
const log = (line: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

/** Stand-in people (stand-ins/data/people.ts) no browser test needs in a given state here. */
const OLENA = PERSONAS.olena;
const MARIIA = PERSONAS.mariia;

execFileSync("npx", ["tsx", "builder/scripts/prepare-start.ts"], { cwd: repo, stdio: "inherit" });
const dataDir = mkdtempSync(join(tmpdir(), "civic-screenshots-"));
const databaseUrl = `file:${join(dataDir, "screenshots.db")}`;
if (applications > 0) {
  log(`seeding ${applications} applications through the runtime…`);
  const seeded = await seedInsight({ databaseUrl, applications, days: 30 });
  log(`seeded: ${JSON.stringify(seeded)}`);
}
const server = await startServerProcess({ databaseUrl });
const base = server.url;
log(`server on ${base}`);
let browser: Browser | undefined;
try {
  browser = await launchChromium();
  await takeAll(browser);
  log(`done: PNGs in ${out}`);
} finally {
  await browser?.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

async function takeAll(browser: Browser) {
  const context = (width = 1280, height = 900) =>
    browser.newContext({ viewport: { width, height }, locale: "uk-UA", serviceWorkers: "allow" });
  /**
   * The whole page, or its top `maxHeight` pixels (long pages), or the window at `height` (short pages, so the
   * picture has no empty half), or down to the end of the element `until` (long pages whose top tells the story).
   */
  const shot = async (page: Page, name: string, options: { maxHeight?: number; height?: number; window?: boolean; until?: string } = {}) => {
    await page.waitForLoadState("networkidle");
    const width = page.viewportSize()!.width;
    if (options.height) await page.setViewportSize({ width, height: options.height });
    const full = await page.evaluate(() => document.documentElement.scrollHeight);
    const bottom = options.until
      ? await page.locator(options.until).first().evaluate((el) => Math.ceil(el.getBoundingClientRect().bottom + window.scrollY + 24))
      : (options.maxHeight ?? full);
    const clip = bottom < full ? { x: 0, y: 0, width, height: bottom } : undefined;
    await page.screenshot({ path: join(out, name), fullPage: !options.window && !options.height, clip });
    if (options.height) await page.setViewportSize({ width, height: 900 });
    log(name);
  };

  // ── The catalog ──────────────────────────────────────────────────────────────────────────
  const olena = await (await context()).newPage();
  await olena.goto(`${base}/`);
  await waitForText(olena.locator("main h1"), "Публічні послуги");
  await shot(olena, "portal-catalog.png");

  // ── Criminal-record certificate: a form step, the summary, the signing provider, the document ─────
  await signInCitizen(olena, OLENA, "/services/criminal-record-certificate");
  await Promise.all([olena.waitForURL(/\/applications\/[0-9a-f-]{36}$/), olena.getByRole("button", { name: "Почати" }).click()]);
  await reloadUntil(olena, "main h1", /Мета і тип витягу/);
  await olena.getByLabel("Оформлення на роботу").check();
  await olena.getByLabel("Короткий").check();
  await shot(olena, "portal-form-step.png");
  await Promise.all([olena.waitForLoadState("networkidle"), olena.getByRole("button", { name: "Продовжити" }).click()]);
  await waitForText(olena.locator("main h1"), "Ваші дані");
  await olena.locator("#answers_previousLastName").fill("Гнатюк");
  await Promise.all([olena.waitForLoadState("networkidle"), olena.getByRole("button", { name: "Продовжити" }).click()]);
  await waitForText(olena.locator("main h1"), "Перевірте запит");
  await olena.locator(".answers .change-link").first().waitFor();
  await shot(olena, "portal-summary.png");
  await olena.locator('main input[type="checkbox"]').check();
  await Promise.all([olena.waitForURL(/\/confirm\/sr_/), olena.getByRole("button", { name: "Підписати й подати" }).click()]);
  await waitForText(olena.locator("main"), /[0-9a-f]{64}/);
  await shot(olena, "portal-sign-provider.png", { height: 540 });
  await Promise.all([olena.waitForURL(/\/applications\/[0-9a-f-]{36}\?notice=signed$/), olena.getByRole("button", { name: "Підписати", exact: true }).click()]);
  await reloadUntil(olena, ".status-panel h2", /Витяг готовий/, 90_000);
  await shot(olena, "portal-status.png", { maxHeight: 1500 });
  // The rating a finished application asks for, with a score and a quick reason picked.
  await olena.getByRole("radio", { name: "Чудово", exact: true }).check();
  await olena.getByRole("checkbox", { name: "Швидко" }).check();
  const panel = (await olena.locator("#feedback-title").locator("xpath=ancestor::*[self::section or self::form][1]").boundingBox())!;
  const top = Math.max(0, panel.y + (await olena.evaluate(() => window.scrollY)) - 160);
  await olena.screenshot({ path: join(out, "portal-rating.png"), fullPage: true, clip: { x: 0, y: top, width: 1280, height: panel.height + 200 } });
  log("portal-rating.png");
  await Promise.all([olena.waitForURL(/\/documents\//), olena.getByRole("link", { name: /Переглянути документ/ }).click()]);
  await waitForText(olena.locator(".doc-card"), "Коваленко");
  await shot(olena, "portal-document.png", { height: 720 });

  // ── The documents offline: the service worker's copy, with its notice ──────────────────────────
  await olena.goto(`${base}/documents`);
  await waitForText(olena.locator("main"), "Документи збережено на цьому пристрої");
  await poll(() => olena.evaluate(() => !!navigator.serviceWorker.controller), "the service worker controls the page");
  await poll(
    () => olena.evaluate(async () => (await caches.keys()).some((name) => name.includes("-docs-"))),
    "the documents are stored for offline use",
  );
  // The list is stored once the worker has fetched it: wait until it answers offline.
  await olena.context().setOffline(true);
  await reloadUntil(olena, "[data-testid=offline-copy]", /Офлайн: показано збережену копію/);
  await shot(olena, "portal-offline-documents.png", { height: 440 });
  await olena.context().setOffline(false);

  // ── The phone's header with its menu open ────────────────────────────────────────────────
  const phone = await (await context(375, 640)).newPage();
  await signInCitizen(phone, OLENA, "/applications");
  await phone.locator(".site-menu > summary").click();
  await phone.locator(".site-menu-panel").waitFor();
  await shot(phone, "portal-phone-menu.png", { window: true });
  await phone.context().close();

  // ── A driving licence replacement: signed, paid on the checkout page, refused by an officer ────────
  const mariia = await (await context()).newPage();
  await signInCitizen(mariia, MARIIA, "/services/driver-licence-replacement");
  await Promise.all([mariia.waitForURL(/\/applications\/[0-9a-f-]{36}$/), mariia.getByRole("button", { name: "Почати" }).click()]);
  const licence = mariia.url().split("/").pop()!;
  await mariia.getByLabel("Пошкодження посвідчення").check();
  await mariia.getByLabel("Обставини").fill("Картку зламано навпіл.");
  await mariia.getByLabel(/Сервісний центр МВС/).selectOption("8041");
  await Promise.all([mariia.waitForLoadState("networkidle"), mariia.getByRole("button", { name: "Продовжити" }).click()]);
  await reloadUntil(mariia, ".status-panel", /Підписати з Дія\.Підпис/);
  await Promise.all([mariia.waitForURL(/\/confirm\/sr_/), mariia.getByRole("button", { name: "Підписати з Дія.Підпис" }).click()]);
  await Promise.all([mariia.waitForURL(/notice=signed$/), mariia.getByRole("button", { name: "Підписати", exact: true }).click()]);
  await reloadUntil(mariia, ".status-panel", /Сплатіть 230/);
  await Promise.all([mariia.waitForURL(/\/checkout\//), mariia.getByRole("button", { name: "Сплатити" }).click()]);
  await mariia.getByRole("button", { name: /Сплатити/ }).waitFor();
  await shot(mariia, "portal-checkout.png");
  await Promise.all([mariia.waitForURL(new RegExp(`/applications/${licence}`)), mariia.getByRole("button", { name: /Сплатити/ }).click()]);
  await reloadUntil(mariia, ".status-panel", /Розгляд у сервісному центрі|розглядає посадовець/);

  const officer = await (await context()).newPage();
  await signInStaff(officer, "hsc.officer", "demo-hsc-2026", "/office");
  await officer.locator(`a[href="/office/applications/${licence}"]`).first().waitFor();
  await shot(officer, "office-tasks.png", { window: true });
  await officer.goto(`${base}/office/applications/${licence}`);
  await officer.getByLabel("Причина або коментар для заявника").fill("Пошкодження не підтверджено: зверніться до сервісного центру з карткою.");
  await Promise.all([officer.waitForURL(/decided=1/), officer.getByRole("button", { name: "Відмовити" }).click()]);
  await reloadUntil(mariia, "[data-testid=refund]", /Кошти повернуто/, 60_000);
  await shot(mariia, "portal-refused.png", { until: ".status-panel" });

  // ── The studio's service dashboard on the seeded data set ────────────────────────────────────
  const analyst = await (await context()).newPage();
  await signInToStudio(analyst, base, ANALYSTS.marta, "uk");
  await analyst.goto(`${base}/studio/services/criminal-record-certificate/insight`);
  await analyst.locator('[data-chart="funnel"] svg').first().waitFor({ timeout: 60_000 });
  await shot(analyst, "studio-insight.png", { until: '[data-chart="funnel"]' });
  for (const c of [olena, mariia, officer, analyst]) await c.context().close();
}

// ── Helpers (the browser tests' own, without vitest) ─────────────────────────────────────────────

async function signInCitizen(page: Page, taxId: string, returnTo: string) {
  await page.goto(`${base}/signin?returnTo=${encodeURIComponent(returnTo)}`);
  await Promise.all([page.waitForURL(/\/id\/bankid\/authorize/), page.getByRole("button", { name: /BankID/ }).click()]);
  await page.locator(`input[type=radio][value="${taxId}"]`).check();
  await Promise.all([page.waitForURL((url) => url.pathname === returnTo), page.getByRole("button", { name: /Підтвердити/ }).click()]);
}

async function signInStaff(page: Page, username: string, password: string, returnTo: string) {
  await page.goto(`${base}/staff/signin?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByLabel("Ім'я користувача").fill(username);
  await page.getByLabel("Пароль").fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname === returnTo), page.getByRole("button", { name: "Увійти" }).click()]);
}

async function waitForText(locator: Locator, pattern: RegExp | string, timeout = 30_000): Promise<void> {
  await poll(async () => {
    const text = (await locator.first().textContent({ timeout: 2000 }).catch(() => "")) ?? "";
    return typeof pattern === "string" ? text.includes(pattern) : pattern.test(text);
  }, `${String(pattern)} in ${locator}`, timeout);
}

/** Reloads until the element's text matches (the worker and the stand-ins move applications on). */
async function reloadUntil(page: Page, selector: string, pattern: RegExp, timeout = 40_000): Promise<void> {
  await poll(async () => {
    const text = (await page.locator(selector).first().textContent({ timeout: 1000 }).catch(() => "")) ?? "";
    if (pattern.test(text)) return true;
    await page.waitForTimeout(700);
    await page.reload().catch(() => undefined);
    return false;
  }, `${pattern} in ${selector} at ${page.url()}`, timeout);
}

async function poll(check: () => Promise<boolean>, what: string, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
