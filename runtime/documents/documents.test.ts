/** Issued documents: PDF text (Cyrillic), signature, tampering, revocation, expiry, share codes. */
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../clock";
import { demoLicences, demoPeople, PERSONAS } from "../../stand-ins";
import { createDocuments, documentNumber, ean13, isEan13, SHARE_CODE_TTL_MS, signedPayload } from "./documents";
import { currentLicence, driverLicenceData } from "./driver-licence";
import { pdfText } from "./pdf-text";
import { loadDocumentSigner, signerFromKey } from "./signing";
import { InMemoryDocumentStore } from "./store";
import { DOCUMENT_TYPES, TEMPLATES } from "./templates";

const signer = signerFromKey(generateKeyPairSync("ed25519").privateKey);

function setup() {
  const clock = new ManualClock("2026-03-01T10:00:00Z");
  const store = new InMemoryDocumentStore();
  const documents = createDocuments({ store, signer, clock, publicBaseUrl: "https://civic.example.gov.ua/" });
  return { clock, store, documents };
}

// Data shaped as the example services map it in their document steps.
const certificate = {
  orderId: "700001",
  fullName: "Коваленко Олена Іванівна",
  birthDate: "1990-04-12",
  type: "short",
  purpose: "5",
  content: "Станом на дату формування не знятої чи не погашеної судимості не має, в розшуку не перебуває.",
  isCriminalRecord: false,
  isSuspicion: false,
};

const SAMPLE_DATA: Record<string, Record<string, unknown>> = {
  "criminal-record-certificate": certificate,
  "driver-licence": {},
  "idp-certificate": {
    certificateNumber: "3201-108771",
    registeredOn: "2026-03-01",
    lastName: "Руденко",
    firstName: "Андрій",
    middleName: "Іванович",
    birthDate: "1988-02-14",
    taxId: "3218610877",
    formerAddress: { region: "Донецька", city: "Маріуполь", street: "просп. Миру", house: "60" },
    actualAddress: { region: "Київська", city: "Ірпінь", street: "вул. Соборна", house: "1" },
    displacementDate: "2022-03-15",
    familyMembers: [{ lastName: "Руденко", firstName: "Ольга" }],
  },
  "fine-payment-receipt": {
    resolutionNumber: "ЕНА 1204417",
    issuedOn: "2026-02-25",
    article: "ч. 1 ст. 122 КУпАП",
    offence: "Перевищення швидкості більш як на 20 км/год",
    offender: "Лисенко Юрій Миколайович",
    fineAmount: 340,
    paidAmount: 170,
    currency: "UAH",
    discountApplied: true,
    transactionId: "PAY-77",
    paidAt: "2026-03-01T09:12:00Z",
    payer: "Лисенко Юрій Миколайович",
    recordedInRegister: true,
  },
  "birth-certificate": {
    series: "I-ТП",
    number: "800000",
    actRecordNumber: "20260301-0001",
    lastName: "Коваленко",
    firstName: "Марта",
    middleName: "Андріївна",
    birthDate: "2026-02-20",
    gender: "FEMALE",
    placeOfBirth: { country: "Україна", region: "м. Київ", city: "Київ" },
    mother: { lastName: "Коваленко", firstName: "Олена", middleName: "Іванівна" },
    father: { lastName: "Коваленко", firstName: "Андрій", middleName: "Петрович" },
  },
  "residence-registration": {
    registrationId: "4f1c",
    registeredOn: "2026-03-01",
    address: { country: "UKR", region: "Львівська", city: "Львів", street: "вул. Соборна", house: "2" },
    lastName: "Ковальський",
    firstName: "Ян",
    birthDate: "1983-05-02",
  },
};

beforeAll(() => {
  const people = demoPeople();
  const olena = people.find((p) => p.taxId === PERSONAS.olena)!;
  const licence = currentLicence(demoLicences(people).filter((l) => l.clientId === `C${olena.taxId}`))!;
  SAMPLE_DATA["driver-licence"] = driverLicenceData(
    licence,
    { lastNameUA: olena.name.uk.lastName, firstNameUA: olena.name.uk.firstName, middleNameUA: olena.name.uk.middleName, lastNameEN: olena.name.en.lastName, firstNameEN: olena.name.en.firstName, birthday: olena.birthDate, recordNumber: olena.recordNumber },
    olena.birthPlace?.city,
  );
});

describe("issuing", () => {
  it("computes validity in calendar months (P12M is a year, not 360 days)", async () => {
    const { documents } = setup();
    const { document } = await documents.issue({ type: "criminal-record-certificate", data: certificate, holderId: "holder-1", applicationId: "APP-1", validFor: "P12M" });
    expect(document.expiresAt).toBe("2027-03-01T10:00:00.000Z");
  });

  it.each(DOCUMENT_TYPES)("renders %s with Ukrainian and English text, the number and the verification link", async (type) => {
    const { documents } = setup();
    const { document, pdf } = await documents.issue({ type, data: SAMPLE_DATA[type], holderId: "holder-1", applicationId: "APP-1" });
    // Long texts wrap: compare with whitespace collapsed.
    const text = (await pdfText(pdf)).replace(/\s+/g, " ");
    expect(text).toContain(TEMPLATES[type].title.uk);
    expect(text).toContain(TEMPLATES[type].title.en);
    expect(text).toContain(`№ ${document.number}`);
    expect(text).toContain(`https://civic.example.gov.ua/documents/verify/${document.number}`);
    for (const field of TEMPLATES[type].fields.filter((f) => f.required)) {
      expect(text, field.key).toContain(field.uk);
      expect(text, field.key).toContain(field.en);
    }
    expect(document.number).toMatch(new RegExp(`^${TEMPLATES[type].numberPrefix}-2026-[0-9A-Z]{4}-[0-9A-Z]{4}$`));
    expect((await documents.verify(document.number, pdf)).valid).toBe(true);
  });

  it("prints the values in Cyrillic exactly", async () => {
    const { documents } = setup();
    const { pdf } = await documents.issue({ type: "criminal-record-certificate", data: certificate, holderId: "h", applicationId: "a" });
    const text = await pdfText(pdf);
    expect(text).toContain("Коваленко Олена Іванівна");
    expect(text).toContain("Оформлення на роботу (5)");
    expect(text).toContain("короткий / short");
    expect(text).toContain("12.04.1990");
    expect(text).toContain("Ні / No");
    expect(text.replace(/\s+/g, " ")).toContain("не знятої чи не погашеної судимості не має");
  });

  it("embeds a subset of the font and a QR code image", async () => {
    const { documents } = setup();
    const { pdf } = await documents.issue({ type: "driver-licence", data: SAMPLE_DATA["driver-licence"], holderId: "h", applicationId: "a" });
    expect(pdf.length).toBeLessThan(200_000); // subset, not the 750 kB face
    const parsed = await PDFDocument.load(pdf);
    expect(parsed.getTitle()).toContain("Посвідчення водія");
    expect(Buffer.from(pdf).toString("latin1")).toMatch(/\/Subtype\s*\/Image/);
    const text = await pdfText(pdf);
    for (const label of ["1. Прізвище", "2. Ім'я та по батькові", "3. Дата і місце народження", "4a. Дата видачі", "4b. Дійсний до", "4c. Орган, що видав", "4d. УНЗР", "5. Номер документа", "9. Категорія", "10. Дата відкриття категорії"]) {
      expect(text).toContain(label);
    }
    expect(text).toContain("Коваленко / Kovalenko");
  });

  it("refuses data without the template's required fields, and unknown templates", async () => {
    const { documents } = setup();
    await expect(documents.issue({ type: "fine-payment-receipt", data: { payer: "X" }, holderId: "h", applicationId: "a" })).rejects.toThrow(/lacks resolutionNumber, paidAmount, transactionId, paidAt/);
    await expect(documents.issue({ type: "passport", data: {}, holderId: "h", applicationId: "a" })).rejects.toThrow(/No document template "passport"/);
  });

  it("refuses values the template's data schema does not allow, naming each", async () => {
    const { documents } = setup();
    const data = { payer: "Коваленко Іван", resolutionNumber: "ПН-1", paidAmount: "340 грн", transactionId: "t-1", paidAt: "2026-12-01T10:00:00Z", issuedOn: "вчора" };
    const refused = await documents.issue({ type: "fine-payment-receipt", data, holderId: "h", applicationId: "a" }).then(() => undefined, (error: Error) => error.message);
    expect(refused).toMatch(/^Document fine-payment-receipt cannot print its data: /);
    expect(refused).toContain('/issuedOn: must match format "date"');
    expect(refused).toContain("/paidAmount: must be number,object");
    await expect(documents.issue({ type: "fine-payment-receipt", data: { ...data, paidAmount: 340, issuedOn: "2026-11-30" }, holderId: "h", applicationId: "a" })).resolves.toBeDefined();
  });

  it("renders the same bytes again, so only the data needs storing", async () => {
    const { documents } = setup();
    const { document, pdf } = await documents.issue({ type: "idp-certificate", data: SAMPLE_DATA["idp-certificate"], holderId: "h", applicationId: "a" });
    expect(Buffer.from(await documents.pdf(document)).equals(Buffer.from(pdf))).toBe(true);
  });

  it("makes unguessable numbers and valid EAN-13 share codes from the CSPRNG", () => {
    const numbers = new Set(Array.from({ length: 500 }, () => documentNumber("DL", new Date())));
    expect(numbers.size).toBe(500);
    for (let i = 0; i < 200; i++) expect(isEan13(ean13())).toBe(true);
    expect(isEan13("4006381333931")).toBe(true);
    expect(isEan13("4006381333932")).toBe(false);
  });
});

describe("verification", () => {
  it("detects a tampered PDF", async () => {
    const { documents } = setup();
    const { document, pdf } = await documents.issue({ type: "criminal-record-certificate", data: certificate, holderId: "h", applicationId: "a" });
    const tampered = Buffer.from(pdf);
    const at = tampered.indexOf("700001");
    if (at >= 0) tampered.write("700002", at); // the number is in a compressed stream normally: change any byte then
    else tampered[Math.floor(tampered.length / 2)] ^= 0xff;
    const result = await documents.verify(document.number, tampered);
    expect(result).toMatchObject({ valid: false, status: "valid" });
    expect(result.problems).toContain("The PDF is not the one issued under this number");

    // A re-made PDF with other text, under the real number, fails the same way.
    const forged = await PDFDocument.load(pdf);
    forged.setTitle("Витяг: судимості немає");
    expect((await documents.verify(document.number, await forged.save())).valid).toBe(false);
  });

  it("detects data changed in the register (signature)", async () => {
    const { documents, store } = setup();
    const { document, pdf } = await documents.issue({ type: "criminal-record-certificate", data: { ...certificate, isCriminalRecord: true }, holderId: "h", applicationId: "a" });
    store.documents.get(document.id)!.data.isCriminalRecord = false;
    const result = await documents.verify(document.number, pdf);
    expect(result.valid).toBe(false);
    expect(result.problems).toContain("The signature does not match the document's data");
  });

  it("does not trust another issuer's key", async () => {
    const { documents, store } = setup();
    const { document } = await documents.issue({ type: "criminal-record-certificate", data: certificate, holderId: "h", applicationId: "a" });
    const intruder = signerFromKey(generateKeyPairSync("ed25519").privateKey);
    const stored = store.documents.get(document.id)!;
    stored.keyId = intruder.keyId;
    stored.signature = intruder.sign(signedPayload(stored));
    expect((await documents.verify(document.number)).valid).toBe(false);
  });

  it("reports revoked, expired and unknown documents", async () => {
    const { documents, clock } = setup();
    const { document } = await documents.issue({ type: "criminal-record-certificate", data: certificate, holderId: "h", applicationId: "a" });
    expect(document.expiresAt).toBe("2026-03-31T10:00:00.000Z"); // the template's P30D
    clock.advance("P31D");
    expect(await documents.verify(document.number)).toMatchObject({ valid: false, status: "expired" });
    const receipt = await documents.issue({ type: "fine-payment-receipt", data: SAMPLE_DATA["fine-payment-receipt"], holderId: "h", applicationId: "a" });
    expect(receipt.document.expiresAt).toBeNull();
    await documents.revoke(receipt.document.id);
    expect(await documents.verify(receipt.document.number)).toMatchObject({ valid: false, status: "revoked", problems: ["The document was revoked"] });
    expect(await documents.verify("DL-2026-0000-0000")).toMatchObject({ valid: false, status: "unknown" });
  });
});

describe("sharing", () => {
  it("shows validity and only the card's fields, once, within 3 minutes", async () => {
    const { documents, clock, store } = setup();
    const { document } = await documents.issue({ type: "driver-licence", data: SAMPLE_DATA["driver-licence"], holderId: "holder-1", applicationId: "a" });
    const share = await documents.share(document.id, "holder-1");
    expect(isEan13(share.code)).toBe(true);
    expect(share.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(share.url).toBe(`https://civic.example.gov.ua/documents/share/${share.token}`);
    expect(share.qrSvg).toMatch(/^<svg/);
    expect(share.expiresAt).toBe(new Date(Date.parse("2026-03-01T10:00:00Z") + SHARE_CODE_TTL_MS).toISOString());
    expect(JSON.stringify(store.shares)).not.toContain(share.code); // only hashes are kept

    clock.advance("2m");
    const seen = await documents.verifyShare(share.code);
    expect(seen).toMatchObject({ valid: true, status: "valid" });
    expect(seen.card!.map((field) => field.key)).toEqual(TEMPLATES["driver-licence"].cardFields);
    expect(seen.card!.find((field) => field.key === "number")).toMatchObject({ uk: "5. Номер документа", en: "5. Licence number" });
    expect(seen.card!.find((field) => field.key === "birth")!.value).toBe("12.04.1990, Київ");
    expect(JSON.stringify(seen)).not.toContain("holder-1");
    expect(JSON.stringify(seen)).not.toContain("kind");

    expect(await documents.verifyShare(share.code)).toMatchObject({ valid: false, problems: ["The code is unknown or was already used"] });
  });

  it("rejects an expired share code, and verifies by the QR link token too", async () => {
    const { documents, clock } = setup();
    const { document } = await documents.issue({ type: "idp-certificate", data: SAMPLE_DATA["idp-certificate"], holderId: "h", applicationId: "a" });
    const late = await documents.share(document.id, "h");
    const byLink = await documents.share(document.id, "h");
    expect(late.code).not.toBe(byLink.code);
    expect(await documents.verifyShare(byLink.token)).toMatchObject({ valid: true });
    clock.advance(SHARE_CODE_TTL_MS);
    expect(await documents.verifyShare(late.code)).toMatchObject({ valid: false, problems: ["The code has expired"] });
    expect((await documents.verifyShare(late.code)).valid).toBe(false);
  });

  it("only the holder shares, and only a valid document", async () => {
    const { documents } = setup();
    const { document } = await documents.issue({ type: "idp-certificate", data: SAMPLE_DATA["idp-certificate"], holderId: "h", applicationId: "a" });
    await expect(documents.share(document.id, "someone-else")).rejects.toThrow(/No such document/);
    await documents.revoke(document.id);
    await expect(documents.share(document.id, "h")).rejects.toThrow(/revoked document cannot be shared/);
  });
});

describe("signing keys", () => {
  it("generates a development key once under the data directory and reuses it", () => {
    const dir = mkdtempSync(join(tmpdir(), "civic-keys-"));
    const file = join(dir, "data", "document-signing-key.pem");
    const warnings: string[] = [];
    const first = loadDocumentSigner({ developmentKeyFile: file, warn: (m) => warnings.push(m) }, {});
    const second = loadDocumentSigner({ developmentKeyFile: file, warn: (m) => warnings.push(m) }, {});
    expect(second.keyId).toBe(first.keyId);
    expect(warnings).toHaveLength(1);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadDocumentSigner({}, { DOCUMENT_SIGNING_KEY_FILE: file }).keyId).toBe(first.keyId);
    expect(loadDocumentSigner({}, { DOCUMENT_SIGNING_KEY: readFileSync(file, "utf8") }).keyId).toBe(first.keyId);
    expect(() => loadDocumentSigner({ requireConfiguredKey: true }, {})).toThrow(/No document signing key/);
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    expect(() => loadDocumentSigner({}, { DOCUMENT_SIGNING_KEY: rsa })).toThrow(/must be Ed25519/);
  });
});
