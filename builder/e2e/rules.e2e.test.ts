/**
 * Rules without code, in a real browser: an analyst sets a parking permit's fee with the table builder
 * (1 → 150, 3 → 400, 12 → 900 by the `months` choice) and a decision with the condition builder
 * ("any of: months = 12, resident = no"), without typing CEL. The builders show the CEL they write,
 * its type and its value for sample answers; the saved YAML holds the expected CEL and the validator
 * has nothing to say. The End step's outcome and a review's outcomes are picked, not typed.
 */
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { cspViolations, launchChromium, watchCsp, watchErrors } from "./browser";
import { ANALYSTS, savedSource, selectNode, signInToStudio } from "./studio-page";

const base = inject("baseUrl");
const screenshots = resolve(dirname(fileURLToPath(import.meta.url)), "../../docs/screenshots");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(screenshots, { recursive: true });
});
afterAll(async () => browser?.close());
afterEach(() => expect(cspViolations.splice(0), "Content-Security-Policy violations").toEqual([]));

const serviceYaml = (id: string) => `schemaVersion: 1
id: ${id}
title: { uk: Дозвіл на паркування, en: Parking permit }
languages: [uk, en]
owner: { uk: Київська міська рада, en: Kyiv City Council }
start: permit
steps:
  permit:
    kind: form
    title: { uk: Заява, en: Application }
    schema:
      type: object
      required: [months, plate, resident]
      properties:
        months:
          type: integer
          title: { uk: Строк, en: Months }
          oneOf:
            - { const: 1, title: { uk: 1 місяць, en: 1 month } }
            - { const: 3, title: { uk: 3 місяці, en: 3 months } }
            - { const: 12, title: { uk: 12 місяців, en: 12 months } }
        plate: { type: string, title: { uk: Номер, en: Plate } }
        resident: { type: boolean, title: { uk: Мешканець, en: Resident } }
    next: fee
  fee:
    kind: payment
    title: { uk: Оплата, en: Fee }
    amount: 0
    currency: UAH
    purpose: { uk: Плата за дозвіл, en: Permit fee }
    on: { paid: route, failed: rejected }
  route:
    kind: decision
    title: { uk: Потрібен розгляд?, en: Review needed? }
    branches:
      - { when: "true", next: review }
    otherwise: approved
  review:
    kind: review
    title: { uk: Розгляд, en: Review }
    role: mvs-officer
    on: { approve: approved, reject: rejected }
  approved:
    kind: final
    outcome: approved
  rejected:
    kind: final
    outcome: approved
`;

async function newPage(): Promise<Page> {
  const context = await watchCsp(await browser.newContext({ viewport: { width: 1440, height: 1000 } }));
  const page = await context.newPage();
  await signInToStudio(page, base, ANALYSTS.marta);
  return page;
}

const FEE_CEL = "permit.months == 1 ? 150 : permit.months == 3 ? 400 : permit.months == 12 ? 900 : 0";
const ROUTE_CEL = "permit.months == 12 || permit.resident == false";

describe("rules without code", () => {
  it("an analyst builds the parking permit's fee table and a decision's condition without typing CEL", async () => {
    const page = await newPage();
    const errors = watchErrors(page);
    const serviceId = `e2e-rules-${Date.now().toString(36)}`;
    await page.locator('input[name="file"]').setInputFiles({ name: `${serviceId}.yaml`, mimeType: "text/yaml", buffer: Buffer.from(serviceYaml(serviceId)) });
    await Promise.all([page.waitForURL(/\/studio\/drafts\//), page.getByRole("button", { name: "Import", exact: true }).click()]);
    await page
      .locator("[data-testid=canvas] .react-flow__pane")
      .waitFor()
      .catch(async (error) => {
        throw new Error(`${(error as Error).message}\npage errors: ${errors.join("\n")}\n${(await page.locator("body").innerText()).slice(0, 2000)}`);
      });
    const properties = page.getByTestId("properties");

    // The End step's outcome is a choice (it was "Unsupported field schema"): "rejected" ends rejected.
    await selectNode(page, "rejected");
    const outcome = properties.getByLabel("outcome");
    await outcome.selectOption("rejected");
    await expect.poll(async () => (parse(await savedSource(page)) as { steps: { rejected: { outcome: string } } }).steps.rejected.outcome, { timeout: 20_000 }).toBe("rejected");
    expect(await properties.textContent()).not.toMatch(/Unsupported field schema|Unknown field type/);

    // The fee: a table by the months choice, prefilled with its options.
    await selectNode(page, "fee");
    const amount = properties.getByTestId(/^rule-.*amount$/);
    await amount.getByTestId("value-kind").selectOption("table");
    const table = amount.getByTestId("table-builder");
    await expect.poll(() => table.getByTestId("table-row").count()).toBe(3);
    expect(await table.getByTestId("rule-field").inputValue()).toBe("permit.months");
    const values = table.getByTestId("table-value");
    await values.nth(0).fill("150");
    await values.nth(1).fill("400");
    await values.nth(2).fill("900");
    await expect.poll(() => amount.getByTestId("rule-cel").inputValue()).toBe(FEE_CEL);
    // Type-checked as it is edited, and computed for sample answers (the first option: 1 month).
    await expect.poll(() => amount.getByTestId("rule-check").textContent()).toBe("✓ whole number");
    await expect.poll(() => amount.getByTestId("rule-preview").textContent()).toBe("For the sample answers: 150");
    // Saved as CEL in the definition.
    await expect.poll(async () => (parse(await savedSource(page)) as { steps: { fee: { amount: unknown } } }).steps.fee.amount, { timeout: 20_000 }).toBe(FEE_CEL);
    // Other sample answers: 12 months costs 900.
    await amount.locator("details summary").click();
    const sample = amount.getByTestId("rule-sample");
    const answers = JSON.parse(await sample.inputValue()) as { permit: { months: number } };
    answers.permit.months = 12;
    await sample.fill(JSON.stringify(answers));
    await expect.poll(() => amount.getByTestId("rule-preview").textContent()).toBe("For the sample answers: 900");
    await page.screenshot({ path: join(screenshots, "rules-fee-table.png") });

    // The decision: any of "months = 12", "resident = no".
    await selectNode(page, "route");
    const when = properties.getByTestId(/^rule-.*when$/);
    const builder = when.getByTestId("condition-builder");
    await builder.getByTestId("add-comparison").click();
    const first = builder.getByTestId("comparison").nth(0);
    expect(await first.getByTestId("rule-field").inputValue()).toBe("permit.months");
    await first.getByTestId("rule-value").selectOption({ index: 2 }); // the third option: 12 months
    await builder.getByTestId("rule-join").selectOption("or");
    await builder.getByTestId("add-comparison").click();
    const second = builder.getByTestId("comparison").nth(1);
    await second.getByTestId("rule-field").selectOption("permit.resident");
    await second.getByTestId("rule-value").selectOption("false");
    await expect.poll(() => when.getByTestId("rule-cel").inputValue()).toBe(ROUTE_CEL);
    await expect.poll(() => when.getByTestId("rule-check").textContent()).toBe("✓ true or false");
    await expect.poll(() => when.getByTestId("rule-preview").textContent()).toBe("For the sample answers: false");

    // The YAML the server saved holds the CEL; the validator has nothing to say.
    await expect
      .poll(async () => {
        const saved = parse(await savedSource(page)) as { steps: { fee: { amount: unknown }; route: { branches: { when: string }[] } } };
        return [saved.steps.fee.amount, saved.steps.route.branches[0].when];
      }, { timeout: 20_000 })
      .toEqual([FEE_CEL, ROUTE_CEL]);
    await expect.poll(() => page.getByTestId("problems").textContent()).toContain("No problems.");

    // Reopening shows the builders again, not the CEL.
    await selectNode(page, "fee");
    await expect.poll(() => properties.getByTestId(/^rule-.*amount$/).getByTestId("value-kind").inputValue()).toBe("table");
    await selectNode(page, "route");
    await expect.poll(() => properties.getByTestId(/^rule-.*when$/).getByTestId("comparison").count()).toBe(2);
    await page.screenshot({ path: join(screenshots, "rules-condition.png") });

    // A developer may type the CEL under the builder (slowly: the text is saved while typing); the builder follows.
    const cel = properties.getByTestId(/^rule-.*when$/).getByTestId("rule-cel");
    await cel.click();
    await cel.press("Control+End");
    await cel.pressSequentially(' || permit.plate.startsWith("AA")', { delay: 40 });
    await expect.poll(() => cel.inputValue()).toBe(`${ROUTE_CEL} || permit.plate.startsWith("AA")`);
    await expect.poll(() => properties.getByTestId(/^rule-.*when$/).getByTestId("comparison").count()).toBe(3);
    await expect.poll(() => properties.getByTestId(/^rule-.*when$/).getByTestId("rule-check").textContent()).toBe("✓ true or false");
    expect(errors).toEqual([]);
  });
});
