/** The document template files: valid against their schema, one per built-in type (and the parking-permit example), and what the loader makes of them. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { checkTemplate, DOCUMENT_TYPES, loadTemplate, otherDetails, templateContracts, TEMPLATES, TEMPLATES_DIR } from "../../runtime/documents/templates";

const schema = JSON.parse(readFileSync(join(TEMPLATES_DIR, "template.schema.json"), "utf8"));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
/** Template files besides the six built-in types: examples the template store publishes too. */
const EXAMPLES = ["parking-permit"];
const FILES = [...DOCUMENT_TYPES, ...EXAMPLES];

describe("document template files", () => {
  it("are one per document type (and the examples), each naming the schema", () => {
    const files = readdirSync(TEMPLATES_DIR).filter((name) => name.endsWith(".yaml")).map((name) => name.replace(/\.yaml$/, ""));
    expect(files.sort()).toEqual([...FILES].sort());
    for (const type of FILES) expect(readFileSync(join(TEMPLATES_DIR, `${type}.yaml`), "utf8")).toMatch(/^\$schema: \.\/template\.schema\.json$/m);
  });

  it.each(FILES)("%s is valid against template.schema.json, and checkTemplate finds no problem", (type) => {
    const file = parse(readFileSync(join(TEMPLATES_DIR, `${type}.yaml`), "utf8"));
    expect(validate(file), JSON.stringify(validate.errors)).toBe(true);
    expect(checkTemplate(file)).toEqual([]);
  });

  it("give the catalog their explicit data schema, aliases included", () => {
    const contracts = templateContracts();
    expect(Object.keys(contracts).sort()).toEqual([...FILES].sort()); // the store publishes every file
    const receipt = parse(readFileSync(join(TEMPLATES_DIR, "fine-payment-receipt.yaml"), "utf8"));
    expect(contracts["fine-payment-receipt"].data).toEqual(receipt.data);
    expect(Object.keys(contracts["fine-payment-receipt"].data.properties as object)).toEqual(expect.arrayContaining(["amount", "paymentId", "article"]));
    expect(Object.keys(contracts["residence-registration"].data.properties as object)).toEqual(expect.arrayContaining(["fullName", "lastName", "firstName", "middleName"]));
  });

  it("the schema refuses a row without labels and a validity that is not an ISO duration", () => {
    const file = parse(readFileSync(join(TEMPLATES_DIR, "residence-registration.yaml"), "utf8"));
    expect(validate({ ...file, validFor: "30 days" })).toBe(false);
    expect(validate({ ...file, sections: [{ rows: [{ key: "x" }] }] })).toBe(false);
  });

  it("turns aliases, names in parts and joined values into computed fields", () => {
    const receipt = TEMPLATES["fine-payment-receipt"];
    const offence = receipt.fields.find((f) => f.key === "offence");
    expect(offence?.value?.({ article: "ст. 122", offence: "Швидкість" })).toBe("ст. 122 — Швидкість");
    expect(receipt.fields.find((f) => f.key === "paidAmount")?.value?.({ amount: 170 })).toBe(170);
    const name = TEMPLATES["residence-registration"].fields[0];
    expect(name.value?.({ lastName: "Кравчук", firstName: "Петро" })).toBe("Кравчук Петро");
    expect(TEMPLATES["criminal-record-certificate"].validFor).toBe("P30D");
  });

  it("lists data the template does not print as other details", () => {
    expect(otherDetails(TEMPLATES["fine-payment-receipt"], { paymentId: "P-1", vehiclePlate: "AA1234BB", period: "2026-02", empty: "" }))
      .toEqual([{ key: "period", value: "2026-02" }]);
    // A photo as base64 would fill pages (and take minutes to wrap): its start is printed, the signature covers it whole.
    const [photo] = otherDetails(TEMPLATES["residence-registration"], { photo: "A".repeat(5000) });
    expect(photo.value).toBe(`${"A".repeat(200)}… (5000)`);
  });

  it("refuses a file whose id is not its name, or whose card shows an unknown row", () => {
    const text = readFileSync(join(TEMPLATES_DIR, "residence-registration.yaml"), "utf8");
    expect(() => loadTemplate("birth-certificate", text)).toThrow(/has id "residence-registration"/);
    expect(() => loadTemplate("residence-registration", text.replace("card: [fullName", "card: [nope"))).toThrow(/unknown rows nope/);
  });
});
