/**
 * The service dashboard end to end (issue 15): six citizens look up a traffic fine that is not in the register
 * (the application finishes: "Постанову не знайдено"); five rate the service through the JSON API and one on the
 * application's page in the browser (a score, a quick reason, a comment with a phone number). The analyst opens
 * the service's dashboard from the studio and sees the counts, the rating and its distribution, where a score
 * chosen by fewer than 5 people reads "< 5" and the comment's phone number is masked; the charts are drawn with a
 * table behind each; the filter is a plain GET form; a table downloads as CSV; axe-core finds nothing in uk or en.
 */
import type { APIRequestContext, Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { demoPeople } from "../../stand-ins/data/people";
import { cspViolations, launchChromium, watchErrors } from "./browser";
import { axeViolations, newContext, signInCitizen, waitForText } from "./portal-page";
import { ANALYSTS, signInToStudio } from "./studio-page";

const base = inject("baseUrl");
const SERVICE = "traffic-fine-payment";
const DASHBOARD = `/studio/services/${SERVICE}/insight`;
/** Six adults of the stand-in register's generated people (the last ones): no other browser test uses them. */
const CITIZENS = demoPeople()
  .filter((p) => p.tags.includes("adult") && !p.tags.includes("idp"))
  .slice(-6)
  .map((p) => p.taxId);
/** Scores sent through the API; the browser's citizen gives 5 too: five 5s and one 4 (under 5 people: suppressed). */
const API_RATINGS = [
  { score: 5, reasons: ["fast"], comment: "Усе швидко, дякую" },
  { score: 5, reasons: ["fast", "clear"], comment: "" },
  { score: 5, reasons: ["fast"], comment: "" },
  { score: 5, reasons: ["fast"], comment: "" },
  { score: 4, reasons: ["fast"], comment: "Добре, але постанову не знайшли" },
];
const PHONE = "050 123 45 67";

let browser: Browser;
const notDevNoise = (message: string) => !/WebSocket|\[vite\]/.test(message);

/** A citizen's application through the API: the fine's series and number, then waits until it has finished. */
async function finishApplication(api: APIRequestContext): Promise<string> {
  const me = (await (await api.get(`${base}/api/v1/me`)).json()) as { csrfToken: string };
  const headers = { "x-csrf-token": me.csrfToken, "content-type": "application/json" };
  const started = await api.post(`${base}/api/v1/applications`, { headers, data: { serviceId: SERVICE } });
  expect(started.status(), await started.text()).toBeLessThan(300);
  const { applicationId } = (await started.json()) as { applicationId: string };
  const answered = await api.post(`${base}/api/v1/applications/${applicationId}/answers`, {
    headers: { ...headers, prefer: "wait=10" },
    data: { step: "search", answers: { mode: "byResolution", series: "БАД", number: "000001" } },
  });
  expect(answered.status(), await answered.text()).toBe(200);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const prompt = (await (await api.get(`${base}/api/v1/applications/${applicationId}/feedback`)).json()) as { ask: boolean; moment?: string };
    if (prompt.ask && prompt.moment === "finished") return applicationId;
    if (Date.now() > deadline) throw new Error(`Application ${applicationId} did not finish: ${JSON.stringify(prompt)}`);
    await api.get(`${base}/api/v1/applications/${applicationId}`, { headers: { prefer: "wait=5" } });
  }
}

async function citizenContext(taxId: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await signInCitizen(page, base, taxId);
  return { context, page };
}

let browserRatedApplication = "";

beforeAll(async () => {
  browser = await launchChromium();
  // Five citizens apply and rate through the JSON API (their browser session's cookie and CSRF token).
  for (const [i, rating] of API_RATINGS.entries()) {
    const { context } = await citizenContext(CITIZENS[i]);
    const api = context.request;
    const applicationId = await finishApplication(api);
    const me = (await (await api.get(`${base}/api/v1/me`)).json()) as { csrfToken: string };
    const sent = await api.post(`${base}/api/v1/applications/${applicationId}/feedback`, {
      headers: { "x-csrf-token": me.csrfToken, "content-type": "application/json" },
      data: { ...rating, moment: "finished" },
    });
    expect(sent.status(), await sent.text()).toBe(201);
    await context.close();
  }
  // The sixth applies through the API and rates on the application's page, as a person does.
  const { context, page } = await citizenContext(CITIZENS[5]);
  const errors = watchErrors(page);
  browserRatedApplication = await finishApplication(context.request);
  await page.goto(`${base}/applications/${browserRatedApplication}`);
  await waitForText(page.locator("#feedback-title"), "Оцініть послугу");
  await page.getByRole("radio", { name: "Чудово", exact: true }).check();
  await page.getByRole("checkbox", { name: "Швидко" }).check();
  await page.getByLabel("Коментар (необов’язково)").fill(`Швидко дізнався, що постанови немає. Мій телефон ${PHONE}`);
  await Promise.all([page.waitForURL(/\/feedback\?sent=1$/), page.getByRole("button", { name: "Надіслати оцінку" }).click()]);
  await waitForText(page.locator("[role=status]"), "Дякуємо за оцінку!");
  expect(errors.filter(notDevNoise)).toEqual([]);
  await context.close();
}, 400_000);
afterAll(async () => browser?.close());
afterEach(() => expect(cspViolations.splice(0), "Content-Security-Policy violations").toEqual([]));

const cellOf = (page: Page, table: string, row: string, column: number) =>
  page.locator(`[data-testid="table-${table}"] tbody tr`).filter({ has: page.getByRole("rowheader", { name: row, exact: true }) }).locator("td").nth(column - 1);

describe("the service dashboard", () => {
  it("the analyst sees the counts and the rating; a score chosen by fewer than 5 people is suppressed; axe-clean", async () => {
    const context = await newContext(browser, { width: 1280, height: 900 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInToStudio(page, base, ANALYSTS.marta, "uk");
    // From the studio's service page.
    await page.goto(`${base}/studio/services/${SERVICE}`);
    await Promise.all([page.waitForURL((url) => url.pathname === DASHBOARD), page.getByRole("link", { name: "Як працює послуга" }).click()]);
    await waitForText(page.locator("h1"), "Як працює послуга: Оплата штрафу ПДР");

    // The headline: six started and finished, none in progress; the rating of six citizens.
    const card = (key: string) => page.locator(`[data-testid="insight-headline"] [data-key="${key}"] dd`);
    expect(await card("started").textContent()).toBe("6");
    expect(await card("finished").textContent()).toBe("6");
    expect(await card("inProgress").textContent()).toBe("0");
    expect((await card("rating").textContent())?.replace(/\s+/g, " ")).toBe("4,8 з 5 6 оцінок");
    expect(await cellOf(page, "outcomes", "Відмовлено", 1).textContent()).toBe("6");
    expect(await cellOf(page, "funnel", "Пошук штрафу", 1).textContent()).toBe("6");

    // Scores: five 5s shown, the one 4 suppressed with the reason; zero is shown as 0.
    expect(await cellOf(page, "feedbackScores", "5 — Чудово", 1).textContent()).toBe("5");
    const four = cellOf(page, "feedbackScores", "4 — Добре", 1).locator("abbr");
    expect(await four.textContent()).toBe("< 5");
    expect(await four.getAttribute("title")).toBe("менше 5 людей: приховано, щоб захистити приватність");
    expect(await cellOf(page, "feedbackScores", "1 — Дуже погано", 1).textContent()).toBe("0");
    expect(await cellOf(page, "feedbackReasons", "Швидко", 1).textContent()).toBe("6");
    expect(await cellOf(page, "feedbackReasons", "Зрозуміло", 1).textContent()).toBe("< 5");
    expect(await cellOf(page, "feedbackByOutcome", "Завершена: Відмовлено", 1).textContent()).toBe("6");
    // Comments from six ratings: the browser's comment with its phone number masked.
    const comments = await page.locator('[data-testid="table-comments"]').textContent();
    expect(comments).toContain("Швидко дізнався, що постанови немає.");
    expect(comments).toContain("Усе швидко, дякую");
    expect(comments).not.toContain(PHONE);
    expect(await page.locator("#insight-suppressed-note").textContent()).toBe("«< 5» — менше 5 людей: число приховано, щоб захистити приватність.");

    // Every chart is drawn (an SVG from Observable Plot), named, with its table in the page.
    await page.locator('[data-chart="funnel"] svg').first().waitFor();
    const charts = await page.locator(".insight-chart").evaluateAll((boxes) => boxes.map((b) => ({ id: b.getAttribute("data-chart"), label: b.getAttribute("aria-label"), drawn: !!b.querySelector("svg") })));
    expect(charts.length).toBeGreaterThanOrEqual(5);
    for (const chart of charts) {
      expect(chart.drawn, chart.id ?? "").toBe(true);
      expect(chart.label).toMatch(/^Діаграма: .+\. Ті самі числа — у таблиці нижче\.$/);
      expect(await page.locator(`[data-testid="table-${chart.id}"]`).count()).toBe(1);
    }
    await page.waitForLoadState("networkidle");
    expect(await axeViolations(page), "the dashboard in Ukrainian").toEqual([]);

    // A table as CSV: UTF-8 with a BOM, the suppressed cell stays "<5".
    const csv = await context.request.get(`${base}${DASHBOARD}.csv?table=feedbackScores`);
    expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    const text = (await csv.body()).toString("utf8");
    expect(text).toBe("\uFEFFОцінка,Оцінок\r\n1 — Дуже погано,0\r\n2 — Погано,0\r\n3 — Нормально,0\r\n4 — Добре,<5\r\n5 — Чудово,5\r\n");
    expect(errors.filter(notDevNoise)).toEqual([]);
    await context.close();
  });

  it("the filter is a GET form: a period without applications shows zeros, the URL keeps it; English is axe-clean too", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInToStudio(page, base, ANALYSTS.marta, "en");
    await page.goto(`${base}${DASHBOARD}`);
    await page.getByLabel("Applications started from").fill("2020-01-01");
    await page.getByLabel("to (inclusive)").fill("2020-01-31");
    await page.getByRole("checkbox", { name: /^version 1 / }).check();
    await Promise.all([page.waitForURL(/from=2020-01-01&to=2020-01-31&v=1$/), page.getByRole("button", { name: "Show" }).click()]);
    await waitForText(page.getByTestId("insight-shown"), "Shown: v1, from 1 January 2020 to 31 January 2020 inclusive");
    expect(await page.locator('[data-testid="insight-headline"] [data-key="started"] dd').textContent()).toBe("0");
    expect(await page.locator('[data-testid="insight-headline"] [data-key="rating"] dd').textContent()).toBe("— 0 ratings");
    await page.waitForLoadState("networkidle");
    expect(await axeViolations(page), "the dashboard in English, empty").toEqual([]);
    // A bad address says what is wrong.
    const bad = await page.goto(`${base}${DASHBOARD}?from=2020-02-30`);
    expect(bad?.status()).toBe(400);
    await waitForText(page.locator("main"), "“2020-02-30” is not a date (YYYY-MM-DD).");
    await context.close();
  });
});
