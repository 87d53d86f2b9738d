import type { Text } from "./schema";
import { own } from "../own";

const LANGUAGE = /^[a-z]{2}$/;

/** A per-language text: an object whose keys are all two-letter language codes with string values. */
export function isTextObject(value: unknown): value is Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return entries.length > 0 && entries.every(([k, v]) => LANGUAGE.test(k) && typeof v === "string");
}

/** The text in `language`, falling back to the first language present. */
export function localize(text: Text | undefined, language: string, fallback?: string): string {
  if (text === undefined) return "";
  if (typeof text === "string") return text;
  // Own keys only: a language such as "constructor" (it can come from a request) is no text.
  return own(text, language) ?? (fallback ? own(text, fallback) : undefined) ?? Object.values(text)[0] ?? "";
}

const SCHEMA_MAPS = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
const SCHEMA_LISTS = ["oneOf", "anyOf", "allOf", "prefixItems"];
const SCHEMA_SINGLE = ["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedProperties", "unevaluatedItems"];
const TEXT_KEYWORDS = ["title", "description"];

/** Visits every subschema of a JSON Schema with its path (schema-aware, so a property named "title" is not a text). */
export function walkSchema(schema: unknown, visit: (node: Record<string, unknown>, path: (string | number)[]) => void, path: (string | number)[] = []): void {
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return;
  const node = schema as Record<string, unknown>;
  visit(node, path);
  for (const key of SCHEMA_MAPS) {
    const map = node[key];
    if (map && typeof map === "object") for (const [name, sub] of Object.entries(map)) walkSchema(sub, visit, [...path, key, name]);
  }
  for (const key of SCHEMA_LISTS) {
    const list = node[key];
    if (Array.isArray(list)) list.forEach((sub, i) => walkSchema(sub, visit, [...path, key, i]));
  }
  for (const key of SCHEMA_SINGLE) walkSchema(node[key], visit, [...path, key]);
}

/** A copy of a form schema with every per-language title/description replaced by the text in `language`. */
export function localizeSchema<T>(schema: T, language: string, fallback?: string): T {
  const copy = structuredClone(schema);
  walkSchema(copy, (node) => {
    for (const key of TEXT_KEYWORDS) if (isTextObject(node[key])) node[key] = localize(node[key] as Text, language, fallback);
  });
  return copy;
}

/** Every per-language text of a form schema, with its path inside the schema. */
export function schemaTexts(schema: unknown): { path: (string | number)[]; text: Text }[] {
  const texts: { path: (string | number)[]; text: Text }[] = [];
  walkSchema(schema, (node, path) => {
    for (const key of TEXT_KEYWORDS) {
      const value = node[key];
      if (typeof value === "string" || isTextObject(value)) texts.push({ path: [...path, key], text: value as Text });
    }
  });
  return texts;
}
