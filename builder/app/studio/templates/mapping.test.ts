import { describe, expect, it } from "vitest";
import { formAnswers, suggestMapping, withSuggestedMapping } from "./mapping";

const service = {
  steps: {
    form1: {
      kind: "form",
      schema: {
        type: "object",
        properties: {
          plate: { type: "string", title: { uk: "Номерний знак", en: "Number plate" } },
          home: { type: "object", title: { uk: "Адреса", en: "Address" } },
          from: { type: "string", format: "date", title: "Valid from" },
        },
      },
    },
    more: { kind: "form", saveAs: "extra", schema: { properties: { holderName: { type: "string" } } } },
    permit: { kind: "document", template: "parking-permit" },
  },
};

const template = {
  type: "object",
  properties: {
    holderName: { type: "string", title: "Holder" },
    address: { type: "object", title: "Address", description: "Адреса" },
    plate: { type: "string", title: "Plate" },
    validFrom: { type: "string", format: "date", title: "Valid from" },
    validUntil: { type: "string", format: "date", title: "Valid until" },
    lastName: { type: "string" },
    zone: { type: "string" },
  },
  required: ["plate", "zone"],
};

describe("document data mapping suggestions", () => {
  it("lists the answers of form steps with the expressions that read them", () => {
    expect(formAnswers(service).map((a) => a.expression)).toEqual(["form1.plate", "form1.home", "form1.from", "extra.holderName"]);
  });

  it("maps template fields to answers of the same key, else the same title; the rest empty or left out", () => {
    expect(suggestMapping(template, service)).toEqual({
      holderName: "extra.holderName",
      address: "form1.home",
      plate: "form1.plate",
      validFrom: "form1.from",
      validUntil: "",
      zone: "",
    });
  });

  it("fills the mapping only when a template is picked and the mapping is empty", () => {
    const templates = { "parking-permit": { data: template } };
    const picked = withSuggestedMapping({ template: "x" }, { template: "parking-permit" }, templates, service);
    expect(picked.data).toMatchObject({ plate: "form1.plate" });
    const kept = withSuggestedMapping({ template: "x" }, { template: "parking-permit", data: { plate: "form1.plate + 'x'" } }, templates, service);
    expect(kept.data).toEqual({ plate: "form1.plate + 'x'" });
    const same = { template: "parking-permit" };
    expect(withSuggestedMapping(same, same, templates, service)).toBe(same);
    expect(withSuggestedMapping({}, { template: "unknown" }, templates, service)).toEqual({ template: "unknown" });
  });
});
