/**
 * Helpers for the portal's and office's browser tests: sign-in through the stand-in identity provider or
 * a staff account, keyboard-only navigation, axe-core checks (WCAG 2.2 AA), screenshots, heavy bundles.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { watchCsp } from "./browser";

export const SCREENSHOTS = resolve(dirname(fileURLToPath(import.meta.url)), "../../docs/screenshots");
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Demo people of the stand-in population register (stand-ins/data/people.ts PERSONAS). */
export const PEOPLE = { olena: "3297410129", taras: "3131910259", mariia: "3380310746", yurii: "2578711497", iryna: "2849410366" } as const;

export async function newContext(browser: Browser, options: { width?: number; height?: number } = {}): Promise<BrowserContext> {
  return watchCsp(await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 900 }, locale: "uk-UA", acceptDownloads: true }));
}

/** A citizen signs in: the portal's sign-in page → the stand-in BankID page → back to `returnTo`. */
export async function signInCitizen(page: Page, base: string, taxId: string, returnTo = "/applications"): Promise<void> {
  await page.goto(`${base}/signin?returnTo=${encodeURIComponent(returnTo)}`);
  await Promise.all([page.waitForURL(/\/id\/bankid\/authorize/), page.getByRole("button", { name: /BankID/ }).click()]);
  await page.locator(`input[type=radio][value="${taxId}"]`).check();
  await Promise.all([page.waitForURL((url) => url.pathname === returnTo.split("?")[0]), page.getByRole("button", { name: /Підтвердити|Confirm/ }).click()]);
}

/** Officers, analysts, administrators: the staff sign-in form. */
export async function signInStaff(page: Page, base: string, username: string, password: string, returnTo = ""): Promise<void> {
  await page.goto(`${base}/staff/signin${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ""}`);
  await page.getByLabel(/Ім'я користувача|Username/).fill(username);
  await page.getByLabel(/Пароль|Password/).fill(password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/staff/signin")), page.getByRole("button", { name: /Увійти|Sign in/ }).click()]);
}

/** Presses Tab until the focused element matches (the keyboard is the only input). */
export async function tabTo(page: Page, matches: (el: { tag: string; text: string; type: string; name: string; value: string; label: string }) => boolean, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLInputElement | null;
      if (!a) return { tag: "", text: "", type: "", name: "", value: "", label: "" };
      const label = a.id ? document.querySelector(`label[for="${CSS.escape(a.id)}"]`)?.textContent ?? "" : "";
      return { tag: a.tagName.toLowerCase(), text: (a.textContent ?? "").trim(), type: a.type ?? "", name: a.name ?? "", value: a.value ?? "", label: label.trim() };
    });
    if (matches(el)) return;
  }
  throw new Error("Tab never reached the element");
}

export const button = (text: RegExp) => (el: { tag: string; text: string }) => el.tag === "button" && text.test(el.text);
export const field = (name: string) => (el: { name: string }) => el.name === name;

/** Runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page; returns readable violations. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: an inline <script> of the test's would be (rightly) refused by the page's CSP.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  });
  return violations;
}

/** True when the page scrolls sideways (it should not, at 375 px either). */
export function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

/** Records the JavaScript a page loads, to prove citizen pages load neither Monaco nor React Flow. */
export function watchScripts(page: Page): { urls: string[]; bodies: string[] } {
  const seen = { urls: [] as string[], bodies: [] as string[] };
  page.on("response", async (response) => {
    if (!/javascript/.test(response.headers()["content-type"] ?? "")) return;
    seen.urls.push(response.url());
    seen.bodies.push(await response.text().catch(() => ""));
  });
  return seen;
}

/** Waits until the element's text matches (the browser may still be updating it). */
export async function waitForText(locator: Locator, pattern: RegExp | string, timeout = 15_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = "";
  for (;;) {
    last = ((await locator.first().textContent({ timeout: 2000 }).catch(() => "")) ?? "").trim();
    if (typeof pattern === "string" ? last.includes(pattern) : pattern.test(last)) return last;
    if (Date.now() > deadline) throw new Error(`Expected ${String(pattern)}, found "${last.slice(0, 300)}"`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The sign step: the citizen's application page shows what is signed and its hash; the button leads to the
 * stand-in signing provider's page (Diia.Signature), whose "Підписати" signs and comes back to the application,
 * verified ("Заяву підписано."). Returns the hash shown on the portal, which the provider's page shows too.
 */
export async function signWithDiia(page: Page, screenshot?: string): Promise<string> {
  const panel = page.locator(".status-panel");
  await waitForText(panel, /Підписати з Дія\.Підпис/, 40_000);
  const hash = (await page.locator(".status-panel .mono").first().textContent())?.trim() ?? "";
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  await Promise.all([page.waitForURL(/\/confirm\/sr_/), page.getByRole("button", { name: "Підписати з Дія.Підпис" }).click()]);
  await waitForText(page.locator("main"), hash);
  if (screenshot) await page.screenshot({ path: join(SCREENSHOTS, screenshot), fullPage: true });
  await Promise.all([page.waitForURL(/\/applications\/[0-9a-f-]{36}\?notice=signed$/), page.getByRole("button", { name: "Підписати", exact: true }).click()]);
  await waitForText(page.locator(".alert-ok"), "Заяву підписано.");
  return hash;
}
