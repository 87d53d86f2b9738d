/**
 * Documents offline, as in Diia (issue 16): the portal is installable (Chromium reports no installability
 * problem), and after sign-in the citizen's documents list, card and PDF open with the browser offline, from the
 * service worker's copy, saying "Офлайн: показано збережену копію, перевірено …". Back online the pages come
 * from the server again; another person's sign-in replaces the copies with theirs; after sign-out the copies are
 * gone and nothing opens offline.
 *
 * Катерина Марченко (PERSONAS.kateryna, registered in Sievierodonetsk, Luhansk region) gets an IDP certificate
 * through the JSON API with this browser's own session (the forms themselves are other tests' subject): the
 * population register shows her registered where she moved from, so the IDP register decides without an officer.
 */
import { readFileSync } from "node:fs";
import type { APIRequestContext, Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { PERSONAS } from "../../stand-ins";
import { cspViolations, launchChromium } from "./browser";
import { newContext, signInCitizen, waitForText } from "./portal-page";

const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());
afterEach(() => expect(cspViolations.splice(0), "Content-Security-Policy violations").toEqual([]));

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

/** Applies for the IDP certificate through the API and waits for the document; returns its id. */
async function issueIdpCertificate(api: APIRequestContext): Promise<string> {
  const me = (await (await api.get(`${base}/api/v1/me`)).json()) as { csrfToken: string };
  const headers = { "x-csrf-token": me.csrfToken, "content-type": "application/json" };
  const started = await api.post(`${base}/api/v1/applications`, { headers, data: { serviceId: "idp-certificate" } });
  expect(started.status(), await started.text()).toBeLessThan(300);
  const { applicationId } = (await started.json()) as { applicationId: string };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const documents = (await (await api.get(`${base}/api/v1/documents`)).json()) as { documents: { id: string; template: string }[] };
    const issued = documents.documents.find((d) => d.template === "idp-certificate");
    if (issued) return issued.id;
    const application = (await (await api.get(`${base}/api/v1/applications/${applicationId}`, { headers: { prefer: "wait=5" } })).json()) as { status: string; step?: { id: string } };
    const step = application.step?.id ?? "";
    if (step in ANSWERS) {
      const answered = await api.post(`${base}/api/v1/applications/${applicationId}/answers`, { headers, data: { step, answers: ANSWERS[step] } });
      expect(answered.status(), `${step}: ${await answered.text()}`).toBeLessThan(300);
    }
    if (Date.now() > deadline) throw new Error(`No IDP certificate; the application is at ${step} (${application.status})`);
  }
}

/** The names of the worker's caches of documents (one per person). */
const documentCaches = (page: Page) => page.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith("civic-offline-") && name.includes("-docs-")));

/** Whether the worker's copy of this address is stored. */
const stored = (page: Page, path: string) =>
  page.evaluate(async (p) => {
    for (const name of await caches.keys()) if (name.includes("-docs-") && (await (await caches.open(name)).match(p))) return true;
    return false;
  }, path);

/** The PDF as a page's fetch gets it (through the worker): status and the first bytes. */
const fetchPdf = (page: Page, path: string) =>
  page.evaluate(async (p) => {
    const response = await fetch(p);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { status: response.status, type: response.headers.get("content-type"), head: String.fromCharCode(...bytes.slice(0, 5)), length: bytes.length };
  }, path);

describe("documents offline", () => {
  it("the documents list, card and PDF open offline after sign-in, say when they were checked, and are gone after sign-out", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInCitizen(page, base, PERSONAS.kateryna, "/documents");
    const documentId = await issueIdpCertificate(page.request);
    const card = `/documents/${documentId}`;

    // Online: the list names the certificate and says the documents stay on this device until sign-out.
    await page.goto(`${base}/documents`);
    await waitForText(page.locator("main"), "Довідка");
    await waitForText(page.locator("main"), "Документи збережено на цьому пристрої");
    expect(await page.getByTestId("offline-copy").count()).toBe(0);

    // Installable: a manifest Chromium reads without errors, and no installability problem but the test's
    // own incognito profile.
    const cdp = await context.newCDPSession(page);
    const manifest = (await cdp.send("Page.getAppManifest")) as { errors: unknown[]; url: string };
    expect(manifest.url).toBe(`${base}/manifest.webmanifest`);
    expect(manifest.errors).toEqual([]);
    await expect
      .poll(async () => ((await cdp.send("Page.getInstallabilityErrors")) as { installabilityErrors: { errorId: string }[] }).installabilityErrors.map((e) => e.errorId).filter((id) => id !== "in-incognito"), { timeout: 20_000 })
      .toEqual([]);

    // The worker took over and stored the list, the card and the PDF without their being opened.
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 20_000 }).toBe(true);
    await expect.poll(async () => (await stored(page, card)) && (await stored(page, `${card}/pdf`)) && (await stored(page, `${card}.data`)), { timeout: 30_000 }).toBe(true);
    expect(await documentCaches(page)).toHaveLength(1);
    const onlinePdf = await fetchPdf(page, `${card}/pdf`);
    expect(onlinePdf).toMatchObject({ status: 200, type: "application/pdf", head: "%PDF-" });

    // Offline: the list (reloaded), the card (followed as a link, from the stored .data) and the PDF.
    await context.setOffline(true);
    await page.reload();
    await waitForText(page.getByTestId("offline-copy"), /^Офлайн: показано збережену копію, перевірено \d{1,2} \S+ \d{4}/);
    await Promise.all([page.waitForURL(`${base}${card}`), page.locator(`.cards a[href="${card}"]`).click()]); // this document (others may be in the list)
    await waitForText(page.locator(".doc-card"), "Марченко");
    await waitForText(page.getByTestId("offline-copy"), /^Офлайн: показано збережену копію, перевірено/);
    await page.reload();
    await waitForText(page.locator(".doc-card"), "Марченко");
    await waitForText(page.getByTestId("offline-copy"), /^Офлайн: показано збережену копію, перевірено/);
    expect(await fetchPdf(page, `${card}/pdf`)).toEqual(onlinePdf);
    // The card's own "Завантажити PDF" link downloads the stored copy too.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Завантажити PDF" }).click()]);
    const pdf = readFileSync((await download.path())!);
    expect([pdf.subarray(0, 5).toString(), pdf.length]).toEqual(["%PDF-", onlinePdf.length]);
    // Back to the list by its link (the stored /documents.data).
    await Promise.all([page.waitForURL(`${base}/documents`), page.locator(".breadcrumbs a").click()]);
    await waitForText(page.locator(".cards"), "Довідка");
    await waitForText(page.getByTestId("offline-copy"), /^Офлайн: показано збережену копію, перевірено/);

    // Online again: the server answers, and the page no longer calls itself a copy.
    await context.setOffline(false);
    await page.reload();
    await waitForText(page.locator(".cards"), "Довідка");
    await page.waitForLoadState("networkidle");
    expect(await page.getByTestId("offline-copy").count()).toBe(0);

    // Another person signs in on this browser without Катерина signing out (her session simply lost): her
    // copies go, and only the new person's documents are kept.
    const [kateryna] = await documentCaches(page);
    await context.clearCookies();
    await signInCitizen(page, base, PERSONAS.olena, "/documents");
    await expect.poll(async () => { const names = await documentCaches(page); return names.length === 1 && names[0] !== kateryna; }, { timeout: 20_000 }).toBe(true);
    await expect.poll(() => stored(page, "/documents"), { timeout: 20_000 }).toBe(true);
    expect(await stored(page, card)).toBe(false);

    // Sign-out: the copies are gone (Clear-Site-Data and the worker's own clearing); offline nothing opens.
    await Promise.all([page.waitForURL(`${base}/`), page.getByRole("button", { name: "Вийти" }).click()]);
    await expect.poll(() => documentCaches(page), { timeout: 20_000 }).toEqual([]);
    await context.setOffline(true);
    for (const path of [card, "/documents"]) {
      const opened = await page.goto(`${base}${path}`).then(
        () => true,
        () => false,
      );
      if (opened) expect(await page.locator("main").textContent(), path).not.toContain("Марченко");
    }
    expect(await page.evaluate((p) => fetch(p).then((r) => r.status, () => "failed"), `${card}/pdf`).catch(() => "no page")).not.toBe(200);
    await context.setOffline(false);
    await context.close();
  });
});
