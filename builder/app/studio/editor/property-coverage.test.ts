/**
 * Every property of every step kind is editable in the property panel: walking each kind's schema from
 * the engine (recursively), the panel's schema gives each property a widget it knows (a custom field or
 * widget of the panel, a select, a text, number or yes/no box, an object or list of those), never rjsf's
 * "Unsupported field schema". A property of a new shape fails here until property-schema.ts handles it.
 * Each kind's form is also rendered (react-dom/server) with every property filled.
 */
import Form from "@rjsf/core";
import validator from "@rjsf/validator-ajv8";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { engineSteps, validateDefinition, type Catalog } from "../../../../engine";
import { exampleCatalog } from "../../../../service-definitions";
import { ruleScope } from "../rules/scope";
import { adaptProperty, EDITED_ELSEWHERE, PANEL_FIELDS, PANEL_WIDGETS, stepPropertySchema } from "./property-schema";
import { panelFields, panelWidgets, type PanelContext } from "./rjsf-widgets";

// The studio's texts follow the portal's language from the root route's data: English here, without a router.
vi.mock("../../portal/root-data", async (importOriginal) => ({ ...(await importOriginal<object>()), useLang: () => "en" }));

type Node = Record<string, unknown>;
const catalog: Catalog = exampleCatalog();
const STEP_IDS = ["first", "second", "done"];
const isObject = (x: unknown): x is Node => !!x && typeof x === "object" && !Array.isArray(x);

/** What renders a property: a panel field or widget, a select, a plain box, or an object/list of those; undefined: nothing known. */
function handlerOf(schema: Node | undefined, ui: Node | undefined): string | undefined {
  if (!schema) return undefined;
  const field = ui?.["ui:field"];
  if (typeof field === "string") return (PANEL_FIELDS as readonly string[]).includes(field) && field in panelFields ? `field:${field}` : undefined;
  const widget = ui?.["ui:widget"];
  if (typeof widget === "string") return (PANEL_WIDGETS as readonly string[]).includes(widget) ? `widget:${widget}` : undefined;
  if (Array.isArray(schema.enum) && schema.enum.length) return "select";
  if (schema.anyOf || schema.oneOf || schema.allOf || schema.patternProperties) return undefined;
  const type = schema.type;
  if (type === "string" || type === "number" || type === "integer" || type === "boolean") return type;
  if (type === "object" && isObject(schema.properties) && !schema.additionalProperties) return "object";
  if (type === "array" && isObject(schema.items)) return "array";
  return undefined;
}

interface Found {
  path: string;
  handler?: string;
}

/** Walks the engine's schema of a property next to the panel's schema and uiSchema for it. */
function walk(engine: Node, panel: Node | undefined, ui: Node | undefined, path: string, out: Found[]) {
  const handler = handlerOf(panel, ui);
  out.push({ path, handler });
  if (handler === "object") {
    const props = (engine.properties ?? {}) as Record<string, Node>;
    for (const [key, child] of Object.entries(props)) {
      walk(child, (panel!.properties as Record<string, Node>)[key], ui?.[key] as Node | undefined, `${path}.${key}`, out);
    }
    // The panel may not drop a property the engine has.
    expect(Object.keys(panel!.properties as Node).sort(), path).toEqual(Object.keys(props).sort());
  }
  if (handler === "array") walk(engine.items as Node, panel!.items as Node, ui?.items as Node | undefined, `${path}[]`, out);
}

/** A value of every property (every optional one too), from the engine's schema. */
function sampleOf(schema: Node, name: string): unknown {
  const any = (schema.anyOf ?? []) as Node[];
  if (any.length && any.every((o) => "const" in o)) return any[any.length - 1].const;
  if (any.length) return sampleOf(any[any.length - 1], name);
  if (name === "when") return "applicant.gender == \"female\"";
  if (schema.pattern === "^[a-zA-Z][a-zA-Z0-9_]*$") return "second";
  if (typeof schema.description === "string" && schema.description.startsWith("An ISO 8601 duration")) return "P3D";
  if (typeof schema.description === "string" && schema.description.startsWith("A CEL expression")) return "applicant.lastName";
  if ("const" in schema) return schema.const;
  switch (schema.type) {
    case "string":
      return schema.pattern === "^[A-Z]{3}$" ? "UAH" : "text";
    case "integer":
    case "number":
      return (schema.minimum as number | undefined) ?? 1;
    case "boolean":
      return true;
    case "array":
      return [sampleOf(schema.items as Node, name)];
    case "object": {
      if (isObject(schema.properties)) return Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, sampleOf(v as Node, k)]));
      const values = Object.values((schema.patternProperties ?? {}) as Record<string, Node>);
      return values.length ? { [name === "on" ? "error" : "key"]: sampleOf(values[0], "") } : {};
    }
    default:
      return "x";
  }
}

function fullStep(kind: string): Record<string, unknown> {
  const module = engineSteps[kind as keyof typeof engineSteps];
  const step = sampleOf(JSON.parse(JSON.stringify(module.schema)) as Node, kind) as Record<string, unknown>;
  // Catalog references the catalog knows.
  const fresh = module.newStep(catalog);
  for (const key of ["registry", "operation", "handler", "version", "role", "template", "kind"]) if (key in fresh) step[key] = fresh[key];
  if (kind === "wait") Object.assign(step.poll as Node, { registry: Object.keys(catalog.registries)[0], operation: Object.keys(Object.values(catalog.registries)[0].operations)[0] });
  if (kind === "form") step.schema = { type: "object", properties: { months: { type: "integer", enum: [1, 3, 12] } } };
  delete step.position;
  return step;
}

const kinds = Object.keys(engineSteps);

describe("every property of every step kind has a widget", () => {
  it.each(kinds)("%s", (kind) => {
    const step = fullStep(kind);
    const { schema, uiSchema } = stepPropertySchema(step, STEP_IDS, catalog, "first");
    const engine = JSON.parse(JSON.stringify(engineSteps[kind as keyof typeof engineSteps].schema)) as Node;
    const found: Found[] = [];
    for (const [key, child] of Object.entries(engine.properties as Record<string, Node>)) {
      if (key in EDITED_ELSEWHERE) continue;
      // A task's parameters follow its handler's schema in the catalog; the kind's own shape is checked without one.
      const panelSchema = kind === "task" && key === "params" ? stepPropertySchema({ ...step, handler: "no-such-handler" }, STEP_IDS, catalog, "first") : { schema, uiSchema };
      walk(child, (panelSchema.schema.properties as Record<string, Node>)[key], (panelSchema.uiSchema as Node)[key] as Node | undefined, `${kind}.${key}`, found);
    }
    const missing = found.filter((f) => !f.handler).map((f) => f.path);
    expect(missing, "properties without a widget (add their shape to property-schema.ts)").toEqual([]);
    expect(found.length).toBeGreaterThan(1);
  });

  it("finds no widget for a shape it does not know (a new property of a new shape fails the walk)", () => {
    const ctx = { stepIds: STEP_IDS, outcomes: [] };
    for (const shape of [
      { anyOf: [{ type: "number" }, { type: "object", properties: { x: { type: "number" } } }] },
      { type: "object", patternProperties: { "^(.*)$": { type: "number" } } },
      {},
    ]) {
      const adapted = adaptProperty("novel", shape, ctx);
      expect(handlerOf(adapted.schema, adapted.ui), JSON.stringify(shape)).toBeUndefined();
    }
  });

  it("gives the shapes the issue names their widgets", () => {
    const of = (kind: string, ...path: string[]) => {
      const { schema, uiSchema } = stepPropertySchema(fullStep(kind), STEP_IDS, catalog, "first");
      let s = schema as Node;
      let u = uiSchema as Node | undefined;
      for (const key of path) {
        s = key === "[]" ? (s.items as Node) : (s.properties as Record<string, Node>)[key];
        u = (key === "[]" ? u?.items : u?.[key]) as Node | undefined;
      }
      return { handler: handlerOf(s, u), schema: s, ui: u };
    };
    expect(of("final", "outcome")).toMatchObject({ handler: "select", schema: { enum: ["approved", "rejected", "cancelled", "failed"] } });
    expect(of("final", "message").handler).toBe("field:text");
    expect(of("registry", "retry").handler).toBe("object");
    expect(of("registry", "retry", "backoff")).toMatchObject({ handler: "select", schema: { enum: ["fixed", "exponential"] } });
    expect(of("registry", "retry", "interval").handler).toBe("widget:duration");
    expect(of("registry", "retry", "maxAttempts").handler).toBe("integer");
    expect(of("registry", "timeout").handler).toBe("widget:duration");
    expect(of("registry", "registry")).toMatchObject({ handler: "select", schema: { enum: Object.keys(catalog.registries) } });
    expect(of("registry", "on")).toMatchObject({ handler: "field:outcomes" });
    expect((of("registry", "on").ui?.["ui:options"] as { outcomes?: string[] } | undefined)?.outcomes).toEqual(expect.arrayContaining(["error", "timeout"]));
    expect(of("registry", "input").handler).toBe("field:mapping");
    expect(of("review", "role")).toMatchObject({ handler: "select", schema: { enum: expect.arrayContaining(Object.keys(catalog.roles)) } });
    expect((of("review", "on").ui?.["ui:options"] as { outcomes?: string[] } | undefined)?.outcomes).toEqual(expect.arrayContaining(["approve", "reject", "timeout"]));
    expect(of("document", "template")).toMatchObject({ handler: "select", schema: { enum: expect.arrayContaining(Object.keys(catalog.templates)) } });
    expect(of("document", "data").handler).toBe("field:mapping");
    expect(of("payment", "amount")).toMatchObject({ handler: "field:rule", ui: { "ui:options": { kind: "value", expected: "number", numbers: true } } });
    expect(of("payment", "currency").handler).toBe("select");
    expect(of("decision", "branches", "[]", "when")).toMatchObject({ handler: "field:rule", ui: { "ui:options": { kind: "condition", expected: "bool" } } });
    expect(of("decision", "branches", "[]", "next").handler).toBe("select");
    expect(of("notification", "channels")).toMatchObject({ handler: "widget:checkboxes", schema: { items: { enum: ["inbox", "email"] } } });
    expect(of("wait", "poll", "every").handler).toBe("widget:duration");
    expect(of("wait", "poll", "registry").handler).toBe("select");
    expect(of("task", "handler").handler).toBe("select");
    expect(of("form", "prefill")).toMatchObject({ handler: "field:mapping", ui: { "ui:options": { keys: ["months"] } } });
    const template = catalog.templates[String(fullStep("document").template)];
    expect(of("document", "data").ui?.["ui:options"]).toEqual({ keys: Object.keys((template.data as { properties: object }).properties) });
  });

  it.each(kinds)("renders the %s step's form with every property filled, without rjsf's unsupported field", (kind) => {
    const step = fullStep(kind);
    const definition = { schemaVersion: 1, id: "s", title: "S", languages: ["uk", "en"], owner: "o", start: "first", steps: { first: step, second: { kind: "final", outcome: "approved" }, done: { kind: "final", outcome: "rejected" } } };
    const { schema, uiSchema } = stepPropertySchema(step, STEP_IDS, catalog, "first", definition);
    const { kind: _kind, ...formData } = step;
    const context: PanelContext = { languages: ["uk", "en"], scope: ruleScope(definition, catalog, "first") };
    const html = renderToString(
      createElement(Form, { schema, uiSchema: { ...uiSchema, "ui:submitButtonOptions": { norender: true } }, formData, validator, fields: panelFields, widgets: panelWidgets, formContext: context, idPrefix: "prop" }),
    );
    expect(html).not.toMatch(/Unsupported field schema|Unknown field type/);
    expect(html.length).toBeGreaterThan(200);
  });

  it("the samples are steps the engine accepts (the walk sees real shapes)", () => {
    for (const kind of kinds) {
      const definition = { schemaVersion: 1, id: "s", title: "S", languages: ["uk", "en"], owner: "o", start: "first", steps: { first: fullStep(kind), second: { kind: "final", outcome: "approved" } } };
      const schemaIssues = validateDefinition(definition as never, { catalog }).filter((i) => i.code.startsWith("schema"));
      expect(schemaIssues.map((i) => `${kind}: ${i.message}`)).toEqual([]);
    }
  });
});
