/**
 * The "done when" of issue 12: an analyst builds the parking-permit service with the canvas, the panels, the
 * rule builders and the designers only — the Source tab is never opened — and publishes it: a form (plate,
 * address, period of 1/3/12 months), a population register check (getPerson by the applicant's tax number),
 * the fee by period made with the value builder's table (1 → 150, 3 → 400, 12 → 900), the payment, an
 * officer's review, the built-in parking-permit document, and Ends with both outcomes (approved, rejected).
 * Every outcome edge is covered by a test run saved as a scenario. Then a citizen applies for 3 months, the
 * stand-in provider's payment page asks for 400 UAH, the officer approves, and the citizen's PDF prints the
 * plate, the address and the period, sealed (pdfsig: "Signature is Valid").
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { parse } from "yaml";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { pdfSignatures, pdfToText } from "./pdf-tools";
import { cspViolations, launchChromium, watchCsp, watchErrors } from "./browser";
import { newContext, PEOPLE, SCREENSHOTS, signInCitizen, signInStaff, waitForText } from "./portal-page";
import { addFormField, ANALYSTS, connectWithDialog, dragFromPalette, node, openTab, savedSource, selectNode, signInToStudio } from "./studio-page";

const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => browser?.close());
afterEach(() => expect(cspViolations.splice(0), "Content-Security-Policy violations").toEqual([]));

const PLATE = "KA4321CE";
const ADDRESS = { region: "Київська обл.", city: "Бровари", street: "вул. Симона Петлюри", building: "21", apartment: "7" };
const FEE_CEL = 'form1.period == "1" ? 150 : form1.period == "3" ? 400 : form1.period == "12" ? 900 : 0';
const UNTIL = { "1": "2026-03-31", "3": "2026-05-31", "12": "2027-02-28" } as const;

/** A mapping row of a property panel's mapping field, by its key. */
async function mappingRow(mapping: Locator, key: string): Promise<Locator> {
  const rows = mapping.getByTestId("mapping-row");
  const n = await rows.count();
  for (let i = 0; i < n; i++) if ((await rows.nth(i).getByTestId("mapping-key").inputValue()) === key) return rows.nth(i);
  // Not there yet: a new row, named.
  await mapping.getByTestId("mapping-add").click();
  await expect.poll(() => rows.count()).toBe(n + 1);
  const row = rows.nth(n);
  await row.getByTestId("mapping-key").fill(key);
  return row;
}

/** A row's value made with the value builder: a copy of an answer. */
async function copyOf(row: Locator, path: string) {
  await row.getByTestId("value-kind").selectOption("field");
  await row.getByTestId("rule-field").first().selectOption(path);
  await expect.poll(() => row.getByTestId("rule-cel").inputValue()).toBe(path);
}

/** A row's value made with the value builder: a fixed text. */
async function fixed(row: Locator, text: string) {
  await row.getByTestId("value-kind").selectOption("fixed");
  await row.getByTestId("fixed-value").fill(text);
  await expect.poll(() => row.getByTestId("rule-cel").inputValue()).toBe(JSON.stringify(text));
}

/** A row's value made with the value builder's table by the period (the choice's three options). */
async function byPeriod(rule: Locator, values: [string, string, string]) {
  await rule.getByTestId("value-kind").selectOption("table");
  const table = rule.getByTestId("table-builder");
  await table.waitFor();
  await table.getByTestId("rule-field").selectOption("form1.period");
  await expect.poll(() => table.getByTestId("table-row").count()).toBe(3);
  for (let i = 0; i < 3; i++) await table.getByTestId("table-value").nth(i).fill(values[i]);
}

describe("issue 12: the parking permit built without the Source tab", () => {
  it("an analyst builds and publishes it with the canvas, panels, builders and designers; a citizen applies for 3 months, pays 400 UAH and gets the sealed permit", async () => {
    const serviceId = `parking-permit-${Date.now().toString(36)}`;
    const context = await watchCsp(await browser.newContext({ viewport: { width: 1440, height: 1000 } }));
    const page = await context.newPage();
    const errors = watchErrors(page);
    // The Source tab stays closed: every tab is opened through this guard, and Monaco is never loaded.
    const tabsOpened: string[] = [];
    const tab = async (name: Exclude<Parameters<typeof openTab>[1], "Source">) => {
      tabsOpened.push(name);
      await openTab(page, name);
    };
    const scripts: string[] = [];
    page.on("request", (r) => scripts.push(r.url()));
    await signInToStudio(page, base, ANALYSTS.marta);

    // ── 1. A new service: it starts valid (a start form → End) ──────────────────────────────────────
    await page.getByLabel("New service id").fill(serviceId);
    await Promise.all([page.waitForURL(/\/studio\/drafts\//, { timeout: 60_000 }), page.getByRole("button", { name: "Blank service" }).click()]);
    await page.locator("[data-testid=canvas] .react-flow__pane").waitFor();
    await node(page, "form1").waitFor();
    await node(page, "final1").waitFor();
    const problems = page.getByTestId("problems");
    await expect.poll(() => problems.locator("h2 .count").textContent(), { timeout: 20_000 }).toBe("0 errors, 0 warnings");

    // ── 2. The steps, from the palette onto the canvas ──────────────────────────────────────────────
    await dragFromPalette(page, "registry", { x: 200, y: 120 });
    await node(page, "registry1").waitFor();
    await dragFromPalette(page, "payment", { x: 300, y: 200 });
    await node(page, "payment1").waitFor();
    await dragFromPalette(page, "review", { x: 400, y: 280 });
    await node(page, "review1").waitFor();
    await dragFromPalette(page, "document", { x: 500, y: 360 });
    await node(page, "document1").waitFor();
    await dragFromPalette(page, "final", { x: 300, y: 440 });
    await node(page, "final2").waitFor();
    await page.getByRole("button", { name: "Auto layout" }).click();
    await page.getByRole("button", { name: "Fit", exact: true }).click();
    await page.waitForTimeout(400);

    // Connections with the keyboard's transitions dialog (C on a step): the happy path…
    await connectWithDialog(page, "form1", "next", "registry1");
    await connectWithDialog(page, "registry1", "found", "payment1");
    await connectWithDialog(page, "payment1", "paid", "review1");
    await connectWithDialog(page, "review1", "approve", "document1");
    await connectWithDialog(page, "document1", "next", "final1");
    // …and every other outcome to the rejected End.
    for (const outcome of ["notFound", "error", "timeout"]) await connectWithDialog(page, "registry1", outcome, "final2");
    await connectWithDialog(page, "payment1", "failed", "final2");
    await connectWithDialog(page, "review1", "reject", "final2");
    await connectWithDialog(page, "review1", "timeout", "final2");
    await page.getByRole("button", { name: "Auto layout" }).click();
    await page.getByRole("button", { name: "Fit", exact: true }).click();

    const properties = page.getByTestId("properties");

    // The Ends: approved (the new service's), rejected (picked, not typed).
    await selectNode(page, "final2");
    await tab("Properties");
    await properties.getByLabel("outcome").selectOption("rejected");
    await expect
      .poll(async () => {
        const steps = (parse(await savedSource(page)) as { steps: Record<string, { outcome?: string }> }).steps;
        return [steps.final1.outcome, steps.final2.outcome];
      }, { timeout: 20_000 })
      .toEqual(["approved", "rejected"]);

    // ── The form: plate, address (the designer's address type), period (1/3/12 months) ────────────
    await selectNode(page, "form1");
    await tab("Form designer");
    await addFormField(page, "text", "plate", { uk: "Номерний знак", en: "Number plate" });
    await addFormField(page, "address", "address", { uk: "Адреса", en: "Address" });
    const period = await addFormField(page, "choice", "period", { uk: "Строк дозволу", en: "Permit period" });
    await period.getByRole("button", { name: "Add choice" }).click();
    const choices: [string, string, string][] = [
      ["1", "1 місяць", "1 month"],
      ["3", "3 місяці", "3 months"],
      ["12", "12 місяців", "12 months"],
    ];
    for (const [i, [value, uk, en]] of choices.entries()) {
      await period.getByLabel(`Value of choice ${i + 1}`, { exact: true }).fill(value);
      await period.getByLabel(`Text of choice ${i + 1} in uk`, { exact: true }).fill(uk);
      await period.getByLabel(`Text of choice ${i + 1} in en`, { exact: true }).fill(en);
    }
    await expect
      .poll(async () => (parse(await savedSource(page)) as { steps: { form1: { schema: { properties: { period: { oneOf: { const: string }[] } } } } } }).steps.form1.schema.properties.period.oneOf?.map((o) => o.const), { timeout: 20_000 })
      .toEqual(["1", "3", "12"]);

    // ── The population register: getPerson by the applicant's tax number ───────────────────────────
    await selectNode(page, "registry1");
    await tab("Properties");
    await properties.getByRole("combobox", { name: /^registry\b/i }).selectOption("population");
    await properties.getByRole("combobox", { name: /^operation\b/i }).selectOption("getPerson");
    const taxId = await mappingRow(properties.getByTestId("mapping-input"), "taxId");
    await copyOf(taxId, "applicant.taxId");
    await expect.poll(() => savedSource(page), { timeout: 20_000 }).toContain("taxId: applicant.taxId");

    // ── The payment: the amount by the value builder's table ───────────────────────────────────────
    await selectNode(page, "payment1");
    const amount = properties.getByTestId(/^rule-.*amount$/);
    await byPeriod(amount, ["150", "400", "900"]);
    await expect.poll(() => amount.getByTestId("rule-cel").inputValue()).toBe(FEE_CEL);
    await expect.poll(() => amount.getByTestId("rule-check").textContent()).toBe("✓ whole number");
    await expect.poll(async () => (parse(await savedSource(page)) as { steps: { payment1: { amount: unknown } } }).steps.payment1.amount, { timeout: 20_000 }).toBe(FEE_CEL);

    // ── The officer's review: the HSC officers (hsc.officer is a demo account) ─────────────────────
    await selectNode(page, "review1");
    await properties.getByRole("combobox", { name: /^officers' role\b/i }).selectOption("hsc-officer");
    await expect.poll(() => savedSource(page), { timeout: 20_000 }).toContain("role: hsc-officer");

    // ── The document: the parking-permit template; the mapping fills from the answers by key ───────
    await selectNode(page, "document1");
    await properties.getByRole("combobox", { name: /^(document )?template\b/i }).selectOption("parking-permit");
    await expect.poll(() => savedSource(page), { timeout: 20_000 }).toContain("plate: form1.plate");
    expect(await savedSource(page)).toContain("address: form1.address");
    const data = properties.getByTestId("mapping-data");
    await copyOf(await mappingRow(data, "lastName"), "applicant.lastName");
    await copyOf(await mappingRow(data, "firstName"), "applicant.firstName");
    await fixed(await mappingRow(data, "make"), "Škoda Octavia");
    await fixed(await mappingRow(data, "zone"), "A");
    await fixed(await mappingRow(data, "validFrom"), "2026-03-01");
    await byPeriod(await mappingRow(data, "validUntil"), [UNTIL["1"], UNTIL["3"], UNTIL["12"]]);
    await byPeriod(await mappingRow(data, "fee"), ["150", "400", "900"]);
    await expect
      .poll(async () => (parse(await savedSource(page)) as { steps: { document1: { data: Record<string, string> } } }).steps.document1.data, { timeout: 20_000 })
      .toMatchObject({ plate: "form1.plate", address: "form1.address", lastName: "applicant.lastName", firstName: "applicant.firstName", make: '"Škoda Octavia"', zone: '"A"', validFrom: '"2026-03-01"', fee: FEE_CEL });

    // ── 3. No problems ─────────────────────────────────────────────────────────────────────────────
    await expect
      .poll(async () => ((await problems.textContent()) ?? "").replace(/\s+/g, " "), { timeout: 20_000 })
      .toContain("No problems.");

    // A test run per path, each saved as a scenario: the publish gate wants every outcome edge covered.
    await tab("Test run");
    const run = page.getByTestId("test-run");
    const paths: string[][] = [
      ["found", "paid", "approve"],
      ["found", "paid", "reject"],
      ["found", "paid", "timeout"],
      ["found", "failed"],
      ["notFound"],
      ["error"],
      ["timeout"],
    ];
    for (const [n, replies] of paths.entries()) {
      if (n > 0) await run.getByRole("button", { name: "Restart" }).click();
      await run.getByLabel(/Номерний знак/).fill(PLATE);
      await run.getByLabel(/Область/).fill(ADDRESS.region);
      await run.getByLabel(/Населений пункт/).fill(ADDRESS.city);
      await run.getByLabel(/Вулиця/).fill(ADDRESS.street);
      await run.getByLabel(/Будинок/).fill(ADDRESS.building);
      await run.getByLabel(/Квартира/).fill(ADDRESS.apartment);
      await run.getByLabel("3 місяці").check();
      await run.getByRole("button", { name: "Продовжити" }).click();
      for (const reply of replies) await run.locator(`.outcome-buttons button[data-outcome="${reply}"]`).click();
      await run.getByTestId("run-finished").waitFor();
      await run.getByRole("button", { name: "Save this run as a scenario" }).click();
      await expect.poll(() => run.getByRole("button", { name: "Save this run as a scenario" }).count()).toBeLessThanOrEqual(1);
    }
    await tab("Scenarios");
    await expect.poll(() => page.getByTestId("scenarios").textContent(), { timeout: 20_000 }).toContain(`${paths.length} of ${paths.length} scenarios pass`);

    // The finished canvas, for the README (a wider window, so the steps are readable).
    await page.setViewportSize({ width: 1920, height: 1000 });
    await page.getByRole("button", { name: "Auto layout" }).click();
    await page.getByRole("button", { name: "Fit", exact: true }).click();
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(SCREENSHOTS, "studio-parking-permit.png") });
    await page.setViewportSize({ width: 1440, height: 1000 });

    // Publish.
    await tab("Publish");
    await page.getByTestId("publish").getByRole("button", { name: "Publish" }).click();
    await expect
      .poll(async () => `${await page.getByTestId("publish-message").textContent()} ${await page.getByTestId("publish").locator(".blockers").textContent().catch(() => "")}`, { timeout: 20_000 })
      .toContain("Published version 1");

    // The Source tab was never opened, and the source editor (Monaco) never loaded.
    expect(tabsOpened).not.toContain("Source");
    expect(scripts.filter((u) => /SourceEditor-|monaco|yaml\.worker|editor\.worker/.test(u))).toEqual([]);
    expect(errors).toEqual([]);

    // ── 4. A citizen applies for 3 months and pays 400 UAH ──────────────────────────────────────────
    const citizen = await (await newContext(browser)).newPage();
    const citizenErrors = watchErrors(citizen);
    await signInCitizen(citizen, base, PEOPLE.olena, `/services/${serviceId}`);
    await Promise.all([citizen.waitForURL(/\/applications\/[0-9a-f-]{36}$/), citizen.getByRole("button", { name: /^Почати$/ }).click()]);
    const applicationId = citizen.url().split("/").pop()!;
    await citizen.getByLabel(/Номерний знак/).waitFor({ timeout: 20_000 });
    await citizen.getByLabel(/Номерний знак/).fill(PLATE);
    await citizen.getByLabel(/Область/).fill(ADDRESS.region);
    await citizen.getByLabel(/Населений пункт/).fill(ADDRESS.city);
    await citizen.getByLabel(/Вулиця/).fill(ADDRESS.street);
    await citizen.getByLabel(/Будинок/).fill(ADDRESS.building);
    await citizen.getByLabel(/Квартира/).fill(ADDRESS.apartment);
    await citizen.getByLabel("3 місяці").check();
    await Promise.all([citizen.waitForLoadState("networkidle"), citizen.getByRole("button", { name: /Продовжити|Подати/ }).first().click()]);
    // The register is read, then the fee for 3 months is due.
    await reloadUntil(citizen, ".status-panel", /Сплатіть 400/);
    await Promise.all([citizen.waitForURL(/\/checkout\//), citizen.getByRole("button", { name: "Сплатити" }).click()]);
    // The stand-in payment provider's page asks for 400 грн (in the portal's language).
    const checkout = ((await citizen.locator("body").textContent()) ?? "").replace(/\s+/g, " ");
    expect(checkout).toContain("400,00 грн");
    expect(checkout).not.toMatch(/\b(150|900),00 грн/);
    await Promise.all([citizen.waitForURL(new RegExp(`/applications/${applicationId}`)), citizen.getByRole("button", { name: /Сплатити/ }).click()]);
    await reloadUntil(citizen, ".status-panel", /Розгляд|розглядає посадовець/);

    // ── The officer approves ─────────────────────────────────────────────────────────────────────────
    const officer = await (await newContext(browser)).newPage();
    const officerErrors = watchErrors(officer);
    await signInStaff(officer, base, "hsc.officer", "demo-hsc-2026");
    await waitForText(officer.locator("[data-testid=inbox]"), applicationId.slice(0, 8).toUpperCase(), 30_000);
    await Promise.all([officer.waitForURL(/\/office\/applications\//), officer.locator(`a[href="/office/applications/${applicationId}"]`).click()]);
    await waitForText(officer.locator(".answers"), PLATE);
    await Promise.all([officer.waitForURL(/decided=1/), officer.getByRole("button", { name: "Схвалити" }).click()]);

    // ── The citizen downloads the permit ────────────────────────────────────────────────────────────
    const documentLink = citizen.getByRole("link", { name: /Переглянути документ/ });
    await expect
      .poll(async () => {
        if (await documentLink.count()) return true;
        await citizen.reload();
        return (await documentLink.count()) > 0;
      }, { timeout: 60_000, interval: 1000 })
      .toBe(true);
    await Promise.all([citizen.waitForURL(/\/documents\//), documentLink.first().click()]);
    const [download] = await Promise.all([citizen.waitForEvent("download"), citizen.getByRole("link", { name: "Завантажити PDF" }).click()]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfToText(pdf);
    expect(text).toContain("Дозвіл на паркування");
    expect(text).toContain(PLATE);
    for (const part of Object.values(ADDRESS)) expect(text, `"${part}" in the PDF`).toContain(part);
    // The period: from 01.03.2026 to the end of the 3 months (31.05.2026), the table's row for 3.
    expect(text).toContain("01.03.2026");
    expect(text).toContain("31.05.2026");
    expect(pdfSignatures(pdf)).toContain("Signature is Valid");
    expect([...citizenErrors, ...officerErrors]).toEqual([]);
    await Promise.all([context.close(), citizen.context().close(), officer.context().close()]);
  });
});

/** Reloads until the element's text matches (the worker moves the application on). */
async function reloadUntil(page: Page, selector: string, pattern: RegExp, timeout = 40_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = ((await page.locator(selector).first().textContent().catch(() => "")) ?? "").trim();
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`Still "${text}" at ${page.url()}, waiting for ${pattern}`);
    await page.waitForTimeout(700);
    await page.reload();
  }
}
