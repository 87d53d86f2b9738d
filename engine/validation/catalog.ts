/**
 * What a service may refer to outside itself, as typed contracts: registry operations with the JSON
 * Schemas of their input and output, custom step handlers with their params/input/output schemas,
 * document templates with the schema of their data, officer roles and payment providers.
 *
 * One catalog serves the CLI, the studio and publish. The runtime builds it from X-Road discovery
 * (getOpenAPI), the registered handlers and the document templates; offline (CLI, tests) it is the
 * committed snapshot service-definitions/catalog.yaml, generated from the same sources
 * (service-definitions/build-catalog.ts). Pure types and helpers: no I/O.
 *
 * Schemas are optional in the types so that a hand-written catalog of names still reads; a check that
 * needs a schema is skipped for an entry without one. `contractGaps` lists such entries, and the
 * committed snapshot has none (a test keeps it so).
 */
import type { ServiceDefinition, Step } from "../definition/schema";
import { providedName } from "../graph/dataflow";
import { own } from "../own";
import { stepModule } from "../steps";

export type JsonSchema = Record<string, unknown>;
/** A title: one string, or one per language ({ uk, en }). */
export type CatalogText = string | Record<string, string>;

export interface Catalog {
  registries: Record<string, RegistryInfo>;
  handlers: HandlerInfo[];
  templates: Record<string, TemplateInfo>;
  roles: Record<string, RoleInfo>;
  /** Payment providers by name; absent in older catalogs (then payment steps are not checked against it). */
  payments?: Record<string, PaymentProviderInfo>;
  /** Slot providers (offices' calendars) by name, for `book` steps; absent in older catalogs. */
  slots?: Record<string, SlotProviderInfo>;
}

export interface RegistryInfo {
  title?: string;
  operations: Record<string, OperationInfo>;
}

export interface OperationInfo {
  title?: string;
  /** Business outcomes the operation reports (found, notFound…); error and timeout are always possible. */
  outcomes: string[];
  /** JSON Schema of the input (the step's `input` mapping gives its properties). */
  input?: JsonSchema;
  /** JSON Schema of the result of its main (first) outcome, saved under the step's saveAs. */
  output?: JsonSchema;
  /** Results per outcome, where they differ from `output` (notFound carries an error body, say). */
  outputs?: Record<string, JsonSchema>;
}

export interface HandlerInfo {
  type: string;
  version: number;
  title?: string;
  description?: string;
  outcomes: string[];
  params?: JsonSchema;
  input?: JsonSchema;
  output?: JsonSchema;
  outputs?: Record<string, JsonSchema>;
}

export interface TemplateInfo {
  title?: CatalogText;
  /** Older catalogs: the data keys printed (no schema). */
  fields?: string[];
  /**
   * JSON Schema of the document's data: `properties` are the keys it reads, `required` those it cannot
   * issue without, and `allOf` of `anyOf` `{ required: [...] }` alternatives where one of several keys
   * will do (a full name given whole or in parts).
   */
  data?: JsonSchema;
}

export interface RoleInfo {
  title?: CatalogText;
}

export interface PaymentProviderInfo {
  title?: CatalogText;
  /** ISO 4217 codes it charges in. */
  currencies: string[];
}

/** A calendar of offices (civil-registry offices, service centres) where `book` steps take appointments. */
export interface SlotProviderInfo {
  title?: CatalogText;
  /** The kinds of appointment it books, with how long one takes. */
  services: Record<string, { title?: CatalogText; minutes?: number }>;
  /** Its offices, with the services each offers. */
  offices: Record<string, { title?: CatalogText; address?: CatalogText; services: string[] }>;
}

/** Outcomes every call-like step (registry, task, poll) can have whatever the operation says. */
export const TECHNICAL_OUTCOMES = ["error", "timeout"] as const;

/** The decisions an officer can take on a review task; `timeout` comes from the step's deadline. */
export const OFFICER_DECISIONS = ["approve", "reject", "sendBack"] as const;

/** The currency of a payment step that names none. */
export const DEFAULT_CURRENCY = "UAH";

export function operationOf(catalog: Catalog | undefined, registry: string, operation: string): OperationInfo | undefined {
  return own(own(catalog?.registries, registry)?.operations, operation);
}

export function handlerOf(catalog: Catalog | undefined, type: string, version: number): HandlerInfo | undefined {
  return (catalog?.handlers ?? []).find((handler) => handler.type === type && handler.version === version);
}

/** The result a contract gives for an outcome (its own schema, else the main one); undefined when unknown. */
export function resultOf(contract: Pick<OperationInfo, "output" | "outputs"> | undefined, outcome?: string): JsonSchema | undefined {
  if (!contract) return undefined;
  return (outcome !== undefined ? own(contract.outputs, outcome) : undefined) ?? contract.output;
}

/**
 * What a step saves in the application's data (under its saveAs), as JSON Schema: for a registry call,
 * a poll or a task the catalog's result of `outcome` (or of the main outcome), otherwise what the step's
 * kind module says it saves. Undefined when nothing is known.
 */
export function stepResultSchema(step: Step, catalog?: Catalog, outcome?: string): JsonSchema | undefined {
  const module = stepModule(step);
  for (const ref of module.catalogRefs("", step)) {
    if (ref.type === "operation") return resultOf(operationOf(catalog, ref.registry, ref.operation), outcome);
    if (ref.type === "handler") return resultOf(handlerOf(catalog, ref.handler, ref.version), outcome);
  }
  return module.result?.(step, { catalog, language: "en", main: "en" }).schema;
}

/**
 * The schema of what is saved under `name` in the data: the result of the step that writes it, or, when
 * several steps write the same name, any of their results. Undefined when no step writes it or a result
 * is unknown (the caller should then treat it as unknown, not as an error).
 */
export function savedResultSchema(definition: ServiceDefinition, catalog: Catalog | undefined, name: string, outcome?: string): JsonSchema | undefined {
  const schemas: JsonSchema[] = [];
  for (const [id, step] of Object.entries(definition.steps)) {
    if (providedName(id, step) !== name) continue;
    const schema = stepResultSchema(step, catalog, outcome);
    if (!schema) return undefined;
    schemas.push(schema);
  }
  if (schemas.length === 0) return undefined;
  return schemas.length === 1 ? schemas[0] : { anyOf: schemas };
}

/** Entries that lack their contract (a schema), as readable lines: the committed catalog has none. */
export function contractGaps(catalog: Catalog): string[] {
  const gaps: string[] = [];
  for (const [registry, info] of Object.entries(catalog.registries ?? {})) {
    for (const [name, operation] of Object.entries(info.operations ?? {})) {
      if (!operation.input) gaps.push(`registry ${registry}.${name}: no input schema`);
      if (!operation.output) gaps.push(`registry ${registry}.${name}: no output schema`);
    }
  }
  for (const handler of catalog.handlers ?? []) {
    for (const part of ["params", "input", "output"] as const) {
      if (!handler[part]) gaps.push(`handler ${handler.type}@${handler.version}: no ${part} schema`);
    }
  }
  for (const [template, info] of Object.entries(catalog.templates ?? {})) {
    if (!info.data) gaps.push(`template ${template}: no data schema`);
  }
  return gaps;
}

/**
 * The catalog as publish and the studio use it: the snapshot (templates, roles, payment providers, and
 * the registries when discovery has nothing), with the registries discovery found and the handlers the
 * runtime registered taking the place of the snapshot's. A registry discovery could not ask keeps its
 * snapshot entry only when listed in `keepFromSnapshot`.
 */
export function composeCatalog(
  snapshot: Catalog,
  live: { registries?: Catalog["registries"]; handlers?: HandlerInfo[]; keepFromSnapshot?: string[] } = {},
): Catalog {
  let registries = snapshot.registries;
  if (live.registries && Object.keys(live.registries).length > 0) {
    registries = { ...live.registries };
    for (const name of live.keepFromSnapshot ?? []) {
      const entry = own(snapshot.registries, name);
      if (entry && !own(registries, name)) registries[name] = entry;
    }
  }
  return { ...snapshot, registries, handlers: live.handlers ?? snapshot.handlers ?? [] };
}
