/**
 * The property form of a step: the step kind's JSON Schema from the engine (TypeBox), adapted for
 * people shape by shape (property-coverage.test.ts checks that every property of every kind gets a
 * widget): texts per language, choices (unions of literals) as selects, durations as number + unit,
 * expressions as the rule builders, mappings as "name → value" rows, outcomes as "outcome → step"
 * rows, step ids as step pickers, free maps as "name → value" rows; then pickers from the catalog
 * (registries, operations, handlers with their parameter schemas, roles, templates, currencies).
 */
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import { kindModule, ServiceDefinitionSchema, stepOutlets, type Catalog } from "../../../../engine";
import { Duration, Expression, StepId } from "../../../../engine/steps/parts";
import { isPlainObject } from "../model/yaml-edit";

const LONG_TEXTS = ["description", "instructions", "message"];

type Schema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>>; required?: string[] };
type Ui = Record<string, unknown>;

/** Properties the property panel leaves to other editors: the kind, the canvas's position, the form designer's schemas. */
export const EDITED_ELSEWHERE: Record<string, string> = {
  kind: "fixed when the step is added",
  position: "canvas",
  schema: "form designer",
  uiSchema: "form designer",
};

/** Custom fields and widgets the panel registers (rjsf-widgets.tsx), for the coverage test. */
export const PANEL_FIELDS = ["text", "rule", "mapping", "outcomes", "keyValue"] as const;
export const PANEL_WIDGETS = ["duration", "checkboxes", "select", "textarea"] as const;

const plain = (schema: unknown): Schema => JSON.parse(JSON.stringify(schema)) as Schema;
const pick = (values: string[], current: unknown, title?: string) => {
  const list = [...new Set([...values, ...(typeof current === "string" && current ? [current] : [])])];
  return list.length ? { type: "string", enum: list, ...(title ? { title } : {}) } : { type: "string", ...(title ? { title } : {}) };
};

const anyOf = (s: Schema) => (Array.isArray(s.anyOf) ? (s.anyOf as Schema[]) : undefined);
const valuesOf = (s: Schema) => (isPlainObject(s.patternProperties) ? (Object.values(s.patternProperties) as Schema[]) : isPlainObject(s.additionalProperties) ? [s.additionalProperties as Schema] : []);

const isExpression = (s: Schema) => s.type === "string" && s.description === Expression.description;
const isDuration = (s: Schema) => s.type === "string" && s.description === Duration.description;
const isStepId = (s: Schema) => s.type === "string" && s.pattern === StepId.pattern;
const isText = (s: Schema) => {
  const options = anyOf(s);
  return !!options && options.length === 2 && options[0].type === "string" && options[1].type === "object" && valuesOf(options[1]).every((v) => v.type === "string");
};
const isLiteralUnion = (s: Schema) => !!anyOf(s)?.length && anyOf(s)!.every((o) => "const" in o);
const isNumberOrExpression = (s: Schema) => {
  const options = anyOf(s);
  return !!options && options.length === 2 && options.some((o) => o.type === "number" || o.type === "integer") && options.some(isExpression);
};
const isRecordOf = (s: Schema, test: (v: Schema) => boolean) => s.type === "object" && !s.properties && valuesOf(s).length === 1 && test(valuesOf(s)[0]);
const isUnknown = (s: Schema) => Object.keys(s).filter((k) => k !== "description" && k !== "title").length === 0;

export interface AdaptContext {
  stepIds: string[];
  /** Outcomes the step's `on` should map (from the catalog and the kind). */
  outcomes: string[];
}

/**
 * The schema and uiSchema of one property, by its shape. Shapes not known here are left as they are: rjsf
 * renders plain strings, numbers, integers, booleans, enums, objects and arrays of those.
 */
export function adaptProperty(name: string, s: Schema, ctx: AdaptContext): { schema: Schema; ui?: Ui } {
  const title = { title: (s.title as string | undefined) ?? name, ...(s.description && !isText(s) ? { description: s.description } : {}) };
  if (isText(s)) return { schema: { title: name }, ui: { "ui:field": "text", "ui:options": { multiline: LONG_TEXTS.includes(name) } } };
  if (isLiteralUnion(s)) return { schema: { type: "string", enum: anyOf(s)!.map((o) => o.const), ...title } };
  // No `type`: rjsf would coerce a number-or-text value (it keeps the number and drops the text).
  if (isNumberOrExpression(s)) return { schema: { ...title }, ui: { "ui:field": "rule", "ui:options": { kind: "value", expected: "number", numbers: true } } };
  if (isExpression(s)) {
    const condition = name === "when";
    return { schema: { type: "string", ...title }, ui: { "ui:field": "rule", "ui:options": { kind: condition ? "condition" : "value", expected: condition ? "bool" : "any" } } };
  }
  if (isDuration(s)) return { schema: { type: "string", ...title }, ui: { "ui:widget": "duration" } };
  if (isStepId(s)) return { schema: { ...pick(ctx.stepIds, undefined), title: name } };
  if (isRecordOf(s, isExpression)) return { schema: { type: "object", additionalProperties: { type: "string" }, ...title }, ui: { "ui:field": "mapping" } };
  if (isRecordOf(s, isStepId)) {
    return { schema: { type: "object", additionalProperties: { type: "string" }, ...title, title: "outcomes → next step" }, ui: { "ui:field": "outcomes", "ui:options": { outcomes: ctx.outcomes, steps: ctx.stepIds } } };
  }
  if (isRecordOf(s, isUnknown)) return { schema: { type: "object", additionalProperties: true, ...title }, ui: { "ui:field": "keyValue" } };
  if (s.type === "object" && isPlainObject(s.properties)) {
    const ui: Ui = {};
    const properties: Record<string, Schema> = {};
    for (const [key, child] of Object.entries(s.properties as Record<string, Schema>)) {
      const adapted = adaptProperty(key, child, ctx);
      properties[key] = adapted.schema;
      if (adapted.ui) ui[key] = adapted.ui;
    }
    return { schema: { ...s, properties, title: (s.title as string | undefined) ?? name }, ui };
  }
  if (s.type === "array" && isPlainObject(s.items)) {
    const item = adaptProperty(name, s.items as Schema, ctx);
    const choices = Array.isArray(item.schema.enum);
    const { title: _t, ...itemSchema } = item.schema;
    return {
      schema: { ...s, items: itemSchema, ...(choices ? { uniqueItems: true } : {}), title: (s.title as string | undefined) ?? name },
      ui: choices ? { "ui:widget": "checkboxes" } : item.ui ? { items: item.ui } : undefined,
    };
  }
  return { schema: s };
}

export function stepPropertySchema(step: Record<string, unknown>, stepIds: string[], catalog: Catalog, id = "step", definition?: unknown): { schema: RJSFSchema; uiSchema: UiSchema } {
  const source = plain(kindModule(step.kind)?.schema ?? {});
  const outcomes = stepOutlets(id, step, { open: true, catalog })
    .filter((o) => o.path.includes("on"))
    .map((o) => o.outcome);
  const ctx: AdaptContext = { stepIds, outcomes };
  const props: Record<string, Schema> = {};
  const ui: Ui = { "ui:order": ["title", "*"] };
  for (const [key, child] of Object.entries(source.properties ?? {})) {
    if (key in EDITED_ELSEWHERE) continue;
    const adapted = adaptProperty(key, child, ctx);
    props[key] = adapted.schema;
    if (adapted.ui) ui[key] = adapted.ui;
  }
  if (props.next) props.next = { ...pick(stepIds, step.next), title: "next step" };
  if (props.otherwise) props.otherwise = { ...pick(stepIds, step.otherwise), title: "otherwise" };
  if (props.declined) props.declined = { ...pick(stepIds, step.declined), title: "when the citizen declines" };
  if (props.branches) {
    props.branches.title = "conditions (first that holds wins)";
    const items = props.branches.items as Schema | undefined;
    if (items?.properties?.next) items.properties.next = { ...pick(stepIds, undefined), title: "then go to" };
  }
  // Catalog pickers by property, whatever the kind: a registry and operation (also inside a wait's poll),
  // a handler and its versions and parameters, an officers' role, a document template, a currency.
  catalogPickers(props, step, catalog, ui);
  const poll = props.poll;
  if (poll?.properties) catalogPickers(poll.properties, isPlainObject(step.poll) ? step.poll : {}, catalog, (ui.poll ?? {}) as Ui);
  // A signature covers documents issued earlier: pick them by the name they are saved under.
  if (props.documents && isPlainObject(definition) && isPlainObject(definition.steps)) {
    const documents = Object.entries(definition.steps)
      .filter(([, s]) => isPlainObject(s) && s.kind === "document")
      .map(([sid, s]) => String((s as Record<string, unknown>).saveAs ?? sid));
    const current = Array.isArray(step.documents) ? step.documents.map(String) : [];
    const all = [...new Set([...documents, ...current])];
    if (all.length) {
      props.documents = { ...props.documents, items: { type: "string", enum: all }, uniqueItems: true };
      ui.documents = { "ui:widget": "checkboxes" };
    }
  }
  mappingKeys(ui, step, catalog);
  const schema: Schema = { type: "object", properties: props, required: (source.required ?? []).filter((k) => k in props), additionalProperties: false };
  return { schema: schema as RJSFSchema, uiSchema: ui as UiSchema };
}

const keysOf = (schema: unknown): string[] => (isPlainObject(schema) && isPlainObject(schema.properties) ? Object.keys(schema.properties) : []);

/** The names a mapping's entries may take: what the form, the template, the operation or the handler reads. */
function mappingKeys(ui: Ui, step: Record<string, unknown>, catalog: Catalog) {
  const poll = isPlainObject(step.poll) ? step.poll : {};
  const operation = (registry: unknown, name: unknown) => catalog.registries[String(registry)]?.operations?.[String(name)];
  const handler = catalog.handlers.find((h) => h.type === step.handler && h.version === step.version);
  const keys: Record<string, string[]> = {
    prefill: keysOf(step.schema),
    data: keysOf(catalog.templates[String(step.template)]?.data),
    input: keysOf(step.kind === "task" ? handler?.input : operation(step.registry, step.operation)?.input),
  };
  for (const [key, list] of Object.entries(keys)) {
    const entry = ui[key] as Ui | undefined;
    if (entry?.["ui:field"] === "mapping" && list.length) entry["ui:options"] = { keys: list };
  }
  const pollUi = ui.poll as Ui | undefined;
  const pollInput = pollUi?.input as Ui | undefined;
  const pollKeys = keysOf(operation(poll.registry, poll.operation)?.input);
  if (pollInput?.["ui:field"] === "mapping" && pollKeys.length) pollInput["ui:options"] = { keys: pollKeys };
}

function catalogPickers(props: Record<string, Record<string, unknown>>, value: Record<string, unknown>, catalog: Catalog, ui: Ui) {
  if (props.registry) props.registry = pick(Object.keys(catalog.registries), value.registry, "registry");
  if (props.operation) props.operation = pick(Object.keys(catalog.registries[String(value.registry)]?.operations ?? {}), value.operation, "operation");
  if (props.handler) {
    props.handler = pick(catalog.handlers.map((h) => h.type), value.handler, "handler");
    const versions = catalog.handlers.filter((h) => h.type === value.handler).map((h) => h.version);
    props.version = versions.length ? { type: "integer", enum: versions, title: "version" } : { type: "integer", minimum: 1, title: "version" };
    const handler = catalog.handlers.find((h) => h.type === value.handler && h.version === value.version);
    if (handler?.params) {
      props.params = { ...plain(handler.params), title: `parameters of ${handler.type}` };
      delete ui.params;
    }
  }
  if (props.role) props.role = pick(Object.keys(catalog.roles), value.role, "officers' role");
  if (props.template) props.template = pick(Object.keys(catalog.templates), value.template, "document template");
  if (props.currency) {
    const currencies = Object.values(catalog.payments ?? {}).flatMap((p) => p.currencies ?? []);
    props.currency = pick(currencies.length ? currencies : ["UAH"], value.currency, "currency");
  }
}

/** The service's own properties (everything but its steps). */
export function servicePropertySchema(stepIds: string[], value: Record<string, unknown>): { schema: RJSFSchema; uiSchema: UiSchema } {
  const schema = plain(ServiceDefinitionSchema);
  const props = schema.properties ?? {};
  delete props.steps;
  delete props.$schema;
  delete props.schemaVersion;
  delete schema.title;
  schema.required = (schema.required ?? []).filter((k) => k in props);
  props.start = { ...pick(stepIds, value.start), title: "first step" };
  props.title = { title: "title" };
  props.description = { title: "description" };
  // Plain text or uk/en: edited per language like the title (a plain string becomes the first language's).
  props.owner = { title: "owner" };
  return {
    schema: schema as RJSFSchema,
    uiSchema: {
      "ui:order": ["id", "title", "description", "owner", "languages", "start", "*"],
      title: { "ui:field": "text" },
      description: { "ui:field": "text", "ui:options": { multiline: true } },
      owner: { "ui:field": "text" },
    } as UiSchema,
  };
}
