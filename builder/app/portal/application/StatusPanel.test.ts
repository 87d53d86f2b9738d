/**
 * Status first (issue 16): the top of the application's page says what happened and what to do — the
 * officer's reason for a refusal, the amount to pay (awaiting payment, not "sent for processing"), the deadline
 * only when there is one, the document with its PDF — in uk and en, dates without "р..".
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { createMemoryRouter, RouterProvider } from "react-router-dom";
import { describe, expect, it, vi } from "vitest";
import type { PortalApplication } from "../../data/applications.server";

vi.mock("../root-data", async (importOriginal) => ({ ...(await importOriginal<object>()), useRootData: () => ({ csrf: "t" }) }));

const base: PortalApplication = {
  id: "a1b2c3d4-0000",
  service: { id: "s", title: "Обмін посвідчення", version: 1 },
  status: "processing",
  statusText: "Запит полетів в обробку",
  version: 3,
  createdAt: "2026-12-01T08:00:00Z",
  updatedAt: "2026-12-01T08:00:00Z",
  step: { id: "pay", kind: "payment", title: "Оплата", description: "" },
  canCancel: true,
  answers: [],
  timeline: [],
  next: null,
  documents: [],
  officerNote: null,
  viewer: { kind: "applicant" },
  parties: [],
};

async function render(application: PortalApplication, lang: "uk" | "en", decision: import("./StatusPanel").DecisionView | null = null) {
  const { StatusPanel } = await import("./StatusPanel");
  const router = createMemoryRouter([{ path: "/", element: createElement(StatusPanel, { application, decision, lang }) }]);
  return renderToStaticMarkup(createElement(RouterProvider, { router })).replace(/\s/g, " ");
}

describe("status first", () => {
  it("a payment due: awaiting payment, the amount, and the deadline only when the step has one", async () => {
    const { statusText } = await import("../../data/applications.server");
    expect(statusText("processing", "uk", "payment")).toBe("Очікує оплати");
    const due = { ...base, statusText: statusText("processing", "uk", "payment"), step: { ...base.step, payment: { amount: 230, currency: "UAH", purpose: "Адміністративний збір", due: "2026-12-06T10:00:00Z" } } };
    const html = await render(due, "uk");
    expect(html).toContain("<h2 id=\"status-title\">Очікує оплати</h2>");
    expect(html).not.toContain("Запит полетів в обробку");
    expect(html).toMatch(/Сплатіть 230,00 грн: Адміністративний збір\. Оплатити потрібно до 6 грудня 2026( р)?\.</);
    const open = await render({ ...due, step: { ...due.step, payment: { ...due.step.payment, due: null } } }, "en");
    expect(open).toContain("Pay UAH 230.00: Адміністративний збір.<");
    expect(open).not.toContain("Please pay by");
    expect(open).not.toContain("—");
  });

  it("a refusal: the officer's reason first, and what the citizen can do", async () => {
    const refused = { ...base, status: "rejected" as const, statusText: "Відмовлено", step: { id: "no", kind: "final" as const, title: "", description: "", outcome: "rejected", message: "Сервісний центр відмовив. Причину вказано в заяві." } };
    const html = await render(refused, "uk", { outcome: "reject", reason: "Фото не відповідає вимогам", at: "2026-12-06T10:00:00Z" });
    expect(html).toMatch(/<h2 id="status-title">Сервісний центр відмовив\. Причину вказано в заяві\.<\/h2>.*<h3>Причина відмови<\/h3><p class="officer-reason">Фото не відповідає вимогам<\/p>/);
    expect(html).toMatch(/Рішення ухвалено 6 грудня 2026( р)?</);
    expect(html).not.toContain("р..");
    expect(html).toContain("Ви можете подати нову заяву, коли усунете причину.");
    const en = await render({ ...refused, statusText: "Refused" }, "en", { outcome: "reject", reason: "The photo is wrong", at: "2026-12-06T10:00:00Z" });
    expect(en).toContain("<h3>Why it was refused</h3><p class=\"officer-reason\">The photo is wrong</p>");
  });

  it("an approval without a comment says nothing extra; a document comes with its PDF", async () => {
    const done = { ...base, status: "done" as const, statusText: "Готово", step: { id: "ok", kind: "final" as const, title: "", description: "", outcome: "approved", message: "" }, documents: [{ id: "d1", number: "AB 123", title: "Посвідчення водія", status: "valid" }] };
    const html = await render(done, "uk", { outcome: "approve", reason: null, at: "2026-12-06T10:00:00Z" });
    expect(html).not.toContain("Коментар посадовця");
    expect(html).toMatch(/<a [^>]*href="\/documents\/d1"[^>]*>Переглянути документ: Посвідчення водія № AB 123<\/a>/);
    expect(html).toContain('<a href="/documents/d1/pdf">Завантажити PDF</a>');
  });
});
