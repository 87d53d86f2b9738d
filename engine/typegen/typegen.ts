import type { ServiceDefinition } from "../definition/schema";
import { APPLICANT_SCHEMA, APPLICATION_SCHEMA } from "../definition/applicant";
import { walkSchema } from "../definition/text";
import { stepModule } from "../steps";
import { providedName } from "../graph/dataflow";
import type { Catalog } from "../validation/catalog";

const pascal = (id: string) => id.replace(/(^|[-_\s]+)(\w)/g, (_, __, c: string) => c.toUpperCase());

/**
 * `my_step` and `myStep` both become "MyStep…": a later name that is taken (ignoring case, as the type
 * generator's own naming does) gets a number, so each saved name keeps a type of its own.
 */
function distinctName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${wanted}${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/** Field titles become doc comments: as titles they would become oddly named types of their own. */
function titlesAsComments(schema: unknown): Record<string, unknown> {
  walkSchema(schema, (node, path) => {
    if (path.length === 0 || typeof node.title !== "string") return;
    node.description = node.description ? `${node.title}: ${node.description}` : node.title;
    delete node.title;
  });
  return schema as Record<string, unknown>;
}

/** One JSON Schema describing everything an application of this service may hold, by name. */
export function applicationDataSchema(definition: ServiceDefinition, catalog?: Catalog, language = "en") {
  const definitions: Record<string, unknown> = {
    Applicant: { ...APPLICANT_SCHEMA, title: "Applicant" },
    Application: { ...APPLICATION_SCHEMA, title: "Application" },
  };
  const properties: Record<string, unknown> = {
    applicant: { $ref: "#/definitions/Applicant" },
    application: { $ref: "#/definitions/Application" },
  };
  const taken = new Set(Object.keys(definitions).map((n) => n.toLowerCase()));
  for (const [id, step] of Object.entries(definition.steps)) {
    const name = providedName(id, step);
    if (!name) continue;
    const result = stepModule(step).result?.(step, { catalog, language, main: definition.languages[0] });
    const typeName = distinctName(pascal(name) + (result?.suffix ?? "Result"), taken);
    const schema = result ? titlesAsComments(structuredClone(result.schema)) : { type: "object", additionalProperties: true };
    definitions[typeName] = { ...schema, title: typeName, description: `The result of step "${id}" (${step.kind}).` };
    properties[name] = { $ref: `#/definitions/${typeName}` };
  }
  return {
    title: `${pascal(definition.id)}Data`,
    description: `Everything an application of "${definition.id}" may hold. Steps not passed yet are absent.`,
    type: "object",
    required: ["applicant", "application"],
    additionalProperties: false,
    properties,
    definitions,
  };
}

/**
 * TypeScript types of a service's form answers and accumulated application data, for developers who
 * write step handlers. json-schema-to-typescript is loaded on demand (it is large and Node-oriented).
 */
export async function generateTypes(definition: ServiceDefinition, catalog?: Catalog): Promise<string> {
  const { compile } = await import("json-schema-to-typescript");
  const banner = `/* Generated from service "${definition.id}" by civic types. Do not edit. */`;
  return compile(applicationDataSchema(definition, catalog) as never, `${pascal(definition.id)}Data`, {
    bannerComment: banner,
    additionalProperties: false,
    strictIndexSignatures: true,
    format: true,
  });
}
