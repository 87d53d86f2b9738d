/**
 * The property form of a step: the step kind's JSON Schema from the engine (TypeBox), adapted for
 * people: pickers from the catalog (registries, operations, handlers with their parameter schemas,
 * roles, templates), step pickers for transitions, per-language texts and checked expressions.
 */
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import { kindModule, ServiceDefinitionSchema, type Catalog } from "../../../../engine";
import { isPlainObject } from "../model/yaml-edit";

const TEXT_KEYS = ["title", "description", "purpose", "instructions", "message"];
const MAPPING_KEYS = ["input", "prefill", "data"];
const LONG_TEXTS = ["description", "instructions", "message"];

type Schema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>>; required?: string[] };

const plain = (schema: unknown): Schema => JSON.parse(JSON.stringify(schema)) as Schema;
const pick = (values: string[], current: unknown, title?: string) => {
  const list = [...new Set([...values, ...(typeof current === "string" && current ? [current] : [])])];
  return list.length ? { type: "string", enum: list, ...(title ? { title } : {}) } : { type: "string", ...(title ? { title } : {}) };
};

export function stepPropertySchema(step: Record<string, unknown>, stepIds: string[], catalog: Catalog): { schema: RJSFSchema; uiSchema: UiSchema } {
  const schema = plain(kindModule(step.kind)?.schema ?? {});
  const props = schema.properties ?? {};
  const ui: Record<string, unknown> = { "ui:order": ["title", "*"] };
  delete props.kind;
  delete props.position;
  // A form's schema and uiSchema are edited in the form designer.
  delete props.schema;
  delete props.uiSchema;
  schema.required = (schema.required ?? []).filter((k) => k in props);
  delete schema.title;
  delete schema.description;
  for (const key of TEXT_KEYS) {
    if (props[key]) {
      props[key] = { title: key };
      ui[key] = { "ui:field": "text", "ui:options": { multiline: LONG_TEXTS.includes(key) } };
    }
  }
  for (const key of MAPPING_KEYS) if (props[key]) ui[key] = { additionalProperties: { "ui:widget": "expression" } };
  const target = (current: unknown) => pick(stepIds, current);
  if (props.next) props.next = { ...target(step.next), title: "next step" };
  if (props.otherwise) props.otherwise = { ...target(step.otherwise), title: "otherwise" };
  if (props.on) props.on = { type: "object", title: "outcomes → next step", additionalProperties: target(undefined) };
  if (props.branches) {
    props.branches = {
      type: "array",
      title: "conditions (first that holds wins)",
      items: { type: "object", required: ["when", "next"], properties: { when: { type: "string", title: "when" }, next: target(undefined) } },
    };
    ui.branches = { items: { when: { "ui:widget": "expression" } } };
  }
  // Catalog pickers by property, whatever the kind: a registry and operation (also inside a wait's poll),
  // a handler and its versions and parameters, an officers' role, a document template.
  catalogPickers(props, step, catalog);
  const pollSchema = props.poll as Schema | undefined;
  if (pollSchema?.properties) {
    catalogPickers(pollSchema.properties, isPlainObject(step.poll) ? step.poll : {}, catalog);
    pollSchema.properties.purpose = { title: "purpose" };
    ui.poll = { purpose: { "ui:field": "text" }, input: { additionalProperties: { "ui:widget": "expression" } } };
  }
  if (props.amount) ui.amount = { "ui:description": "A number, or an expression such as fee.amount" };
  return { schema: schema as RJSFSchema, uiSchema: ui as UiSchema };
}

function catalogPickers(props: Record<string, Record<string, unknown>>, value: Record<string, unknown>, catalog: Catalog) {
  if (props.registry) props.registry = pick(Object.keys(catalog.registries), value.registry, "registry");
  if (props.operation) props.operation = pick(Object.keys(catalog.registries[String(value.registry)]?.operations ?? {}), value.operation, "operation");
  if (props.handler) {
    props.handler = pick(catalog.handlers.map((h) => h.type), value.handler, "handler");
    const versions = catalog.handlers.filter((h) => h.type === value.handler).map((h) => h.version);
    props.version = versions.length ? { type: "integer", enum: versions, title: "version" } : { type: "integer", minimum: 1, title: "version" };
    const handler = catalog.handlers.find((h) => h.type === value.handler && h.version === value.version);
    if (handler?.params) props.params = { ...plain(handler.params), title: `parameters of ${handler.type}` };
  }
  if (props.role) props.role = pick(Object.keys(catalog.roles), value.role, "officers' role");
  if (props.template) props.template = pick(Object.keys(catalog.templates), value.template, "document template");
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
  return {
    schema: schema as RJSFSchema,
    uiSchema: {
      "ui:order": ["id", "title", "description", "owner", "languages", "start", "*"],
      title: { "ui:field": "text" },
      description: { "ui:field": "text", "ui:options": { multiline: true } },
    } as UiSchema,
  };
}
