/**
 * Words and layouts (issue 16): every portal page, at 375×800 and 1280×800, in Ukrainian and in English, is
 * axe-core clean, does not scroll sideways, and speaks one language: no Latin-letter word on a Ukrainian page and
 * no Cyrillic one on an English page. Left out of that check are what is not the portal's to translate, as the
 * pages mark it: names, numbers and ids (translate="no"), text in another language said so (lang="…", e.g. the
 * language switch or a message as it was sent), codes (a token with a digit) and a few names everyone writes alike
 * (ALLOWED). On a phone the
 * header is one row (≤ 80 px) whose menu button opens the links, with the keyboard and without JavaScript.
 *
 * Катерина Марченко (PERSONAS.kateryna) gets an IDP certificate through the JSON API, so that her applications,
 * document, notifications and "who read my data" have something in them.
 */
import type { APIRequestContext, Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { PERSONAS } from "../../stand-ins";
import { cspViolations, launchChromium } from "./browser";
import { axeViolations, overflowsHorizontally, signInCitizen, waitForText } from "./portal-page";

const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());
afterEach(() => expect(cspViolations.splice(0), "Content-Security-Policy violations").toEqual([]));

/** Words written the same in both languages' pages: the site's name, the identity providers, formats. */
const ALLOWED = new Set(["civic", "flow", "BankID", "Diia", "ID", "PDF", "QR", "SHA", "EU", "UAH", "VIN", "p7s", "ics"]);

const ANSWERS: Record<string, unknown> = {
  addresses: {
    formerAddress: { region: "Луганська", city: "Сєвєродонецьк", street: "вул. Шевченка", house: "15", apartment: "3" },
    displacementDate: "2022-04-10",
    reason: "occupation",
    currentAddress: { region: "Львівська", city: "Львів", street: "вул. Городоцька", house: "120" },
  },
  family: { members: [] },
  confirmation: { phone: "+380671234567", accurate: true },
};

/** Applies for the IDP certificate through the API (unless she has it) and waits for it; its application and document. */
async function idpCertificate(api: APIRequestContext): Promise<{ applicationId: string; documentId: string; number: string }> {
  const me = (await (await api.get(`${base}/api/v1/me`)).json()) as { csrfToken: string };
  const headers = { "x-csrf-token": me.csrfToken, "content-type": "application/json" };
  const documents = async () => ((await (await api.get(`${base}/api/v1/documents`)).json()) as { documents: { id: string; template: string; number: string; applicationId: string }[] }).documents;
  let issued = (await documents()).find((d) => d.template === "idp-certificate");
  if (!issued) {
    const started = await api.post(`${base}/api/v1/applications`, { headers, data: { serviceId: "idp-certificate" } });
    expect(started.status(), await started.text()).toBeLessThan(300);
    const { applicationId } = (await started.json()) as { applicationId: string };
    const deadline = Date.now() + 60_000;
    while (!(issued = (await documents()).find((d) => d.template === "idp-certificate"))) {
      const application = (await (await api.get(`${base}/api/v1/applications/${applicationId}`, { headers: { prefer: "wait=5" } })).json()) as { status: string; step?: { id: string } };
      const step = application.step?.id ?? "";
      if (step in ANSWERS) {
        const answered = await api.post(`${base}/api/v1/applications/${applicationId}/answers`, { headers, data: { step, answers: ANSWERS[step] } });
        expect(answered.status(), `${step}: ${await answered.text()}`).toBeLessThan(300);
      }
      if (Date.now() > deadline) throw new Error(`No IDP certificate; the application is at ${step} (${application.status})`);
    }
  }
  return { applicationId: issued.applicationId, documentId: issued.id, number: issued.number };
}

/** Visible words of the other language, outside what the page marks as not ours to translate. */
function foreignWords(page: Page): Promise<string[]> {
  return page.evaluate((allowed) => {
    const lang = document.documentElement.lang;
    const foreign = lang === "uk" ? /[A-Za-z]/ : /[\u0400-\u04FF]/;
    const found = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || element.closest("script, style, noscript, [translate=no]")) continue;
      const marked = element.closest("[lang]");
      if (marked && marked !== document.documentElement && marked.getAttribute("lang") !== lang) continue;
      if (!element.checkVisibility({ visibilityProperty: true }) && !element.closest(".visually-hidden")) continue;
      for (const word of (node.textContent ?? "").split(/[^\p{L}\p{N}'’.-]+/u)) {
        const bare = word.replace(/^[.'’-]+|[.'’-]+$/g, "");
        // A token with a digit is a number or code (IDP-2026-MVT3-H3AG), no word of either language.
        if (!bare || !foreign.test(bare) || /\d/.test(bare)) continue;
        if (bare.split(/[.-]/).every((part) => !foreign.test(part) || allowed.includes(part))) continue;
        found.add(bare);
      }
    }
    return [...found];
  }, [...ALLOWED]);
}

async function check(page: Page, what: string, width: number) {
  await page.waitForLoadState("networkidle");
  expect(await axeViolations(page), `${what}: axe-core`).toEqual([]);
  expect(await overflowsHorizontally(page), `${what} scrolls sideways`).toBe(false);
  expect(await foreignWords(page), `${what}: words of the other language`).toEqual([]);
  if (width <= 600) {
    const height = await page.locator(".site-header").evaluate((header) => header.getBoundingClientRect().height);
    expect(height, `${what}: the header's height on a phone`).toBeLessThanOrEqual(80);
  }
}

/** A browser at this width whose visitor chose this language (English by the header's switch, as people do). */
async function openIn(lang: "uk" | "en", width: number, javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height: 800 }, locale: lang === "uk" ? "uk-UA" : "en-GB", javaScriptEnabled });
  const page = await context.newPage();
  if (lang === "en") {
    await page.goto(`${base}/`);
    await Promise.all([page.waitForURL(`${base}/`), page.waitForResponse((r) => r.url().endsWith("/language")), page.getByRole("button", { name: "English" }).click()]);
    await waitForText(page.locator("main h1"), "Public services");
  }
  return { context, page };
}

let certificate: { applicationId: string; documentId: string; number: string };

describe("portal layout and language", () => {
  beforeAll(async () => {
    const { context, page } = await openIn("uk", 1280);
    await signInCitizen(page, base, PERSONAS.kateryna, "/documents");
    certificate = await idpCertificate(page.request);
    await context.close();
  });

  for (const lang of ["uk", "en"] as const) {
    for (const width of [375, 1280]) {
      it(`every portal page in ${lang} at ${width} px: axe-core clean, no sideways scroll, one language`, async () => {
        const { context, page } = await openIn(lang, width);
        for (const path of ["/", "/?q=xyz-nothing", "/services/idp-certificate", "/signin", "/staff/signin", "/verify", `/documents/verify/${certificate.number}`, "/no-such-page"]) {
          await page.goto(`${base}${path}`);
          expect(await page.getAttribute("html", "lang"), path).toBe(lang);
          await check(page, path, width);
        }
        // The stand-in identity provider's page, on the way in.
        await page.goto(`${base}/signin?returnTo=${encodeURIComponent("/applications")}`);
        await Promise.all([page.waitForURL(/\/id\/bankid\/authorize/), page.getByRole("button", { name: /BankID/ }).click()]);
        await check(page, "the identity provider's page", width);
        await page.locator(`input[type=radio][value="${PERSONAS.kateryna}"]`).check();
        await Promise.all([page.waitForURL((url) => url.pathname === "/applications"), page.getByRole("button", { name: /Підтвердити|Confirm/ }).click()]);
        await check(page, "/applications", width);
        for (const path of ["/documents", `/documents/${certificate.documentId}`, "/notifications", "/privacy", `/applications/${certificate.applicationId}/feedback`]) {
          await page.goto(`${base}${path}`);
          await check(page, path, width);
        }
        // The application's own page (its words are checked by its own tests while it is being reworked): layout and axe.
        await page.goto(`${base}/applications/${certificate.applicationId}`);
        await page.waitForLoadState("networkidle");
        expect(await axeViolations(page), "the application page: axe-core").toEqual([]);
        expect(await overflowsHorizontally(page), "the application page scrolls sideways").toBe(false);

        // Sharing the document: the code and its link; the link's page; a used code is refused in the page's language.
        await page.goto(`${base}/documents/${certificate.documentId}`);
        await page.getByRole("button", { name: lang === "uk" ? "Поділитися кодом" : "Share with a code" }).click();
        const code = (await waitForText(page.getByTestId("share-code"), /\d/)).replace(/\s/g, "");
        await check(page, "the share code", width);
        const link = (await page.locator(".share a").getAttribute("href")) ?? "";
        await page.goto(link.replace(/^https?:\/\/[^/]+/, base));
        await check(page, "the share link's page", width);
        for (let i = 0; i < 2; i++) {
          await page.goto(`${base}/verify`);
          await page.locator("#verify-code").fill(code);
          await page.getByRole("button", { name: lang === "uk" ? "Перевірити" : "Check" }).click();
          await page.getByTestId("verification").waitFor();
        }
        await waitForText(page.getByTestId("verification"), lang === "uk" ? "Код невідомий або вже використаний" : "The code is unknown or was already used");
        await check(page, "a used code", width);
        await context.close();
      });
    }
  }

  it("on a phone the header is one row; its menu button opens the links, with the keyboard, and closes with Escape", async () => {
    const { context, page } = await openIn("uk", 375);
    await signInCitizen(page, base, PERSONAS.kateryna, "/applications");
    const menu = page.locator(".site-menu > summary");
    const links = page.locator(".site-menu-panel");
    expect(await links.isVisible()).toBe(false);
    // The browser's own accessibility tree: the summary is a button-like disclosure with its expanded state.
    const expanded = async () => {
      const cdp = await context.newCDPSession(page);
      const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: { name?: { value: string }; properties?: { name: string; value: { value: unknown } }[] }[] };
      await cdp.detach();
      const button = nodes.find((n) => n.name?.value.startsWith("Меню"));
      return button?.properties?.find((p) => p.name === "expanded")?.value.value;
    };
    expect(await expanded()).toBe(false);
    await menu.focus();
    await page.keyboard.press("Enter");
    expect(await links.isVisible()).toBe(true);
    expect(await expanded()).toBe(true);
    for (const name of ["Мої заяви", "Мої документи", "Повідомлення", "Вийти"]) expect(await page.getByRole(name === "Вийти" ? "button" : "link", { name }).first().isVisible(), name).toBe(true);
    expect(await axeViolations(page), "the open menu").toEqual([]);
    await page.keyboard.press("Escape");
    expect(await links.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("SUMMARY");
    // A link followed from the menu closes it.
    await menu.click();
    await Promise.all([page.waitForURL(`${base}/documents`), page.getByRole("link", { name: "Мої документи" }).click()]);
    expect(await links.isVisible()).toBe(false);
    await context.close();

    // Without JavaScript the menu opens all the same (a <details>).
    const { context: plain, page: noScript } = await openIn("uk", 375, false);
    await noScript.goto(`${base}/`);
    await noScript.locator(".site-menu > summary").click();
    expect(await noScript.getByRole("link", { name: "Перевірити документ" }).isVisible()).toBe(true);
    await plain.close();
  });
});
