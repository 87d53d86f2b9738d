/**
 * Document templates, read from their definition files (service-definitions/templates/<type>.yaml, schema in
 * template.schema.json): per document type the title, the rows printed (Ukrainian and English labels, the
 * data keys and formats), the fields shown on a shared card, the number prefix, the default validity and the seal.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
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
  /** The definition file's version (pinning versions into service versions is still to come). */
  version: number;
  title: { uk: string; en: string };
  /** Latin prefix of document numbers. */
  numberPrefix: string;
  /** The rows in print order, across sections. */
  fields: TemplateField[];
  sections: { title?: { uk: string; en: string }; fields: TemplateField[] }[];
  /** Keys shown when the document is verified by a share code (no more than the card). */
  cardFields: string[];
  /** ISO 8601 duration, when the document expires by default (calendar terms: P12M is twelve months). */
  validFor?: string;
  /** Which seal signs it ("authority": the issuing authority's). */
  seal: string;
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

/** A row as written in a template file (template.schema.json). */
interface RowDefinition {
  key: string;
  uk: string;
  en: string;
  format?: FieldFormat;
  required?: boolean;
  from?: string[];
  name?: string;
  join?: { separator?: string; parts: { key: string; format?: FieldFormat; optional?: boolean }[] };
}

/** A template definition as written in a file (template.schema.json) or published from the studio. */
export interface TemplateDefinition {
  id: string;
  version: number;
  title: { uk: string; en: string };
  numberPrefix: string;
  validFor?: string;
  seal?: string;
  sections: { title?: { uk: string; en: string }; rows: RowDefinition[] }[];
  card: string[];
}

/**
 * service-definitions/templates/, found from this module upwards: the module runs from runtime/documents/ and
 * also bundled into the web app's server build (builder/build/server/), where a fixed relative path misses.
 */
export const TEMPLATES_DIR = findTemplatesDir(dirname(fileURLToPath(import.meta.url)));

function findTemplatesDir(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "service-definitions", "templates");
    if (existsSync(candidate)) return `${candidate}/`;
    if (dirname(dir) === dir) throw new Error(`No service-definitions/templates/ above ${from}`);
  }
}

const present = (value: unknown) => value !== undefined && value !== null && value !== "";

/** A row of a template file as a field: the declarative `from`, `name` and `join` become computed values. */
function fieldFromRow(row: RowDefinition): TemplateField {
  const field: TemplateField = { key: row.key, uk: row.uk, en: row.en, format: row.format ?? "text", required: row.required ?? false };
  if (row.from) {
    const keys = row.from;
    return { ...field, accepts: keys.map((key) => [key]), value: (data) => keys.map((key) => data[key]).find(present) };
  }
  if (row.name) {
    // A full name given whole or in parts.
    const whole = row.name;
    return {
      ...field,
      accepts: [[whole], ["lastName", "firstName"]],
      optional: ["middleName"],
      value: (data) => data[whole] ?? (formatName({ lastName: data.lastName, firstName: data.firstName, middleName: data.middleName }) || undefined),
    };
  }
  if (row.join) {
    const { parts, separator = " " } = row.join;
    const needed = parts.filter((part) => !part.optional);
    return {
      ...field,
      accepts: needed.map((part) => [part.key]),
      ...(parts.some((part) => part.optional) ? { optional: parts.filter((part) => part.optional).map((part) => part.key) } : {}),
      value: (data) =>
        needed.some((part) => present(data[part.key]))
          ? parts.filter((part) => present(data[part.key])).map((part) => formatValue(data[part.key], part.format)).join(separator)
          : undefined,
    };
  }
  return field;
}

/** Reads and checks one template file (the schema is checked by a test; here what the code relies on). */
export function loadTemplate(type: DocumentType, text = readFileSync(`${TEMPLATES_DIR}${type}.yaml`, "utf8")): DocumentTemplate {
  const file = parse(text) as TemplateDefinition;
  if (file.id !== type) throw new Error(`Template file ${type}.yaml has id "${file.id}"`);
  const sections = file.sections.map((section) => ({ ...(section.title ? { title: section.title } : {}), fields: section.rows.map(fieldFromRow) }));
  const fields = sections.flatMap((section) => section.fields);
  const unknownCard = file.card.filter((key) => !fields.some((f) => f.key === key));
  if (unknownCard.length) throw new Error(`Template ${type}: card shows unknown rows ${unknownCard.join(", ")}`);
  return {
    type,
    version: file.version,
    title: file.title,
    numberPrefix: file.numberPrefix,
    fields,
    sections,
    cardFields: file.card,
    ...(file.validFor ? { validFor: file.validFor } : {}),
    seal: file.seal ?? "authority",
  };
}

/** The six templates, loaded once. */
export const TEMPLATES: Record<DocumentType, DocumentTemplate> = Object.fromEntries(
  DOCUMENT_TYPES.map((type) => [type, loadTemplate(type)]),
) as Record<DocumentType, DocumentTemplate>;

export function templateFor(type: string): DocumentTemplate {
  const template = (TEMPLATES as Record<string, DocumentTemplate>)[type];
  if (!template) throw new Error(`No document template "${type}" (known: ${DOCUMENT_TYPES.join(", ")})`);
  return template;
}

/** Long values (a photo as base64) are cut: the page shows their start, the signature covers them whole. */
const clip = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max)}… (${text.length})` : text);

/** Every data key a template reads (row keys, aliases, parts). */
export function knownKeys(template: DocumentTemplate): Set<string> {
  return new Set(template.fields.flatMap((f) => [f.key, ...(f.accepts ?? []).flat(), ...(f.optional ?? [])]));
}

/**
 * Data the template does not print but the step gave: printed under "other details" so that nothing is signed
 * unseen. Key and value as given.
 */
export function otherDetails(template: DocumentTemplate, data: Record<string, unknown>): { key: string; value: string }[] {
  const known = knownKeys(template);
  return Object.entries(data)
    .filter(([key, value]) => !known.has(key) && present(value))
    .map(([key, value]) => ({ key, value: clip(formatValue(value)) }));
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
 * allowed: they are signed with the document and printed under "other details".
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
