/**
 * Answers as people read them (browser-safe): labels from the localised schema, option titles instead of
 * codes, yes/no for booleans. Used by the review summary, the office and the error summary.
 */
import { formatDate, type Lang } from "../../i18n/lang";
import { t } from "../../i18n/messages";

type Schema = Record<string, unknown>;

export interface AnswerLine {
  /** Field path, e.g. ["birthPlace", "city"]. */
  path: (string | number)[];
  label: string;
  value: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => Boolean(value) && typeof value === "object" && !Array.isArray(value);

/** The schema of the field at `path`, if any. */
export function schemaAt(schema: Schema, path: (string | number)[]): Schema | undefined {
  let node: Schema | undefined = schema;
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === "number" || /^\d+$/.test(String(segment))) node = isObject(node.items) ? (node.items as Schema) : undefined;
    else node = isObject(node.properties) ? ((node.properties as Record<string, Schema>)[segment] as Schema | undefined) : undefined;
  }
  return node;
}

/** The label of the field at `path`: its title (the parent's for an array item), else its name. */
export function fieldLabel(schema: Schema, path: (string | number)[]): string {
  const field = schemaAt(schema, path);
  if (typeof field?.title === "string") return field.title;
  const last = path[path.length - 1];
  if (typeof last === "number" || /^\d+$/.test(String(last))) {
    const parent = schemaAt(schema, path.slice(0, -1));
    if (typeof parent?.title === "string") return `${parent.title} ${Number(last) + 1}`;
  }
  return path.length ? String(last) : "";
}

function optionTitle(field: Schema, value: unknown): string | undefined {
  const options = (field.oneOf ?? field.anyOf) as Schema[] | undefined;
  const match = options?.find((option) => option.const === value);
  return typeof match?.title === "string" ? match.title : undefined;
}

export function displayValue(field: Schema | undefined, value: unknown, lang: Lang): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return t(lang, value ? "yes" : "no");
  if (Array.isArray(value)) {
    const items = isObject(field?.items) ? (field!.items as Schema) : undefined;
    return value.map((item) => displayValue(items, item, lang)).join(", ");
  }
  if (isObject(value)) return Object.values(value).filter((v) => v !== null && v !== "").map(String).join(", ");
  // A calendar date as people write it ("12 квітня 1990 р."), not as JSON does.
  if (field?.format === "date" && typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value, lang);
  return (field && optionTitle(field, value)) ?? String(value);
}

/** One line per answered field of a form, in the schema's (or ui:order's) order. */
export function answerLines(schema: Schema, uiSchema: Record<string, unknown> | undefined, answers: unknown, lang: Lang, prefix: (string | number)[] = []): AnswerLine[] {
  if (!isObject(answers)) return [];
  const properties = isObject(schema.properties) ? (schema.properties as Record<string, Schema>) : {};
  const order = Array.isArray(uiSchema?.["ui:order"]) ? (uiSchema!["ui:order"] as string[]).filter((k) => k in properties) : [];
  const keys = [...order, ...Object.keys(properties).filter((k) => !order.includes(k))];
  const lines: AnswerLine[] = [];
  for (const key of keys) {
    if (!(key in answers)) continue;
    const field = properties[key];
    const value = answers[key];
    if (isObject(value) && field?.type === "object") {
      lines.push(...answerLines(field, isObject(uiSchema?.[key]) ? (uiSchema![key] as Record<string, unknown>) : undefined, value, lang, [...prefix, key]));
      continue;
    }
    lines.push({ path: [...prefix, key], label: typeof field?.title === "string" ? field.title : key, value: displayValue(field, value, lang) });
  }
  return lines;
}

/** True when the form is a confirmation: it asks for a boolean that must be true. */
export function isConfirmation(schema: Schema): boolean {
  const properties = isObject(schema.properties) ? Object.values(schema.properties as Record<string, Schema>) : [];
  return properties.some((field) => field.type === "boolean" && field.const === true);
}
