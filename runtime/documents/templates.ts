/**
 * Document templates as data (service-definitions/templates/<id>.yaml, schema in template.schema.json): the
 * title, the schema of the data the document prints (`data`), the sections printed (label/value rows, tables of
 * arrays, free text with placeholders, a photo slot), the fields shown on a shared card, the number prefix, the
 * default validity and the seal. Pure functions for the template store and the studio: `compileTemplate`,
 * `checkTemplate` (problems written for analysts), `sampleData` (for previews).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { coded, type CodedMessage } from "../../engine/simulate/messages";
import { createAjv, type ErrorObject } from "../../engine/validation/ajv";
import { formatAddress, formatDateShort, formatMoney, formatName } from "./format";

export const FIELD_FORMATS = [
  "text",
  "date",
  "address",
  "money",
  "categories",
  "categoryDates",
  "yesNo",
  "place",
  "name",
  "gender",
  "certificateType",
  "reason",
  "people",
] as const;

export type FieldFormat = (typeof FIELD_FORMATS)[number];

export type Text = { uk: string; en: string };
export type JsonSchema = Record<string, unknown>;

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

export interface TableColumn {
  key: string;
  uk: string;
  en: string;
  format?: FieldFormat;
}

/** A section as the renderer lays it out. */
export type TemplateSection =
  | { kind: "rows"; title?: Text; fields: TemplateField[] }
  | { kind: "table"; title?: Text; table: { key: string; columns: TableColumn[] } }
  | { kind: "text"; title?: Text; text: Text }
  | { kind: "photo"; title?: Text; photo: { key: string; uk: string; en: string } };

export interface DocumentTemplate {
  /** The template's id: one of the six built-in types or any id a studio template has (parking-permit). */
  type: string;
  /** The definition's version. */
  version: number;
  title: Text;
  /** Latin prefix of document numbers. */
  numberPrefix: string;
  /** The rows (label/value) in print order, across sections. */
  fields: TemplateField[];
  sections: TemplateSection[];
  /** Row keys shown when the document is verified by a share code (no more than the card). */
  cardFields: string[];
  /** ISO 8601 duration, when the document expires by default (calendar terms: P12M is twelve months). */
  validFor?: string;
  /** Which seal signs it ("authority": the issuing authority's). */
  seal: string;
  /** JSON Schema of the data the document prints (the file's `data`). */
  data: JsonSchema;
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
export interface RowDefinition {
  key: string;
  uk: string;
  en: string;
  format?: FieldFormat;
  required?: boolean;
  from?: string[];
  name?: string;
  join?: { separator?: string; parts: { key: string; format?: FieldFormat; optional?: boolean }[] };
}

/** A section as written in a template file: exactly one of rows, table, text or photo. */
export type SectionDefinition =
  | { title?: Text; rows: RowDefinition[] }
  | { title?: Text; table: { key: string; columns: TableColumn[] } }
  | { title?: Text; text: Text }
  | { title?: Text; photo: { key: string; uk: string; en: string } };

/** A template definition as written in a file (template.schema.json) or published from the studio. */
export interface TemplateDefinition {
  id: string;
  version: number;
  title: Text;
  numberPrefix: string;
  validFor?: string;
  seal?: string;
  /** JSON Schema (type: object) of the data the document prints: properties (type, format, items), required. */
  data: JsonSchema;
  sections: SectionDefinition[];
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
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

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

function compileSection(section: SectionDefinition): TemplateSection {
  const title = section.title ? { title: section.title } : {};
  if ("rows" in section) return { kind: "rows", ...title, fields: section.rows.map(fieldFromRow) };
  if ("table" in section) return { kind: "table", ...title, table: section.table };
  if ("text" in section) return { kind: "text", ...title, text: section.text };
  return { kind: "photo", ...title, photo: section.photo };
}

/**
 * A definition (as a file gives it, or the studio publishes it) as the template documents are rendered from.
 * Expects a definition checkTemplate has no problems with; throws on a card naming an unknown row.
 */
export function compileTemplate(definition: TemplateDefinition): DocumentTemplate {
  const sections = definition.sections.map(compileSection);
  const fields = sections.flatMap((section) => (section.kind === "rows" ? section.fields : []));
  const unknownCard = definition.card.filter((key) => !fields.some((f) => f.key === key));
  if (unknownCard.length) throw new Error(`Template ${definition.id}: card shows unknown rows ${unknownCard.join(", ")}`);
  return {
    type: definition.id,
    version: definition.version,
    title: definition.title,
    numberPrefix: definition.numberPrefix,
    fields,
    sections,
    cardFields: definition.card,
    ...(definition.validFor ? { validFor: definition.validFor } : {}),
    seal: definition.seal ?? "authority",
    data: definition.data,
  };
}

/** Reads one template file (service-definitions/templates/<id>.yaml) and compiles it; its id must be its name. */
export function loadTemplate(type: string, text = readFileSync(`${TEMPLATES_DIR}${type}.yaml`, "utf8")): DocumentTemplate {
  const file = parse(text) as TemplateDefinition;
  if (file.id !== type) throw new Error(`Template file ${type}.yaml has id "${file.id}"`);
  return compileTemplate(file);
}

/** The six built-in templates, loaded once (the other files in the folder, parking-permit, are the template store's). */
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

/** `{key}` or `{key|format}` in a text section. */
const PLACEHOLDER = /\{([^{}|]*)(?:\|([^{}]*))?\}/g;

/** The placeholders of a text: key, format (as written) and the placeholder itself. */
export function placeholders(text: string): { key: string; format?: string; raw: string }[] {
  return [...String(text).matchAll(PLACEHOLDER)].map((match) => ({ key: match[1].trim(), ...(match[2] !== undefined ? { format: match[2].trim() } : {}), raw: match[0] }));
}

/**
 * A text with its placeholders replaced by the data's values, formatted ("—" for a missing value). A placeholder
 * naming a row takes the row's value (a name given in parts, an alias), the data's value otherwise.
 */
export function fillText(text: string, data: Record<string, unknown>, fields: TemplateField[] = []): string {
  return text.replace(PLACEHOLDER, (_raw, key: string, format?: string) => {
    const name = format?.trim();
    const field = fields.find((f) => f.key === key.trim());
    const value = field ? fieldValue(field, data) : data[key.trim()];
    return formatValue(value, (FIELD_FORMATS as readonly string[]).includes(name ?? "") ? (name as FieldFormat) : "text");
  });
}

/** Every data key a template reads (row keys, aliases, parts, tables, placeholders, photos). */
export function knownKeys(template: DocumentTemplate): Set<string> {
  const keys = new Set(template.fields.flatMap((f) => [f.key, ...(f.accepts ?? []).flat(), ...(f.optional ?? [])]));
  for (const section of template.sections) {
    if (section.kind === "table") keys.add(section.table.key);
    if (section.kind === "photo") keys.add(section.photo.key);
    if (section.kind === "text") for (const placeholder of [...placeholders(section.text.uk), ...placeholders(section.text.en)]) keys.add(placeholder.key);
  }
  return keys;
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

/**
 * The template's data contract for the catalog: the explicit `data` schema of its definition (every key it
 * reads, aliases and parts included, the required ones, and `allOf` of `anyOf` alternatives where several keys
 * can give a required field). Other keys are allowed: they are signed and printed under "other details".
 */
export function templateDataSchema(template: DocumentTemplate): JsonSchema {
  return template.data;
}

/** The ids of the template files in service-definitions/templates/: the six built-in types and examples (parking-permit). */
export function templateFileIds(): string[] {
  return readdirSync(TEMPLATES_DIR).filter((name) => name.endsWith(".yaml")).map((name) => name.slice(0, -".yaml".length)).sort();
}

/**
 * Every template file as the catalog's contracts (title uk/en and the schema of the data): the template store
 * publishes each file, so the catalog snapshot names each, the examples beside the six built-in types too.
 */
export function templateContracts(): Record<string, { title: Text; data: JsonSchema }> {
  const ids = [...DOCUMENT_TYPES, ...templateFileIds().filter((id) => !(DOCUMENT_TYPES as readonly string[]).includes(id))];
  return Object.fromEntries(
    ids.map((id) => {
      const template = (TEMPLATES as Record<string, DocumentTemplate>)[id] ?? loadTemplate(id);
      return [id, { title: template.title, data: templateDataSchema(template) }];
    }),
  );
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

/**
 * Where the data breaks the template's `data` schema (a wrong type, format or value), as "/key: message" lines.
 * The validator checks the mapping's expressions against the schema before publish; this catches what only the
 * application's values show, so a wrong value stops the issue with a clear error instead of printing it.
 */
export function dataErrors(template: DocumentTemplate, data: Record<string, unknown>): string[] {
  let validate = dataValidators.get(template.data);
  if (!validate) {
    // Patterns in a studio template come from analysts: linear-time regular expressions only.
    validate = createAjv({ linearRegExp: true }).compile(template.data);
    dataValidators.set(template.data, validate);
  }
  if (validate(data)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"}: ${error.message ?? error.keyword}`);
}
const dataValidators = new WeakMap<object, ((value: unknown) => boolean) & { errors?: ErrorObject[] | null }>();

// ---------------------------------------------------------------------------------------------------------------
// checkTemplate: what an analyst must fix before a template can be published.

let validateFile: ((value: unknown) => boolean) & { errors?: ErrorObject[] | null } | undefined;

function fileValidator() {
  validateFile ??= createAjv().compile(JSON.parse(readFileSync(join(TEMPLATES_DIR, "template.schema.json"), "utf8")));
  return validateFile;
}

/** A JSON pointer as a place an analyst reads: /sections/2/table/columns/0 → sections[2].table.columns[0]. */
function place(pointer: string): string {
  const parts = pointer.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), "") || "the template";
}

const show = (value: unknown) => {
  const text = typeof value === "string" ? `"${value}"` : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

/** Messages for patterns an analyst cannot be expected to read. */
const PATTERN_MESSAGES: Record<string, string> = {
  id: "the id is lowercase Latin letters, digits and dashes, starting with a letter (parking-permit)",
  numberPrefix: "the number prefix is 1 to 6 capital Latin letters (PP)",
  validFor: "the validity is an ISO 8601 duration: P30D (30 days), P12M (twelve months), P1Y, P2W",
};

/** A pattern of the file's top level (id, numberPrefix, validFor) says what it wants by code: its message is PATTERN_MESSAGES'. */
const PATTERN_CODES: Record<string, string> = { id: "tpl.id-pattern", numberPrefix: "tpl.prefix-pattern", validFor: "tpl.validity-pattern" };

function readableError(error: ErrorObject, value: unknown): CodedMessage | undefined {
  const where = place(error.instancePath);
  const params = error.params as Record<string, unknown>;
  // A section's oneOf branches each miss their kind: the oneOf error says it once.
  if (/\/oneOf\/\d+\//.test(error.schemaPath) && error.keyword === "required") return undefined;
  // A key of a mapping (data.properties) that is not a key: said by its pattern error.
  if (error.keyword === "propertyNames") return undefined;
  if (error.propertyName !== undefined) {
    return coded("tpl.invalid-key", { where, key: String(error.propertyName) }, `${where}: ${show(error.propertyName)} is not a valid key (Latin letters, digits and _, starting with a letter)`);
  }
  switch (error.keyword) {
    case "required":
      return coded("tpl.missing", { where, name: String(params.missingProperty) }, `${where}: "${params.missingProperty}" is missing`);
    case "additionalProperties":
      return coded("tpl.not-allowed", { where, name: String(params.additionalProperty) }, `${where}: "${params.additionalProperty}" is not allowed here`);
    case "type":
      return coded("tpl.type", { where, type: String(params.type) }, `${where}: must be ${params.type === "object" ? "a mapping (key: value)" : params.type === "array" ? "a list" : `a ${params.type}`}`);
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map(String).join(", ");
      return coded("tpl.enum", { where, value: show(value), allowed }, `${where}: ${show(value)} is not one of ${allowed}`);
    }
    case "const":
      return coded("tpl.const", { where, value: show(params.allowedValue) }, `${where}: must be ${show(params.allowedValue)}`);
    case "pattern": {
      const last = error.instancePath.split("/").pop() ?? "";
      if (PATTERN_MESSAGES[last] && error.instancePath === `/${last}`) return coded(PATTERN_CODES[last], { value: show(value) }, `${last}: ${show(value)} — ${PATTERN_MESSAGES[last]}`);
      return coded("tpl.invalid-key", { where, key: String(value) }, `${where}: ${show(value)} is not a valid key (Latin letters, digits and _, starting with a letter)`);
    }
    case "minItems":
      return coded("tpl.min-items", { where, n: Number(params.limit) }, `${where}: must have at least ${params.limit} item${params.limit === 1 ? "" : "s"}`);
    case "minLength":
      return coded("tpl.empty", { where }, `${where}: must not be empty`);
    case "minimum":
      return coded("tpl.minimum", { where, n: Number(params.limit) }, `${where}: must be at least ${params.limit}`);
    case "oneOf":
      return /\/sections\/\d+$/.test(error.instancePath)
        ? coded("tpl.section-kind", { where }, `${where}: a section has exactly one of rows, table, text or photo`)
        : coded("tpl.schema", { where, detail: String(error.message) }, `${where}: ${error.message}`);
    case "if":
    case "anyOf":
      return undefined; // the branches' own errors say more
    default:
      return coded("tpl.schema", { where, detail: String(error.message) }, `${where}: ${error.message}`);
  }
}

function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const part of pointer.split("/").slice(1)) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return value;
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asObject = (value: unknown): Record<string, unknown> => (isObject(value) ? value : {});
const typesOf = (schema: unknown): string[] => {
  const type = asObject(schema).type;
  return Array.isArray(type) ? type.map(String) : typeof type === "string" ? [type] : [];
};
const stringList = (value: unknown): string[] => asArray(value).filter((item): item is string => typeof item === "string");

/**
 * The problems of a template definition, written for analysts and naming the place
 * (`sections[2].table.columns[0]: "vehicle" is not a property of the data`): the file format
 * (template.schema.json), and that every key the template prints is in its data schema, tables are arrays
 * of objects, required rows are required data, row keys are unique, the card shows rows. Empty: publishable.
 * Never throws.
 */
export function checkTemplate(definition: unknown): string[] {
  return templateProblems(definition).map((problem) => problem.message);
}

/**
 * checkTemplate's problems by code (`message` is checkTemplate's text), for the studio to write them in the
 * analyst's language: `params.where` is the place (sections[2].rows[0].key), the rest the values named.
 * TEMPLATE_PROBLEM_CODES lists every code.
 */
export function templateProblems(definition: unknown): CodedMessage[] {
  if (!isObject(definition)) return [coded("tpl.not-mapping", {}, "The template must be a mapping (id, version, title, numberPrefix, data, sections, card)")];
  const problems: CodedMessage[] = [];
  const add = (problem: CodedMessage) => {
    if (!problems.some((p) => p.message === problem.message)) problems.push(problem);
  };
  try {
    const validate = fileValidator();
    if (!validate(definition)) {
      for (const error of validate.errors ?? []) {
        const problem = readableError(error, valueAt(definition, error.instancePath));
        if (problem) add(problem);
      }
    }
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    problems.push(coded("tpl.check-failed", { detail }, `The template could not be checked against its schema: ${detail}`));
  }
  try {
    problems.push(...semanticProblems(definition));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    problems.push(coded("tpl.check-failed", { detail }, `The template could not be checked further: ${detail}`));
  }
  return problems;
}

export const TEMPLATE_PROBLEM_CODES = [
  "tpl.not-mapping",
  "tpl.check-failed",
  "tpl.invalid-key",
  "tpl.missing",
  "tpl.not-allowed",
  "tpl.type",
  "tpl.enum",
  "tpl.const",
  "tpl.id-pattern",
  "tpl.prefix-pattern",
  "tpl.validity-pattern",
  "tpl.min-items",
  "tpl.empty",
  "tpl.minimum",
  "tpl.section-kind",
  "tpl.schema",
  "tpl.not-property",
  "tpl.not-name-part",
  "tpl.duplicate-row",
  "tpl.row-required",
  "tpl.row-required-any",
  "tpl.table-not-list",
  "tpl.column-not-property",
  "tpl.placeholder-unknown",
  "tpl.placeholder-format",
  "tpl.brace",
  "tpl.photo-not-text",
  "tpl.card-not-row",
] as const;

function semanticProblems(definition: Record<string, unknown>): CodedMessage[] {
  const problems: CodedMessage[] = [];
  const data = asObject(definition.data);
  const properties = asObject(data.properties);
  const has = (key: unknown) => typeof key === "string" && Object.hasOwn(properties, key);
  const notProperty = (where: string, key: unknown, what = "the data") => {
    const code = what === "the data" ? "tpl.not-property" : "tpl.not-name-part";
    problems.push(coded(code, { where, key: String(key) }, `${where}: ${show(key)} is not a property of ${what} (add it to data.properties)`));
  };
  const required = new Set(stringList(data.required));
  // `anyOf` groups of `required` alternatives, at the top or inside `allOf`: one of several keys will do.
  const groups = [data, ...asArray(data.allOf).map(asObject)]
    .filter((schema) => Array.isArray(schema.anyOf))
    .map((schema) => asArray(schema.anyOf).map((branch) => stringList(asObject(branch).required)));
  /** Whether the data cannot lack all of these alternatives (each a list of keys, all needed). */
  // Given when all keys of one alternative are required, or an anyOf group's every branch requires one alternative.
  const requires = (alternatives: string[][]) =>
    alternatives.some((keys) => keys.length > 0 && keys.every((key) => required.has(key))) ||
    groups.some((group) => group.length > 0 && group.every((keys) => alternatives.some((alt) => alt.every((key) => keys.includes(key) || required.has(key)))));

  for (const [index, key] of stringList(data.required).entries()) if (!has(key)) notProperty(`data.required[${index}]`, key);

  const rowKeys = new Map<string, string>();
  for (const [s, sectionValue] of asArray(definition.sections).entries()) {
    const section = asObject(sectionValue);
    const at = `sections[${s}]`;
    for (const [r, rowValue] of asArray(section.rows).entries()) {
      const row = asObject(rowValue);
      const where = `${at}.rows[${r}]`;
      if (typeof row.key !== "string") continue;
      const seen = rowKeys.get(row.key);
      if (seen) problems.push(coded("tpl.duplicate-row", { where: `${where}.key`, key: row.key, seen }, `${where}.key: "${row.key}" is already a row (${seen}); row keys must be unique`));
      else rowKeys.set(row.key, where);
      // The alternatives of keys the row reads (each list: all needed), and keys it reads when present.
      let alternatives: string[][];
      if (row.from !== undefined) {
        alternatives = stringList(row.from).map((key) => [key]);
        for (const [i, key] of stringList(row.from).entries()) if (!has(key)) notProperty(`${where}.from[${i}]`, key);
      } else if (row.name !== undefined) {
        alternatives = [[String(row.name)], ["lastName", "firstName"]];
        if (!has(row.name)) notProperty(`${where}.name`, row.name);
        for (const key of ["lastName", "firstName", "middleName"]) if (!has(key)) notProperty(`${where}.name`, key, "the data (a name in parts)");
      } else if (row.join !== undefined) {
        const parts = asArray(asObject(row.join).parts).map(asObject);
        for (const [i, part] of parts.entries()) if (typeof part.key === "string" && !has(part.key)) notProperty(`${where}.join.parts[${i}]`, part.key);
        alternatives = parts.filter((part) => !part.optional && typeof part.key === "string").map((part) => [part.key as string]);
        // A joined value needs each part it does not mark optional.
        if (row.required === true) {
          for (const keys of alternatives) {
            if (has(keys[0]) && !requires([keys])) problems.push(rowRequired(where, keys[0]));
          }
        }
        continue;
      } else {
        alternatives = [[row.key]];
        if (!has(row.key)) notProperty(`${where}.key`, row.key);
      }
      if (row.required === true && alternatives.length && alternatives.every((keys) => keys.every(has)) && !requires(alternatives)) {
        const any = alternatives.map((keys) => keys.join(" + ")).join(" or ");
        problems.push(
          alternatives.length === 1
            ? rowRequired(where, alternatives[0][0])
            : coded("tpl.row-required-any", { where, keys: any }, `${where}: the row is required but the data requires none of ${any} (add data.allOf: [{ anyOf: [{ required: [...] }, …] }])`),
        );
      }
    }
    if (isObject(section.table)) {
      const table = section.table;
      if (typeof table.key === "string") {
        if (!has(table.key)) notProperty(`${at}.table.key`, table.key);
        else {
          const schema = asObject(properties[table.key]);
          const items = asObject(schema.items);
          const itemProperties = asObject(items.properties);
          if (!typesOf(schema).includes("array") || !(typesOf(items).includes("object") || isObject(items.properties))) {
            problems.push(coded("tpl.table-not-list", { where: `${at}.table.key`, key: table.key }, `${at}.table.key: "${table.key}" must be a list of objects in the data (type: array, items: { type: object, properties: … })`));
          } else {
            for (const [c, columnValue] of asArray(table.columns).entries()) {
              const column = asObject(columnValue);
              if (typeof column.key === "string" && !Object.hasOwn(itemProperties, column.key)) {
                const where = `${at}.table.columns[${c}]`;
                problems.push(coded("tpl.column-not-property", { where, key: column.key, table: table.key }, `${where}: ${show(column.key)} is not a property of the data's ${table.key} items (add it to data.properties.${table.key}.items.properties)`));
              }
            }
          }
        }
      }
    }
    if (isObject(section.text)) {
      for (const lang of ["uk", "en"] as const) {
        const text = section.text[lang];
        if (typeof text !== "string") continue;
        for (const placeholder of placeholders(text)) {
          const where = `${at}.text.${lang}`;
          if (!has(placeholder.key)) problems.push(coded("tpl.placeholder-unknown", { where, placeholder: placeholder.raw, key: placeholder.key }, `${where}: placeholder ${placeholder.raw} — ${show(placeholder.key)} is not a property of the data`));
          if (placeholder.format !== undefined && !(FIELD_FORMATS as readonly string[]).includes(placeholder.format)) {
            const formats = FIELD_FORMATS.join(", ");
            problems.push(coded("tpl.placeholder-format", { where, placeholder: placeholder.raw, format: placeholder.format, formats }, `${where}: placeholder ${placeholder.raw} — "${placeholder.format}" is not a format (${formats})`));
          }
        }
        const stray = text.replace(PLACEHOLDER, "");
        if (/[{}]/.test(stray)) problems.push(coded("tpl.brace", { where: `${at}.text.${lang}` }, `${at}.text.${lang}: a brace without its pair; placeholders are written {key} or {key|format}`));
      }
    }
    if (isObject(section.photo) && typeof section.photo.key === "string") {
      const key = section.photo.key;
      if (!has(key)) notProperty(`${at}.photo.key`, key);
      else if (typesOf(properties[key]).length && !typesOf(properties[key]).includes("string")) {
        problems.push(coded("tpl.photo-not-text", { where: `${at}.photo.key`, key }, `${at}.photo.key: "${key}" must be text in the data (a data URL or base64 of a JPEG or PNG)`));
      }
    }
  }
  // (Without a list of sections there are no rows to show: the format's problem says so.)
  if (Array.isArray(definition.sections)) for (const [index, key] of stringList(definition.card).entries()) {
    if (!rowKeys.has(key)) problems.push(coded("tpl.card-not-row", { where: `card[${index}]`, key }, `card[${index}]: "${key}" is not a row of the template (the card shows rows)`));
  }
  return problems;
}

const rowRequired = (where: string, key: string) =>
  coded("tpl.row-required", { where, key }, `${where}: the row is required but "${key}" is not required in the data (add it to data.required)`);

// ---------------------------------------------------------------------------------------------------------------
// sampleData: plausible data for previews, from the data schema.

/** A 6×8 grey PNG (portrait, as a photo), made by hand (no image library): enough for a photo slot in a preview. */
export const SAMPLE_PHOTO =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAYAAAAICAAAAAD/rdHkAAAAJElEQVR4nGNIAQOGPDBgqAADhiYwYOgBA4ZpYMCwAAwYVoEBAIAuGVHwF5m1AAAAAElFTkSuQmCC";

const SAMPLE_NAMES = { lastName: "Шевченко", firstName: "Олена", middleName: "Петрівна" };
const SAMPLE_ADDRESS = { region: "Київська обл.", city: "Бровари", street: "вул. Київська", building: "12", flat: "5", postalCode: "07400" };

function sampleValue(key: string, schema: Record<string, unknown>, depth: number): unknown {
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  const types = typesOf(schema);
  const type = types.find((t) => t !== "null") ?? (isObject(schema.properties) ? "object" : isObject(schema.items) ? "array" : "string");
  const name = key.toLowerCase();
  const format = typeof schema.format === "string" ? schema.format : "";
  if (type === "object" || (types.includes("object") && /address|place/.test(name))) {
    if (/address|place/.test(name) && !isObject(schema.properties)) return { ...SAMPLE_ADDRESS };
    if (/name|holder|payer|person/.test(name) && !isObject(schema.properties)) return { ...SAMPLE_NAMES };
    if (/amount|fee|sum|price|paid/.test(name) && !isObject(schema.properties)) return { amount: 250, currency: "UAH" };
    if (depth > 3) return {};
    return Object.fromEntries(Object.entries(asObject(schema.properties)).map(([k, s]) => [k, sampleValue(k, asObject(s), depth + 1)]));
  }
  if (type === "array") {
    if (depth > 3) return [];
    const items = asObject(schema.items);
    return [0, 1].map((i) => {
      const item = sampleValue(key.replace(/s$/, ""), items, depth + 1);
      // Two rows that differ: the second row's texts and numbers shifted.
      if (i === 0 || !isObject(item)) return item;
      return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, typeof v === "number" ? v + 1 : typeof v === "string" && !/date|валід/i.test(k) && !/^\d{4}-\d{2}-\d{2}/.test(v) ? `${v} 2` : v]));
    });
  }
  if (type === "boolean") return true;
  if (type === "number" || type === "integer") {
    if (/amount|fee|sum|price|paid|cost/.test(name)) return 250;
    return type === "integer" ? 1 : 1.5;
  }
  // Text.
  if (format === "date" || /date|from$|until|^valid|on$|at$|since|^to$/.test(name)) return /until|^to$|end|expir/.test(name) ? "2026-12-31" : "2026-03-01";
  if (format === "date-time") return "2026-03-01T10:00:00.000Z";
  if (format === "email" || /email/.test(name)) return "olena@example.com";
  if (format === "data-url" || /photo|image|picture/.test(name)) return SAMPLE_PHOTO;
  if (/^lastname$|surname/.test(name)) return SAMPLE_NAMES.lastName;
  if (/^firstname$/.test(name)) return SAMPLE_NAMES.firstName;
  if (/^middlename$/.test(name)) return SAMPLE_NAMES.middleName;
  if (/name|holder|payer/.test(name)) return `${SAMPLE_NAMES.lastName} ${SAMPLE_NAMES.firstName} ${SAMPLE_NAMES.middleName}`;
  if (/address/.test(name)) return formatAddress(SAMPLE_ADDRESS);
  if (/plate/.test(name)) return "AA1234BB";
  if (/zone/.test(name)) return "A";
  if (/make|model|vehicle/.test(name)) return "Škoda Octavia";
  if (/city|place/.test(name)) return "Київ";
  if (/number|id$|code/.test(name)) return "12345";
  if (/amount|fee|sum|price/.test(name)) return "250";
  return "Приклад";
}

/**
 * Plausible data for a template's preview, from its data schema: `examples` or `default` where the schema
 * gives them, else by type, format and key name (a date, a Ukrainian name, a full address, an amount, a
 * table of two rows, a tiny PNG for a photo). Every property is filled, the optional ones too.
 */
export function sampleData(definition: TemplateDefinition): Record<string, unknown> {
  const data = asObject(asObject(definition?.data).properties);
  const sample: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(data)) sample[key] = sampleValue(key, asObject(schema), 0);
  for (const section of asArray(definition?.sections).map(asObject)) {
    const photo = asObject(section.photo);
    if (typeof photo.key === "string" && Object.hasOwn(data, photo.key) && !isObject(asObject(data[photo.key]).examples)) sample[photo.key] = typeof sample[photo.key] === "string" && String(sample[photo.key]).startsWith("data:image/") ? sample[photo.key] : SAMPLE_PHOTO;
  }
  return sample;
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
