/**
 * Rating a service in the portal over HTTP (the real server in development mode): after a finished application
 * the page offers the rating as a plain form (radios, reason checkboxes per score group, a comment), sending it
 * thanks and stores the comment masked, and it is not offered again; on a form step a link leads to the "left
 * form" rating; problems come back beside the fields; the JSON API answers the same; strangers get 404.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSource, type ServiceDefinition } from "../../../engine";
import { ManualClock, Runtime } from "../../../runtime";
import { startAppServer, type AppServer } from "../../server";
import { applicantPseudonym } from "../auth/secrets.server";
import { createSession, SESSION_COOKIE } from "../auth/sessions.server";

const service = (id: string, steps: string) =>
  parseSource(`
schemaVersion: 1
id: ${id}
title: { uk: Послуга ${id}, en: Service ${id} }
languages: [uk, en]
owner: Tests
start: ask
steps:
  ask:
    kind: form
    title: { uk: Питання, en: Question }
    schema: { type: object, properties: { note: { type: string } } }
    next: ${steps}
  more:
    kind: form
    title: { uk: Ще питання, en: More }
    schema: { type: object, properties: { note: { type: string } } }
    next: done
  done: { kind: final, outcome: approved }
`).value as ServiceDefinition;

let dir: string;
let runtime: Runtime;
let app: AppServer;
const clock = new ManualClock("2026-12-01T08:00:00Z");

interface Session {
  cookie: string;
  csrf: string;
  applicantId: string;
}
async function citizen(taxId: string, firstName = "Олена", lastName = "Тест"): Promise<Session> {
  const profile = { taxId, firstName, lastName, birthDate: "1990-01-01", gender: "female", provider: "bankid" } as const;
  const { token, user } = await createSession(runtime, { kind: "citizen", subject: applicantPseudonym(taxId), profile, transport: "cookie" });
  return { cookie: `${SESSION_COOKIE}=${token}`, csrf: user.csrfToken, applicantId: applicantPseudonym(taxId) };
}
const get = (who: Session, path: string) => fetch(`${app.url}${path}`, { headers: { cookie: who.cookie }, redirect: "manual" });
const post = (who: Session, path: string, fields: [string, string][], csrf = true) =>
  fetch(`${app.url}${path}`, {
    method: "POST",
    headers: { cookie: who.cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams([...(csrf ? [["csrf", who.csrf] as [string, string]] : []), ...fields]),
    redirect: "manual",
  });
const api = (who: Session, method: string, path: string, body?: unknown) =>
  fetch(`${app.url}/api/v1${path}`, { method, headers: { cookie: who.cookie, "x-csrf-token": who.csrf, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

async function application(serviceId: string, who: Session, finish: boolean) {
  const { applicationId } = await runtime.start(serviceId, { id: who.applicantId, taxId: "3012345678", firstName: "Олена", lastName: "Тест" });
  if (finish) await runtime.submit(applicationId, { step: "ask", data: {}, applicantId: who.applicantId });
  return applicationId;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "civic-feedback-"));
  process.env.PORTAL_SECRET_FILE = join(dir, "portal-secret");
  process.env.VITE_LOG_LEVEL = "silent";
  process.env.DOCUMENT_SIGNING_KEY ??= generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  runtime = await Runtime.create({ databaseUrl: `file:${join(dir, "feedback.db")}`, clock, worker: false, documents: false, email: false });
  await runtime.publish(service("rate-probe", "done"), "tests");
  await runtime.publish(service("leave-probe", "more"), "tests");
  await runtime.publish(service("api-probe", "done"), "tests");
  app = await startAppServer({ port: 0, production: false, runtime, seed: false, log: () => {} });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await runtime?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("rating a service in the portal", () => {
  it("after a finished application: the form, a thank-you, the comment stored masked, not offered again; strangers get 404", async () => {
    const olena = await citizen("3012345678", "Олена", "Тест");
    const stranger = await citizen("2987654321");
    const id = await application("rate-probe", olena, true);
    const page = `/applications/${id}`;

    let html = await (await get(olena, page)).text();
    expect(html).toContain('<h2 id="feedback-title" class="h3">Оцініть послугу</h2>');
    expect(html).toContain(`action="${page}/feedback"`);
    expect(html).toContain("<legend>Ваша оцінка</legend>");
    // Five radios labelled by words (the emoji hidden from screen readers), reasons per group for a plain form.
    for (const [score, words] of [[1, "Дуже погано"], [3, "Нормально"], [5, "Чудово"]] as const) {
      expect(html).toContain(`<input type="radio" id="feedback-score-${score}" name="score" value="${score}"/>`);
      expect(html).toMatch(new RegExp(`<label for="feedback-score-${score}"><span aria-hidden="true">[^<]+</span> ${words}</label>`));
    }
    expect(html).toContain("<legend>Якщо ви обрали «Добре» – «Чудово»: що вплинуло? (необов’язково)</legend>");
    expect(html).toContain('name="reasons-high" value="no-visits"');
    expect(html).toContain('<label for="feedback-comment">Коментар (необов’язково)</label>');

    expect((await get(stranger, `${page}/feedback`)).status).toBe(404);
    expect((await post(stranger, `${page}/feedback`, [["score", "1"]])).status).toBe(404);
    expect((await post(olena, `${page}/feedback`, [["score", "1"]], false)).status).toBe(403);

    const sent = await post(olena, `${page}/feedback`, [
      ["moment", "finished"],
      ["score", "5"],
      ["reasons-high", "fast"],
      ["reasons-high", "no-visits"],
      // A group of another score (a plain form shows all): not counted.
      ["reasons-low", "too-many-steps"],
      ["comment", "Швидко! Дякую Олені Тест, мій телефон 067 123 45 67"],
    ]);
    expect(sent.status).toBe(302);
    expect(sent.headers.get("location")).toBe(`${page}/feedback?sent=1`);
    html = await (await get(olena, `${page}/feedback?sent=1`)).text();
    expect(html).toContain("Дякуємо за оцінку!");
    expect(html).toContain("Про цю послугу ми не питатимемо знову до 31 грудня 2026");

    const [row] = await runtime.database.prisma.feedback.findMany({ where: { applicationId: id } });
    expect(row).toMatchObject({ score: 5, moment: "finished", outcome: "approved", comment: "Швидко! Дякую [name], мій телефон [phone]" });
    expect(JSON.parse(row.reasons)).toEqual(["fast", "no-visits"]);

    html = await (await get(olena, page)).text();
    expect(html).not.toContain("feedback-title");
    const again = await post(olena, `${page}/feedback`, [["moment", "finished"], ["score", "4"]]);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("Ви вже оцінили цю послугу за останні 30 днів.");
  });

  it("on a form step: a link to rate while leaving; problems are shown beside the fields; in English too", async () => {
    const taras = await citizen("3131910259", "Тарас", "Бондаренко");
    const id = await application("leave-probe", taras, false);
    const page = `/applications/${id}`;
    let html = await (await get(taras, page)).text();
    expect(html).toMatch(new RegExp(`<a [^>]*href="${page}/feedback">Йдете\\? Розкажіть чому</a>`));
    html = await (await get(taras, `${page}/feedback`)).text();
    expect(html).toContain("<h1>Чому ви йдете?</h1>");
    expect(html).toContain('<input type="hidden" name="moment" value="left-form"/>');
    expect(html).toContain('<input type="hidden" name="step" value="ask"/>');

    const missing = await post(taras, `${page}/feedback`, [["moment", "left-form"], ["step", "ask"], ["comment", "Не знаю, що писати"]]);
    expect(missing.status).toBe(200);
    html = await missing.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain("Оберіть оцінку від «Дуже погано» до «Чудово»");
    expect(html).toContain("Не знаю, що писати</textarea>");
    const long = await post(taras, `${page}/feedback`, [["moment", "left-form"], ["step", "ask"], ["score", "2"], ["comment", "я".repeat(1001)]]);
    expect(await long.text()).toContain("Коментар задовгий: не більше 1000 символів");
    // A prompt for a step the application has left: the page says to open it again.
    await runtime.submit(id, { step: "ask", data: {}, applicantId: taras.applicantId });
    const moved = await post(taras, `${page}/feedback`, [["moment", "left-form"], ["step", "ask"], ["score", "2"]]);
    expect(await moved.text()).toContain("Заява змінилася, поки ви її оцінювали.");

    html = await (await fetch(`${app.url}${page}/feedback`, { headers: { cookie: `${taras.cookie}; cf_lang=en` } })).text();
    expect(html).toContain("<h1>Why are you leaving?</h1>");
    expect(html).toMatch(/<span aria-hidden="true">[^<]+<\/span> Excellent<\/label>/);
    expect(html).toContain("<legend>If you chose “Very bad” to “Bad”: what made it so? (optional)</legend>");

    const sent = await post(taras, `${page}/feedback`, [["moment", "left-form"], ["step", "more"], ["score", "2"], ["reasons-low", "unclear-questions"]]);
    expect(sent.status).toBe(302);
    const [row] = await runtime.database.prisma.feedback.findMany({ where: { applicationId: id } });
    expect(row).toMatchObject({ moment: "left-form", step: "more", score: 2, outcome: null });
    expect(JSON.parse(row.path)).toEqual(["ask", "more"]);
  });

  it("the JSON API: the prompt with the reasons per score, 422 with fields, 201, then 409; strangers get 404", async () => {
    const iryna = await citizen("2222222222", "Ірина", "Тест");
    const stranger = await citizen("2987654321");
    const id = await application("api-probe", iryna, true);
    const prompt = await api(iryna, "GET", `/applications/${id}/feedback`);
    expect(prompt.status).toBe(200);
    const body = (await prompt.json()) as { ask: boolean; moment: string; reasons: Record<string, string[]> };
    expect(body).toMatchObject({ ask: true, moment: "finished", step: null });
    expect(body.reasons["1"]).toContain("registry-unavailable");
    expect(body.reasons["5"]).toContain("no-visits");
    expect((await api(stranger, "GET", `/applications/${id}/feedback`)).status).toBe(404);
    expect((await api(stranger, "POST", `/applications/${id}/feedback`, { score: 5 })).status).toBe(404);

    const bad = await api(iryna, "POST", `/applications/${id}/feedback`, { score: 1, reasons: ["fast"] });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { fields: { path: unknown[] }[] } }).error.fields).toEqual([expect.objectContaining({ path: ["reasons", 0] })]);
    const created = await api(iryna, "POST", `/applications/${id}/feedback`, { score: 1, reasons: ["registry-unavailable"], comment: "iryna@example.com" });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ askAgainAt: "2026-12-31T08:00:00.000Z" });
    const twice = await api(iryna, "POST", `/applications/${id}/feedback`, { score: 2 });
    expect(twice.status).toBe(409);
    expect(((await twice.json()) as { error: { code: string } }).error.code).toBe("conflict");
    expect(await api(iryna, "GET", `/applications/${id}/feedback`).then((r) => r.json())).toMatchObject({ ask: false, reason: "rated", askAgainAt: "2026-12-31T08:00:00.000Z" });
    expect((await runtime.database.prisma.feedback.findFirst({ where: { applicationId: id } }))?.comment).toBe("[e-mail]");
  });
});
