/**
 * The office in words and layouts (issue 16): every office page (the staff sign-in, the task list, an application
 * with a decided task and its audit, the incidents) at 375×800 and 1280×800, in Ukrainian and English, does not
 * scroll sideways and is axe-core clean; the task list names the applicant and the role by its title (not
 * `social-officer`); the audit speaks of the applicant and the officer by name, and of steps by their titles,
 * never by their ids.
 *
 * Two people apply for an IDP certificate through the JSON API with their own sessions (the forms are other
 * tests' subject), each saying they moved from the Luhansk region where the register does not have them: a
 * social-protection officer has to check. The officer refuses Галина's application on its page; Микола's task
 * stays open in the list.
 */
import type { APIRequestContext, Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { PERSONAS } from "../../stand-ins";
import { cspViolations, launchChromium, watchErrors } from "./browser";
import { axeViolations, newContext, PEOPLE, signInCitizen, signInStaff, waitForText } from "./portal-page";
import { applyForLicence, cancelOpenApplication } from "./driver-licence";

const base = inject("baseUrl");
let browser: Browser;
const notDevNoise = (message: string) => !/WebSocket|\[vite\]/.test(message);

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());
afterEach(() => expect(cspViolations.splice(0), "Content-Security-Policy violations").toEqual([]));

const ANSWERS: Record<string, unknown> = {
  addresses: {
    formerAddress: { region: "Луганська", city: "Лисичанськ", street: "вул. Миру", house: "7" },
    displacementDate: "2022-06-20",
    reason: "occupation",
    currentAddress: { region: "Київська", city: "Біла Церква", street: "вул. Ярослава Мудрого", house: "40", apartment: "12" },
  },
  family: { members: [] },
  confirmation: { phone: "+380501112233", accurate: true },
};

/** Step ids of the IDP certificate that must never show in the office's words. */
const STEP_IDS = ["lookupPerson", "checkRegistration", "socialReview", "registerIdp", "rejectedByOfficer", "notifyReviewDelayed", "personNotFound", "registryUnavailable"];

/** Applies for the IDP certificate through the API until it waits for the social-protection officer; its id. */
async function applyUntilReview(api: APIRequestContext): Promise<string> {
  const me = (await (await api.get(`${base}/api/v1/me`)).json()) as { csrfToken: string };
  const headers = { "x-csrf-token": me.csrfToken, "content-type": "application/json" };
  const started = await api.post(`${base}/api/v1/applications`, { headers, data: { serviceId: "idp-certificate" } });
  expect(started.status(), await started.text()).toBeLessThan(300);
  const { applicationId } = (await started.json()) as { applicationId: string };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const application = (await (await api.get(`${base}/api/v1/applications/${applicationId}`, { headers: { prefer: "wait=5" } })).json()) as { status: string; step?: { id: string } };
    const step = application.step?.id ?? "";
    if (step === "socialReview") return applicationId;
    if (step in ANSWERS) {
      const answered = await api.post(`${base}/api/v1/applications/${applicationId}/answers`, { headers, data: { step, answers: ANSWERS[step] } });
      expect(answered.status(), `${step}: ${await answered.text()}`).toBeLessThan(300);
    }
    if (Date.now() > deadline) throw new Error(`No review; the application is at ${step} (${application.status})`);
  }
}

async function citizenApplies(taxId: string): Promise<string> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await signInCitizen(page, base, taxId, "/applications");
  const id = await applyUntilReview(context.request);
  await context.close();
  return id;
}

const setLanguage = (context: BrowserContext, lang: "uk" | "en") => context.addCookies([{ name: "cf_lang", value: lang, url: base }]);

/** How far the page scrolls sideways beyond the viewport (0: it does not). */
const sidewaysOverflow = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);

/** Reloads until the element's text matches (the worker and the provider's callback move things on). */
async function reloadUntil(page: Page, selector: string, pattern: RegExp, timeout = 40_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = ((await page.locator(selector).first().textContent({ timeout: 1000 }).catch(() => "")) ?? "").trim();
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`Still "${text}" at ${page.url()}, waiting for ${pattern}`);
    await page.waitForTimeout(700);
    await page.reload();
  }
}

const SIZES = [
  { width: 375, height: 800 },
  { width: 1280, height: 800 },
];

describe("the office at 375 and 1280 px, in Ukrainian and English", () => {
  it("every office page fits, is accessible, names people and roles, and speaks in staff terms", async () => {
    const [halyna, mykola] = [await citizenApplies(PERSONAS.halyna), await citizenApplies(PERSONAS.mykola)];

    // ── The officer refuses Галина's application (its page then has a decided task and an audit) ──────
    const officerContext = await newContext(browser);
    const officer = await officerContext.newPage();
    const errors = watchErrors(officer);
    await signInStaff(officer, base, "social.officer", "demo-social-2026");
    await officer.goto(`${base}/office/applications/${halyna}`);
    await officer.getByLabel("Причина або коментар для заявника").fill("Документів про проживання в Лисичанську не надано.");
    await Promise.all([officer.waitForURL(/decided=1/), officer.getByRole("button", { name: "Відмовити" }).click()]);

    const admin = await (await newContext(browser)).newPage();
    errors.push(...watchErrors(admin));
    await signInStaff(admin, base, "admin", "demo-admin-2026", "/office/incidents");
    const visitor = await (await newContext(browser)).newPage();
    errors.push(...watchErrors(visitor));

    const pages = [
      { name: "staff sign-in", page: visitor, path: "/staff/signin" },
      { name: "task list", page: officer, path: "/office" },
      { name: "decided application", page: officer, path: `/office/applications/${halyna}` },
      { name: "incidents", page: admin, path: "/office/incidents" },
    ];
    const problems: string[] = [];
    for (const lang of ["uk", "en"] as const) {
      for (const { name, page, path } of pages) {
        await setLanguage(page.context(), lang);
        for (const size of SIZES) {
          await page.setViewportSize(size);
          await page.goto(`${base}${path}`);
          await page.waitForLoadState("networkidle");
          const what = `${name} (${lang}, ${size.width} px)`;
          expect(await page.locator("html").getAttribute("lang"), what).toBe(lang);
          if (path.startsWith("/office")) expect(await page.title(), what).toMatch(lang === "uk" ? /^[^A-Za-z]*civic-flow$/ : /^[^А-Яа-яІіЇїЄєҐґ]+$/);
          // Tables are one card per row on a phone (their header row hidden), a grid on a wide screen.
          for (const table of await page.locator("table.cards-narrow").all()) {
            const header = await table.locator("thead").boundingBox();
            expect((header?.width ?? 0) > 1, `${what}: the table's header row shows`).toBe(size.width > 720);
          }
          const overflow = await sidewaysOverflow(page);
          if (overflow > 0) problems.push(`${what}: scrolls ${overflow} px sideways`);
          problems.push(...(await axeViolations(page)).map((v) => `${what}: ${v}`));
        }
      }

      // The task list: Микола by name (the register's), his application's link, the role by its title.
      await officer.goto(`${base}/office`);
      const list = officer.locator("[data-testid=inbox]");
      const row = list.locator("tr", { has: officer.locator(`a[href="/office/applications/${mykola}"]`) });
      await waitForText(row, "Олійник Микола");
      await waitForText(row, lang === "uk" ? "Фахівець органу соціального захисту" : "Officer of social protection");
      await waitForText(row, lang === "uk" ? "Перевірка місця проживання" : "Checking the former residence");
      expect(await officer.locator("[data-testid=office-roles]").textContent()).toBe(lang === "uk" ? "Фахівець органу соціального захисту" : "Officer of social protection");
      expect(await list.textContent()).not.toContain("social-officer");
      // Galyna's task is decided: not in the list.
      expect(await list.locator(`a[href="/office/applications/${halyna}"]`).count()).toBe(0);

      // The decided application: the audit in staff terms, the officer by name, no step id anywhere on the page.
      await officer.goto(`${base}/office/applications/${halyna}`);
      const audit = officer.locator("[data-testid=office-audit]");
      if (lang === "uk") {
        await waitForText(audit, "Заявник розпочав заяву");
        await waitForText(audit, /Заявник надіслав відповіді: «Контактні дані та підтвердження»/);
        await waitForText(audit, /Посадовець Ірина Костенко \(соцзахист\) відмовив у задоволенні заяви/);
        await waitForText(audit, /Посадовець Ірина Костенко \(соцзахист\) переглянув заяву/);
        await waitForText(audit, /Заяву завершено: Заяву відхилено/);
      } else {
        await waitForText(audit, "The applicant started the application");
        await waitForText(audit, /Officer Ірина Костенко \(соцзахист\) refused the application/);
        await waitForText(audit, /The application ended: Application rejected/);
      }
      // The citizen's voice only inside the service's own titles (quoted) and what the applicant was told.
      const ours = (await audit.locator("li > span:not(.timeline-note)").allTextContents()).map((line) => line.replace(/«[^»]*»|“[^”]*”/g, "")).join("\n");
      expect(ours).not.toMatch(lang === "uk" ? /(^|\s)(Ви|ви|ваш[а-яіїє]*)(?=[\s,.:]|$)/m : /\b(you|your)\b/i);
      const text = (await officer.locator("main").textContent()) ?? "";
      for (const id of STEP_IDS) expect(text, `${lang}: step id ${id} on the office's application page`).not.toContain(id);
    }
    expect(problems).toEqual([]);
    expect(errors.filter(notDevNoise)).toEqual([]);
    await Promise.all([officerContext.close(), admin.context().close(), visitor.context().close()]);
  });

  it("a signed, paid and refused driving licence replacement (signature, refund, registry replies) fits on a phone", async () => {
    // ── Олена applies, signs and pays (as in refund.e2e.test.ts) ─────────────────────────────────────
    const citizen = await (await newContext(browser)).newPage();
    const errors = watchErrors(citizen);
    await signInCitizen(citizen, base, PEOPLE.olena, "/services/driver-licence-replacement");
    await cancelOpenApplication(citizen, `${base}/services/driver-licence-replacement`);
    const { applicationId } = await applyForLicence(citizen, { reason: "Пошкодження посвідчення", circumstances: "Посвідчення тріснуло навпіл, номер не читається.", centre: "8041" });
    await reloadUntil(citizen, ".status-panel", /Розгляд у сервісному центрі|розглядає посадовець/);

    // ── The officer refuses on a phone; the refund follows ────────────────────────────────────────────
    const officerContext = await newContext(browser, { width: 375, height: 800 });
    const officer = await officerContext.newPage();
    errors.push(...watchErrors(officer));
    await signInStaff(officer, base, "hsc.officer", "demo-hsc-2026");
    await officer.goto(`${base}/office/applications/${applicationId}`);
    expect(await sidewaysOverflow(officer), "the open task at 375 px").toBeLessThanOrEqual(0);
    await officer.getByLabel("Причина або коментар для заявника").fill("Номер посвідчення не читається: зверніться до сервісного центру з карткою.");
    await Promise.all([officer.waitForURL(/decided=1/), officer.getByRole("button", { name: "Відмовити" }).click()]);
    await reloadUntil(officer, "[data-testid=office-refund]", /повернено/);

    const problems: string[] = [];
    for (const lang of ["uk", "en"] as const) {
      await setLanguage(officerContext, lang);
      for (const size of SIZES) {
        await officer.setViewportSize(size);
        await officer.goto(`${base}/office/applications/${applicationId}`);
        await officer.waitForLoadState("networkidle");
        const what = `driving licence (${lang}, ${size.width} px)`;
        const overflow = await sidewaysOverflow(officer);
        if (overflow > 0) problems.push(`${what}: scrolls ${overflow} px sideways`);
        problems.push(...(await axeViolations(officer)).map((v) => `${what}: ${v}`));
      }
      const audit = officer.locator("[data-testid=office-audit]");
      await waitForText(audit, lang === "uk" ? "Заявник підписав заяву КЕП" : "The applicant signed with a qualified signature");
      await waitForText(audit, lang === "uk" ? /Посадовець Оксана Левченко \(ГСЦ МВС\) відмовив/ : /Officer Оксана Левченко \(ГСЦ МВС\) refused/);
      await waitForText(audit, lang === "uk" ? "Кошти повернуто заявнику" : "The payment was refunded to the applicant");
      const text = (await officer.locator("main").textContent()) ?? "";
      for (const id of ["rejectedByOfficer", "signApplication", "payFee", "lookupLicences", "calculateFee", "issueLicence"]) expect(text, `${lang}: step id ${id}`).not.toContain(id);
    }
    expect(problems).toEqual([]);
    expect(errors.filter(notDevNoise)).toEqual([]);
    await Promise.all([citizen.context().close(), officerContext.close()]);
  });
});
