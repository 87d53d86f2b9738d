/**
 * The "done when" of issue 14: both partners of the example marriage-registration service, each in their own
 * browser. The applicant signs in, applies with the partner's tax number; the population register finds the
 * partner, and the invitation shows a one-time link and code. The partner opens the link, accepts and fills
 * the partner's form; the applicant books the ceremony; both sign with the stand-in Diia.Signature; the
 * applicant pays the duty on the stand-in payment page; the civil registry officer approves; each partner
 * finds their own extract in "Мої документи" and cannot open the other's.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { cspViolations, launchChromium, watchErrors } from "./browser";
import { PERSONAS } from "../../stand-ins/data/people";
import { newContext, signInCitizen, signInStaff, signWithDiia, waitForText } from "./portal-page";

const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());
afterEach(() => expect(cspViolations.splice(0), "Content-Security-Policy violations").toEqual([]));

// The service allows one open application per applicant: vitest's second attempt (vitest.config.ts retry) of
// a test that failed midway would be refused, so each attempt marries another demo couple.
const COUPLES = [
  { applicant: PERSONAS.yurii, partner: PERSONAS.iryna },
  { applicant: PERSONAS.dmytro, partner: PERSONAS.kateryna },
] as const;
let attempt = 0;

/** Reloads until the element's text matches (the worker moves the application on in the background). */
async function reloadUntil(page: Page, selector: string, pattern: RegExp, timeout = 40_000): Promise<string> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = ((await page.locator(selector).first().textContent({ timeout: 2000 }).catch(() => "")) ?? "").replace(/\s+/g, " ").trim();
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`Still "${text.slice(0, 300)}" at ${page.url()}, waiting for ${pattern}`);
    await page.waitForTimeout(700);
    await page.reload();
  }
}

/** The one document in the person's "Мої документи": its id. */
async function ownDocument(page: Page): Promise<string> {
  await page.goto(`${base}/documents`);
  await expect.poll(() => page.locator("main h1").first().textContent()).toBe("Мої документи");
  // The document's page, not its PDF (the status panel links both).
  const links = page.locator('main a[href^="/documents/"]:not([href$="/pdf"])');
  await expect.poll(() => links.count(), { timeout: 20_000 }).toBe(1);
  return ((await links.first().getAttribute("href")) ?? "").split("/").pop() ?? "";
}

describe("issue 14: marriage registration with both partners", () => {
  it("the applicant invites the partner, the partner accepts and fills their part, the ceremony is booked, both sign, the duty is paid, the officer approves, and each gets their own extract", { timeout: 360_000 }, async () => {
    const applicant = await (await newContext(browser)).newPage();
    const partner = await (await newContext(browser)).newPage();
    const errors = [...[applicant, partner].map(watchErrors)];
    const PEOPLE = { yurii: COUPLES[attempt % 2].applicant, iryna: COUPLES[attempt % 2].partner };
    attempt++;

    // ── The applicant  applies with the partner's  tax number ─────────────────────────────
    await signInCitizen(applicant, base, PEOPLE.yurii, "/services/marriage-registration");
    await Promise.all([applicant.waitForURL(/\/applications\/[0-9a-f-]{36}$/), applicant.getByRole("button", { name: /^Почати$/ }).click()]);
    const applicationUrl = applicant.url();
    const applicationId = applicationUrl.split("/").pop()!;
    await reloadUntil(applicant, "main h1", /Заява про реєстрацію шлюбу/);
    await applicant.getByLabel(/РНОКПП нареченого чи нареченої/).fill(PEOPLE.iryna);
    await applicant.getByLabel("Залишити своє прізвище").check();
    await applicant.getByLabel(/не перебуваю в іншому шлюбі/).check();
    await Promise.all([applicant.waitForLoadState("networkidle"), applicant.getByRole("button", { name: /Продовжити|Подати/ }).first().click()]);

    // The register found the partner: the invitation, with a one-time link and code made on request.
    await reloadUntil(applicant, "main", /Запросіть: наречений або наречена/);
    await applicant.getByRole("button", { name: "Створити посилання й код" }).click();
    const link = applicant.getByRole("textbox", { name: "Посилання" });
    await link.waitFor({ timeout: 20_000 });
    const invitationUrl = new URL(await link.inputValue());
    expect(invitationUrl.pathname).toMatch(/^\/invitations\//);
    const code = ((await applicant.locator(".invite-issued dd.mono").textContent()) ?? "").trim();
    expect(code).toMatch(/^[0-9]{6}$/);

    // ── The partner opens the link, signs in and accepts ─────────────────────────────────────────────────
    // The invitation names the partner's tax number, so the code is not asked of them (only of someone else).
    await signInCitizen(partner, base, PEOPLE.iryna, invitationUrl.pathname);
    await waitForText(partner.locator("main .lead"), /запрошує вас до заяви «Реєстрація шлюбу»/);
    expect(await partner.getByLabel("Код із запрошення").count()).toBe(0);
    await Promise.all([partner.waitForURL(applicationUrl), partner.getByRole("button", { name: "Прийняти" }).click()]);
    await reloadUntil(partner, "main h1", /Дані нареченого чи нареченої/);
    await waitForText(partner.locator("main [role=note]"), /наречений або наречена/);
    await partner.getByLabel("Взяти прізвище партнера").check();
    await partner.getByLabel("Даю згоду на реєстрацію шлюбу").check();
    await partner.getByLabel(/не перебуваю в іншому шлюбі/).check();
    await Promise.all([partner.waitForLoadState("networkidle"), partner.getByRole("button", { name: /Продовжити|Подати/ }).first().click()]);

    // ── The applicant books the ceremony: an office, a free time held, then confirmed ────────────────────
    // The applicant's page asks again every 5 s while the partner has not answered; a reload is quicker.
    await reloadUntil(applicant, ".booking", /Запис на прийом/, 60_000);
    const office = applicant.locator("#booking-office");
    if ((await office.count()) && !(await applicant.getByRole("button", { name: /^Притримати / }).count())) {
      const first = await office.locator("option:not([value=''])").first().getAttribute("value");
      await office.selectOption(first ?? "");
      await Promise.all([applicant.waitForURL(/office=/), applicant.getByRole("button", { name: "Показати вільний час" }).click()]);
    }
    const slot = applicant.getByRole("button", { name: /^Притримати / }).first();
    await slot.waitFor({ timeout: 20_000 });
    await slot.click();
    await applicant.getByRole("button", { name: "Підтвердити запис" }).click();
    await waitForText(applicant.locator(".booking"), "Запис підтверджено.");

    // ── Both sign the joint application with the stand-in Diia.Signature ─────────────────────────────────
    await reloadUntil(applicant, ".status-panel", /Підписати з Дія\.Підпис/);
    const applicantHash = await signWithDiia(applicant);
    await reloadUntil(partner, ".status-panel", /Підписати з Дія\.Підпис/);
    const partnerHash = await signWithDiia(partner);
    // Both signed the same content.
    expect(partnerHash).toBe(applicantHash);

    // ── The applicant pays the state duty on the stand-in payment page ───────────────────────────────────
    await applicant.goto(applicationUrl);
    await reloadUntil(applicant, ".status-panel", /Сплатіть 0[.,]85/);
    await Promise.all([applicant.waitForURL(/\/checkout\//), applicant.getByRole("button", { name: "Сплатити" }).click()]);
    expect(((await applicant.locator("body").textContent()) ?? "").replace(/\s+/g, " ")).toContain("0,85 грн"); // the checkout in the portal's language
    await Promise.all([applicant.waitForURL(new RegExp(`/applications/${applicationId}`)), applicant.getByRole("button", { name: /Сплатити/ }).click()]);

    // ── The civil registry officer approves ──────────────────────────────────────────────────────────────
    const officer = await (await newContext(browser)).newPage();
    errors.push(watchErrors(officer));
    await signInStaff(officer, base, "civil.officer", "demo-civil-2026");
    await expect
      .poll(async () => {
        if (await officer.locator(`a[href="/office/applications/${applicationId}"]`).count()) return true;
        await officer.reload();
        return false;
      }, { timeout: 60_000, interval: 1000 })
      .toBe(true);
    await Promise.all([officer.waitForURL(/\/office\/applications\//), officer.locator(`a[href="/office/applications/${applicationId}"]`).click()]);
    // Both signatures are there (the office masks tax numbers), verified, over the same content.
    const signatures = officer.getByTestId("signature");
    await expect.poll(() => signatures.count(), { timeout: 20_000 }).toBe(2);
    const signed = ((await signatures.allTextContents()).join(" ")).replace(/\s+/g, " ");
    for (const taxId of [PEOPLE.yurii, PEOPLE.iryna]) expect(signed).toContain(`${taxId.slice(0, 2)}••••••${taxId.slice(-2)}`);
    expect(signed.match(/Перевірено: підпис чинний/g)).toHaveLength(2);
    expect(signed).toContain(applicantHash);
    await Promise.all([officer.waitForURL(/decided=1/), officer.getByRole("button", { name: "Схвалити" }).click()]);

    // ── Each partner sees their own extract; the applicant cannot open the partner's ─────────────────────
    await reloadUntil(applicant, ".status-panel", /Переглянути документ/, 60_000);
    const applicantDocument = await ownDocument(applicant);
    const partnerDocument = await ownDocument(partner);
    expect(partnerDocument).not.toBe(applicantDocument);
    for (const [page, id] of [[applicant, applicantDocument], [partner, partnerDocument]] as const) {
      await page.goto(`${base}/documents/${id}`);
      await waitForText(page.locator("main"), "Витяг");
    }
    const errorsBefore = errors[0].length;
    const refused = await applicant.goto(`${base}/documents/${partnerDocument}`);
    expect(refused?.status()).toBe(404);
    // That refusal is the only failed response the applicant's page saw.
    expect(errors[0].splice(errorsBefore).every((e) => e.startsWith("404 "))).toBe(true);
    expect(errors.flat()).toEqual([]);
    await Promise.all([applicant.context().close(), partner.context().close(), officer.context().close()]);
  });
});
