/**
 * Document templates: per document type the title, the fields printed (Ukrainian and English labels),
 * the fields shown on a shared card, the number prefix and the default validity.
 */

import { formatAddress, formatDateShort, formatMoney, formatName } from "./format";

export type FieldFormat =
  | "text"
  | "date"
  | "address"
  | "money"
  | "categories"
  | "categoryDates"
  | "yesNo"
  | "place"
  | "name"
  | "gender"
  | "certificateType"
  | "reason"
  | "people";

export interface TemplateField {
  key: string;
  uk: string;
  en: string;
  format?: FieldFormat;
  required?: boolean;
  /** Computes the value from the document's data (names from their parts, aliases); data[key] otherwise. */
  value?: (data: Record<string, unknown>) => unknown;
  /** The data keys a computed value reads: any one of these lists, all keys of it (default: the key alone). */
  accepts?: string[][];
  /** Further keys a computed value reads when they are there (a middle name). */
  optional?: string[];
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

type Value = NonNullable<TemplateField["value"]> & Pick<TemplateField, "accepts" | "optional">;
const field = (key: string, uk: string, en: string, format: FieldFormat = "text", required = false, value?: Value): TemplateField => ({
  key,
  uk,
  en,
  format,
  required,
  ...(value ? { value, ...(value.accepts ? { accepts: value.accepts } : {}), ...(value.optional ? { optional: value.optional } : {}) } : {}),
});
/** A computed value and the data keys that can give it (the template's data contract is built from these). */
const from = (accepts: string[][], value: (data: Record<string, unknown>) => unknown, optional?: string[]): Value =>
  Object.assign(value, { accepts, ...(optional ? { optional } : {}) });
const first = (...keys: string[]): Value =>
  from(keys.map((key) => [key]), (data) => keys.map((key) => data[key]).find((v) => v !== undefined && v !== null && v !== ""));
/** A full name given whole (fullName) or in parts (lastName, firstName, middleName). */
const fullName = (whole: string): Value =>
  from([[whole], ["lastName", "firstName"]], (data) =>
    data[whole] ?? ([data.lastName, data.firstName, data.middleName].filter((part) => part).join(" ") || undefined),
  ["middleName"]);

/**
 * The data keys are those the example services map in their document steps (service-definitions/), with
 * a few aliases; anything else in the data is signed but not printed.
 */
export const TEMPLATES: Record<DocumentType, DocumentTemplate> = {
  "criminal-record-certificate": {
    type: "criminal-record-certificate",
    title: { uk: "Витяг про несудимість", en: "Criminal record certificate" },
    numberPrefix: "CRC",
    validFor: "P30D",
    fields: [
      field("fullName", "Прізвище, ім'я, по батькові", "Full name", "name", true, fullName("fullName")),
      field("birthDate", "Дата народження", "Date of birth", "date", true),
      field("type", "Тип витягу", "Type of certificate", "certificateType", false, first("type", "certificateType")),
      field("purpose", "Мета запиту", "Purpose", "reason"),
      field("isCriminalRecord", "Наявність судимості", "Criminal record", "yesNo", true, first("isCriminalRecord", "hasRecord")),
      field("content", "Відомості з реєстру МВС", "MVS registry data"),
      field("orderId", "Номер запиту в МВС", "MVS request number", "text", false, first("orderId", "registryNumber")),
    ],
    cardFields: ["fullName", "birthDate", "isCriminalRecord"],
  },
  "driver-licence": {
    type: "driver-licence",
    title: { uk: "Посвідчення водія", en: "Driving Licence" },
    numberPrefix: "DL",
    fields: [
      field("surname", "1. Прізвище", "1. Surname", "text", true, first("surname", "lastName")),
      field("givenNames", "2. Ім'я та по батькові", "2. Given names", "text", true),
      field("birth", "3. Дата і місце народження", "3. Date and place of birth", "text", true, from([["birthDate"]], (data) =>
        data.birthDate ? [formatValue(data.birthDate, "date"), data.birthPlace].filter((part) => part).join(", ") : undefined,
      ["birthPlace"])),
      field("issueDate", "4a. Дата видачі", "4a. Date of issue", "date", true),
      field("expiryDate", "4b. Дійсний до", "4b. Expiry", "date", true),
      field("authority", "4c. Орган, що видав", "4c. Issuing authority", "text", true),
      field("recordNumber", "4d. УНЗР", "4d. Record number"),
      field("number", "5. Номер документа", "5. Licence number", "text", true, first("number", "licenceNumber")),
      field("categories", "9. Категорія", "9. Category", "categories", true),
      field("categoryDates", "10. Дата відкриття категорії", "10. Category issuing date", "categoryDates"),
    ],
    cardFields: ["surname", "givenNames", "birth", "issueDate", "expiryDate", "authority", "recordNumber", "number", "categories", "categoryDates"],
  },
  "idp-certificate": {
    type: "idp-certificate",
    title: { uk: "Довідка про взяття на облік внутрішньо переміщеної особи", en: "Certificate of registration of an internally displaced person" },
    numberPrefix: "IDP",
    fields: [
      field("fullName", "Прізвище, ім'я, по батькові", "Full name", "name", true, fullName("fullName")),
      field("birthDate", "Дата народження", "Date of birth", "date", true),
      field("certificateNumber", "Номер довідки в ЄІБД ВПО", "IDP register number", "text", true),
      field("formerAddress", "Місце проживання до переміщення", "Place of residence before displacement", "address", false, first("formerAddress", "previousAddress")),
      field("actualAddress", "Фактичне місце проживання", "Actual place of residence", "address", true),
      field("displacementDate", "Дата переміщення", "Date of displacement", "date"),
      field("familyMembers", "Члени сім'ї, які перемістилися разом", "Family members displaced together", "people"),
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
      field("issuedOn", "Дата постанови", "Date of the resolution", "date"),
      field("offence", "Правопорушення", "Offence", "text", false, from([["offence"], ["article"]], (data) => [data.article, data.offence].filter((part) => part).join(" — ") || undefined)),
      field("vehiclePlate", "Номерний знак", "Number plate"),
      field("fineAmount", "Сума штрафу", "Amount of the fine", "money"),
      field("paidAmount", "Сплачено", "Paid", "money", true, first("paidAmount", "amount")),
      field("discountApplied", "Знижка 50 % (ст. 300-1 КУпАП)", "50% discount (art. 300-1)", "yesNo"),
      field("transactionId", "Номер платежу", "Payment id", "text", true, first("transactionId", "paymentId")),
      field("paidAt", "Дата сплати", "Date of payment", "date", true),
      field("payer", "Платник", "Payer", "name", true),
      field("recordedInRegister", "Внесено до реєстру", "Recorded in the register", "yesNo"),
    ],
    cardFields: ["resolutionNumber", "paidAmount", "paidAt"],
  },
  "birth-certificate": {
    type: "birth-certificate",
    title: { uk: "Свідоцтво про народження", en: "Birth certificate" },
    numberPrefix: "BC",
    fields: [
      field("childName", "Прізвище, ім'я, по батькові дитини", "Child's full name", "name", true, fullName("childName")),
      field("birthDate", "Дата народження", "Date of birth", "date", true),
      field("gender", "Стать", "Sex", "gender"),
      field("placeOfBirth", "Місце народження", "Place of birth", "place", true, first("placeOfBirth", "birthPlace")),
      field("mother", "Мати", "Mother", "name", true, first("mother", "motherName")),
      field("father", "Батько", "Father", "name", false, first("father", "fatherName")),
      field("actRecordNumber", "Номер актового запису", "Act record number", "text", true),
      field("certificate", "Серія і номер свідоцтва", "Certificate series and number", "text", false, from([["series"], ["number"]], (data) =>
        data.series || data.number ? [data.series, data.number].filter((part) => part).join(" ") : undefined,
      )),
    ],
    cardFields: ["childName", "birthDate", "actRecordNumber"],
  },
  "residence-registration": {
    type: "residence-registration",
    title: { uk: "Витяг з реєстру територіальної громади", en: "Extract from the register of the territorial community" },
    numberPrefix: "RR",
    validFor: "P30D",
    fields: [
      field("fullName", "Прізвище, ім'я, по батькові", "Full name", "name", true, fullName("fullName")),
      field("birthDate", "Дата народження", "Date of birth", "date", true),
      field("address", "Зареєстроване місце проживання", "Registered place of residence", "address", true),
      field("registeredOn", "Дата реєстрації", "Date of registration", "date", true),
      field("registrationId", "Номер запису", "Record number"),
    ],
    cardFields: ["fullName", "address", "registeredOn"],
  },
};

export function templateFor(type: string): DocumentTemplate {
  const template = (TEMPLATES as Record<string, DocumentTemplate>)[type];
  if (!template) throw new Error(`No document template "${type}" (known: ${DOCUMENT_TYPES.join(", ")})`);
  return template;
}

/** JSON Schema types of the data a field prints, by its format (text takes any value and prints it). */
const FORMAT_TYPES: Partial<Record<FieldFormat, Record<string, unknown>>> = {
  date: { type: "string" },
  yesNo: { type: "boolean" },
  money: { type: ["number", "object"] },
  categories: { type: "array" },
  categoryDates: { type: "array" },
  people: { type: "array" },
  name: { type: ["string", "object"] },
  address: { type: ["string", "object"] },
  place: { type: ["string", "object"] },
};

/**
 * The template's data contract for the catalog: every key it reads (aliases and parts included), the
 * required ones, and `anyOf` alternatives where several keys can give a required field. Other keys are
 * allowed: they are signed with the document but not printed.
 */
export function templateDataSchema(template: DocumentTemplate): Record<string, unknown> {
  const properties: Record<string, Record<string, unknown>> = {};
  const required: string[] = [];
  const alternatives: Record<string, unknown>[] = [];
  for (const f of template.fields) {
    const accepts = f.accepts ?? [[f.key]];
    properties[f.key] = { ...(FORMAT_TYPES[f.format ?? "text"] ?? {}), title: f.en, description: f.uk };
    for (const key of [...accepts.flat(), ...(f.optional ?? [])]) properties[key] ??= { description: `${f.en} (${f.key})` };
    if (!f.required) continue;
    if (accepts.length === 1) required.push(...accepts[0].filter((key) => !required.includes(key)));
    else alternatives.push({ anyOf: accepts.map((keys) => ({ required: keys })) });
  }
  return {
    type: "object",
    properties,
    ...(required.length ? { required } : {}),
    ...(alternatives.length ? { allOf: alternatives } : {}),
    additionalProperties: true,
  };
}

/** The templates as the catalog's contracts: title (uk/en) and the schema of their data. */
export function templateContracts(): Record<string, { title: { uk: string; en: string }; data: Record<string, unknown> }> {
  return Object.fromEntries(DOCUMENT_TYPES.map((type) => [type, { title: TEMPLATES[type].title, data: templateDataSchema(TEMPLATES[type]) }]));
}

/** A field's value in the data (computed or as given). */
export function fieldValue(field: TemplateField, data: Record<string, unknown>): unknown {
  return field.value ? field.value(data) : data[field.key];
}

/** Required fields the data lacks. */
export function missingFields(template: DocumentTemplate, data: Record<string, unknown>): string[] {
  return template.fields
    .filter((f) => {
      const value = fieldValue(f, data);
      return f.required && (value === undefined || value === null || value === "");
    })
    .map((f) => f.key);
}

/** Reason codes of criminal-record certificates (Diia's list). */
const REASONS: Record<string, string> = {
  "1": "Усиновлення, опіка, прийомна сім'я",
  "2": "Оформлення візи для виїзду за кордон",
  "5": "Оформлення на роботу",
  "7": "Ліцензія на роботу з наркотичними засобами",
  "9": "Оформлення громадянства",
  "37": "Участь у процедурі закупівель",
  "44": "Пред'явлення за місцем вимоги",
  "55": "Дозвіл на зброю, ліцензія на роботу з вибуховими речовинами",
  "56": "Надання до установ іноземних держав",
  "63": "Подання до ТЦК та СП",
};

/** A field's value as printed: dates as DD.MM.YYYY, addresses joined, names from parts, yes/no in both languages. */
export function formatValue(value: unknown, format: FieldFormat = "text"): string {
  if (value === undefined || value === null || value === "") return "—";
  switch (format) {
    case "date":
      return formatDateShort(value);
    case "yesNo":
      return value === true ? "Так / Yes" : value === false ? "Ні / No" : String(value);
    case "money":
      return formatMoney(value);
    case "gender":
      return /^(male|m)$/i.test(String(value)) ? "чоловіча / male" : /^(female|f)$/i.test(String(value)) ? "жіноча / female" : String(value);
    case "certificateType":
      return /^short$/i.test(String(value)) ? "короткий / short" : /^full$/i.test(String(value)) ? "повний / full" : String(value);
    case "reason":
      return REASONS[String(value)] ? `${REASONS[String(value)]} (${value})` : String(value);
    case "categoryDates":
      return Array.isArray(value)
        ? value.map((c) => (c && typeof c === "object" ? `${(c as { category: string }).category}: ${formatValue((c as { dopen?: string; openDate?: string }).dopen ?? (c as { openDate?: string }).openDate, "date")}` : String(c))).join("; ")
        : String(value);
    case "people":
      return Array.isArray(value)
        ? value.map((person) => (person && typeof person === "object" ? formatValue(person, "name") : String(person))).join("; ") || "—"
        : String(value);
    case "categories":
      return Array.isArray(value) ? value.map((c) => (typeof c === "object" && c ? (c as { category: string }).category : String(c))).join(", ") : String(value);
    case "address":
    case "place":
      return formatAddress(value);
    case "name":
      return formatName(value);
    default:
      return typeof value === "object" ? JSON.stringify(value) : String(value);
  }
}
