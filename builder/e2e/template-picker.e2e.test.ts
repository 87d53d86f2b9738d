/**
 * The property panel's document-template picker (issue 12): each template by its title in the studio's language
 * with the id beside it, and a template published after the editor opened shows when the window regains focus
 * (no reload); picking it leaves no "unknown template" problem (the editor checks again with the fresh list).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { cspViolations, launchChromium, watchCsp } from "./browser";
import { ANALYSTS, dragFromPalette, node, openTab, savedSource, selectNode, signInToStudio } from "./studio-page";

const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());
afterEach(() => expect(cspViolations.splice(0), "Content-Security-Policy violations").toEqual([]));

/** Publishes a template through the studio's JSON API, as the template designer does, from the analyst's page. */
async function publishTemplate(page: Page, definition: Record<string, unknown>) {
  const answers = await page.evaluate(async (definition) => {
    // The root loader's CSRF token as the page has it now (the router's state: it was loaded again after sign-in).
    const router = (window as unknown as { __remixRouter: { state: { loaderData: { root: { csrf: string } } } } }).__remixRouter;
    const headers = { "Content-Type": "application/json", "X-CSRF-Token": router.state.loaderData.root.csrf };
    const url = `/studio/api/templates/${definition.id}`;
    const saved = await fetch(url, { method: "PUT", headers, body: JSON.stringify({ definition, expectedRevision: 0 }) });
    const published = await fetch(url, { method: "POST", headers, body: JSON.stringify({ intent: "publish" }) });
    return [saved.status, published.status, await published.text()];
  }, definition);
  expect(answers.slice(0, 2), String(answers[2])).toEqual([200, 200]);
}

describe("the document-template picker", () => {
  it("shows titles with ids, and a template published meanwhile once the window regains focus", async () => {
    const context = await watchCsp(await browser.newContext({ viewport: { width: 1440, height: 1000 } }));
    const page = await context.newPage();
    await signInToStudio(page, base, ANALYSTS.marta);
    const stamp = Date.now().toString(36);
    await page.getByLabel("New service id").fill(`picker-${stamp}`);
    await Promise.all([page.waitForURL(/\/studio\/drafts\//, { timeout: 60_000 }), page.getByRole("button", { name: "Blank service" }).click()]);
    await page.locator("[data-testid=canvas] .react-flow__pane").waitFor();
    await dragFromPalette(page, "document", { x: 420, y: 300 });
    await node(page, "document1").waitFor();
    await selectNode(page, "document1");
    await openTab(page, "Properties");
    const picker = page.getByTestId("properties").getByRole("combobox", { name: /^(document )?template\b/i });
    await picker.waitFor();
    // Titles in the studio's language (English here), the id as secondary text.
    expect(await picker.locator('option[value="parking-permit"]').textContent()).toBe("Parking permit · parking-permit");

    const id = `bike-permit-${stamp}`;
    expect(await picker.locator(`option[value="${id}"]`).count()).toBe(0);
    await publishTemplate(page, {
      id,
      version: 1,
      title: { uk: "Дозвіл на велопарковку", en: "Bike parking permit" },
      numberPrefix: "BP",
      data: { type: "object", properties: { holder: { type: "string" } }, required: ["holder"] },
      sections: [{ rows: [{ key: "holder", uk: "Власник", en: "Holder", required: true }] }],
      card: ["holder"],
    });
    // The analyst comes back to the studio's window (from the designer's tab): the list is asked for again.
    await page.evaluate(() => window.dispatchEvent(new Event("focus")));
    await expect.poll(() => picker.locator(`option[value="${id}"]`).textContent().catch(() => null), { timeout: 15_000 }).toBe(`Bike parking permit · ${id}`);

    await picker.selectOption(id);
    await expect.poll(() => savedSource(page), { timeout: 20_000 }).toContain(`template: ${id}`);
    await expect.poll(() => page.getByTestId("properties").textContent()).toContain(`id: ${id}`);
    // The editor checked again with the fresh list: the template is known. Either the validator says its data
    // is missing (the blank form has no answers to map), or the panel has already added a row for the data the
    // template asks for; both need the template's data schema, which only a known template has.
    await expect
      .poll(async () => (await page.getByTestId("problems").textContent())?.includes("document.missing-field") || /\bholder:/.test(await savedSource(page)), { timeout: 20_000 })
      .toBe(true);
    expect(await page.getByTestId("problems").textContent()).not.toContain("template.unknown");
    await context.close();
  });
});
