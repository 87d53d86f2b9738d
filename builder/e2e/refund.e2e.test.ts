/**
 * Money back (issue 16): a citizen applies for a driving licence replacement, signs and pays 230 грн on the
 * stand-in provider's page, an HSC officer refuses; the refund job asks the provider, whose signed callback
 * settles it, and the citizen's application page says "Кошти повернуто: 230,00 грн, <day month>" (in English
 * too), the officer's page shows the refund, and the citizen's inbox has the message.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { cspViolations, launchChromium, watchErrors } from "./browser";
import { applyForLicence, cancelOpenApplication } from "./driver-licence";
import { axeViolations, newContext, PEOPLE, signInCitizen, signInStaff, waitForText } from "./portal-page";

const base = inject("baseUrl");
let browser: Browser;
const notDevNoise = (message: string) => !/WebSocket|\[vite\]/.test(message);

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());
afterEach(() => expect(cspViolations.splice(0), "Content-Security-Policy violations").toEqual([]));

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

/** "2 грудня" / "2 December" as the pages print today's date (Kyiv time). */
const today = (lang: "uk" | "en") => new Intl.DateTimeFormat(lang === "uk" ? "uk-UA" : "en-GB", { day: "numeric", month: "long", timeZone: "Europe/Kyiv" }).format(new Date());

describe("money back", () => {
  it("a refused paid driving licence replacement gets its refund, shown to the citizen and the officer", async () => {
    const citizen = await (await newContext(browser)).newPage();
    const errors = watchErrors(citizen);
    await signInCitizen(citizen, base, PEOPLE.mariia, "/services/driver-licence-replacement");
    await cancelOpenApplication(citizen, `${base}/services/driver-licence-replacement`);
    // Nothing paid yet: no refund panel (on the form, before signing and paying).
    const { applicationId } = await applyForLicence(citizen, { reason: "Пошкодження посвідчення", circumstances: "Картку зламано навпіл.", centre: "8041" }, async () => {
      expect(await citizen.locator("[data-testid=refund]").count()).toBe(0);
    });
    await reloadUntil(citizen, ".status-panel", /Розгляд у сервісному центрі|розглядає посадовець/);

    // ── The officer refuses ──────────────────────────────────────────────────────────────────
    const officer = await (await newContext(browser)).newPage();
    errors.push(...watchErrors(officer));
    await signInStaff(officer, base, "hsc.officer", "demo-hsc-2026");
    await officer.goto(`${base}/office/applications/${applicationId}`);
    await officer.getByLabel("Причина або коментар для заявника").fill("Пошкодження не підтверджено: зверніться до сервісного центру з карткою.");
    await Promise.all([officer.waitForURL(/decided=1/), officer.getByRole("button", { name: "Відмовити" }).click()]);

    // ── The money comes back ─────────────────────────────────────────────────────────────────
    const refunded = await reloadUntil(citizen, "[data-testid=refund]", /Кошти повернуто/);
    expect(refunded).toContain(`Кошти повернуто: 230,00 грн, ${today("uk")}.`);
    await waitForText(citizen.locator(".timeline"), "Кошти повернуто");
    expect(await axeViolations(citizen), "refunded application").toEqual([]);
    await citizen.goto(`${base}/notifications`);
    await waitForText(citizen.locator("main"), /Кошти повернуто: 230,00 грн за заяву «Обмін посвідчення водія»/);
    await citizen.goto(`${base}/applications/${applicationId}`);
    await citizen.getByRole("button", { name: "English" }).click();
    await waitForText(citizen.locator("[data-testid=refund]"), new RegExp(`Refunded: UAH\\s230\\.00, ${today("en")}\\.`)); // Intl puts a no-break space after the code
    await citizen.getByRole("button", { name: "Українська" }).click();
    await waitForText(citizen.locator("[data-testid=refund]"), "Кошти повернуто");

    await officer.reload();
    await waitForText(officer.locator("[data-testid=office-refund]"), new RegExp(`230,00 грн · повернено ${today("uk")}`));
    await waitForText(officer.locator(".timeline"), "Кошти повернуто"); // the audit, not "refund.refunded"
    expect(await axeViolations(officer), "office application with its refund").toEqual([]);

    expect(errors.filter(notDevNoise)).toEqual([]);
    await Promise.all([citizen.context().close(), officer.context().close()]);
  });
});
