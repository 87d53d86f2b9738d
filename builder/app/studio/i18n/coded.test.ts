import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { compileDefinition, loadDefinition, parseScenario, RUN_MESSAGE_CODES, runScenario, type CodedMessage } from "../../../../engine";
import { checkTemplate, TEMPLATE_PROBLEM_CODES, TEMPLATES_DIR, templateProblems } from "../../../../runtime/documents/templates";
import { ServiceVersions } from "../../../../runtime/services/versions";
import { exampleCatalog } from "../../../../service-definitions";
import { errorResponse } from "../server/errors.server";
import { checkForPublish, createDraft, type NewDraftSource } from "../server/studio.server";
import { codedProblems } from "../templates/templates.server";
import { fromDefinition, localProblems } from "../templates/model";
import { apiError, apiErrorText, CODED_TEXTS, codedText, templatePlace } from "./coded";
import { PLURAL_CATEGORIES, type Text } from "./format";

const LANGS = ["uk", "en"] as const;
/** Codes made in the studio itself (the designer's own checks, the store's id check, the API's errors). */
const STUDIO_CODES = ["tpl.id-missing", "tpl.id-mismatch", "tpl.field-key", "tpl.field-twice", "tpl.row-not-field", "tpl.pick-field", "tpl.text-not-field"];
const placeholders = (text: Text) => new Set((typeof text === "string" ? [text] : Object.values(text)).flatMap((s) => [...(s ?? "").matchAll(/\{(\w+)\}/g)].map((m) => m[1])));

describe("coded texts: every code in uk and en", () => {
  it("every code the engine, the runtime and the studio can send has a uk and an en text; none is left over", () => {
    const codes = [...RUN_MESSAGE_CODES, ...TEMPLATE_PROBLEM_CODES, ...STUDIO_CODES];
    expect(codes.filter((code) => !CODED_TEXTS[code])).toEqual([]);
    expect(Object.keys(CODED_TEXTS).filter((code) => !codes.includes(code) && !code.startsWith("api."))).toEqual([]);
  });

  it("no text is empty, plurals have every form their language needs, uk and en name the same params", () => {
    for (const [code, entry] of Object.entries(CODED_TEXTS)) {
      for (const lang of LANGS) {
        const text = entry[lang];
        if (typeof text === "string") expect(text.trim(), `${code} ${lang}`).not.toBe("");
        else for (const category of PLURAL_CATEGORIES[lang]) expect(text[category]?.trim(), `${code} ${lang} ${category}`).toBeTruthy();
      }
      expect([...placeholders(entry.uk)].sort(), code).toEqual([...placeholders(entry.en)].sort());
    }
  });

  it("counts take their plural forms from Intl.PluralRules: 1 помилку, 2 помилки, 5 помилок, 21 помилку", () => {
    const errors = (lang: "uk" | "en", n: number) => codedText(lang, { code: "publish.errors", params: { n }, message: "" });
    expect([1, 2, 5, 11, 21, 22, 25].map((n) => errors("uk", n).match(/має (\d+ \S+):/)?.[1])).toEqual([
      "1 помилку", "2 помилки", "5 помилок", "11 помилок", "21 помилку", "22 помилки", "25 помилок",
    ]);
    expect(errors("en", 1)).toBe("The service has 1 error: fix it (see Problems)");
    expect(errors("en", 3)).toBe("The service has 3 errors: fix them (see Problems)");
    const edges = (n: number) => codedText("uk", { code: "publish.edges-uncovered", params: { n, edges: "a" }, message: "" }).split(" не ")[0];
    expect([1, 3, 5, 21].map(edges)).toEqual(["1 перехід", "3 переходи", "5 переходів", "21 перехід"]);
  });

  it("an unknown code shows the English message as it came", () => {
    expect(codedText("uk", { code: "made.up", params: {}, message: "As is" })).toBe("As is");
  });
});

const service = `schemaVersion: 1
id: throws
title: { uk: Т, en: T }
languages: [uk, en]
owner: Test
start: ask
steps:
  ask:
    kind: form
    title: { uk: Анкета, en: Questions }
    schema: { type: object, required: [n], properties: { n: { type: integer } } }
    next: check
  check:
    kind: decision
    title: { uk: Перевірка, en: Check }
    branches:
      - when: '10 / (ask.n - 1) > 1'
        next: done
    otherwise: done
  done: { kind: final, title: { uk: Готово, en: Done }, outcome: approved, message: { uk: Готово, en: Done } }
`;

describe("scenario failures for analysts", () => {
  const { definition } = loadDefinition(service);
  const run = (text: string) => runScenario(compileDefinition(definition!), parseScenario(text).scenario!);

  it("a condition that throws: the step by its title, the English kept as the message", () => {
    const result = run("name: zero\nanswers:\n  ask: { n: 1 }\nexpect:\n  final: done\n");
    expect(result.problems.map((p) => p.message)).toEqual(result.failures);
    expect(result.problems[0]).toMatchObject({ code: "sim.incident", params: { step: "check" } });
    expect(codedText("uk", result.problems[0], definition)).toMatch(/^Крок «Перевірка»: обчислення не вдалося \(int divide by zero in .*\); справжня заява тут зупинилася б/);
    expect(codedText("en", result.problems[0], definition)).toMatch(/^Step “Check”: a computation failed/);
  });

  it("no answers for a form; a different outcome than expected", () => {
    const none = run("name: none\nexpect:\n  final: done\n");
    expect(codedText("uk", none.problems[0], definition)).toBe("Сценарій не дає відповідей для форми «Анкета»");
    const outcome = run("name: o\nanswers:\n  ask: { n: 5 }\nexpect:\n  final: done\n  outcome: rejected\n");
    expect(outcome.failures).toEqual(['Expected outcome "rejected", got "approved"']);
    expect(codedText("uk", outcome.problems[0], definition)).toBe("Очікувався результат «відмовлено», а вийшов «схвалено»");
  });

  it("answers the form does not accept, and a reply without an outcome", () => {
    const bad = run("name: bad\nanswers:\n  ask: { n: many }\nexpect:\n  final: done\n");
    expect(bad.problems[0].code).toBe("sim.answers-invalid");
    expect(codedText("uk", bad.problems[0], definition)).toMatch(/^Крок «Анкета»: відповіді не проходять перевірку форми/);
  });
});

describe("publish blockers for analysts", () => {
  const catalog = exampleCatalog();
  it("a service with an error and no scenario: the blockers in uk with their codes, the English beside", () => {
    const source = service.replace("next: done\n    otherwise", "next: nowhere\n    otherwise");
    const check = checkForPublish(source, [], catalog);
    expect(check.problems.map((p) => p.message)).toEqual(check.blockers);
    expect(check.problems.map((p) => p.code)).toEqual(["publish.errors", "publish.no-scenarios"]);
    const uk = check.problems.map((p) => codedText("uk", p, check.definition));
    expect(uk[0]).toBe("Опис послуги має 1 помилку: виправте її (див. «Проблеми»)");
    expect(uk[1]).toBe("Ще немає жодного сценарію: зробіть пробний запуск послуги й збережіть його як сценарій");
    expect(check.blockers[1]).toBe("no scenarios: run the service in the studio and save the run as a scenario");
  });

  it("a valid service without scenarios: its transitions no scenario takes, counted in Ukrainian", () => {
    const check = checkForPublish(service, [], catalog);
    expect(check.problems.map((p) => p.code)).toEqual(["publish.no-scenarios", "publish.edges-uncovered"]);
    expect(codedText("uk", check.problems[1], check.definition)).toBe(
      "3 переходи не проходить жоден сценарій, і для них немає винятку: «Анкета» → «Перевірка», «Перевірка» (умова 1) → «Готово», «Перевірка» (інакше) → «Готово». Додайте сценарій або виняток покриття з причиною",
    );
    expect(check.blockers[1]).toMatch(/^3 outcome edge\(s\) taken by no scenario and not waived: ask\.next → check, check\.branch 0 → done/);
    expect(codedText("en", check.problems[1], check.definition)).toMatch(/^3 transitions are taken by no scenario/);
  });

  it("a scenario that fails and one that does not parse", () => {
    const check = checkForPublish(service, [{ name: "zero.yaml", text: "name: zero\nanswers:\n  ask: { n: 1 }\nexpect:\n  final: done\n" }, { name: "bad.yaml", text: "name: [" }], catalog);
    const codes = check.problems.map((p) => p.code);
    expect(codes).toContain("publish.scenarios-fail");
    expect(codes).toContain("publish.scenarios-unparsed");
    const fail = check.problems.find((p) => p.code === "publish.scenarios-fail")!;
    expect(codedText("uk", fail, check.definition)).toBe("1 сценарій не проходить: zero");
    const unparsed = check.scenarios.find((s) => s.name === "bad.yaml")!;
    expect(unparsed.problems[0].code).toBe("scenario.invalid");
    expect(codedText("uk", unparsed.problems[0])).toMatch(/^Файл сценарію написано неправильно \(рядок 1, позиція \d+\)/);
  });
});

const parkingPermit = () => parse(readFileSync(join(TEMPLATES_DIR, "parking-permit.yaml"), "utf8")) as Record<string, unknown> & { sections: Record<string, unknown>[]; data: { properties: Record<string, unknown> } };

describe("template problems for analysts", () => {
  const broken: [string, (d: ReturnType<typeof parkingPermit>) => void][] = [
    ["a text with an unknown placeholder", (d) => d.sections.push({ title: { uk: "Т", en: "T" }, text: { uk: "Для {nothing}", en: "For {nothing|plate}" } })],
    ["a row of no data field", (d) => ((d.sections[1].rows as Record<string, unknown>[])[2].key = "plateNumber")],
    ["a bad prefix and validity", (d) => Object.assign(d, { numberPrefix: "pp1", validFor: "1 year" })],
    ["no title, an extra key", (d) => Object.assign(d, { title: undefined, colour: "red" })],
    ["a lonely brace", (d) => d.sections.push({ text: { uk: "Для {", en: "For" } })],
    ["a bad key and type", (d) => Object.assign(d.data.properties, { "plate number": { type: "string" }, plate: { type: ["string", "str"] } })],
  ];

  it("every problem has a code from the list, its message is checkTemplate's, and both languages read with no placeholder left", () => {
    for (const [what, change] of broken) {
      const definition = parkingPermit();
      change(definition);
      const problems = templateProblems(JSON.parse(JSON.stringify(definition)));
      expect(problems.length, what).toBeGreaterThan(0);
      expect(problems.map((p) => p.message), what).toEqual(checkTemplate(JSON.parse(JSON.stringify(definition))));
      for (const problem of problems) {
        expect(TEMPLATE_PROBLEM_CODES as readonly string[], what).toContain(problem.code);
        for (const lang of LANGS) expect(codedText(lang, problem), `${what} ${problem.code}`).not.toMatch(/\{(?!nothing\b|key\b|key\|format\b)\w+[|}]/);
      }
    }
  });

  it("names the place as an analyst reads it: section, row, text, field", () => {
    const definition = parkingPermit();
    definition.sections.push({ text: { uk: "Для {nothing}", en: "For {nothing}" } });
    const [problem] = templateProblems(definition);
    const n = definition.sections.length;
    expect(codedText("uk", problem)).toBe(`Розділ ${n}, текст (uk): заповнювач {nothing} — поля «nothing» немає в даних`);
    expect(codedText("en", problem)).toBe(`Section ${n}, text (uk): placeholder {nothing} — “nothing” is not a data field`);
    expect(templatePlace("sections[1].rows[2].key", "uk")).toBe("Розділ 2, рядок 3");
    expect(templatePlace("sections[3].table.columns[0]", "en")).toBe("Section 4, table, column 1");
    expect(templatePlace("data.properties.plate.type[1]", "uk")).toBe("Поле даних «plate.type»");
    expect(templatePlace("card[1]", "en")).toBe("Card, field 2");
    expect(templatePlace("the template", "uk")).toBe("Шаблон");
    expect(templatePlace("numberPrefix", "uk")).toBe("Префікс номера");
  });

  it("the store's texts get their codes back (the id check too); a text with no code stays as it is", () => {
    const definition = { ...parkingPermit(), id: "other" };
    const messages = [...checkTemplate(definition), `The template's id is "other"; it must be "parking-permit"`, "Something new"];
    const coded = codedProblems("parking-permit", definition, messages);
    expect(coded.map((p) => p.code)).toEqual(["tpl.id-mismatch", ""]);
    expect(codedText("uk", coded[0])).toBe("Ідентифікатор шаблону «other», а має бути «parking-permit»");
    expect(codedText("uk", coded[1])).toBe("Something new");
  });

  it("the designer's own checks, in both languages", () => {
    const model = fromDefinition(parkingPermit());
    model.sections.push({ kind: "text", title: { uk: "", en: "" }, text: { uk: "{ghost}", en: "{ghost}" } } as never);
    const problems: CodedMessage[] = localProblems(model);
    expect(problems.map((p) => p.code)).toEqual(["tpl.text-not-field"]);
    expect(codedText("uk", problems[0])).toBe(`Розділ ${model.sections.length}: текст посилається на {ghost}, а такого поля даних немає`);
  });
});

describe("the runtime's publish refusal for analysts", () => {
  it("a failing scenario or an invalid definition: the refusal carries its blockers by code", async () => {
    // The gate runs before the database is touched.
    const versions = new ServiceVersions({} as never, {} as never);
    const { definition } = loadDefinition(service);
    const zero = parseScenario("name: zero\nanswers:\n  ask: { n: 1 }\nexpect:\n  final: done\n").scenario!;
    const refused = await versions.publish(definition!, "Marta", { scenarios: [zero] }).catch((error: { code: string; message: string; details: Record<string, unknown> }) => error);
    expect(apiErrorText("uk", 422, refused as never)).toBe("1 сценарій не проходить: zero");
    const invalid = { ...definition!, start: "nowhere" };
    const broken = await versions.publish(invalid, "Marta").catch((error: unknown) => error);
    expect(apiErrorText("en", 422, broken as never)).toMatch(/^The service has \d+ errors?: fix/);
  });
});

describe("the studio API's errors for analysts", () => {
  it("a save that came second: who saved which version", () => {
    const body = { code: "stale_version", message: "Olena saved this draft (version 7) after you opened version 6", details: { current: { version: 7, updatedBy: "Olena" } } };
    expect(apiErrorText("uk", 409, body)).toBe("Поки ви працювали, чернетку змінено: версія 7, автор — Olena. Завантажте її або перезапишіть своєю");
    expect(apiErrorText("en", 409, { ...body, details: { current: { revision: 3, updatedBy: "Marta" } } })).toBe("While you worked, the template was changed: revision 3, by Marta");
  });

  it("not found, too large, the session, blocked publishing; a refusal it does not know keeps its words", () => {
    expect(apiErrorText("uk", 404, { code: "not_found", message: "No draft abc" })).toBe("Цієї чернетки вже немає: можливо, її вилучили");
    expect(apiErrorText("uk", 404, { code: "not_found", message: 'Service "parking" has no version 4' })).toBe("Послуга «parking» не має версії 4");
    expect(apiErrorText("uk", 413, undefined)).toBe("Надіслане завелике, щоб його прийняти");
    expect(apiErrorText("uk", 413, { code: "payload_too_large", message: "Scenario 01-a.yaml is too large" })).toBe("Сценарій «01-a.yaml» завеликий");
    expect(apiErrorText("en", 403, undefined)).toBe("Your session has expired: sign in again in another tab, then keep editing");
    expect(apiErrorText("uk", 422, { code: "invalid_definition", message: "Not published: …", details: { check: {} } })).toBe("Не опубліковано: спершу усуньте перешкоди, перелічені нижче");
    expect(apiErrorText("uk", 422, { code: "invalid_data", message: "Two scenarios are named a.yaml" })).toBe("Два сценарії мають назву «a.yaml»");
    // The runtime's publish gate sends its blockers by code: the first says why.
    const runtimeGate = { code: "invalid_definition", message: "Not published: 2 scenario(s) fail: a, b", details: { blockers: ["2 scenario(s) fail: a, b"], problems: [{ code: "publish.scenarios-fail", params: { n: 2, names: "a, b" }, message: "2 scenario(s) fail: a, b" }] } };
    expect(apiErrorText("uk", 422, runtimeGate)).toBe("2 сценарії не проходять: a, b");
    expect(apiErrorText("uk", 409, { code: "conflict", message: "Not published: reasons of the review" })).toBe("Not published: reasons of the review");
    expect(apiError(500, undefined)).toMatchObject({ code: "api.failed", params: { status: 500 } });
  });

  it("the studio server's own refusals, as the routes answer them, are recognised", async () => {
    const context = { runtime: {}, studio: { examples: () => [] } } as never;
    const cases: [NewDraftSource, string][] = [
      [{ from: "import", text: " " }, "Імпортований файл порожній"],
      [{ from: "example", id: "ghost" }, "Прикладу «ghost» немає"],
    ];
    for (const [source, uk] of cases) {
      const response = errorResponse(await createDraft(context, source, "Marta").catch((error: unknown) => error));
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(apiErrorText("uk", response.status, error)).toBe(uk);
    }
  });
});
