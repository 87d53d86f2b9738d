/**
 * The studio in a real browser: an analyst builds a service by dragging steps from the palette and
 * connecting them, designs its form and sees the citizen's preview, fixes an issue shown on a node,
 * edits the YAML and sees the canvas change (and the reverse, comments kept), runs it, publishes it,
 * and finds it in the citizens' catalog. Also: a conflict between two analysts, undo/redo, copy/paste,
 * and screenshots of the canvas, the form designer and the source view for the README.
 */
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { cspViolations, launchChromium, watchCsp, watchErrors } from "./browser";
import { ANALYSTS, connect, node, openTab, replaceInSource, savedSource, selectNode, signInToStudio, sourceText, waitSaved } from "./studio-page";

const base = inject("baseUrl");
const screenshots = resolve(dirname(fileURLToPath(import.meta.url)), "../../docs/screenshots");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(screenshots, { recursive: true });
});
afterAll(async () => browser?.close());
// The pages run under their Content-Security-Policy (builder/server/security-headers.ts): nothing it allows is missing.
afterEach(() => expect(cspViolations.splice(0), "Content-Security-Policy violations").toEqual([]));

/** A browser of its own for an analyst, signed in to the studio (builder/server/studio-guard.ts lets only analysts in). */
async function newPage(who: (typeof ANALYSTS)[keyof typeof ANALYSTS] = ANALYSTS.marta): Promise<Page> {
  const context = await watchCsp(await browser.newContext({ viewport: { width: 1440, height: 900 } }));
  const page = await context.newPage();
  await signInToStudio(page, base, who);
  return page;
}

describe("studio", () => {
  it("an analyst builds, tests and publishes a service, and citizens find it", async () => {
    const page = await newPage();
    const errors = watchErrors(page);
    const serviceId = `e2e-permit-${Date.now().toString(36)}`;
    await page.getByLabel("New service id").fill(serviceId);
    await Promise.all([page.waitForURL(/\/studio\/drafts\//), page.getByRole("button", { name: "Blank service" }).click()]);
    await page.locator("[data-testid=canvas] .react-flow__pane").waitFor();

    // A new service starts valid: a start form connected to an End.
    await node(page, "form1").waitFor();
    await node(page, "final1").waitFor();
    await expect.poll(() => node(page, "form1").locator(".badge-start").count()).toBe(1);
    await expect.poll(() => page.getByTestId("problems").locator("h2 .count").textContent(), { timeout: 20_000 }).toBe("0 errors, 0 warnings");

    // Cut the transition (C on the step opens its transitions; Remove): the form has no way out, the validator says so on the node.
    await selectNode(page, "form1");
    await page.keyboard.press("c");
    await page.getByRole("button", { name: "Remove the transition “next” to final1" }).click();
    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(0);
    const issue = node(page, "form1").getByTestId("node-issue");
    await expect.poll(() => issue.textContent()).toMatch(/next/i);
    expect(await node(page, "form1").locator(".step-node").getAttribute("class")).toContain("has-errors");

    // Fix it by dragging from the form's "next" handle to the end step.
    await connect(page, "form1", "next", "final1");
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(1);
    await expect.poll(() => node(page, "form1").getByTestId("node-issue").count()).toBe(0);
    expect(await node(page, "form1").locator(".step-node").getAttribute("class")).not.toContain("has-errors");

    // Undo takes the connection away, redo brings it back.
    await page.locator(".react-flow__pane").click({ position: { x: 40, y: 40 } });
    await page.keyboard.press("Control+Z");
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(0);
    await page.keyboard.press("Control+Shift+Z");
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(1);

    // Design the form: a required full name, a phone, a choice; the preview shows what citizens get.
    await selectNode(page, "form1");
    await openTab(page, "Form designer");
    const designer = page.getByTestId("form-designer");
    await designer.getByRole("button", { name: "Add field" }).click();
    const field = designer.locator('[data-field="field1"]');
    await field.getByLabel("Label uk").fill("Повне ім'я");
    await field.getByLabel("Label en").fill("Full name");
    await field.getByLabel("required").check();
    await designer.getByLabel("Type of the new field").selectOption("phone");
    await designer.getByRole("button", { name: "Add field" }).click();
    await designer.getByLabel("Type of the new field").selectOption("choice");
    await designer.getByRole("button", { name: "Add field" }).click();
    const preview = page.getByTestId("form-preview");
    await expect.poll(() => preview.textContent(), { timeout: 10_000 }).toContain("Повне ім'я");
    await expect.poll(() => preview.locator("input[type=tel]").count()).toBe(1);
    await expect.poll(() => preview.locator("input[type=radio]").count()).toBe(2);
    await preview.getByRole("button", { name: "en" }).click();
    await expect.poll(() => preview.textContent()).toContain("Full name");
    // Reorder: the choice goes first (above the new service's comment field too).
    await designer.getByRole("button", { name: "Move field3 up" }).click();
    await designer.getByRole("button", { name: "Move field3 up" }).click();
    await designer.getByRole("button", { name: "Move field3 up" }).click();
    await expect.poll(() => designer.locator(".field-row").first().getAttribute("data-field")).toBe("field3");
    // A taller window for the screenshot, so the fields and the citizen's preview are both in it.
    await page.setViewportSize({ width: 1440, height: 1500 });
    await preview.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, "form-designer.png") });
    await page.setViewportSize({ width: 1440, height: 900 });

    // Edit the YAML: the canvas follows.
    await openTab(page, "Source");
    await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 60_000 });
    await expect.poll(() => sourceText(page)).toContain("yaml-language-server");
    // Completion from the definition's JSON Schema (monaco-yaml's worker).
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+Home");
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("cat");
    // The YAML worker starts on first use; ask again until it answers.
    await expect
      .poll(
        async () => {
          await page.keyboard.press("Control+Space");
          await page.waitForTimeout(500);
          return page.locator(".suggest-widget .monaco-list-row").allTextContents();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toContainEqual(expect.stringContaining("category"));
    await page.screenshot({ path: join(screenshots, "source-view.png") });
    await page.keyboard.press("Escape");
    await page.keyboard.press("Shift+Home");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await replaceInSource(page, "Кінець", "Дозвіл видано");
    await expect.poll(() => node(page, "final1").locator(".step-title").textContent(), { timeout: 10_000 }).toBe("Дозвіл видано");

    // And the reverse: a step added on the canvas appears in the source, the comment at the top stays.
    await page.locator(".palette-item[data-kind=notification]").click();
    await node(page, "notification1").waitFor();
    await expect.poll(() => savedSource(page), { timeout: 20_000 }).toContain("notification1:");
    const source = await savedSource(page);
    expect(source).toContain("title: { uk: Дозвіл видано");
    expect(source.split("\n")[0]).toBe("# yaml-language-server: $schema=../../engine/service-definition.schema.json");
    expect(source.split("\n")[1]).toBe("schemaVersion: 1");

    // The stray notification is not wanted: delete it with the keyboard.
    await selectNode(page, "notification1");
    await page.keyboard.press("Delete");
    await expect.poll(() => node(page, "notification1").count()).toBe(0);

    // Run it as a citizen; the path lights up; save the run as a scenario.
    await openTab(page, "Test run");
    const run = page.getByTestId("test-run");
    await run.getByLabel(/Повне ім'я/).fill("Олена Коваленко");
    await run.getByLabel(/Варіант А/).check();
    await run.getByRole("button", { name: "Продовжити" }).click();
    await run.getByTestId("run-finished").waitFor();
    await expect.poll(() => node(page, "final1").locator(".step-node").getAttribute("class")).toContain("lit");
    await run.getByRole("button", { name: "Save this run as a scenario" }).click();
    await openTab(page, "Scenarios");
    await expect.poll(() => page.getByTestId("scenarios").textContent()).toContain("1 of 1 scenarios pass");

    // Publish.
    await openTab(page, "Publish");
    await page.getByTestId("publish").getByRole("button", { name: "Publish" }).click();
    await expect.poll(() => page.getByTestId("publish-message").textContent(), { timeout: 20_000 }).toContain("Published version 1");

    // A second version: the full name becomes optional; the history says so in words.
    await openTab(page, "Form designer");
    await designer.locator('[data-field="field1"]').getByLabel("required").uncheck();
    await openTab(page, "Publish");
    await page.getByTestId("publish").getByRole("button", { name: "Publish" }).click();
    await expect.poll(() => page.getByTestId("publish-message").textContent(), { timeout: 20_000 }).toContain("Published version 2");
    await page.goto(`${base}/studio/services/${serviceId}?from=1&to=2`);
    await expect.poll(() => page.getByTestId("diff").textContent()).toContain('Field "Full name" (field1) in "form1" became optional');

    // Developers see the handlers and the service's generated types.
    await page.goto(`${base}/studio/developers?service=${serviceId}`);
    expect(await page.getByTestId("handlers").textContent()).toContain("fee-calculation");
    expect(await page.getByTestId("types").textContent()).toMatch(/field1\??: string/);

    // Citizens find it in the catalog, and their pages load neither React Flow nor Monaco.
    const scripts: string[] = [];
    page.on("request", (r) => scripts.push(r.url()));
    await page.goto(`${base}/`);
    // (In the analyst's language: the e2e signs in in English.)
    await expect.poll(() => page.textContent("body")).toMatch(/Нова послуга|New service/);
    expect(scripts.filter((u) => /Editor-|SourceEditor-|monaco|xyflow|\.worker/.test(u))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("opens the criminal-record example, keeps its comments when steps move, and shows a readable diff after a change", async () => {
    const page = await newPage();
    await page.goto(`${base}/studio`);
    await page.getByLabel("From an example").selectOption("criminal-record-certificate");
    await Promise.all([page.waitForURL(/\/studio\/drafts\//), page.getByRole("button", { name: "Open example" }).click()]);
    await node(page, "checkAge").waitFor();
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(screenshots, "canvas.png") });

    // Move a step: its position is written into the definition, every comment stays.
    await node(page, "request").locator(".step-title").scrollIntoViewIfNeeded();
    const box = (await node(page, "request").locator(".step-title").boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + 120, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => savedSource(page), { timeout: 20_000 }).toMatch(/ {2}request:\n(.|\n)*?position:/);
    const source = await savedSource(page);
    expect(source).toMatch(/ {2}request:\n(.|\n)*?position: \{ x: -?\d+, y: -?\d+ \}/);
    expect(source).toContain("# ── Eligibility (Diia's checkServiceAvailability)");

    // Copy and paste a step.
    await selectNode(page, "tooYoung");
    await page.keyboard.press("Control+C");
    await page.keyboard.press("Control+V");
    await node(page, "tooYoung1").waitFor();
    await page.keyboard.press("Delete");
    await expect.poll(() => node(page, "tooYoung1").count()).toBe(0);
  });

  it("two analysts editing the same draft get a conflict, not a silent overwrite", async () => {
    const anna = await newPage(ANALYSTS.marta);
    await anna.goto(`${base}/studio`);
    await Promise.all([anna.waitForURL(/\/studio\/drafts\//), anna.getByRole("button", { name: "Blank service" }).click()]);
    const url = anna.url();
    const boris = await newPage(ANALYSTS.admin);
    await boris.goto(url);
    await anna.locator(".palette-item[data-kind=form]").waitFor();
    await boris.locator(".palette-item[data-kind=form]").waitFor();
    await anna.locator(".palette-item[data-kind=form]").click();
    await waitSaved(anna, 2);
    await boris.locator(".palette-item[data-kind=final]").click();
    const conflict = boris.getByTestId("conflict");
    await conflict.waitFor({ timeout: 20_000 });
    expect(await conflict.textContent()).toContain(ANALYSTS.marta.name);
    await conflict.getByRole("button", { name: "Load theirs" }).click();
    await node(boris, "form2").waitFor();
    expect(await node(boris, "final2").count()).toBe(0);
  });
});
