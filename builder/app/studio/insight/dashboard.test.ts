/**
 * The service dashboard from a ServiceInsight (a fixture): the tables say what the runtime counted, a suppressed
 * count reads "< 5" on the page and "<5" in the CSV (never a number), versions are compared by their own shares,
 * the page has a table and a named chart box for every chart, and the URL's filter is checked with clear 400s.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { createMemoryRouter, RouterProvider } from "react-router-dom";
import { describe, expect, it, vi } from "vitest";
import { chartData } from "./Chart";
import { tableCsv } from "./csv";
import { formatDuration } from "./format";
import { FIXTURE_INSIGHT } from "./insight.fixture";
import { kyivMidnight, parseDashboardParams } from "./query.server";
import { dashboardView, SUPPRESSED, TABLE_IDS } from "./view";

let lang: "uk" | "en" = "en";
vi.mock("../../portal/root-data", async (importOriginal) => ({ ...(await importOriginal<object>()), useLang: () => lang }));

describe("the dashboard's tables", () => {
  it("headline numbers, with finished suppressed when one outcome is under 5", () => {
    const view = dashboardView(FIXTURE_INSIGHT, "en");
    expect(view.title).toBe("Criminal record certificate");
    expect(Object.fromEntries(view.headline.map((h) => [h.key, h.value]))).toEqual({ started: 200, submitted: 160, finished: SUPPRESSED, inProgress: 40, rating: 4.25 });
    const one = dashboardView({ ...FIXTURE_INSIGHT, total: FIXTURE_INSIGHT.byVersion[1] }, "en");
    expect(one.headline.find((h) => h.key === "finished")?.value).toBe(63);
  });

  it("funnel with shares of started and drop-off; times split into citizens' and waiting; steps named by title", () => {
    const { tables } = dashboardView(FIXTURE_INSIGHT, "uk");
    expect(tables.funnel.rows[0]).toEqual(["Заява", 200, 1, 20, 0.1]);
    expect(tables.funnel.rows[1]).toEqual(["Перевірка в реєстрі", 180, 0.9, SUPPRESSED, null]);
    expect(tables.citizenTimes.rows.map((r) => r[0])).toEqual(["Заява", "Оплата"]);
    expect(tables.citizenTimes.rows[1]).toEqual(["Оплата", SUPPRESSED, SUPPRESSED, SUPPRESSED]);
    expect(tables.waitingTimes.rows.map((r) => r[0])).toEqual(["Перевірка в реєстрі", "Розгляд"]);
    expect(tables.fieldErrors.rows[0]).toEqual(["taxId", "Заява", "не той формат (pattern)", 84]);
    expect(tables.decisions.rows[1]).toEqual(["Розгляд", "Відмовлено", "hsc-officer", SUPPRESSED, SUPPRESSED, SUPPRESSED]);
    expect(tables.payments.rows[0]).toEqual(["Сплачено", 150, 22_500]);
    expect(tables.feedbackByOutcome.rows.map((r) => r[0])).toEqual(["Завершена: Видано", "Вийшов на кроці «Заява»"]);
  });

  it("compares the newest two versions by their own shares, with the change in percentage points", () => {
    const { compared, tables } = dashboardView(FIXTURE_INSIGHT, "en");
    expect(compared).toEqual([2, 1]);
    expect(tables.compareFunnel.columns.map((c) => c.label)).toEqual(["Step", "v2: reached", "v2: share", "v1: reached", "v1: share", "Change (v2 − v1)"]);
    const pay = tables.compareFunnel.rows.find((r) => r[0] === "Payment")!;
    expect(pay.slice(1, 5)).toEqual([85, 0.85, 70, 0.7]);
    expect(pay[5]).toBeCloseTo(15);
    const apply = tables.compareTimes.rows.find((r) => r[0] === "Application")!;
    expect(apply[5]).toBe(-2 * 60_000);
    // One version asked for: nothing to compare.
    expect(dashboardView(FIXTURE_INSIGHT, "en", { compare: [2] }).compared).toEqual([]);
  });

  it("CSV: a BOM, headers with units, numbers as numbers, suppressed cells stay suppressed, formulas defused", () => {
    const { tables } = dashboardView(FIXTURE_INSIGHT, "uk");
    const funnel = tableCsv(tables.funnel, "uk");
    expect(funnel.startsWith("\uFEFFКрок,Дійшли,\"Частка розпочатих, %\"")).toBe(true);
    expect(funnel).toContain("\r\nПеревірка в реєстрі,180,90,<5,\r\n");
    expect(funnel).not.toMatch(/null|undefined|NaN/);
    const times = tableCsv(dashboardView(FIXTURE_INSIGHT, "en").tables.waitingTimes, "en");
    expect(times).toContain('Step,Measured,"Median, s","90th percentile, s"\r\nRegistry check,180,0.8,2.5\r\nReview,160,172800,561600\r\n');
    const comments = tableCsv(tables.comments, "uk");
    expect(comments).toContain('"Мій РНОКПП *** не приймали, ""=SUM(A1)"" двічі"');
    const formula = tableCsv({ ...tables.comments, rows: [["=HYPERLINK(\"x\")", "1", "a", "b", "c"]] }, "en");
    expect(formula).toContain(`"'=HYPERLINK(""x"")"`);
    for (const id of TABLE_IDS) expect(() => tableCsv(tables[id], "en")).not.toThrow();
  });
});

describe("the dashboard page", () => {
  async function render(language: "uk" | "en", versions: number[] = []) {
    lang = language;
    const { Dashboard } = await import("./Dashboard");
    const router = createMemoryRouter([{ path: "/", element: createElement(Dashboard, { insight: FIXTURE_INSIGHT, params: { from: "2026-11-01", to: "", versions } }) }]);
    return renderToStaticMarkup(createElement(RouterProvider, { router }));
  }

  it("every chart has a named box and a table; suppressed cells read < 5 with the reason", async () => {
    const html = await render("en");
    expect(html).toContain("<h1>Service insight: Criminal record certificate</h1>");
    const charts = [...html.matchAll(/role="img" aria-label="([^"]+)" data-chart="(\w+)"/g)];
    expect(charts.length).toBeGreaterThanOrEqual(8);
    for (const [, label, id] of charts) {
      expect(label).toMatch(/^Chart: .+ The same figures are in the table below\.$/);
      expect(html).toContain(`data-testid="table-${id}"`);
    }
    expect(html).toContain('title="fewer than 5 people: hidden to protect privacy" data-suppressed="">&lt; 5</abbr>');
    expect(html).toContain("“&lt; 5”: fewer than 5 people; the number is hidden to protect privacy.");
    expect(html).toContain("4.3 out of 5");
    expect(html).toContain("24 ratings");
    // A GET form: the period and the versions are in the URL; CSV links carry the same filter.
    expect(html).toMatch(/<form method="get"[^>]*aria-label="What to show"/);
    expect(html).toContain('name="from" value="2026-11-01"');
    expect(html).toContain('href="/studio/services/criminal-record-certificate/insight.csv?from=2026-11-01&amp;table=funnel"');
    expect(html).toContain("Change (v2 − v1)");
  });

  it("before the runtime's first complete count (asOf at the epoch) it says the figures are still being counted", async () => {
    lang = "en";
    const { Dashboard } = await import("./Dashboard");
    const insight = { ...FIXTURE_INSIGHT, asOf: new Date(0).toISOString() };
    const router = createMemoryRouter([{ path: "/", element: createElement(Dashboard, { insight, params: { from: "", to: "", versions: [] } }) }]);
    const html = renderToStaticMarkup(createElement(RouterProvider, { router }));
    expect(html).toContain("Shown: all versions, all time · the figures are still being counted: reload in a minute");
    expect(html).not.toContain("1970");
  });

  it("charts draw numbers only, one bar per row and series, rows named apart when they share a first cell", () => {
    const { tables } = dashboardView(FIXTURE_INSIGHT, "en");
    // The suppressed phone error is not drawn; two rows of one field would be told apart by step and check.
    expect(chartData(tables.fieldErrors).map((d) => [d.label, d.value])).toEqual([["taxId", 84], ["address/postcode", 14]]);
    const twice = { ...tables.fieldErrors, rows: [["phone", "Application", "left empty (required)", 9], ["phone", "Application", "wrong format (pattern)", 7]] };
    expect(chartData(twice).map((d) => d.label)).toEqual(["phone · Application · left empty (required)", "phone · Application · wrong format (pattern)"]);
    expect(chartData(tables.compareFunnel).filter((d) => d.label === "Payment")).toEqual([
      { label: "Payment", series: "v2: share", value: 0.85 },
      { label: "Payment", series: "v1: share", value: 0.7 },
    ]);
  });

  it("Ukrainian: texts, human durations and the plural of ratings", async () => {
    const html = await render("uk", [2, 1]);
    expect(html).toContain("Як працює послуга: Довідка про несудимість");
    expect(html).toContain("24 оцінки");
    expect(html).toContain(formatDuration("uk", 2 * 86_400_000));
    expect(html).toContain('name="v" checked="" value="2"');
    expect(html).toContain("менше 5 людей: приховано, щоб захистити приватність");
  });
});

describe("human durations", () => {
  it("seconds, minutes, hours, days in each language", () => {
    expect([800, 45_000, 3 * 60_000, 90 * 60_000, 2 * 86_400_000, 12 * 86_400_000].map((ms) => formatDuration("uk", ms))).toEqual(["0,8 с", "45 с", "3 хв", "1,5 год", "2 дні", "12 днів"]);
    expect([45_000, 3 * 60_000, 2 * 86_400_000].map((ms) => formatDuration("en", ms))).toEqual(["45 secs", "3 mins", "2 days"]);
  });
});

describe("the dashboard's URL", () => {
  const parse = (search: string) => parseDashboardParams(new URL(`http://x/studio/services/s/insight${search}`), [1, 2, 3], "en");
  const refusal = (search: string) => {
    try {
      parse(search);
    } catch (error) {
      return error as Response;
    }
    throw new Error(`accepted ${search}`);
  };

  it("days are Kyiv days, the end inclusive; versions newest first; empty fields mean no filter", () => {
    const { params, query } = parse("?from=2026-07-01&to=2026-12-01&v=1&v=3&v=");
    expect(params).toEqual({ from: "2026-07-01", to: "2026-12-01", versions: [3, 1] });
    expect(query.from?.toISOString()).toBe("2026-06-30T21:00:00.000Z");
    expect(query.to?.toISOString()).toBe("2026-12-01T22:00:00.000Z");
    expect(query.versions).toEqual([3, 1]);
    expect(parse("?from=&to=").query).toEqual({});
    expect(kyivMidnight("2026-03-29").toISOString()).toBe("2026-03-28T22:00:00.000Z");
  });

  it("a bad day, a reversed period or an unknown version is a 400 that says so", async () => {
    for (const [search, text] of [
      ["?from=2026-02-30", "“2026-02-30” is not a date (YYYY-MM-DD)."],
      ["?to=yesterday", "“yesterday” is not a date (YYYY-MM-DD)."],
      ["?from=2026-12-01&to=2026-11-01", "The period starts (2026-12-01) after it ends (2026-11-01)."],
      ["?v=7", "The service has no published version “7”."],
      ["?v=1.5", "The service has no published version “1.5”."],
    ] as const) {
      const response = refusal(search);
      expect(response.status, search).toBe(400);
      expect(await response.text()).toBe(text);
    }
  });
});
