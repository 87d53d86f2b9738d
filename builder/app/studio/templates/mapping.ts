/**
 * A document step's `data` mapping suggested from its template's data schema: one entry per template field,
 * filled with the service's answer of the same key (`form1.plate`), or of the same title, or left empty for
 * the analyst to fill (an empty expression is reported by the validator, so nothing is silently missing).
 */

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => !!value && typeof value === "object" && !Array.isArray(value);
const texts = (value: unknown): string[] =>
  (isObject(value) ? Object.values(value) : [value]).filter((t): t is string => typeof t === "string" && t.trim() !== "").map((t) => t.trim().toLowerCase());

/** Answers the service collects in its form steps: the expression that reads each one, with its key and titles. */
export function formAnswers(definition: unknown): { expression: string; key: string; titles: string[] }[] {
  const steps = isObject(definition) && isObject(definition.steps) ? definition.steps : {};
  const answers: { expression: string; key: string; titles: string[] }[] = [];
  for (const [id, step] of Object.entries(steps)) {
    if (!isObject(step) || step.kind !== "form" || !isObject(step.schema) || !isObject(step.schema.properties)) continue;
    const name = typeof step.saveAs === "string" && step.saveAs ? step.saveAs : id;
    for (const [key, schema] of Object.entries(step.schema.properties)) {
      answers.push({ expression: `${name}.${key}`, key, titles: isObject(schema) ? texts(schema.title) : [] });
    }
  }
  return answers;
}

/**
 * The mapping for a template: the keys it prints (its data schema's properties that are required or have a
 * title; aliases and parts of built-in templates are left out) with a guessed expression or "".
 */
export function suggestMapping(templateData: unknown, definition: unknown): Record<string, string> {
  const schema = isObject(templateData) ? templateData : {};
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
  const answers = formAnswers(definition);
  const mapping: Record<string, string> = {};
  for (const [key, property] of Object.entries(properties)) {
    const p = isObject(property) ? property : {};
    const titles = [...texts(p.title), ...texts(p.description)];
    const byKey = answers.find((a) => a.key === key) ?? answers.find((a) => a.key.toLowerCase() === key.toLowerCase());
    const byTitle = titles.length ? answers.find((a) => a.titles.some((t) => titles.includes(t))) : undefined;
    const guess = byKey ?? byTitle;
    if (guess) mapping[key] = guess.expression;
    else if (required.includes(key) || typeof p.title === "string") mapping[key] = "";
  }
  return mapping;
}

const isEmptyMapping = (value: unknown) => value === undefined || (isObject(value) && Object.values(value).every((v) => v === "" || v === undefined));

/**
 * The property form's next data after a change: when a document step's template was just picked and its
 * data mapping is still empty, the mapping suggested for that template. Otherwise the data as it is.
 */
export function withSuggestedMapping(before: Json, after: Json, templates: Record<string, { data?: unknown }>, definition: unknown): Json {
  const template = after.template;
  if (typeof template !== "string" || template === before.template || !templates[template] || !isEmptyMapping(after.data)) return after;
  const data = suggestMapping(templates[template].data, definition);
  return Object.keys(data).length ? { ...after, data } : after;
}
