/**
 * Document templates: per document type the title, the fields printed (Ukrainian and English labels),
 * the fields shown on a shared card, the number prefix and the default validity.
 */

export type FieldFormat = "text" | "date" | "address" | "money" | "categories" | "yesNo" | "place" | "name";

export interface TemplateField {
  key: string;
  uk: string;
  en: string;
  format?: FieldFormat;
  required?: boolean;
}

export interface DocumentTemplate {
  type: DocumentType;
  title: { uk: string; en: string };
  /** Latin prefix of document numbers. */
  numberPrefix: string;
  fields: TemplateField[];
  /** Keys shown when the document is verified by a share code (no more than the card). */
  cardFields: string[];
  /** ISO 8601 duration, when the document expires by default. */
  validFor?: string;
}

export const DOCUMENT_TYPES = [
  "criminal-record-certificate",
  "driver-licence",
  "idp-certificate",
  "fine-payment-receipt",
  "birth-certificate",
  "residence-registration",
] as const;

export type DocumentType = (typeof DOCUMENT_TYPES)[number];

const field = (key: string, uk: string, en: string, format: FieldFormat = "text", required = false): TemplateField => ({ key, uk, en, format, required });

export const TEMPLATES: Record<DocumentType, DocumentTemplate> = {
  "criminal-record-certificate": {
    type: "criminal-record-certificate",
    title: { uk: "Витяг про несудимість", en: "Criminal record certificate" },
    numberPrefix: "CRC",
    validFor: "P30D",
    fields: [
      field("fullName", "Прізвище, ім'я, по батькові", "Full name", "name", true),
      field("birthDate", "Дата народження", "Date of birth", "date", true),
      field("birthPlace", "Місце народження", "Place of birth", "place"),
      field("certificateType", "Тип витягу", "Type of certificate"),
      field("purpose", "Мета запиту", "Purpose"),
      field("hasRecord", "Наявність судимості", "Criminal record", "yesNo", true),
      field("registryNumber", "Номер у реєстрі МВС", "MVS registry number"),
    ],
    cardFields: ["fullName", "birthDate", "hasRecord"],
  },
  "driver-licence": {
    type: "driver-licence",
    title: { uk: "Посвідчення водія", en: "Driving Licence" },
    numberPrefix: "DL",
    fields: [
      field("lastName", "1. Прізвище", "1. Surname", "text", true),
      field("givenNames", "2. Ім'я та по батькові", "2. Given names", "text", true),
      field("birthDateAndPlace", "3. Дата і місце народження", "3. Date and place of birth", "text", true),
      field("issueDate", "4a. Дата видачі", "4a. Date of issue", "date", true),
      field("expiryDate", "4b. Дійсний до", "4b. Expiry", "date", true),
      field("authority", "4c. Орган, що видав", "4c. Issuing authority", "text", true),
      field("recordNumber", "4d. УНЗР", "4d. Record number"),
      field("licenceNumber", "5. Номер документа", "5. Licence number", "text", true),
      field("categories", "9. Категорія", "9. Category", "categories", true),
      field("categoryDates", "10. Дата відкриття категорії", "10. Category issuing date", "text"),
    ],
    cardFields: ["lastName", "givenNames", "birthDateAndPlace", "issueDate", "expiryDate", "authority", "recordNumber", "licenceNumber", "categories", "categoryDates"],
  },
  "idp-certificate": {
    type: "idp-certificate",
    title: { uk: "Довідка про взяття на облік внутрішньо переміщеної особи", en: "Certificate of registration of an internally displaced person" },
    numberPrefix: "IDP",
    fields: [
      field("fullName", "Прізвище, ім'я, по батькові", "Full name", "name", true),
      field("birthDate", "Дата народження", "Date of birth", "date", true),
      field("certificateNumber", "Номер довідки в ЄІБД ВПО", "IDP register number", "text", true),
      field("previousAddress", "Зареєстроване місце проживання", "Registered place of residence", "address"),
      field("actualAddress", "Фактичне місце проживання", "Actual place of residence", "address", true),
      field("registeredOn", "Дата взяття на облік", "Date of registration", "date", true),
    ],
    cardFields: ["fullName", "birthDate", "certificateNumber", "registeredOn"],
  },
  "fine-payment-receipt": {
    type: "fine-payment-receipt",
    title: { uk: "Квитанція про сплату штрафу", en: "Fine payment receipt" },
    numberPrefix: "FPR",
    fields: [
      field("resolutionNumber", "Номер постанови", "Resolution number", "text", true),
      field("payer", "Платник", "Payer", "name", true),
      field("offence", "Правопорушення", "Offence"),
      field("amount", "Сума", "Amount", "money", true),
      field("paymentId", "Номер платежу", "Payment id", "text", true),
      field("paidAt", "Дата сплати", "Date of payment", "date", true),
    ],
    cardFields: ["resolutionNumber", "amount", "paidAt"],
  },
  "birth-certificate": {
    type: "birth-certificate",
    title: { uk: "Свідоцтво про народження", en: "Birth certificate" },
    numberPrefix: "BC",
    fields: [
      field("childName", "Прізвище, ім'я, по батькові дитини", "Child's full name", "name", true),
      field("birthDate", "Дата народження", "Date of birth", "date", true),
      field("birthPlace", "Місце народження", "Place of birth", "place", true),
      field("motherName", "Мати", "Mother", "name", true),
      field("fatherName", "Батько", "Father", "name"),
      field("actRecordNumber", "Номер актового запису", "Act record number", "text", true),
      field("certificateSeriesNumber", "Серія і номер свідоцтва", "Certificate series and number"),
    ],
    cardFields: ["childName", "birthDate", "actRecordNumber"],
  },
  "residence-registration": {
    type: "residence-registration",
    title: { uk: "Витяг з реєстру територіальної громади", en: "Extract from the register of the territorial community" },
    numberPrefix: "RR",
    validFor: "P30D",
    fields: [
      field("fullName", "Прізвище, ім'я, по батькові", "Full name", "name", true),
      field("birthDate", "Дата народження", "Date of birth", "date", true),
      field("address", "Задеклароване/зареєстроване місце проживання", "Declared/registered place of residence", "address", true),
      field("registeredOn", "Дата реєстрації", "Date of registration", "date", true),
    ],
    cardFields: ["fullName", "address", "registeredOn"],
  },
};

export function templateFor(type: string): DocumentTemplate {
  const template = (TEMPLATES as Record<string, DocumentTemplate>)[type];
  if (!template) throw new Error(`No document template "${type}" (known: ${DOCUMENT_TYPES.join(", ")})`);
  return template;
}

/** Required fields the data lacks. */
export function missingFields(template: DocumentTemplate, data: Record<string, unknown>): string[] {
  return template.fields.filter((f) => f.required && (data[f.key] === undefined || data[f.key] === null || data[f.key] === "")).map((f) => f.key);
}

/** A field's value as printed: dates as DD.MM.YYYY, addresses joined, names from parts, yes/no in both languages. */
export function formatValue(value: unknown, format: FieldFormat = "text"): string {
  if (value === undefined || value === null || value === "") return "—";
  switch (format) {
    case "date": {
      const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value));
      return match ? `${match[3]}.${match[2]}.${match[1]}` : String(value);
    }
    case "yesNo":
      return value === true ? "Так / Yes" : value === false ? "Ні / No" : String(value);
    case "money": {
      if (typeof value === "object") {
        const { amount, currency } = value as { amount?: number; currency?: string };
        return `${Number(amount).toFixed(2)} ${currency ?? "UAH"}`;
      }
      return `${Number(value).toFixed(2)} UAH`;
    }
    case "categories":
      return Array.isArray(value) ? value.map((c) => (typeof c === "object" && c ? (c as { category: string }).category : String(c))).join(", ") : String(value);
    case "address":
    case "place":
    case "name":
      if (typeof value === "object") {
        const parts = value as Record<string, unknown>;
        const order = format === "name" ? ["lastName", "firstName", "middleName"] : ["country", "region", "district", "city", "street", "house", "apartment"];
        return order.map((key) => parts[key]).filter((part) => part !== undefined && part !== null && part !== "").join(format === "name" ? " " : ", ");
      }
      return String(value);
    default:
      return typeof value === "object" ? JSON.stringify(value) : String(value);
  }
}
