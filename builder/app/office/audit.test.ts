/** The office's audit in staff terms, with step titles, never the citizen's voice nor a step's id. */
import { describe, expect, it } from "vitest";
import { loadDefinition, type ServiceDefinition } from "../../../engine";
import { runtimeSteps } from "../../../runtime";
import { exampleCatalog, exampleServices } from "../../../service-definitions";
import { t, type MessageKey } from "../i18n/messages";
import { actorName, auditLines, NEUTRAL_WORDS, STAFF_WORDS, stepTitle, type OfficeAuditEvent } from "./audit";

const example = exampleServices().find((s) => s.id === "driver-licence-replacement")!;
const definition = loadDefinition(example.text, { catalog: exampleCatalog() }).definition as ServiceDefinition;
const names = { staff: new Map([["acc-1", "Оксана Левченко (ГСЦ МВС)"]]) };
const at = new Date("2026-12-02T10:00:00Z");
const event = (e: Partial<OfficeAuditEvent>): OfficeAuditEvent => ({ actor: "applicant:abc", event: "submit", fromStep: null, toStep: "reason", at, detail: null, ...e });
const texts = (e: Partial<OfficeAuditEvent>, lang: "uk" | "en" = "uk") => auditLines(event(e), definition, names, lang).map((l) => [l.text, l.who, l.note].filter(Boolean).join(" | "));
const stepIds = Object.keys(definition.steps);
// \b does not see Cyrillic letters as word characters: words are told apart by spaces and punctuation here.
const citizensVoice = { uk: /(^|[\s«(])(ви|ваш[а-яіїє]*)(?=[\s,.:»)]|$)/i, en: /\b(you|your)\b/i };

describe("office audit", () => {
  it("knows every step kind's timeline words: each is staff-worded or neutral", () => {
    for (const [kind, module] of Object.entries(runtimeSteps)) {
      const words = [module.timeline.arrived, module.timeline.left?.text].filter((w): w is string => Boolean(w));
      for (const word of words) expect(word in STAFF_WORDS || NEUTRAL_WORDS.includes(word as MessageKey), `${kind}: ${word}`).toBe(true);
    }
    // A staff word never speaks to the citizen.
    for (const key of Object.values(STAFF_WORDS)) expect(t("uk", key!)).not.toMatch(citizensVoice.uk);
  });

  it("says what the applicant did, in the third person", () => {
    expect(texts({ event: "start", toStep: "reason" })).toEqual(["Заявник розпочав заяву"]);
    expect(texts({ event: "start", toStep: "reason" }, "en")).toEqual(["The applicant started the application"]);
    const submitted = texts({ event: "submit", fromStep: "reason", toStep: "lookupLicences" });
    expect(submitted[0]).toMatch(/^Заявник надіслав відповіді: «.+»$/);
    expect(texts({ event: "outcome.signed", fromStep: "signApplication", toStep: "calculateFee", actor: "signing" })[0]).toMatch(/^Заявник підписав заяву КЕП/);
    expect(texts({ event: "outcome.paid", fromStep: "payFee", toStep: "review", actor: "payments" }).join(" ")).toMatch(/Оплату отримано/);
  });

  it("names the officer who decided, with the reason, and how the application ended by its status, not the final step's id", () => {
    const lines = texts({ actor: "officer:acc-1", event: "outcome.reject", fromStep: "review", toStep: "rejectedByOfficer", detail: JSON.stringify({ reason: "Пошкодження не підтверджено" }) });
    expect(lines[0]).toBe("Посадовець Оксана Левченко (ГСЦ МВС) відмовив у задоволенні заяви | Пошкодження не підтверджено");
    expect(lines[1]).toMatch(/^Заяву завершено: Завершення: Відмовлено \| Заявнику повідомлено: /);
    const en = texts({ actor: "officer:acc-1", event: "outcome.approve", fromStep: "review", toStep: "issueLicence" }, "en");
    expect(en[0]).toBe("Officer Оксана Левченко (ГСЦ МВС) approved the application");
    expect(actorName("officer:gone", definition, names, "uk")).toBe("Посадовець (обліковий запис видалено)");
  });

  it("shows no step id and no citizen's voice for any move between the service's steps", () => {
    for (const lang of ["uk", "en"] as const) {
      for (const from of stepIds) {
        for (const to of stepIds) {
          for (const decision of ["outcome.found", "outcome.signed", "outcome.paid"]) {
            const line = texts({ actor: "worker:w1", event: decision, fromStep: from, toStep: to }, lang).join(" ");
            const withoutQuotes = line.replace(/Заявнику повідомлено: .*|The applicant was told: .*/, "");
            // camelCase ids (one-word ids such as "review" are words of the English texts too).
            for (const id of stepIds) if (/[A-Z]/.test(id)) expect(withoutQuotes, `${from} → ${to}`).not.toContain(id);
            expect(withoutQuotes).not.toMatch(citizensVoice[lang]);
          }
        }
      }
    }
  });

  it("titles an untitled final step by how it ends", () => {
    expect(stepTitle(definition, "rejectedByOfficer", "uk")).toBe("Завершення: Відмовлено");
    expect(stepTitle(definition, "done", "en")).toBe("End: Completed");
    expect(stepTitle(definition, "nowhere", "en")).toBe("an unknown step");
  });
});
