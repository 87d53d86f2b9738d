/**
 * The six documents' text, rendered from fixed sample data, against golden files (runtime/documents/golden/).
 * A change of layout or formatting shows here as a diff; regenerate with UPDATE_GOLDEN=1 only on purpose.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pdfText } from "./pdf-text";
import { renderDocumentPdf } from "./render-pdf";
import { DOCUMENT_TYPES, templateFor } from "./templates";

const GOLDEN = join(import.meta.dirname, "golden");

/** Sample data per type, with the shapes forms give: addresses with `building`, names in parts, extra keys. */
const GOLDEN_SAMPLES: Record<string, Record<string, unknown>> = {
  "criminal-record-certificate": {
    orderId: "700001", lastName: "Коваленко", firstName: "Олена", middleName: "Іванівна", birthDate: "1990-04-12",
    type: "short", purpose: "5", content: "Не знятої чи не погашеної судимості не має.", isCriminalRecord: false,
  },
  "driver-licence": {
    lastName: "Шевченко", givenNames: "Тарас Григорович", birthDate: "1985-03-09", birthPlace: "Київ",
    issueDate: "2026-03-01", expiryDate: "2056-03-01", authority: "ТСЦ 8041", recordNumber: "19850309-01234",
    licenceNumber: "AAB123456", categories: [{ category: "B", dopen: "2005-06-01" }, "C1"],
    categoryDates: [{ category: "B", dopen: "2005-06-01" }, { category: "C1", openDate: "2010-02-15" }],
  },
  "idp-certificate": {
    fullName: "Бондар Марія Петрівна", birthDate: "1978-11-30", certificateNumber: "0000-1234567890",
    previousAddress: { region: "Донецька обл.", city: "Маріуполь", street: "просп. Миру", building: "12", apartment: "5" },
    actualAddress: { region: "Львівська обл.", city: "Львів", street: "вул. Городоцька", house: "7", flat: "21" },
    displacementDate: "2022-03-15", familyMembers: [{ lastName: "Бондар", firstName: "Іван" }, "Бондар Ольга"], registeredOn: "2026-03-01",
  },
  "fine-payment-receipt": {
    resolutionNumber: "ХХ 1234567", issuedOn: "2026-02-20", article: "ч. 1 ст. 122 КУпАП", offence: "Перевищення швидкості",
    vehiclePlate: "AA1234BB", fineAmount: 340, paidAmount: { amount: 170, currency: "UAH" }, discountApplied: true,
    paymentId: "PAY-42", paidAt: "2026-02-25", payer: { lastName: "Ткаченко", firstName: "Андрій", middleName: "Олегович" },
    recordedInRegister: true, period: "2026-02",
  },
  "birth-certificate": {
    lastName: "Мельник", firstName: "Софія", middleName: "Андріївна", birthDate: "2026-02-14", gender: "female",
    birthPlace: { country: "Україна", region: "Київська обл.", city: "Біла Церква" }, motherName: "Мельник Ірина Василівна",
    father: "Мельник Андрій Петрович", actRecordNumber: "345", series: "I-ОК", number: "123456",
  },
  "residence-registration": {
    fullName: "Кравчук Петро Іванович", birthDate: "1969-07-01", registeredOn: "2026-01-10", registrationId: "RR-77",
    address: { region: "Київська обл.", city: "Бровари", street: "вул. Київська", building: "3", apartment: "14" },
  },
};

describe("golden text of the six documents", () => {
  for (const type of DOCUMENT_TYPES) {
    it(type, async () => {
      const template = templateFor(type);
      const pdf = await renderDocumentPdf({
        template, number: `${template.numberPrefix}-2026-0000001`, data: GOLDEN_SAMPLES[type],
        issuedAt: "2026-03-01T10:00:00.000Z", expiresAt: template.validFor ? "2026-03-31T10:00:00.000Z" : null,
        verificationUrl: `https://civic.example.gov.ua/documents/verify/${template.numberPrefix}-2026-0000001`, keyId: "golden-key",
      });
      const text = await pdfText(pdf);
      const file = join(GOLDEN, `${type}.txt`);
      if (process.env.UPDATE_GOLDEN) writeFileSync(file, text);
      expect(existsSync(file), `no golden file ${file}: run with UPDATE_GOLDEN=1`).toBe(true);
      expect(text).toBe(readFileSync(file, "utf8"));
    });
  }
});
