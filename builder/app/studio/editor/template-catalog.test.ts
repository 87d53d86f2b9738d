/**
 * The document-template picker: titles in the studio's language with the id beside them (not bare ids), and
 * the list endpoint it refreshes from shows a template published after the page loaded.
 */
import Form from "@rjsf/core";
import validator from "@rjsf/validator-ajv8";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TemplateInfo } from "../../../../engine";
import { startSecurityApp, type SecurityApp } from "../../../security/harness";
import { panelFields, panelWidgets, type PanelContext } from "./rjsf-widgets";
import { mergeTemplates, templateChoices, templateTitle } from "./template-catalog";

let lang: "uk" | "en" = "uk";
vi.mock("../../portal/root-data", async (importOriginal) => ({ ...(await importOriginal<object>()), useLang: () => lang }));

const templates: Record<string, TemplateInfo> = {
  "parking-permit": { title: { uk: "Дозвіл на паркування", en: "Parking permit" } },
  "birth-certificate": { title: { uk: "Свідоцтво про народження", en: "Birth certificate" } },
  "only-english": { title: { en: "Only English" } },
  untitled: {},
};

describe("template choices", () => {
  it("a title in the studio's language, else the other one, else the id; sorted by title; the current value kept", () => {
    expect(templateTitle("parking-permit", templates["parking-permit"], "en")).toBe("Parking permit");
    expect(templateTitle("only-english", templates["only-english"], "uk")).toBe("Only English");
    expect(templateTitle("untitled", templates.untitled, "uk")).toBe("untitled");
    expect(templateChoices(templates, "uk", "gone-template").map((c) => c.id)).toEqual(["parking-permit", "birth-certificate", "gone-template", "only-english", "untitled"]);
    expect(templateChoices(templates, "en").map((c) => c.title)).toEqual(["Birth certificate", "Only English", "Parking permit", "untitled"]);
  });

  it("merging the server's list says whether anything is new or changed (then the editor checks again)", () => {
    const into: Record<string, TemplateInfo> = { a: { title: "A" } };
    expect(mergeTemplates(into, { a: { title: "A" } })).toBe(false);
    expect(mergeTemplates(into, { a: { title: "A" }, b: { title: "B" } })).toBe(true);
    expect(into).toEqual({ a: { title: "A" }, b: { title: "B" } });
    expect(mergeTemplates(into, { a: { title: "A2" } })).toBe(true);
    expect(into.a).toEqual({ title: "A2" });
  });

  it("the picker shows titles with the id as secondary text, in uk and en", () => {
    const schema = { type: "object", properties: { template: { type: "string", enum: Object.keys(templates) } } } as const;
    const render = () =>
      renderToStaticMarkup(
        createElement(Form, {
          schema,
          uiSchema: { template: { "ui:widget": "template" } },
          formData: { template: "parking-permit" },
          validator,
          fields: panelFields,
          widgets: panelWidgets,
          formContext: { languages: ["uk", "en"], templates: { templates, refresh: () => undefined } } satisfies PanelContext,
        }),
      );
    lang = "uk";
    const uk = render();
    expect(uk).toContain('<option value="parking-permit" selected="">Дозвіл на паркування · parking-permit</option>');
    expect(uk).toContain("ідентифікатор: parking-permit");
    lang = "en";
    expect(render()).toContain(">Birth certificate · birth-certificate</option>");
  });
});

describe("the list the picker refreshes from", () => {
  let app: SecurityApp;
  beforeAll(async () => {
    app = await startSecurityApp();
  }, 120_000);
  afterAll(async () => app?.close());

  it("has a template published after the editor loaded, with its title; analysts only", async () => {
    const analyst = await app.staff("analyst");
    const list = async () => JSON.parse((await app.send("/studio/api/catalog/templates", { headers: { cookie: analyst.cookie } })).body).templates;
    expect((await list())["bike-permit"]).toBeUndefined();
    const definition = {
      id: "bike-permit",
      version: 1,
      title: { uk: "Дозвіл на велопарковку", en: "Bike parking permit" },
      numberPrefix: "BP",
      data: { type: "object", properties: { holder: { type: "string" } }, required: ["holder"] },
      sections: [{ rows: [{ key: "holder", uk: "Власник", en: "Holder", required: true }] }],
      card: ["holder"],
    };
    const draft = await app.runtime.templates.draft(definition.id, "anna");
    await app.runtime.templates.saveDraft(definition.id, { definition, expectedRevision: draft.revision, by: "anna" });
    await app.runtime.templates.publish(definition.id, "anna");
    expect((await list())["bike-permit"]).toMatchObject({ title: { uk: "Дозвіл на велопарковку", en: "Bike parking permit" }, data: { properties: { holder: {} } } });
    const officer = await app.staff("mvs.officer");
    expect((await app.send("/studio/api/catalog/templates", { headers: { cookie: officer.cookie } })).status).toBe(403);
  }, 60_000);
});
