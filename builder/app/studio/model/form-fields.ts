/** Field types of the form designer and the JSON Schema (and uiSchema) each one stands for. */
import { isPlainObject } from "./yaml-edit";

export const FIELD_TYPES = [
  { type: "text", label: "Text" },
  { type: "number", label: "Number" },
  { type: "date", label: "Date" },
  { type: "choice", label: "Choice list" },
  { type: "yes-no", label: "Yes / no" },
  { type: "phone", label: "Phone" },
  { type: "email", label: "E-mail" },
  { type: "address", label: "Address" },
  { type: "file", label: "File" },
] as const;
export type FieldType = (typeof FIELD_TYPES)[number]["type"];

export const PHONE_PATTERN = "^\\+380[0-9]{9}$";
/** A file comes as a data: URL (rjsf's file widget); the engine's validator knows no "data-url" format. */
export const FILE_PATTERN = "^data:";

type Schema = Record<string, unknown>;

export function fieldTypeOf(schema: unknown): FieldType {
  const s = isPlainObject(schema) ? schema : {};
  if (s.type === "boolean") return "yes-no";
  if (s.type === "number" || s.type === "integer") return "number";
  if (s.type === "object") return "address";
  if (s.format === "date") return "date";
  if (s.format === "email") return "email";
  if (s.format === "data-url" || s.pattern === FILE_PATTERN) return "file";
  if (Array.isArray(s.oneOf) || Array.isArray(s.enum)) return "choice";
  if (s.pattern === PHONE_PATTERN) return "phone";
  return "text";
}

const ADDRESS_PARTS: [string, string, string, boolean][] = [
  ["region", "Область", "Region", true],
  ["city", "Населений пункт", "City or village", true],
  ["street", "Вулиця", "Street", true],
  ["building", "Будинок", "Building", true],
  ["apartment", "Квартира", "Apartment", false],
];

/** The schema of a field of `type`, keeping the texts of the field it replaces. */
export function fieldSchema(type: FieldType, previous: Schema = {}): { schema: Schema; ui?: Schema } {
  const texts: Schema = {};
  for (const key of ["title", "description"]) if (previous[key] !== undefined) texts[key] = previous[key];
  switch (type) {
    case "text":
      return { schema: { type: "string", ...texts, ...pickKeys(previous, ["minLength", "maxLength", "pattern"]) } };
    case "number":
      return { schema: { type: previous.type === "integer" ? "integer" : "number", ...texts, ...pickKeys(previous, ["minimum", "maximum"]) } };
    case "date":
      return { schema: { type: "string", format: "date", ...texts } };
    case "choice":
      return {
        schema: { type: "string", ...texts, oneOf: Array.isArray(previous.oneOf) ? previous.oneOf : [{ const: "a", title: { uk: "Варіант А", en: "Option A" } }, { const: "b", title: { uk: "Варіант Б", en: "Option B" } }] },
        ui: { "ui:widget": "radio" },
      };
    case "yes-no":
      return { schema: { type: "boolean", ...texts }, ui: { "ui:widget": "radio" } };
    case "phone":
      return { schema: { type: "string", pattern: PHONE_PATTERN, ...texts, ...(texts.description ? {} : { description: { uk: "У форматі +380XXXXXXXXX", en: "As +380XXXXXXXXX" } }) }, ui: { "ui:inputType": "tel" } };
    case "email":
      return { schema: { type: "string", format: "email", maxLength: 254, ...texts }, ui: { "ui:inputType": "email" } };
    case "address":
      return {
        schema: {
          type: "object",
          ...texts,
          required: ADDRESS_PARTS.filter((p) => p[3]).map((p) => p[0]),
          properties: Object.fromEntries(ADDRESS_PARTS.map(([key, uk, en]) => [key, { type: "string", title: { uk, en }, maxLength: 200 }])),
        },
      };
    case "file":
      return { schema: { type: "string", pattern: FILE_PATTERN, ...texts }, ui: { "ui:widget": "file" } };
  }
}

function pickKeys(source: Schema, keys: string[]): Schema {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}

export function newFieldKey(existing: string[], stem = "field"): string {
  for (let i = 1; ; i++) if (!existing.includes(`${stem}${i}`)) return `${stem}${i}`;
}
