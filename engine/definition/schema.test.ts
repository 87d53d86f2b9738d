import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createAjv } from "../validation/ajv";
import { schemaFile, schemaText } from "./write-schema";
import { parseDuration } from "./duration";
import { localizeSchema, schemaTexts } from "./text";

describe("the definition language's JSON Schema", () => {
  it("is committed as generated from schema.ts (run `npm run schema` after changing it)", () => {
    expect(readFileSync(schemaFile, "utf8")).toBe(schemaText());
  });

  it("is a valid JSON Schema 2020-12 that editors can use", () => {
    const ajv = createAjv();
    expect(ajv.validateSchema(JSON.parse(schemaText()))).toBe(true);
  });
});

describe("durations", () => {
  it("reads ISO 8601 and short forms", () => {
    expect(parseDuration("P10D")).toBe(10 * 86_400_000);
    expect(parseDuration("PT1H30M")).toBe(90 * 60_000);
    expect(parseDuration("P1Y")).toBe(365 * 86_400_000);
    expect(parseDuration("10s")).toBe(10_000);
    expect(parseDuration("250ms")).toBe(250);
    for (const bad of ["P", "PT", "10 days", "1.5h", "", "P1DT"]) expect(parseDuration(bad)).toBeUndefined();
  });
});

describe("per-language texts in form schemas", () => {
  const schema = {
    type: "object",
    title: { uk: "Анкета", en: "Form" },
    properties: {
      title: { type: "string", title: { uk: "Звання", en: "Title" } },
      kind: { type: "string", oneOf: [{ const: "a", title: { uk: "А", en: "A" } }] },
    },
  };

  it("localizes titles without touching a field that happens to be called title", () => {
    expect(localizeSchema(schema, "en")).toEqual({
      type: "object",
      title: "Form",
      properties: { title: { type: "string", title: "Title" }, kind: { type: "string", oneOf: [{ const: "a", title: "A" }] } },
    });
    expect(schema.title).toEqual({ uk: "Анкета", en: "Form" });
  });

  it("lists every text with its path", () => {
    expect(schemaTexts(schema).map((t) => t.path.join("."))).toEqual(["title", "properties.title.title", "properties.kind.oneOf.0.title"]);
  });
});
