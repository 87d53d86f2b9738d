import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkTemplate, TEMPLATES_DIR } from "../../../../runtime/documents/templates";
import {
  dataSchema,
  fieldTypeOf,
  formatValidity,
  fromDefinition,
  insertPlaceholder,
  localProblems,
  move,
  newField,
  newSection,
  parseValidity,
  placeholderKeys,
  renameField,
  rowFor,
  toDefinition,
  withFields,
  type DesignModel,
} from "./model";

const permit: DesignModel = {
  id: "parking-permit",
  version: 1,
  title: { uk: "Дозвіл на паркування", en: "Parking permit" },
  numberPrefix: "PP",
  validFor: "P12M",
  seal: "authority",
  fields: [
    { key: "holder", type: "name", required: true, title: { uk: "Власник", en: "Holder" } },
    { key: "address", type: "address", required: true, title: { uk: "Адреса", en: "Address" } },
    { key: "plate", type: "text", required: true, title: { uk: "Номерний знак", en: "Plate" } },
    { key: "from", type: "date", required: false, title: { uk: "З", en: "From" } },
    { key: "vehicles", type: "list", required: false, title: { uk: "Авто", en: "Vehicles" }, fields: [{ key: "model", type: "text", required: true, title: { uk: "Модель", en: "Model" } }] },
    { key: "photo", type: "photo", required: false, title: { uk: "Фото", en: "Photo" } },
    { key: "fee", type: "money", required: false, title: { uk: "Збір", en: "Fee" } },
  ],
  sections: [
    {
      kind: "rows",
      title: { uk: "Власник", en: "Holder" },
      rows: [
        { key: "holder", uk: "Власник", en: "Holder", format: "name", required: true, card: true },
        { key: "address", uk: "Адреса", en: "Address", format: "address", required: true },
        { key: "plate", uk: "Номер", en: "Plate", format: "text", required: true, card: true },
      ],
    },
    { kind: "table", key: "vehicles", columns: [{ key: "model", uk: "Модель", en: "Model", format: "text" }] },
    { kind: "text", text: { uk: "Діє з {from|date} для {plate}.", en: "Valid from {from|date} for {plate}." } },
    { kind: "photo", key: "photo", uk: "Фото", en: "Photo" },
  ],
  extra: {},
};

describe("template designer model", () => {
  it("turns the model into a definition with a data schema, and back unchanged", () => {
    const definition = toDefinition(permit);
    expect(definition).toMatchObject({ id: "parking-permit", numberPrefix: "PP", validFor: "P12M", seal: "authority", card: ["holder", "plate"] });
    const data = definition.data as { properties: Record<string, Record<string, unknown>>; required: string[] };
    expect(data.required).toEqual(["holder", "address", "plate"]);
    expect(data.properties.from).toEqual({ type: "string", format: "date", title: "From", description: "З" });
    expect(data.properties.fee).toMatchObject({ type: ["number", "object"], properties: { amount: { type: "number" } } });
    expect(data.properties.address).toMatchObject({ type: ["object", "string"], properties: { street: { type: "string" }, building: { type: "string" }, apartment: { type: "string" } } });
    expect(data.properties.vehicles).toMatchObject({ type: "array", items: { type: "object", required: ["model"] } });
    expect(definition.sections).toEqual([
      {
        title: { uk: "Власник", en: "Holder" },
        rows: [
          { key: "holder", uk: "Власник", en: "Holder", format: "name", required: true },
          { key: "address", uk: "Адреса", en: "Address", format: "address", required: true },
          { key: "plate", uk: "Номер", en: "Plate", required: true },
        ],
      },
      { table: { key: "vehicles", columns: [{ key: "model", uk: "Модель", en: "Model" }] } },
      { text: { uk: "Діє з {from|date} для {plate}.", en: "Valid from {from|date} for {plate}." } },
      { photo: { key: "photo", uk: "Фото", en: "Photo" } },
    ]);
    const back = fromDefinition(JSON.parse(JSON.stringify(definition)));
    const withoutOriginals = (fields: DesignModel["fields"]): unknown[] => fields.map(({ original: _o, ...f }) => (f.fields ? { ...f, fields: withoutOriginals(f.fields) } : f));
    expect({ ...back, fields: withoutOriginals(back.fields) }).toEqual(permit);
    expect(toDefinition(back)).toEqual(definition);
    expect(checkTemplate(definition)).toEqual([]);
  });

  it("reads a template file written before data schemas: fields from its rows, declarative rows kept", () => {
    const model = fromDefinition({
      id: "residence-registration",
      version: 1,
      title: { uk: "Витяг", en: "Extract" },
      numberPrefix: "RR",
      validFor: "P30D",
      seal: "authority",
      sections: [
        {
          rows: [
            { key: "fullName", uk: "ПІБ", en: "Full name", format: "name", required: true, name: "fullName" },
            { key: "address", uk: "Адреса", en: "Address", format: "address", required: true },
            { key: "registeredOn", uk: "Дата", en: "Date", format: "date" },
          ],
        },
      ],
      card: ["fullName"],
    });
    expect(model.fields.map((f) => [f.key, f.type, f.required])).toEqual([
      ["fullName", "name", true],
      ["address", "address", true],
      ["registeredOn", "date", false],
    ]);
    const back = toDefinition(model);
    expect((back.sections as { rows: unknown[] }[])[0].rows[0]).toEqual({ key: "fullName", uk: "ПІБ", en: "Full name", format: "name", required: true, name: "fullName" });
    expect(back.card).toEqual(["fullName"]);
  });

  it("makes a row required exactly when its data field is", () => {
    const optional: DesignModel = { ...permit, fields: permit.fields.map((f) => (f.key === "plate" ? { ...f, required: false } : f)) };
    const rows = (toDefinition(optional).sections as { rows?: { key: string; required?: boolean }[] }[])[0].rows!;
    expect(rows.find((r) => r.key === "plate")?.required).toBeUndefined();
    expect(rows.find((r) => r.key === "holder")?.required).toBe(true);
  });

  it("opens every template file and writes it back unchanged", () => {
    for (const file of readdirSync(TEMPLATES_DIR).filter((name) => name.endsWith(".yaml"))) {
      const definition = parse(readFileSync(join(TEMPLATES_DIR, file), "utf8")) as Record<string, unknown>;
      expect(toDefinition(fromDefinition(definition)), file).toEqual(definition);
    }
  });

  it("writes what the template store accepts after the analyst's edits", () => {
    const model = fromDefinition(parse(readFileSync(join(TEMPLATES_DIR, "parking-permit.yaml"), "utf8")));
    expect(model.fields.find((f) => f.key === "holderName")?.type).toBe("name");
    expect(model.fields.find((f) => f.key === "payments")?.type).toBe("list");
    expect(model.fields.find((f) => f.key === "photo")?.type).toBe("photo");
    const edited = renameField({ ...model, fields: [...model.fields, { ...newField(model.fields.map((f) => f.key), "date"), title: { uk: "Видано", en: "Issued" } }] }, "plate", "numberPlate");
    expect(checkTemplate(toDefinition(edited))).toEqual([]);
  });

  it("keeps top-level keys it does not edit", () => {
    const model = fromDefinition({ ...toDefinition(permit), footer: { uk: "x", en: "y" } });
    expect(toDefinition(model).footer).toEqual({ uk: "x", en: "y" });
  });

  it("knows field types from schemas written elsewhere", () => {
    expect(fieldTypeOf({ type: "string", format: "date" })).toBe("date");
    expect(fieldTypeOf({ type: "boolean" })).toBe("yesNo");
    expect(fieldTypeOf({ type: ["number", "object"] }, "money")).toBe("money");
    expect(fieldTypeOf({ type: ["number", "object"], properties: { amount: {} } })).toBe("money");
    expect(fieldTypeOf({ type: ["string", "object"] }, "name")).toBe("name");
    expect(fieldTypeOf({ type: "string" }, "date")).toBe("date");
    expect(fieldTypeOf({ type: "object", properties: { lastName: {}, firstName: {} } })).toBe("name");
    expect(fieldTypeOf({ type: "object", properties: { city: {} } })).toBe("address");
    expect(fieldTypeOf({ type: "array", items: {} })).toBe("list");
    expect(fieldTypeOf({ type: "string", contentMediaType: "image/png" })).toBe("photo");
    expect(fieldTypeOf({ type: "integer" })).toBe("number");
    expect(fieldTypeOf(undefined)).toBe("text");
  });

  it("inserts placeholders at the caret, replacing a selection", () => {
    expect(insertPlaceholder("Valid for .", 10, 10, "plate")).toEqual({ text: "Valid for {plate}.", caret: 17 });
    expect(insertPlaceholder("Valid for XXX.", 10, 13, "plate")).toEqual({ text: "Valid for {plate}.", caret: 17 });
    expect(insertPlaceholder("", 5, 2, "a")).toEqual({ text: "{a}", caret: 3 });
    expect(placeholderKeys("{a} and {b|date} and {a} and {not a key} {1x}")).toEqual(["a", "b"]);
  });

  it("renames a field everywhere it is used", () => {
    const renamed = renameField(permit, "plate", "licencePlate");
    expect(renamed.fields.map((f) => f.key)).toContain("licencePlate");
    const rows = renamed.sections[0].kind === "rows" ? renamed.sections[0].rows : [];
    expect(rows.map((r) => r.key)).toEqual(["holder", "address", "licencePlate"]);
    expect(renamed.sections[2]).toMatchObject({ text: { uk: "Діє з {from|date} для {licencePlate}.", en: "Valid from {from|date} for {licencePlate}." } });
    expect(localProblems(renamed)).toEqual([]);
  });

  it("reports references to missing fields and bad keys", () => {
    const broken: DesignModel = { ...permit, fields: [...permit.fields.filter((f) => f.key !== "plate"), { key: "2x", type: "text", required: false, title: { uk: "", en: "" } }] };
    expect(localProblems(broken).map((p) => p.message)).toEqual([
      'Field "2x": a key starts with a letter and has only letters, digits and _',
      'Section 1: the row "Номер" prints "plate", which is not a data field',
      "Section 3: the text refers to {plate}, which is not a data field",
    ]);
    expect(localProblems(broken).map((p) => p.code)).toEqual(["tpl.field-key", "tpl.row-not-field", "tpl.text-not-field"]);
  });

  it("gives rows the new type's format when a field changes type, unless the analyst chose another", () => {
    const retyped = withFields(permit, permit.fields.map((f) => (f.key === "plate" ? { ...f, type: "date" as const } : f.key === "holder" ? { ...f, type: "text" as const } : f)));
    const rows = retyped.sections[0].kind === "rows" ? retyped.sections[0].rows : [];
    expect(rows.map((r) => [r.key, r.format])).toEqual([
      ["holder", "text"],
      ["address", "address"],
      ["plate", "date"],
    ]);
    const custom: DesignModel = { ...permit, sections: [{ kind: "rows", rows: [{ key: "plate", uk: "", en: "", format: "reason" }] }] };
    const kept = withFields(custom, custom.fields.map((f) => (f.key === "plate" ? { ...f, type: "date" as const } : f)));
    expect(kept.sections[0]).toMatchObject({ rows: [{ format: "reason" }] });
  });

  it("moves items up and down within bounds", () => {
    expect(move([1, 2, 3], 2, -1)).toEqual([1, 3, 2]);
    expect(move([1, 2, 3], 0, 1)).toEqual([2, 1, 3]);
    const same = [1, 2];
    expect(move(same, 0, -1)).toBe(same);
    expect(move(same, 1, 1)).toBe(same);
  });

  it("makes new fields, rows and sections with sensible defaults", () => {
    expect(newField(["field1"]).key).toBe("field2");
    expect(newField([], "list").fields).toHaveLength(1);
    expect(rowFor(permit.fields[1])).toEqual({ key: "address", uk: "Адреса", en: "Address", format: "address", required: true });
    expect(rowFor(permit.fields[6]).format).toBe("money");
    expect(newSection("table", permit)).toEqual({ kind: "table", key: "vehicles", columns: [{ key: "model", uk: "Модель", en: "Model", format: "text" }] });
    expect(newSection("photo", permit)).toMatchObject({ kind: "photo", key: "photo" });
    expect(dataSchema([])).toEqual({ type: "object", properties: {} });
  });

  it("reads and writes validity as an amount of days, months or years", () => {
    expect(parseValidity("P30D")).toEqual({ kind: "simple", amount: 30, unit: "D" });
    expect(parseValidity("P12M")).toEqual({ kind: "simple", amount: 12, unit: "M" });
    expect(parseValidity("P2W")).toEqual({ kind: "simple", amount: 14, unit: "D" });
    expect(parseValidity("")).toEqual({ kind: "none" });
    expect(parseValidity("P1Y6M")).toEqual({ kind: "custom", text: "P1Y6M" });
    expect(formatValidity({ kind: "simple", amount: 1, unit: "Y" })).toBe("P1Y");
    expect(formatValidity({ kind: "simple", amount: 0, unit: "Y" })).toBe("");
    expect(formatValidity({ kind: "none" })).toBe("");
  });
});
