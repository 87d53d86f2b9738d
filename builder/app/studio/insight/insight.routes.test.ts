/**
 * The dashboard's routes on the real app server (builder/security/harness.ts) over applications driven through
 * the runtime: an analyst sees the counts (and "< 5" for a cell of fewer than 5), anyone else gets the studio's
 * usual refusal, a bad filter is a 400 that says what is wrong (no stack trace), an unknown service a 404, and
 * the CSV is UTF-8 with a BOM that keeps suppressed cells suppressed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicant } from "../../../../runtime/testing/fixtures";
import { startSecurityApp, type SecurityApp, type Session } from "../../../security/harness";

let app: SecurityApp;
let analyst: Session;
let officer: Session;

const get = (path: string, session?: Session, lang: "uk" | "en" = "en") => app.send(path, { headers: { cookie: [session?.cookie, `cf_lang=${lang}`].filter(Boolean).join("; ") } });
const PAGE = "/studio/services/security-probe/insight";
const CSV = "/studio/services/security-probe/insight.csv";

beforeAll(async () => {
  app = await startSecurityApp();
  analyst = await app.staff("analyst");
  officer = await app.staff("hsc.officer");
  // 8 applications: 7 submitted, 6 approved and 1 rejected by the officer.
  const ids: string[] = [];
  for (let i = 0; i < 8; i++) ids.push((await app.runtime.start("security-probe", applicant(`insight-${i}`))).applicationId);
  for (const id of ids.slice(0, 7)) await app.runtime.submit(id, { step: "ask", data: { note: "Прошу видати" } });
  const tasks = await app.runtime.tasks({ role: "hsc-officer", status: "open" });
  const reviewer = { id: "officer-1", roles: ["hsc-officer"] };
  for (const [i, task] of tasks.entries()) await app.runtime.decide(task.id, reviewer, i < 6 ? "approve" : "reject", i < 6 ? undefined : "Немає підстав");
}, 120_000);
afterAll(async () => app?.close());

describe("the service dashboard's routes", () => {
  it("an analyst sees the counts; a cell of fewer than 5 people reads < 5", async () => {
    const page = await get(PAGE, analyst);
    expect(page.status, page.body.slice(0, 500)).toBe(200);
    expect(page.body).toContain("<h1>Service insight: Security probe</h1>");
    const headline = page.body.slice(page.body.indexOf('data-testid="insight-headline"'));
    expect(headline).toMatch(/data-key="started"><dt>Started<\/dt><dd><span class="insight-big">8</);
    expect(headline).toMatch(/data-key="submitted"><dt>Submitted<\/dt><dd><span class="insight-big">7</);
    const outcomes = page.body.slice(page.body.indexOf('data-testid="table-outcomes"'));
    expect(outcomes).toMatch(/<th scope="row">Approved<\/th><td class="num">6<\/td>/);
    expect(outcomes).toMatch(/<th scope="row">Rejected<\/th><td class="num"><abbr class="insight-suppressed" title="fewer than 5 people: hidden to protect privacy"/);
    // The service's page links to it.
    expect((await get("/studio/services/security-probe", analyst)).body).toContain(`href="${PAGE}"`);
  });

  it("anyone else gets the studio's refusal: officers 403, citizens and visitors are sent to the staff sign-in", async () => {
    expect((await get(PAGE, officer)).status).toBe(403);
    expect((await get(`${CSV}?table=funnel`, officer)).status).toBe(403);
    const citizen = await app.citizen("3012345678");
    const asCitizen = await get(PAGE, citizen);
    expect(asCitizen.status).toBe(302);
    expect(asCitizen.headers.location).toContain("/staff/signin");
    expect((await get(PAGE)).headers.location).toBe(`/staff/signin?returnTo=${encodeURIComponent(PAGE)}`);
  });

  it("a bad filter is a 400 that says what is wrong, in the analyst's language; an unknown service is a 404", async () => {
    const cases: [string, "uk" | "en", string][] = [
      [`${PAGE}?from=2026-02-30`, "en", "“2026-02-30” is not a date (YYYY-MM-DD)."],
      [`${PAGE}?from=2026-12-01&to=2026-11-01`, "en", "The period starts (2026-12-01) after it ends (2026-11-01)."],
      [`${PAGE}?v=9`, "uk", "У послуги немає опублікованої версії «9»."],
      [`${CSV}?table=funnel&v=abc`, "en", "The service has no published version “abc”."],
      [`${CSV}?table=everything`, "en", "There is no table “everything”."],
    ];
    for (const [path, lang, text] of cases) {
      const answer = await get(path, analyst, lang);
      expect(answer.status, path).toBe(400);
      expect(answer.body, path).toContain(text);
      expect(answer.body, path).not.toMatch(/\bat \w+ \(|node_modules|\.ts:\d+/);
    }
    const unknown = await get("/studio/services/no-such-service/insight", analyst);
    expect(unknown.status).toBe(404);
  });

  it("CSV: one table with the dashboard's filter, UTF-8 with a BOM, suppressed cells stay <5", async () => {
    const csv = await get(`${CSV}?table=outcomes&v=1&from=2020-01-01`, analyst, "uk");
    expect(csv.status).toBe(200);
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.headers["content-disposition"]).toBe('attachment; filename="security-probe-outcomes-2020-01-01.csv"');
    expect(csv.body).toBe("\uFEFFРезультат,Заяв,\"Частка розпочатих, %\"\r\nСхвалено,6,75\r\nВідмовлено,<5,\r\n");
    // A period with no applications: zero counts, not suppressed ones.
    const empty = await get(`${CSV}?table=summary&to=2020-01-01`, analyst);
    expect(empty.body).toBe("\uFEFFMeasure,Value\r\nStarted,0\r\nSubmitted,0\r\nIn progress,0\r\nRatings,0\r\n");
  });
});
