/**
 * The analyst's path for documents (issue 11): an analyst designs a new document template in the studio's
 * template designer (no YAML: fields, rows, a text with placeholders; the real PDF previewed in the page),
 * publishes it, builds a service whose document step uses it (the template picked from a list, the data
 * mapping filled from the form's answers), publishes that; a citizen applies and downloads the PDF, in which
 * pdftotext finds every value (the full address too) and pdfsig a valid seal of the stand-in authority.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { pdfSignatures, pdfToText } from "./pdf-tools";
import { cspViolations, launchChromium, watchCsp, watchErrors } from "./browser";
import { axeViolations, newContext, PEOPLE, SCREENSHOTS, signInCitizen, waitForText } from "./portal-page";
import { addFormField, ANALYSTS, connect, dragFromPalette, node, openTab, savedSource, selectNode, signInToStudio } from "./studio-page";

const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => browser?.close());
afterEach(() => expect(cspViolations.splice(0), "Content-Security-Policy violations").toEqual([]));

async function analystPage(): Promise<Page> {
  const context = await watchCsp(await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true }));
  const page = await context.newPage();
  await signInToStudio(page, base, ANALYSTS.marta);
  return page;
}

/** The designer is server-rendered: its controls work once React has started in the page. */
const designerReady = (page: Page) => page.locator("[data-testid=template-designer][data-ready]").waitFor({ timeout: 30_000 });

/** A data field's row in the designer, by its key. */
const designerField = (page: Page, key: string): Locator => page.getByTestId("template-fields").locator(`li.tpl-field[data-field="${key}"]`);

/** Adds a data field of a type and names it (key, titles, required), as an analyst does with the designer's controls. */
async function addTemplateField(page: Page, type: string, key: string, title: { uk: string; en: string }, required = true) {
  const fields = page.getByTestId("template-fields");
  const before = await fields.locator("li.tpl-field").count();
  await fields.getByLabel("Type of the new field", { exact: true }).selectOption(type);
  await fields.getByRole("button", { name: "Add field", exact: true }).click();
  await expect.poll(() => fields.locator("li.tpl-field").count()).toBe(before + 1);
  const row = fields.locator("li.tpl-field").nth(before);
  const oldKey = (await row.getAttribute("data-field"))!;
  await row.getByLabel(`Key of ${oldKey}`).fill(key);
  await row.getByLabel(`Key of ${oldKey}`).press("Enter");
  const named = designerField(page, key);
  await named.waitFor();
  await named.getByLabel(`Title of ${key} uk`).fill(title.uk);
  await named.getByLabel(`Title of ${key} en`).fill(title.en);
  if (required) await named.getByLabel(`${key} is required`).check();
}

/** Whether a canvas has drawn anything but white (the PDF page was really rendered). */
const canvasInked = (canvas: Locator) =>
  canvas.evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const pixels = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i] < 128 && pixels[i + 1] < 128 && pixels[i + 2] < 128) dark++;
    return dark;
  });

const HOLDER = "Коваленко Олена Іванівна";
const PLATE = "KA7788BC";
const ADDRESS = { region: "Київська обл.", city: "Бровари", street: "вул. Незалежності", building: "17", apartment: "42" };

describe("document templates in the studio", () => {
  it("an analyst designs a parking permit without YAML, a service issues it, the citizen's PDF prints every field and is sealed", async () => {
    const stamp = Date.now().toString(36);
    const templateId = `parking-permit-${stamp}`;
    const serviceId = `parking-${stamp}`;
    const page = await analystPage();
    const errors = watchErrors(page);

    // ── The template designer ──────────────────────────────────────────────────────────────────────
    await Promise.all([page.waitForURL(/\/studio\/templates$/), page.getByRole("navigation", { name: "Studio" }).getByRole("link", { name: "Templates" }).click()]);
    await page.getByLabel("New template id").fill(templateId);
    await Promise.all([page.waitForURL(new RegExp(`/studio/templates/${templateId}$`)), page.getByRole("button", { name: "New template" }).click()]);
    await designerReady(page);

    const meta = page.getByTestId("template-metadata");
    await meta.getByLabel("Document title uk").fill("Дозвіл на паркування");
    await meta.getByLabel("Document title en").fill("Parking permit");
    await meta.getByLabel("Number prefix").fill("PK");
    await meta.getByLabel("Valid for").selectOption("M");
    await meta.getByLabel("Number of months").fill("12");

    // The blank template's one field becomes the holder's name.
    const first = page.getByTestId("template-fields").locator("li.tpl-field").first();
    const firstKey = (await first.getAttribute("data-field"))!;
    await first.getByLabel(`Key of ${firstKey}`).fill("holderName");
    await first.getByLabel(`Key of ${firstKey}`).press("Enter");
    const holder = designerField(page, "holderName");
    await holder.getByLabel("Type of holderName").selectOption("name");
    await holder.getByLabel("Title of holderName uk").fill("Власник дозволу");
    await holder.getByLabel("Title of holderName en").fill("Permit holder");
    await addTemplateField(page, "address", "address", { uk: "Адреса", en: "Address" });
    await addTemplateField(page, "text", "plate", { uk: "Номерний знак", en: "Number plate" });
    await addTemplateField(page, "date", "validFrom", { uk: "Діє з", en: "Valid from" });
    await addTemplateField(page, "date", "validUntil", { uk: "Діє до", en: "Valid until" });

    // Layout: the first section prints the holder (it followed the rename); a row for every other field, in order.
    const layout = page.getByTestId("template-layout");
    const section1 = layout.locator('li.tpl-section[data-section="1"]');
    await section1.getByLabel("Field of row 1 of section 1").selectOption("holderName");
    await section1.getByLabel("Label of row 1 of section 1 uk").fill("Власник дозволу");
    await section1.getByLabel("Label of row 1 of section 1 en").fill("Permit holder");
    // The row took the name format when the field became a name.
    expect(await section1.getByLabel("Format of row 1 of section 1").inputValue()).toBe("name");
    await section1.getByRole("button", { name: /Add rows for all fields not yet printed/ }).click();
    await expect.poll(() => section1.locator("li.tpl-row").count()).toBe(5);
    // The plate goes second, with the keyboard.
    await section1.getByRole("button", { name: "Move row 3 of section 1 up" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => section1.locator("li.tpl-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-row")))).toEqual(["holderName", "plate", "address", "validFrom", "validUntil"]);
    // The focus stays with the row that moved.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Move row 2 of section 1 up");
    await section1.getByLabel("Show row 1 of section 1 on the card").check();
    await section1.getByLabel("Show row 2 of section 1 on the card").check();

    // A paragraph with placeholders, inserted with the helper at the cursor.
    await layout.getByLabel("Kind of the new section").selectOption("text");
    await layout.getByRole("button", { name: "Add section" }).click();
    const section2 = layout.locator('li.tpl-section[data-section="2"]');
    await section2.getByLabel("Heading of section 2 uk").fill("Умови");
    await section2.getByLabel("Heading of section 2 en").fill("Terms");
    const textUk = section2.getByLabel("Text of section 2 uk");
    await textUk.fill("Дозвіл діє лише для автомобіля ");
    await textUk.press("End");
    await section2.getByLabel("Field to insert in section 2").selectOption("plate");
    await section2.getByRole("button", { name: "Insert field at the cursor" }).click();
    await expect.poll(() => textUk.inputValue()).toBe("Дозвіл діє лише для автомобіля {plate}");
    await textUk.press("End");
    await page.keyboard.type(".");
    await section2.getByLabel("Text of section 2 en").fill("Valid for the vehicle {plate} only.");

    // Saved as a draft, no problems; the real PDF drawn in the page.
    await waitForText(page.getByTestId("template-save-status"), /Saved · revision [1-9]/, 20_000);
    await waitForText(page.getByTestId("template-problems"), "No problems", 20_000);
    const canvas = page.getByTestId("pdf-preview").locator("canvas").first();
    await canvas.waitFor({ timeout: 30_000 });
    await expect.poll(() => canvasInked(canvas), { timeout: 20_000 }).toBeGreaterThan(500);
    // The preview follows the edits: the permit's title is what the PDF was made from (the preview is re-rendered).
    expect(await page.getByTestId("preview-error").count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    // A tall window for the screenshot: the fields, the layout and the preview side by side.
    await page.setViewportSize({ width: 1440, height: 1500 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, "template-designer.png") });
    await page.setViewportSize({ width: 1440, height: 1000 });

    // Publish.
    await page.getByTestId("template-designer").getByRole("button", { name: "Publish", exact: true }).click();
    await waitForText(page.getByTestId("template-publish-message"), "Published version 1", 20_000);

    // A change after publishing is a draft; the versions page shows what changed against version 1.
    await meta.getByLabel("Document title en").fill("Residents' parking permit");
    await waitForText(page.getByTestId("template-save-status"), /Saved · revision [1-9]/, 20_000);
    await page.goto(`${base}/studio/templates/${templateId}/versions?from=1&to=draft`);
    const diff = page.getByTestId("template-diff");
    await waitForText(diff, "Residents' parking permit");
    expect(await diff.locator(".diff-added").allTextContents()).toContainEqual(expect.stringContaining("Residents' parking permit"));
    expect(await diff.locator(".diff-removed").allTextContents()).toContainEqual(expect.stringContaining("Parking permit"));
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${base}/studio/templates`);
    await waitForText(page.getByTestId("templates"), templateId);
    expect(await axeViolations(page)).toEqual([]);

    // ── A service that issues it ───────────────────────────────────────────────────────────────────
    await page.goto(`${base}/studio`);
    await page.getByLabel("New service id").fill(serviceId);
    await Promise.all([page.waitForURL(/\/studio\/drafts\//, { timeout: 60_000 }), page.getByRole("button", { name: "Blank service" }).click()]);
    await page.locator("[data-testid=canvas] .react-flow__pane").waitFor();
    // A new service starts as a form (form1) leading to an End (final1): the document goes between them.
    await node(page, "form1").waitFor();
    await node(page, "final1").waitFor();
    await dragFromPalette(page, "document", { x: 420, y: 260 });
    await node(page, "document1").waitFor();
    // Dropped steps can land on each other when the canvas fits its view: lay them out first.
    await page.getByRole("button", { name: "Auto layout" }).click();
    await page.getByRole("button", { name: "Fit", exact: true }).click();
    await page.waitForTimeout(500);
    await connect(page, "form1", "next", "document1");
    await connect(page, "document1", "next", "final1");
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(2);
    await page.getByRole("button", { name: "Auto layout" }).click();
    await page.getByRole("button", { name: "Fit", exact: true }).click();

    // The form collects the permit's data.
    await selectNode(page, "form1");
    await openTab(page, "Form designer");
    await addFormField(page, "text", "holderName", { uk: "Власник дозволу", en: "Permit holder" });
    await addFormField(page, "text", "plate", { uk: "Номерний знак", en: "Number plate" });
    await addFormField(page, "address", "address", { uk: "Адреса", en: "Address" });
    await addFormField(page, "date", "validFrom", { uk: "Діє з", en: "Valid from" });
    await addFormField(page, "date", "validUntil", { uk: "Діє до", en: "Valid until" });
    await expect.poll(() => savedSource(page), { timeout: 20_000 }).toContain("Valid until");

    // The document step: the template picked from the catalog; its data mapping fills itself from the answers.
    await selectNode(page, "document1");
    await openTab(page, "Properties");
    const properties = page.getByTestId("properties");
    await properties.getByRole("combobox", { name: /^(document )?template\b/i }).selectOption(templateId);
    await expect.poll(() => savedSource(page), { timeout: 20_000 }).toContain(`template: ${templateId}`);
    await expect.poll(() => savedSource(page), { timeout: 20_000 }).toContain("plate: form1.plate");
    const source = await savedSource(page);
    for (const key of ["holderName", "address", "validFrom", "validUntil"]) expect(source).toContain(`${key}: form1.${key}`);
    await expect.poll(() => node(page, "document1").getByTestId("node-issue").count()).toBe(0);

    // Run it, keep the run as the scenario, publish.
    await openTab(page, "Test run");
    const run = page.getByTestId("test-run");
    await run.getByLabel(/Власник дозволу/).fill(HOLDER);
    await run.getByLabel(/Номерний знак/).fill(PLATE);
    await run.getByLabel(/Область/).fill(ADDRESS.region);
    await run.getByLabel(/Населений пункт/).fill(ADDRESS.city);
    await run.getByLabel(/Вулиця/).fill(ADDRESS.street);
    await run.getByLabel(/Будинок/).fill(ADDRESS.building);
    await run.getByLabel(/Квартира/).fill(ADDRESS.apartment);
    await run.getByLabel(/Діє з/).fill("2026-03-01");
    await run.getByLabel(/Діє до/).fill("2027-02-28");
    await run.getByRole("button", { name: "Продовжити" }).click();
    await run.getByTestId("run-finished").waitFor();
    await run.getByRole("button", { name: "Save this run as a scenario" }).click();
    await openTab(page, "Scenarios");
    await expect.poll(() => page.getByTestId("scenarios").textContent()).toContain("1 of 1 scenarios pass");
    await openTab(page, "Publish");
    await page.getByTestId("publish").getByRole("button", { name: "Publish" }).click();
    await expect.poll(() => page.getByTestId("publish-message").textContent(), { timeout: 20_000 }).toContain("Published version 1");
    expect(errors).toEqual([]);

    // ── A citizen applies and gets the PDF ─────────────────────────────────────────────────────────
    const citizen = await (await newContext(browser)).newPage();
    const citizenErrors = watchErrors(citizen);
    await signInCitizen(citizen, base, PEOPLE.olena, `/services/${serviceId}`);
    await Promise.all([citizen.waitForURL(/\/applications\/[0-9a-f-]{36}$/), citizen.getByRole("button", { name: /^Почати$/ }).click()]);
    await citizen.getByLabel(/Власник дозволу/).waitFor({ timeout: 20_000 });
    await citizen.getByLabel(/Власник дозволу/).fill(HOLDER);
    await citizen.getByLabel(/Номерний знак/).fill(PLATE);
    await citizen.getByLabel(/Область/).fill(ADDRESS.region);
    await citizen.getByLabel(/Населений пункт/).fill(ADDRESS.city);
    await citizen.getByLabel(/Вулиця/).fill(ADDRESS.street);
    await citizen.getByLabel(/Будинок/).fill(ADDRESS.building);
    await citizen.getByLabel(/Квартира/).fill(ADDRESS.apartment);
    await citizen.getByLabel(/Діє з/).fill("2026-03-01");
    await citizen.getByLabel(/Діє до/).fill("2027-02-28");
    await citizen.getByRole("button", { name: /Продовжити|Подати/ }).first().click();
    const documentLink = citizen.getByRole("link", { name: /Переглянути документ/ });
    await expect.poll(async () => {
      if (await documentLink.count()) return true;
      await citizen.reload();
      return (await documentLink.count()) > 0;
    }, { timeout: 60_000, interval: 1000 }).toBe(true);
    await Promise.all([citizen.waitForURL(/\/documents\//), documentLink.first().click()]);
    const [download] = await Promise.all([citizen.waitForEvent("download"), citizen.getByRole("link", { name: "Завантажити PDF" }).click()]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");

    // Every field's value is printed, the full address too (street, building, flat, city).
    const text = pdfToText(pdf);
    for (const expected of ["Дозвіл на паркування", "Parking permit", HOLDER, PLATE, "01.03.2026", "28.02.2027", ADDRESS.city, ADDRESS.street, ADDRESS.building, ADDRESS.apartment, ADDRESS.region]) {
      expect(text, `"${expected}" in the PDF`).toContain(expected);
    }
    // The address whole, in the formatter's order: region, city, street, building, flat (a long value wraps: spaces normalised).
    expect(text).toContain(`${ADDRESS.region}, ${ADDRESS.city}, ${ADDRESS.street}, ${ADDRESS.building}, кв. ${ADDRESS.apartment}`);
    expect(text).toContain(`Дозвіл діє лише для автомобіля ${PLATE}.`);
    expect(text).toMatch(/PK-\d{4}-/);

    // Sealed by the stand-in authority: pdfsig (poppler) checks the signature.
    expect(pdfSignatures(pdf)).toContain("Signature is Valid");
    expect(citizenErrors).toEqual([]);
  });

  it("two analysts on one template get a conflict, not an overwrite; a broken placeholder stops the preview and publishing", async () => {
    const templateId = `conflict-${Date.now().toString(36)}`;
    const marta = await analystPage();
    const admin = await (async () => {
      const context = await watchCsp(await browser.newContext({ viewport: { width: 1440, height: 1000 } }));
      const page = await context.newPage();
      await signInToStudio(page, base, ANALYSTS.admin);
      return page;
    })();
    await marta.goto(`${base}/studio/templates/${templateId}`);
    await admin.goto(`${base}/studio/templates/${templateId}`);
    await designerReady(marta);
    await designerReady(admin);
    await marta.getByTestId("template-metadata").getByLabel("Document title en").fill("Marta's permit");
    await waitForText(marta.getByTestId("template-save-status"), /Saved · revision [1-9]/, 20_000);
    await admin.getByTestId("template-metadata").getByLabel("Document title en").fill("Admin's permit");
    const conflict = admin.getByTestId("template-conflict");
    await waitForText(conflict, ANALYSTS.marta.name, 20_000);
    await conflict.getByRole("button", { name: "Load their version" }).click();
    await expect.poll(() => admin.getByTestId("template-metadata").getByLabel("Document title en").inputValue()).toBe("Marta's permit");

    // A text that names no data field: the problem is shown, the preview says why it failed, publishing waits.
    const layout = marta.getByTestId("template-layout");
    await layout.getByLabel("Kind of the new section").selectOption("text");
    await layout.getByRole("button", { name: "Add section" }).click();
    await layout.getByLabel("Text of section 2 uk").fill("Для {nothing}");
    await layout.getByLabel("Text of section 2 en").fill("For {nothing}");
    await waitForText(marta.getByTestId("template-problems"), "{nothing}", 20_000);
    await waitForText(marta.getByTestId("preview-error"), /^Preview failed: .*nothing/, 20_000);
    expect(await marta.getByTestId("template-designer").getByRole("button", { name: "Publish", exact: true }).isDisabled()).toBe(true);
  });
});
