/**
 * Rating a service while leaving a form (issue 15): on a form step the citizen follows "Йдете? Розкажіть чому",
 * picks a score with the keyboard only (the quick reasons follow the score), ticks a reason, writes a comment
 * with a phone number, sends; the thank-you says when the service may be asked about again, the link is gone
 * from the application, and the comment was stored masked. axe-core clean on the form and the thank-you.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { cspViolations, launchChromium, watchErrors } from "./browser";
import { axeViolations, field, newContext, signInCitizen, tabTo, waitForText } from "./portal-page";

const base = inject("baseUrl");
/** Катерина Марченко of the stand-in register (stand-ins/data/people.ts PERSONAS.kateryna): no other browser test uses her. */
const KATERYNA = "3649410986";
let browser: Browser;
const notDevNoise = (message: string) => !/WebSocket|\[vite\]/.test(message);

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());
afterEach(() => expect(cspViolations.splice(0), "Content-Security-Policy violations").toEqual([]));

async function reloadUntilVisible(page: Page, name: string, timeout = 40_000) {
  const deadline = Date.now() + timeout;
  while (!(await page.getByRole("link", { name }).count())) {
    if (Date.now() > deadline) throw new Error(`No link "${name}" at ${page.url()}`);
    await page.waitForTimeout(700);
    await page.reload();
  }
}

describe("rating a service while leaving a form", () => {
  it("keyboard only: the score picks its reasons, the rating is sent and thanked, and not asked again", async () => {
    const page = await (await newContext(browser)).newPage();
    const errors = watchErrors(page);
    await signInCitizen(page, base, KATERYNA, "/services/criminal-record-certificate");
    // An application left open by an earlier attempt is continued.
    if (await page.getByRole("link", { name: "Продовжити заяву" }).count()) {
      await Promise.all([page.waitForURL(/\/applications\/[0-9a-f-]{36}$/), page.getByRole("link", { name: "Продовжити заяву" }).click()]);
    }
    else await Promise.all([page.waitForURL(/\/applications\/[0-9a-f-]{36}$/), page.getByRole("button", { name: "Почати" }).click()]);
    const applicationId = page.url().match(/applications\/([0-9a-f-]{36})/)![1];
    await reloadUntilVisible(page, "Йдете? Розкажіть чому");
    await Promise.all([page.waitForURL(/\/feedback$/), page.getByRole("link", { name: "Йдете? Розкажіть чому" }).click()]);
    await waitForText(page.locator("h1"), "Чому ви йдете?");
    await page.waitForLoadState("networkidle");
    expect(await axeViolations(page), "the rating form").toEqual([]);

    // The score's radios by their words; no score yet, so no reasons shown (with script).
    const registry = page.getByRole("checkbox", { name: "Реєстр був недоступний" });
    const fast = page.getByRole("checkbox", { name: "Швидко" });
    expect(await registry.isVisible()).toBe(false);
    await tabTo(page, field("score"));
    await page.keyboard.press("ArrowDown"); // from the first radio to the second: "Погано"
    expect(await page.getByRole("radio", { name: "Погано", exact: true }).isChecked()).toBe(true);
    expect(await registry.isVisible()).toBe(true);
    expect(await fast.isVisible()).toBe(false);
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
    expect(await page.getByRole("radio", { name: "Чудово", exact: true }).isChecked()).toBe(true);
    expect(await fast.isVisible()).toBe(true);
    expect(await registry.isVisible()).toBe(false);
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowUp");
    expect(await page.getByRole("radio", { name: "Погано", exact: true }).isChecked()).toBe(true);

    await tabTo(page, (el) => el.label === "Незрозумілі запитання");
    await page.keyboard.press("Space");
    await tabTo(page, field("comment"));
    await page.keyboard.type("Не зрозуміла питання про громадянство. Мій телефон 050 123 45 67");
    await tabTo(page, (el) => el.tag === "button" && el.text === "Надіслати оцінку");
    await Promise.all([page.waitForURL(/\/feedback\?sent=1$/), page.keyboard.press("Enter")]);
    await waitForText(page.locator("[role=status]"), "Дякуємо за оцінку!");
    await waitForText(page.locator("[role=status]"), /Про цю послугу ми не питатимемо знову до \d+ \S+ \d{4}/);
    expect(await axeViolations(page), "the thank-you").toEqual([]);

    // Not offered again: the form step no longer links to it.
    await page.goto(`${base}/applications/${applicationId}`);
    await page.waitForLoadState("networkidle");
    expect(await page.getByRole("link", { name: "Йдете? Розкажіть чому" }).count()).toBe(0);
    // The API says so too, and the reason was stored with the rating (the comment is masked: runtime tests).
    const prompt = await page.evaluate(async (id) => (await fetch(`/api/v1/applications/${id}/feedback`)).json(), applicationId);
    expect(prompt).toMatchObject({ ask: false, reason: "rated" });

    // Leave nothing open for the next run: cancel the application.
    await page.getByRole("button", { name: "Скасувати заяву" }).click();
    await Promise.all([page.waitForURL(/notice=cancelled/), page.getByRole("button", { name: "Так, скасувати заяву" }).click()]);
    expect(errors.filter(notDevNoise)).toEqual([]);
  });
});
