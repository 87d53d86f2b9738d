/**
 * The driving licence replacement as a citizen walks it (issue 16's short path): Start (the registers are read
 * first), the one form with the reason and service centre over the registers' data, "Sign and submit" straight
 * to the stand-in Diia.Signature page, and back from it straight to the checkout, where the fee is paid.
 */
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { waitForText } from "./portal-page";

export interface LicenceWalk {
  applicationId: string;
  /** What the citizen saw and acted on, in order. */
  screens: string[];
}

/**
 * One open application per citizen and service: one left on the service page (by another test, or an earlier
 * attempt) is cancelled first, and the service page is opened again.
 */
export async function cancelOpenApplication(page: Page, serviceUrl: string): Promise<void> {
  if (!(await page.getByRole("link", { name: "Продовжити заяву" }).count())) return;
  await page.getByRole("link", { name: "Продовжити заяву" }).click();
  await page.getByRole("button", { name: "Скасувати заяву" }).click();
  await Promise.all([page.waitForURL(/notice=cancelled/), page.getByRole("button", { name: "Так, скасувати заяву" }).click()]);
  await page.goto(serviceUrl);
}

const heading = async (page: Page) => (await page.locator("main h1").first().textContent())?.trim() ?? "";

/**
 * From the service page (signed in, no open application) to paid: the screens acted on are the service
 * page, the reason, the signing provider's page and the checkout. `onForm` looks at the filled form first.
 */
export async function applyForLicence(page: Page, answers: { reason: string; circumstances?: string; centre: string }, onForm?: () => Promise<void>): Promise<LicenceWalk> {
  const screens: string[] = [];
  screens.push("service page");
  await Promise.all([page.waitForURL(/\/applications\/[0-9a-f-]{36}$/), page.getByRole("button", { name: "Почати" }).click()]);
  const applicationUrl = page.url();
  const applicationId = applicationUrl.split("/").pop()!;
  // The drivers and population registers are read before the form: the page follows them.
  await expect.poll(async () => { await page.reload(); return heading(page); }, { timeout: 30_000 }).toBe("Причина обміну");
  screens.push("reason");
  expect(await page.locator("#answers_licence").inputValue()).toMatch(/^\S+ \d+$/); // the licence replaced, from the register
  expect(await page.locator("#answers_fullName").getAttribute("readonly")).not.toBeNull();
  await page.getByLabel(answers.reason).check();
  if (answers.circumstances) await page.getByLabel("Обставини").fill(answers.circumstances);
  await page.getByLabel(/Сервісний центр МВС/).selectOption(answers.centre);
  await page.getByLabel(/Підтверджую достовірність/).check();
  if (onForm) await onForm();
  await Promise.all([page.waitForURL(/\/confirm\/sr_/), page.getByRole("button", { name: "Підписати й подати" }).click()]);
  screens.push("signing provider");
  await waitForText(page.locator("main"), /[0-9a-f]{64}/);
  // Signed: the fee is calculated meanwhile and the return goes on to the checkout.
  await Promise.all([page.waitForURL(/\/checkout\//, { timeout: 20_000 }), page.getByRole("button", { name: "Підписати", exact: true }).click()]);
  screens.push("checkout");
  await Promise.all([page.waitForURL((url) => url.href.startsWith(applicationUrl)), page.getByRole("button", { name: /Сплатити/ }).click()]);
  return { applicationId, screens };
}
