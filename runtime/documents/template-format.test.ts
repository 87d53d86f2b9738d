/**
 * Templates as data (issue 11): checkTemplate's problems for analysts, sampleData for previews, and the generic
 * renderer's tables, free text, photo slot and pagination, read back from the PDF's text.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { PDFDocument, PDFName, PDFRawStream } from "pdf-lib";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { createAjv } from "../../engine/validation/ajv";
import { pdfText } from "./pdf-text";
import { fitColumns, renderDocumentPdf } from "./render-pdf";
import {
  checkTemplate,
  compileTemplate,
  fillText,
  knownKeys,
  loadTemplate,
  otherDetails,
  SAMPLE_PHOTO,
  sampleData,
  TEMPLATES,
  TEMPLATES_DIR,
  templateDataSchema,
  type TemplateDefinition,
} from "./templates";

const parkingText = readFileSync(join(TEMPLATES_DIR, "parking-permit.yaml"), "utf8");
const parking = () => parse(parkingText) as TemplateDefinition;
/** A deep copy of the parking permit, changed by `change`. */
const changed = (change: (definition: TemplateDefinition & Record<string, unknown>) => void) => {
  const definition = structuredClone(parking()) as TemplateDefinition & Record<string, unknown>;
  change(definition);
  return definition;
};
// biome-ignore lint/suspicious/noExplicitAny: tests edit parsed YAML freely, typed or not
const section = (definition: TemplateDefinition, index: number) => definition.sections[index] as Record<string, any>;

/** The text of each page (pdf.js). */
async function pageTexts(pdf: Uint8Array): Promise<string[]> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : " ") : "")).join(""));
  }
  await document.destroy();
  return pages;
}

/** How many images the PDF embeds (the QR code is one). */
async function imageCount(pdf: Uint8Array): Promise<number> {
  const document = await PDFDocument.load(pdf);
  return document.context.enumerateIndirectObjects().filter(([, object]) => object instanceof PDFRawStream && object.dict.get(PDFName.of("Subtype")) === PDFName.of("Image")).length;
}

const render = (definition: TemplateDefinition, data: Record<string, unknown>) =>
  renderDocumentPdf({
    template: compileTemplate(definition), number: "PP-2026-0000-0001", data,
    issuedAt: "2026-03-01T10:00:00.000Z", expiresAt: "2027-02-28T10:00:00.000Z",
    verificationUrl: "https://civic.example.gov.ua/documents/verify/PP-2026-0000-0001", keyId: "test-key",
  });

describe("checkTemplate", () => {
  it("finds no problem in the seven files", () => {
    for (const name of ["criminal-record-certificate", "driver-licence", "idp-certificate", "fine-payment-receipt", "birth-certificate", "residence-registration", "parking-permit"]) {
      expect(checkTemplate(parse(readFileSync(join(TEMPLATES_DIR, `${name}.yaml`), "utf8"))), name).toEqual([]);
    }
  });

  it("says what is wrong with the file's format, naming the place", () => {
    expect(checkTemplate("id: x")).toEqual([expect.stringContaining("must be a mapping")]);
    expect(checkTemplate(changed((d) => { delete (d as Partial<TemplateDefinition>).title; }))).toContain('the template: "title" is missing');
    expect(checkTemplate(changed((d) => { d.id = "Parking Permit"; }))).toEqual([expect.stringMatching(/^id: "Parking Permit" — the id is lowercase Latin letters/)]);
    expect(checkTemplate(changed((d) => { d.numberPrefix = "pp1"; }))).toEqual([expect.stringMatching(/^numberPrefix: "pp1" — the number prefix is 1 to 6 capital Latin letters/)]);
    expect(checkTemplate(changed((d) => { d.validFor = "1 year"; }))).toEqual([expect.stringMatching(/^validFor: "1 year" — the validity is an ISO 8601 duration/)]);
    expect(checkTemplate(changed((d) => { d.validFor = "P"; }))).toHaveLength(1);
    expect(checkTemplate(changed((d) => { section(d, 1).rows[2].format = "plate"; }))).toEqual(['sections[1].rows[2].format: "plate" is not one of text, date, address, money, categories, categoryDates, yesNo, place, name, gender, certificateType, reason, people']);
    expect(checkTemplate(changed((d) => { section(d, 2).rows = [{ key: "make", uk: "Марка", en: "Make" }]; section(d, 1).rows.splice(3, 1); })))
      .toEqual(["sections[2]: a section has exactly one of rows, table, text or photo"]);
    expect(checkTemplate(changed((d) => { section(d, 3).table.colums = section(d, 3).table.columns; delete section(d, 3).table.columns; })))
      .toEqual(['sections[3].table: "columns" is missing', 'sections[3].table: "colums" is not allowed here']);
    expect(checkTemplate(changed((d) => { delete (d as Partial<TemplateDefinition>).data; }))).toContain('the template: "data" is missing');
    expect(checkTemplate(changed((d) => { (d.data.properties as Record<string, Record<string, unknown>>).plate.type = ["string", "str"]; })))
      .toEqual(['data.properties.plate.type[1]: "str" is not one of string, number, integer, boolean, object, array, null']);
    expect(checkTemplate(changed((d) => { (d.data.properties as Record<string, unknown>)["plate number"] = { type: "string" }; })))
      .toEqual(['data.properties: "plate number" is not a valid key (Latin letters, digits and _, starting with a letter)']);
    expect(checkTemplate(changed((d) => { (d as Record<string, unknown>).sections = {}; }))).toEqual(["sections: must be a list"]);
  });

  it("finds keys the data schema does not have: rows, aliases, name parts, table columns, placeholders, photo", () => {
    expect(checkTemplate(changed((d) => { section(d, 1).rows[2].key = "plateNumber"; })))
      .toEqual(['sections[1].rows[2].key: "plateNumber" is not a property of the data (add it to data.properties)', 'card[1]: "plate" is not a row of the template (the card shows rows)']);
    expect(checkTemplate(changed((d) => { section(d, 1).rows[2].from = ["plate", "vehiclePlate"]; })))
      .toEqual(['sections[1].rows[2].from[1]: "vehiclePlate" is not a property of the data (add it to data.properties)']);
    expect(checkTemplate(changed((d) => { delete (d.data.properties as Record<string, unknown>).middleName; })))
      .toEqual(['sections[1].rows[0].name: "middleName" is not a property of the data (a name in parts) (add it to data.properties)']);
    expect(checkTemplate(changed((d) => { section(d, 1).rows[5].join.parts[1].key = "validTo"; })))
      .toEqual(['sections[1].rows[5].join.parts[1]: "validTo" is not a property of the data (add it to data.properties)']);
    expect(checkTemplate(changed((d) => { section(d, 3).table.columns[0].key = "vehicle"; })))
      .toEqual([`sections[3].table.columns[0]: "vehicle" is not a property of the data's payments items (add it to data.properties.payments.items.properties)`]);
    expect(checkTemplate(changed((d) => { section(d, 2).text.uk += " {plat}"; section(d, 2).text.en += " {zone|dat}"; }))).toEqual([
      'sections[2].text.uk: placeholder {plat} — "plat" is not a property of the data',
      'sections[2].text.en: placeholder {zone|dat} — "dat" is not a format (text, date, address, money, categories, categoryDates, yesNo, place, name, gender, certificateType, reason, people)',
    ]);
    expect(checkTemplate(changed((d) => { section(d, 2).text.en += " {zone"; }))).toEqual(["sections[2].text.en: a brace without its pair; placeholders are written {key} or {key|format}"]);
    expect(checkTemplate(changed((d) => { section(d, 0).photo.key = "portrait"; })))
      .toEqual(['sections[0].photo.key: "portrait" is not a property of the data (add it to data.properties)']);
    expect(checkTemplate(changed((d) => { (d.data.required as string[]).push("permitId"); })))
      .toEqual(['data.required[7]: "permitId" is not a property of the data (add it to data.properties)']);
    expect(checkTemplate(changed((d) => { d.card = ["holderName", "validFrom"]; })))
      .toEqual(['card[1]: "validFrom" is not a row of the template (the card shows rows)']);
  });

  it("wants a table's key to be a list of objects, required rows required in the data, unique row keys", () => {
    expect(checkTemplate(changed((d) => { section(d, 3).table.key = "zone"; })))
      .toEqual(['sections[3].table.key: "zone" must be a list of objects in the data (type: array, items: { type: object, properties: … })']);
    expect(checkTemplate(changed((d) => { d.data.required = (d.data.required as string[]).filter((key) => key !== "zone"); })))
      .toEqual(['sections[1].rows[4]: the row is required but "zone" is not required in the data (add it to data.required)']);
    expect(checkTemplate(changed((d) => { d.data.required = (d.data.required as string[]).filter((key) => key !== "validUntil"); })))
      .toEqual(['sections[1].rows[5]: the row is required but "validUntil" is not required in the data (add it to data.required)']);
    expect(checkTemplate(changed((d) => { delete d.data.allOf; })))
      .toEqual(['sections[1].rows[0]: the row is required but the data requires none of holderName or lastName + firstName (add data.allOf: [{ anyOf: [{ required: [...] }, …] }])']);
    expect(checkTemplate(changed((d) => { d.data.required = [...(d.data.required as string[]), "holderName"]; delete d.data.allOf; }))).toEqual([]);
    // An alternative that gives only part of a name in parts does not give the name.
    expect(checkTemplate(changed((d) => { d.data.allOf = [{ anyOf: [{ required: ["holderName"] }, { required: ["lastName"] }] }]; })))
      .toEqual(['sections[1].rows[0]: the row is required but the data requires none of holderName or lastName + firstName (add data.allOf: [{ anyOf: [{ required: [...] }, …] }])']);
    expect(checkTemplate(changed((d) => { section(d, 1).rows.push({ key: "plate", uk: "Номер", en: "Plate" }); })))
      .toEqual(['sections[1].rows[7].key: "plate" is already a row (sections[1].rows[2]); row keys must be unique']);
    expect(checkTemplate(changed((d) => { (d.data.properties as Record<string, unknown>).photo = { type: "array" }; })))
      .toEqual(['sections[0].photo.key: "photo" must be text in the data (a data URL or base64 of a JPEG or PNG)']);
  });

  it("never throws, whatever it is given", () => {
    fc.assert(fc.property(fc.anything(), (value) => Array.isArray(checkTemplate(value))), { numRuns: 300 });
    // The parking permit with a value somewhere replaced by anything.
    const paths: (string | number)[][] = [];
    const walk = (value: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (value && typeof value === "object") for (const [key, child] of Object.entries(value)) walk(child, [...path, Array.isArray(value) ? Number(key) : key]);
    };
    walk(parking(), []);
    fc.assert(
      fc.property(fc.constantFrom(...paths.filter((path) => path.length > 0)), fc.anything(), (path, value) => {
        const definition = structuredClone(parking()) as unknown as Record<string | number, unknown>;
        let target = definition;
        for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
        target[path[path.length - 1]] = value;
        const problems = checkTemplate(definition);
        return Array.isArray(problems) && problems.every((problem) => typeof problem === "string");
      }),
      { numRuns: 500 },
    );
  });
});

describe("compileTemplate and the data contract", () => {
  it("compiles a definition without a file, with any id", () => {
    const template = compileTemplate(parking());
    expect(template.type).toBe("parking-permit");
    expect(template.sections.map((s) => s.kind)).toEqual(["photo", "rows", "text", "table"]);
    expect(template.fields.map((f) => f.key)).toEqual(["holderName", "address", "plate", "make", "zone", "period", "fee"]);
    expect(templateDataSchema(template)).toEqual(parking().data);
    expect(loadTemplate("parking-permit").data).toEqual(parking().data);
    // Tables, placeholders and photos are read: not "other details".
    expect([...knownKeys(template)]).toEqual(expect.arrayContaining(["payments", "photo", "validFrom"]));
    expect(otherDetails(template, { photo: SAMPLE_PHOTO, payments: [], permitId: "77" })).toEqual([{ key: "permitId", value: "77" }]);
  });

  it("fills placeholders, formatted, with a row's value for a row key and — for a missing value", () => {
    const template = compileTemplate(parking());
    expect(fillText("{plate} з {validFrom|date} до {validUntil|date}, {address|address}, {fee|money}, {missing}", {
      plate: "AA1234BB", validFrom: "2026-03-01", validUntil: "2027-02-28", address: { city: "Бровари", street: "вул. Київська", building: "12", flat: "5" }, fee: 1200,
    })).toBe("AA1234BB з 01.03.2026 до 28.02.2027, Бровари, вул. Київська, 12, кв. 5, 1200.00 UAH, —");
    expect(fillText("{holderName|name}", { lastName: "Шевченко", firstName: "Олена" }, template.fields)).toBe("Шевченко Олена");
  });
});

describe("sampleData", () => {
  it("gives data the parking permit's schema accepts: examples, a full address, a name, a table of two rows, a photo", () => {
    const definition = parking();
    const sample = sampleData(definition);
    const validate = createAjv().compile(definition.data);
    expect(validate(sample), JSON.stringify(validate.errors)).toBe(true);
    expect(sample).toMatchObject({
      plate: "AA1234BB", zone: "A", validFrom: "2026-03-01", fee: 1200, photo: SAMPLE_PHOTO,
      address: { region: "Київська обл.", city: "Бровари", street: "вул. Київська", building: "12", flat: "5", postalCode: "07400" },
      lastName: "Шевченко", firstName: "Олена",
    });
    expect(sample.payments).toEqual([
      { paidAt: "2026-03-01", amount: 250, transactionId: "12345" },
      { paidAt: "2026-03-01", amount: 251, transactionId: "12345 2" },
    ]);
  });

  it("fills every built-in template's required data, and never throws", () => {
    for (const template of Object.values(TEMPLATES)) {
      const definition = { data: template.data, sections: [] } as unknown as TemplateDefinition;
      const sample = sampleData(definition);
      const validate = createAjv().compile(template.data);
      expect(validate(sample), `${template.type}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    fc.assert(fc.property(fc.anything(), (value) => typeof sampleData(value as TemplateDefinition) === "object"), { numRuns: 200 });
  });
});

describe("rendering tables, text, photos and pages", () => {
  it("prints the parking permit: plate, period, full address with building and flat, the paragraph filled, the photo embedded", async () => {
    const data = { ...sampleData(parking()), payments: [{ paidAt: "2026-02-27", amount: 1200, transactionId: "PAY-9" }] };
    const pdf = await render(parking(), data);
    const text = (await pdfText(pdf)).replace(/\s+/g, " ");
    expect(text).toContain("Дозвіл на паркування");
    expect(text).toContain("AA1234BB");
    expect(text).toContain("01.03.2026 — 28.02.2027");
    expect(text).toContain("Київська обл., Бровари, вул. Київська, 12, кв. 5");
    expect(text).toContain("Дозвіл видано Шевченко Олена Петрівна на автомобіль Škoda Octavia з номерним знаком AA1234BB");
    expect(text).toContain("from 01.03.2026 to 28.02.2027 inclusive");
    expect(text).not.toMatch(/[{}]/);
    expect(text).toContain("1200.00 UAH");
    expect(text).toMatch(/Дата Date.*Сума Amount.*Номер платежу Payment id/);
    expect(text).toContain("27.02.2026 1200.00 UAH PAY-9");
    expect(text).toContain("Фото власника");
    expect(text).not.toContain("Фото / Photo");
    expect(text).not.toContain("Інші відомості"); // the photo is not printed as text
    expect(await imageCount(pdf)).toBe(2); // the QR code and the photo
  });

  it("draws an empty labelled box without a photo, and — for a value that is not an image, never failing", async () => {
    const data = sampleData(parking());
    const without = await render(parking(), { ...data, photo: undefined });
    expect(await pdfText(without)).toContain("Фото / Photo");
    expect(await imageCount(without)).toBe(1);
    for (const broken of ["not an image", "data:image/png;base64,iVBORw0KGgoAAAAN", `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01]).toString("base64")}`]) {
      const pdf = await render(parking(), { ...data, photo: broken });
      const text = await pdfText(pdf);
      expect(text).not.toContain("Фото / Photo");
      expect(text).toMatch(/—\s*Фото власника/);
      expect(await imageCount(pdf)).toBe(1);
    }
    // Plain base64 of a PNG, without the data URL's prefix, is a photo too.
    expect(await imageCount(await render(parking(), { ...data, photo: SAMPLE_PHOTO.split(",")[1] }))).toBe(2);
  });

  it("prints a photo section further down beside its labels (the header corner only takes an untitled first one)", async () => {
    const definition = changed((d) => {
      const [photo] = d.sections.splice(0, 1);
      d.sections.push({ ...photo, title: { uk: "Фотографія", en: "Photograph" } });
    });
    expect(checkTemplate(definition)).toEqual([]);
    expect(compileTemplate(definition).sections.map((s) => s.kind)).toEqual(["rows", "text", "table", "photo"]);
    const pdf = await render(definition, sampleData(parking()));
    expect((await pdfText(pdf)).replace(/\s+/g, " ")).toMatch(/12345 2 Фотографія \/ Photograph Фото власника Holder's photo/);
    expect(await imageCount(pdf)).toBe(2);
  });

  it("continues a 60-row table on the next pages: header repeated, every row present, numbers on each page, the QR code last", async () => {
    const payments = Array.from({ length: 60 }, (_, i) => ({ paidAt: `2026-03-${String((i % 28) + 1).padStart(2, "0")}`, amount: 100 + i, transactionId: `PAY-${String(i + 1).padStart(3, "0")}` }));
    const pdf = await render(parking(), { ...sampleData(parking()), payments });
    const pages = await pageTexts(pdf);
    expect(pages.length).toBeGreaterThan(1);
    const all = pages.join("\n");
    for (const payment of payments) expect(all).toContain(payment.transactionId);
    pages.forEach((page, index) => {
      expect(page).toContain(`Сторінка ${index + 1} з ${pages.length} / Page ${index + 1} of ${pages.length}`);
      expect(page).toContain("PP-2026-0000-0001");
      if (index > 0) expect(page).toContain("Дозвіл на паркування / Parking permit");
    });
    // The header row on every page the table runs over.
    const withRows = pages.filter((page) => /PAY-\d{3}/.test(page));
    expect(withRows.length).toBeGreaterThan(1);
    for (const page of withRows) expect(page).toMatch(/Номер платежу\s+Payment id/);
    expect(pages.filter((page) => page.includes("Verify this document"))).toHaveLength(1);
    expect(pages[pages.length - 1]).toContain("Verify this document");
  });

  it("wraps long text to the page width and continues it on the next page", async () => {
    const words = Array.from({ length: 900 }, (_, i) => `слово${i}`);
    const definition = changed((d) => {
      section(d, 2).text.uk = `${words.join(" ")} {plate}`;
    });
    const pages = await pageTexts(await render(definition, sampleData(parking())));
    expect(pages.length).toBeGreaterThan(1);
    const all = pages.join(" ").replace(/\s+/g, " ");
    for (const word of words) expect(all).toContain(` ${word} `);
    expect(all).toContain("слово899 AA1234BB");
  });

  it("continues rows on the next page: many other details, and one value longer than a page", async () => {
    const many = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`extra${i}`, `значення ${i}`]));
    const pages = await pageTexts(await render(parking(), { ...sampleData(parking()), ...many }));
    expect(pages.length).toBeGreaterThan(1);
    const all = pages.join("\n");
    for (let i = 0; i < 80; i++) expect(all).toMatch(new RegExp(`extra${i}\\s+значення ${i}\\b`));
    const long = Array.from({ length: 1500 }, (_, i) => `w${i}`).join(" ");
    const definition = changed((d) => {
      (d.data.properties as Record<string, unknown>).make = { type: "string" };
    });
    const longPages = await pageTexts(await render(definition, { ...sampleData(parking()), make: long }));
    expect(longPages.length).toBeGreaterThan(1);
    const longText = longPages.join(" ").replace(/\s+/g, " ");
    for (let i = 0; i < 1500; i += 7) expect(longText).toContain(` w${i} `);
  });

  it("embeds a JPEG as well as a PNG", async () => {
    // The smallest JPEG header pdf-lib reads: SOI, SOF0 (8 bits, 16 × 12, 3 components), EOI.
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x0c, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xd9]);
    const pdf = await render(parking(), { ...sampleData(parking()), photo: `data:image/jpeg;base64,${jpeg.toString("base64")}` });
    expect(await imageCount(pdf)).toBe(2);
  });

  it("lays a wide table out in columns that fit the page", () => {
    expect(fitColumns([50, 60, 70], 495)).toEqual([50 * 495 / 180, 60 * 495 / 180, 70 * 495 / 180]);
    const widths = fitColumns([40, 900, 600], 495);
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(495);
    expect(widths[0]).toBeCloseTo(40);
    expect(widths[1]).toBeCloseTo(227.5);
  });

  it("prints an empty table as a dash under its header", async () => {
    const text = (await pdfText(await render(parking(), { ...sampleData(parking()), payments: [] }))).replace(/\s+/g, " ");
    expect(text).toMatch(/Номер платежу Payment id —/);
  });
});
