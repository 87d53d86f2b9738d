/**
 * The template designer's model: what an analyst edits (data fields with friendly types, sections of rows,
 * tables, free text and photos, metadata), and its conversion to and from a template definition as the
 * runtime's template store keeps it (service-definitions/templates/template.schema.json: `data` is a JSON
 * Schema of the template's data, `sections` print it). Pure functions, used in the browser and in tests.
 */
import type { CodedMessage } from "../../../../engine";

export type Text = { uk: string; en: string };

/** How a value is printed (runtime/documents/templates.ts FieldFormat). */
export const FORMATS = ["text", "date", "address", "money", "categories", "categoryDates", "yesNo", "place", "name", "gender", "certificateType", "reason", "people"] as const;
export type Format = (typeof FORMATS)[number];

export const FIELD_TYPES = [
  { type: "text", label: "Text" },
  { type: "date", label: "Date" },
  { type: "number", label: "Number" },
  { type: "yesNo", label: "Yes / no" },
  { type: "money", label: "Money" },
  { type: "address", label: "Address" },
  { type: "name", label: "Person's name" },
  { type: "list", label: "List of rows" },
  { type: "photo", label: "Photo" },
] as const;
export type FieldType = (typeof FIELD_TYPES)[number]["type"];
/** Types a list's own columns may have (no nested lists, no photos in a table). */
export const SUB_FIELD_TYPES: FieldType[] = ["text", "date", "number", "yesNo", "money", "address", "name"];

export interface DataField {
  key: string;
  type: FieldType;
  required: boolean;
  title: Text;
  /** A list's columns (type "list" only). */
  fields?: DataField[];
  /** The field's schema as read (a file's examples, parts, required parts): kept while its type stays the same. */
  original?: { schema: Json; type: FieldType; fields: string };
}

export interface RowItem {
  key: string;
  uk: string;
  en: string;
  format: Format;
  required?: boolean;
  /** Shown on the card when the document is verified by a share code. */
  card?: boolean;
  /** Keys of a row as written in a file the designer does not edit (from, name, join): kept as they are. */
  extra?: Record<string, unknown>;
}

export interface ColumnItem {
  key: string;
  uk: string;
  en: string;
  format: Format;
}

export type Section =
  | { kind: "rows"; title?: Text; rows: RowItem[] }
  | { kind: "table"; title?: Text; key: string; columns: ColumnItem[] }
  | { kind: "text"; title?: Text; text: Text }
  | { kind: "photo"; title?: Text; key: string; uk: string; en: string };
export type SectionKind = Section["kind"];

export interface DesignModel {
  id: string;
  version: number;
  title: Text;
  numberPrefix: string;
  /** ISO 8601 duration; "" for no default expiry. */
  validFor: string;
  seal: string;
  fields: DataField[];
  sections: Section[];
  /** Top-level keys of the definition the designer does not edit, kept as they are. */
  extra: Record<string, unknown>;
  /** Keys of the data schema besides its properties and required (allOf alternatives), kept as they are. */
  dataExtra?: Record<string, unknown>;
}

export const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

const ADDRESS_PARTS: [string, Text][] = [
  ["region", { uk: "Область", en: "Region" }],
  ["city", { uk: "Населений пункт", en: "City or village" }],
  ["street", { uk: "Вулиця", en: "Street" }],
  ["building", { uk: "Будинок", en: "Building" }],
  ["apartment", { uk: "Квартира", en: "Apartment" }],
];
const NAME_PARTS: [string, Text][] = [
  ["lastName", { uk: "Прізвище", en: "Last name" }],
  ["firstName", { uk: "Ім'я", en: "First name" }],
  ["middleName", { uk: "По батькові", en: "Middle name" }],
];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => !!value && typeof value === "object" && !Array.isArray(value);
const str = (value: unknown) => (typeof value === "string" ? value : "");
export const textOf = (value: unknown): Text =>
  isObject(value) ? { uk: str(value.uk), en: str(value.en) } : typeof value === "string" ? { uk: value, en: value } : { uk: "", en: "" };
const hasText = (text: Text | undefined): text is Text => !!text && (text.uk.trim() !== "" || text.en.trim() !== "");

/** The format a row of a field of `type` prints with, unless the analyst picks another. */
export function defaultFormat(type: FieldType | undefined): Format {
  switch (type) {
    case "date":
      return "date";
    case "yesNo":
      return "yesNo";
    case "money":
      return "money";
    case "address":
      return "address";
    case "name":
      return "name";
    case "list":
      return "people";
    default:
      return "text";
  }
}

/**
 * The JSON Schema of a data field (template.schema.json's dataProperty: `title` the English title,
 * `description` the Ukrainian one). Only standard keywords: a money value, a name and an address are told
 * apart by their properties, a photo by its media type; `examples` give the preview its sample values.
 */
export function fieldSchema(field: DataField): Json {
  const title = { ...(field.title.en ? { title: field.title.en } : {}), ...(field.title.uk ? { description: field.title.uk } : {}) };
  if (field.original && field.original.type === field.type) {
    const { title: _t, description: _d, ...kept } = field.original.schema;
    if (field.type !== "list" || JSON.stringify(field.fields ?? null) === field.original.fields) return { ...kept, ...title };
    const items = isObject(kept.items) ? kept.items : {};
    const sub = field.fields ?? [];
    const { required: _r, ...itemsKept } = items;
    return {
      ...kept,
      ...title,
      items: {
        ...itemsKept,
        type: "object",
        properties: Object.fromEntries(sub.map((f) => [f.key, fieldSchema(f)])),
        ...(sub.some((f) => f.required) ? { required: sub.filter((f) => f.required).map((f) => f.key) } : {}),
      },
    };
  }
  const parts = (list: [string, Text][]) => Object.fromEntries(list.map(([key, t]) => [key, { type: "string", title: t.en, description: t.uk }]));
  switch (field.type) {
    case "text":
      return { type: "string", ...title };
    case "date":
      return { type: "string", format: "date", ...title };
    case "number":
      return { type: "number", ...title };
    case "yesNo":
      return { type: "boolean", ...title };
    case "money":
      return { type: ["number", "object"], ...title, properties: { amount: { type: "number" }, currency: { type: "string" } }, examples: [250] };
    case "address":
      return { type: ["object", "string"], ...title, properties: parts(ADDRESS_PARTS), examples: [SAMPLE_ADDRESS] };
    case "name":
      return { type: ["object", "string"], ...title, properties: parts(NAME_PARTS), examples: ["Шевченко Олена Петрівна"] };
    case "photo":
      return { type: "string", contentMediaType: "image/png", ...title };
    case "list": {
      const sub = field.fields ?? [];
      return {
        type: "array",
        ...title,
        items: {
          type: "object",
          properties: Object.fromEntries(sub.map((f) => [f.key, fieldSchema(f)])),
          ...(sub.some((f) => f.required) ? { required: sub.filter((f) => f.required).map((f) => f.key) } : {}),
        },
      };
    }
  }
}

const SAMPLE_ADDRESS = { region: "Київська обл.", city: "Бровари", street: "вул. Київська", building: "12", apartment: "5" };

/** The data schema of the whole template. */
export function dataSchema(fields: DataField[], extra: Json = {}): Json {
  const required = fields.filter((f) => f.required).map((f) => f.key);
  return {
    ...extra,
    type: "object",
    properties: Object.fromEntries(fields.map((f) => [f.key, fieldSchema(f)])),
    ...(required.length ? { required } : {}),
  };
}

const typesOf = (schema: Json): string[] => (Array.isArray(schema.type) ? schema.type.map(String) : typeof schema.type === "string" ? [schema.type] : []);

/** A data field's type read back from its schema; `hint` is the format rows print it with (for schemas written elsewhere). */
export function fieldTypeOf(schema: unknown, hint?: string): FieldType {
  const s = isObject(schema) ? schema : {};
  const types = typesOf(s);
  const format = str(s.format);
  const props = isObject(s.properties) ? Object.keys(s.properties) : [];
  if (types.includes("array")) return "list";
  if (str(s.contentMediaType).startsWith("image/") || format === "data-url" || hint === "photo") return "photo";
  if (format === "date" || hint === "date") return "date";
  if (types.includes("object") && props.includes("amount")) return "money";
  if (types.includes("object") && props.some((p) => p === "lastName" || p === "firstName")) return "name";
  if (hint === "money") return "money";
  if (hint === "name") return "name";
  if (hint === "address" || hint === "place" || types.includes("object")) return "address";
  if (types.includes("boolean") || hint === "yesNo") return "yesNo";
  if (types.includes("number") || types.includes("integer")) return "number";
  return "text";
}

function fieldsFromSchema(schema: unknown, hints: Map<string, string>): DataField[] {
  const s = isObject(schema) ? schema : {};
  const props = isObject(s.properties) ? s.properties : {};
  const required = Array.isArray(s.required) ? s.required.map(String) : [];
  return Object.entries(props).map(([key, value]) => {
    const type = fieldTypeOf(value, hints.get(key));
    const v = isObject(value) ? value : {};
    const title = isObject(v.title) ? textOf(v.title) : { uk: str(v.description), en: str(v.title) };
    const fields = type === "list" ? fieldsFromSchema(isObject(v.items) ? v.items : {}, new Map()) : undefined;
    return { key, type, required: required.includes(key), title, ...(fields ? { fields } : {}), original: { schema: v, type, fields: JSON.stringify(fields ?? null) } };
  });
}

const ROW_KEYS = new Set(["key", "uk", "en", "format", "required"]);
const MODEL_KEYS = new Set(["id", "version", "title", "numberPrefix", "validFor", "seal", "sections", "card", "data"]);

const asFormat = (value: unknown, fallback: Format): Format => (FORMATS as readonly string[]).includes(str(value)) ? (value as Format) : fallback;

/** A definition (as the store gives it) as the designer's model. */
export function fromDefinition(definition: unknown): DesignModel {
  const d = isObject(definition) ? definition : {};
  const card = new Set(Array.isArray(d.card) ? d.card.map(String) : []);
  const rawSections = Array.isArray(d.sections) ? d.sections.filter(isObject) : [];
  // Formats rows print keys with: the type of a field whose schema does not say it.
  const hints = new Map<string, string>();
  for (const s of rawSections) {
    if (Array.isArray(s.rows)) for (const r of s.rows.filter(isObject)) if (r.format && !hints.has(str(r.key))) hints.set(str(r.key), str(r.format));
    if (isObject(s.photo)) hints.set(str(s.photo.key), "photo");
  }
  let fields = fieldsFromSchema(d.data, hints);
  const sections: Section[] = rawSections.map((s) => {
    const title = s.title ? { title: textOf(s.title) } : {};
    if (isObject(s.table)) {
      const columns = Array.isArray(s.table.columns) ? s.table.columns.filter(isObject) : [];
      return { kind: "table", ...title, key: str(s.table.key), columns: columns.map((c) => ({ key: str(c.key), uk: str(c.uk), en: str(c.en), format: asFormat(c.format, "text") })) };
    }
    if (isObject(s.text)) return { kind: "text", ...title, text: textOf(s.text) };
    if (isObject(s.photo)) return { kind: "photo", ...title, key: str(s.photo.key), uk: str(s.photo.uk), en: str(s.photo.en) };
    const rows = Array.isArray(s.rows) ? s.rows.filter(isObject) : [];
    return {
      kind: "rows",
      ...title,
      rows: rows.map((r) => {
        const extra = Object.fromEntries(Object.entries(r).filter(([k]) => !ROW_KEYS.has(k)));
        return {
          key: str(r.key),
          uk: str(r.uk),
          en: str(r.en),
          format: asFormat(r.format, "text"),
          ...(r.required ? { required: true } : {}),
          ...(card.has(str(r.key)) ? { card: true } : {}),
          ...(Object.keys(extra).length ? { extra } : {}),
        };
      }),
    };
  });
  // A definition without a data schema (a file written before there was one): its fields from the rows.
  if (!isObject(d.data)) {
    const seen = new Set<string>();
    fields = [];
    for (const section of sections) {
      if (section.kind !== "rows") continue;
      for (const row of section.rows) {
        if (seen.has(row.key)) continue;
        seen.add(row.key);
        fields.push({ key: row.key, type: fieldTypeOf({}, row.format), required: !!row.required, title: { uk: row.uk, en: row.en } });
      }
    }
  }
  return {
    id: str(d.id),
    version: typeof d.version === "number" ? d.version : 1,
    title: textOf(d.title),
    numberPrefix: str(d.numberPrefix),
    validFor: str(d.validFor),
    seal: str(d.seal) || "authority",
    fields,
    sections,
    extra: Object.fromEntries(Object.entries(d).filter(([k]) => !MODEL_KEYS.has(k))),
    ...(isObject(d.data) ? dataExtraOf(d.data) : {}),
  };
}

function dataExtraOf(data: Json): { dataExtra?: Json } {
  const extra = Object.fromEntries(Object.entries(data).filter(([k]) => k !== "type" && k !== "properties" && k !== "required"));
  return Object.keys(extra).length ? { dataExtra: extra } : {};
}

/** "text" is the default format: not written. */
const fmt = (format: Format) => (format === "text" ? {} : { format });

/** The designer's model as a definition for the store. */
export function toDefinition(model: DesignModel): Json {
  const card: string[] = [];
  // A row of a data field is required exactly when the field is (the store refuses a required row of optional data).
  const fieldRequired = new Map(model.fields.map((f) => [f.key, f.required]));
  const rowRequired = (r: RowItem) => (!r.extra && fieldRequired.has(r.key) ? fieldRequired.get(r.key) : r.required);
  const sections = model.sections.map((s): Json => {
    const title = hasText(s.title) ? { title: { uk: s.title.uk, en: s.title.en } } : {};
    switch (s.kind) {
      case "rows":
        return {
          ...title,
          rows: s.rows.map((r) => {
            if (r.card && !card.includes(r.key)) card.push(r.key);
            return { key: r.key, uk: r.uk, en: r.en, ...fmt(r.format), ...(rowRequired(r) ? { required: true } : {}), ...(r.extra ?? {}) };
          }),
        };
      case "table":
        return { ...title, table: { key: s.key, columns: s.columns.map((c) => ({ key: c.key, uk: c.uk, en: c.en, ...fmt(c.format) })) } };
      case "text":
        return { ...title, text: { uk: s.text.uk, en: s.text.en } };
      case "photo":
        return { ...title, photo: { key: s.key, uk: s.uk, en: s.en } };
    }
  });
  return {
    ...model.extra,
    id: model.id,
    version: model.version,
    title: { uk: model.title.uk, en: model.title.en },
    numberPrefix: model.numberPrefix,
    ...(model.validFor ? { validFor: model.validFor } : {}),
    seal: model.seal || "authority",
    data: dataSchema(model.fields, model.dataExtra),
    sections,
    card,
  };
}

// ── Editing helpers ──────────────────────────────────────────────────────────────────────────────────

/** A new field's key: `field1`, `field2`… not yet taken. */
export function freshKey(taken: string[], base = "field"): string {
  for (let i = 1; ; i++) if (!taken.includes(`${base}${i}`)) return `${base}${i}`;
}

export function newField(taken: string[], type: FieldType = "text"): DataField {
  const key = freshKey(taken);
  return { key, type, required: false, title: { uk: "", en: "" }, ...(type === "list" ? { fields: [newField([], "text")] } : {}) };
}

export function newSection(kind: SectionKind, model: DesignModel): Section {
  const first = (types: FieldType[]) => model.fields.find((f) => types.includes(f.type));
  switch (kind) {
    case "rows":
      return { kind, rows: [] };
    case "table": {
      const list = first(["list"]);
      return { kind, key: list?.key ?? "", columns: (list?.fields ?? []).map((f) => ({ key: f.key, uk: f.title.uk, en: f.title.en, format: defaultFormat(f.type) })) };
    }
    case "text":
      return { kind, text: { uk: "", en: "" } };
    case "photo": {
      const photo = first(["photo"]);
      return { kind, key: photo?.key ?? "", uk: photo?.title.uk ?? "Фото", en: photo?.title.en ?? "Photo" };
    }
  }
}

/** A row printing `field`, with its titles as labels and the format its type prints with. */
export function rowFor(field: DataField): RowItem {
  return { key: field.key, uk: field.title.uk, en: field.title.en, format: defaultFormat(field.type), ...(field.required ? { required: true } : {}) };
}

/** Moves item `index` by `by` places (-1 up, +1 down); the same array when it cannot move. */
export function move<T>(list: T[], index: number, by: number): T[] {
  const to = index + by;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return list;
  const next = [...list];
  const [item] = next.splice(index, 1);
  next.splice(to, 0, item);
  return next;
}

/**
 * The model with new data fields: a row still printing a field with the format of its former type (the
 * default the designer gave it) takes the new type's format.
 */
export function withFields(model: DesignModel, fields: DataField[]): DesignModel {
  const before = new Map(model.fields.map((f) => [f.key, f.type]));
  const retyped = new Map(fields.filter((f) => before.has(f.key) && before.get(f.key) !== f.type).map((f) => [f.key, f.type]));
  if (!retyped.size) return { ...model, fields };
  const sections = model.sections.map((s): Section => {
    if (s.kind !== "rows") return s;
    return {
      ...s,
      rows: s.rows.map((r) => (retyped.has(r.key) && !r.extra && r.format === defaultFormat(before.get(r.key)) ? { ...r, format: defaultFormat(retyped.get(r.key)) } : r)),
    };
  });
  return { ...model, fields, sections };
}

/** Renames a data field everywhere the layout refers to it (rows, tables, photos, text placeholders). */
export function renameField(model: DesignModel, from: string, to: string): DesignModel {
  if (from === to) return model;
  const rename = (text: string) => text.replace(/\{([A-Za-z][A-Za-z0-9_]*)(\|[A-Za-z]+)?\}/g, (all, key: string, format?: string) => (key === from ? `{${to}${format ?? ""}}` : all));
  return {
    ...model,
    fields: model.fields.map((f) => (f.key === from ? { ...f, key: to } : f)),
    sections: model.sections.map((s): Section => {
      switch (s.kind) {
        case "rows":
          return { ...s, rows: s.rows.map((r) => (r.key === from ? { ...r, key: to } : r)) };
        case "table":
        case "photo":
          return s.key === from ? { ...s, key: to } : s;
        case "text":
          return { ...s, text: { uk: rename(s.text.uk), en: rename(s.text.en) } };
      }
    }),
  };
}

/** Inserts a `{key}` placeholder at the caret (replacing a selection); returns the text and the caret after it. */
export function insertPlaceholder(text: string, start: number, end: number, key: string): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  const token = `{${key}}`;
  return { text: text.slice(0, from) + token + text.slice(to), caret: from + token.length };
}

/** The keys a free text refers to by its `{key}` and `{key|format}` placeholders. */
export function placeholderKeys(text: string): string[] {
  return [...new Set([...text.matchAll(/\{([A-Za-z][A-Za-z0-9_]*)(?:\|[A-Za-z]+)?\}/g)].map((m) => m[1]))];
}

/**
 * Problems the designer sees before the server does: keys, references to fields that do not exist. The
 * server's checkTemplate problems are authoritative (shown beside these). By code, as the server's are
 * (i18n/coded.ts writes them in the analyst's language); `message` in English.
 */
export function localProblems(model: DesignModel): CodedMessage[] {
  const problems: CodedMessage[] = [];
  const add = (code: string, params: CodedMessage["params"], message: string) => problems.push({ code, params, message });
  const keys = model.fields.map((f) => f.key);
  const seen = new Set<string>();
  for (const f of model.fields) {
    if (!KEY_PATTERN.test(f.key)) add("tpl.field-key", { key: f.key }, `Field "${f.key}": a key starts with a letter and has only letters, digits and _`);
    if (seen.has(f.key)) add("tpl.field-twice", { key: f.key }, `Two fields are called "${f.key}"`);
    seen.add(f.key);
  }
  model.sections.forEach((s, i) => {
    const n = i + 1;
    if (s.kind === "rows") {
      for (const r of s.rows) {
        if (!r.extra && !keys.includes(r.key)) add("tpl.row-not-field", { n, row: r.uk || r.en, key: r.key || "—" }, `Section ${n}: the row "${r.uk || r.en}" prints "${r.key || "nothing"}", which is not a data field`);
      }
    }
    if ((s.kind === "table" || s.kind === "photo") && !keys.includes(s.key)) add("tpl.pick-field", { n }, `Section ${n}: pick the data field it shows`);
    if (s.kind === "text") {
      for (const key of placeholderKeys(`${s.text.uk} ${s.text.en}`)) if (!keys.includes(key)) add("tpl.text-not-field", { n, placeholder: `{${key}}` }, `Section ${n}: the text refers to {${key}}, which is not a data field`);
    }
  });
  return problems;
}

// ── Validity (ISO 8601 durations, calendar terms) ────────────────────────────────────────────────────

export type ValidityUnit = "D" | "M" | "Y";
export type Validity = { kind: "none" } | { kind: "simple"; amount: number; unit: ValidityUnit } | { kind: "custom"; text: string };

export function parseValidity(duration: string): Validity {
  if (!duration) return { kind: "none" };
  const match = /^P(\d+)([DMY])$/.exec(duration);
  if (match) return { kind: "simple", amount: Number(match[1]), unit: match[2] as ValidityUnit };
  const weeks = /^P(\d+)W$/.exec(duration);
  if (weeks) return { kind: "simple", amount: Number(weeks[1]) * 7, unit: "D" };
  return { kind: "custom", text: duration };
}

export function formatValidity(validity: Validity): string {
  switch (validity.kind) {
    case "none":
      return "";
    case "simple":
      return validity.amount > 0 ? `P${Math.floor(validity.amount)}${validity.unit}` : "";
    case "custom":
      return validity.text;
  }
}
