/**
 * The studio speaks Ukrainian (by default) and English: the same pages, labels and problems in each
 * language, switched with the studio's own language button; axe-core finds no violations on the studio's
 * list, the editor and the template designer in either language.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { cspViolations, launchChromium, watchCsp, watchErrors } from "./browser";
import { axeViolations, waitForText } from "./portal-page";
import { ANALYSTS, signInToStudio } from "./studio-page";

const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());
afterEach(() => expect(cspViolations.splice(0), "Content-Security-Policy violations").toEqual([]));

async function newPage(lang: "uk" | "en"): Promise<Page> {
  const context = await watchCsp(await browser.newContext({ viewport: { width: 1440, height: 900 } }));
  const page = await context.newPage();
  await signInToStudio(page, base, ANALYSTS.marta, lang);
  return page;
}

/** Waits until the validation worker has checked the newest text. */
async function checked(page: Page) {
  await expect.poll(() => page.getByTestId("problems").getAttribute("data-validating"), { timeout: 20_000 }).toBe("false");
}

async function noViolations(page: Page, what: string) {
  expect(await axeViolations(page), `${what}: ${page.url()}`).toEqual([]);
}

const TEXTS = {
  uk: {
    studio: "Студія",
    blank: "Порожня послуга",
    templates: "Шаблони",
    tabs: ["Властивості", "Конструктор форми", "Текст", "Пробний запуск", "Сценарії", "Публікація"],
    palette: "Кроки",
    problems: "Проблеми",
    problem: /Крок «[^»]+»/,
    count: /\d+ (помил(ка|ки|ок)), \d+ (попередже(ння|нь))/,
    designer: "Шаблони документів",
    other: "English",
    check: "Перевірити",
    addScenario: "Додати сценарій",
    remove: "Вилучити",
    scenarioFailure: "Сценарій не дає відповідей для форми «Заява»",
    blockers: [/^✖ Опис послуги має \d+ помил(ку|ки|ок): виправ/, "✖ Ще немає жодного сценарію: зробіть пробний запуск"],
    newSectionKind: "Вид нового розділу",
    addSection: "Додати розділ",
    sectionText: "Текст розділу 2 uk",
    templateProblem: "Розділ 2, текст (uk): заповнювач {nothing} — поля «nothing» немає в даних",
  },
  en: {
    studio: "Studio",
    blank: "Blank service",
    templates: "Templates",
    tabs: ["Properties", "Form designer", "Source", "Test run", "Scenarios", "Publish"],
    palette: "Steps",
    problems: "Problems",
    problem: /Step “[^”]+”/,
    count: /\d+ errors?, \d+ warnings?/,
    designer: "Document templates",
    other: "Українська",
    check: "Check",
    addScenario: "Add a scenario",
    remove: "Remove",
    scenarioFailure: "The scenario gives no answers for the form “Application”",
    blockers: [/^✖ The service has \d+ errors?: fix/, "✖ No scenarios yet: do a test run"],
    newSectionKind: "Kind of the new section",
    addSection: "Add section",
    sectionText: "Text of section 2 uk",
    templateProblem: "Section 2, text (uk): placeholder {nothing} — “nothing” is not a data field",
  },
} as const;

describe("the studio in uk and en", () => {
  for (const lang of ["uk", "en"] as const) {
    it(`${lang}: the list, the editor (labels, a problem for analysts) and the template designer, without axe violations`, async () => {
      const t = TEXTS[lang];
      const page = await newPage(lang);
      const errors = watchErrors(page);
      expect(await page.locator("html").getAttribute("lang")).toBe(lang);

      // The studio's list.
      await waitForText(page.locator("h1"), t.studio);
      expect(await page.getByRole("button", { name: t.blank }).count()).toBe(1);
      expect(await page.locator(".studio-nav").textContent()).toContain(t.templates);
      expect(await page.getByTestId("studio-language").textContent()).toContain(t.other);
      await noViolations(page, "studio list");

      // A blank service in the editor.
      await page.locator("input[name=id]").fill(`e2e-i18n-${lang}-${Date.now().toString(36)}`);
      await Promise.all([page.waitForURL(/\/studio\/drafts\//), page.getByRole("button", { name: t.blank }).click()]);
      await page.getByTestId("canvas").waitFor({ timeout: 30_000 });
      for (const tab of t.tabs) expect(await page.getByRole("tab", { name: tab, exact: true }).count(), tab).toBe(1);
      expect(await page.locator(".palette h2").textContent()).toBe(t.palette);
      await checked(page);
      expect(await page.locator("#problems-heading").textContent()).toContain(t.problems);
      expect(await page.locator("#problems-heading .count").textContent()).toMatch(t.count);
      await noViolations(page, "editor");

      // Why a scenario fails, from the engine's runner by code, in the studio's language (then the scenario goes).
      await page.getByRole("tab", { name: t.tabs[4], exact: true }).click();
      const scenarios = page.getByTestId("scenarios");
      await scenarios.getByRole("button", { name: t.addScenario, exact: true }).click();
      const failure = scenarios.locator(".failures li").first();
      await waitForText(failure, t.scenarioFailure, 20_000);
      expect(await failure.getAttribute("data-code")).toBe("scenario.no-answers");
      await scenarios.getByRole("button", { name: t.remove, exact: true }).click();
      await expect.poll(() => scenarios.locator(".scenario-list li").count()).toBe(0);

      // A notification added from the palette leads nowhere yet: the problem names it by its title.
      await page.locator('.palette-item[data-kind="notification"]').click();
      await checked(page);
      const problem = page.getByTestId("problems").locator(".problem").first();
      await problem.waitFor({ timeout: 20_000 });
      expect(await problem.locator(".problem-message").textContent()).toMatch(t.problem);
      // The code stays, small, for developers.
      expect(await problem.locator(".problem-where code").textContent()).toMatch(/^[a-z]+\.[a-z-]+$/);
      await noViolations(page, "editor with a problem");

      // What stops publishing, from the server by code, in the studio's language; the code and the English for developers.
      await page.getByRole("tab", { name: t.tabs[5], exact: true }).click();
      await page.getByTestId("publish").getByRole("button", { name: t.check, exact: true }).click();
      const blockers = page.getByTestId("publish").locator(".blockers li");
      await waitForText(blockers.nth(1), t.blockers[1], 20_000);
      expect((await blockers.first().textContent())?.trim()).toMatch(t.blockers[0]);
      expect(await blockers.nth(1).getAttribute("data-code")).toBe("publish.no-scenarios");
      expect(await blockers.nth(1).getAttribute("title")).toMatch(/^no scenarios: run the service/);

      // The template designer.
      await page.goto(`${base}/studio/templates`);
      await waitForText(page.locator("h1"), t.designer);
      await noViolations(page, "template list");
      await page.goto(`${base}/studio/templates/e2e-i18n-${lang}`);
      await page.getByTestId("template-designer").waitFor({ timeout: 30_000 });
      await noViolations(page, "template designer");

      // A template's problem, checked by the server after the save, in the studio's language with its code.
      const layout = page.getByTestId("template-layout");
      await layout.getByLabel(t.newSectionKind).selectOption("text");
      await layout.getByRole("button", { name: t.addSection, exact: true }).click();
      await layout.getByLabel(t.sectionText, { exact: true }).fill("{nothing}");
      await layout.getByLabel(t.sectionText.replace(/uk$/, "en"), { exact: true }).fill("{nothing}");
      const templateProblem = page.getByTestId("template-problems").locator('[data-code="tpl.placeholder-unknown"]');
      await waitForText(templateProblem, t.templateProblem, 20_000);
      // The preview says why it cannot be made, in the same words; its refusal (422) is the one error expected.
      await waitForText(page.getByTestId("preview-error"), t.templateProblem, 20_000);
      expect(errors.filter((e) => !/^422 POST \S+\/preview$/.test(e))).toEqual([]);
      await page.context().close();
    });
  }

  it("the studio's language button switches uk ↔ en and stays", async () => {
    const page = await newPage("uk");
    await waitForText(page.locator("h1"), "Студія");
    await Promise.all([page.waitForLoadState("load"), page.getByTestId("studio-language").click()]);
    await waitForText(page.locator("h1"), "Studio");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.goto(`${base}/studio/developers`);
    await waitForText(page.locator("h1"), "Developers");
    await Promise.all([page.waitForLoadState("load"), page.getByTestId("studio-language").click()]);
    await waitForText(page.locator("h1"), "Розробникам");
    expect(new URL(page.url()).pathname).toBe("/studio/developers");
    await page.context().close();
  });
});
