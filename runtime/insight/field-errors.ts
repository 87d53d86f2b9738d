/**
 * Validation problems of form fields, for the dashboard's "which field stops people": the browser reports the
 * problems it shows (field path and JSON-Schema keyword, never a value), and the runtime reports those of a
 * refused submit. Each (application, step, field, keyword) counts once, however often it is reported, so a
 * client that repeats itself changes nothing and the tables grow with the form's size, not with the calls.
 */
import type { FormStep } from "../../engine/steps/form";
import { dialect } from "../applications/writes";
import type { Database } from "../db/open";
import { RuntimeError } from "../errors";
import type { ServiceVersions } from "../services/versions";
import { addCounter, counterKey, countersUpsert, dayOf, K, type Counters } from "./rollup";

/** At most this many problems per report. */
export const MAX_PROBLEMS = 50;

/** The JSON-Schema keywords a problem may name. */
export const FIELD_ERROR_CODES = new Set([
  "required", "type", "enum", "const", "format", "pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
  "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties", "additionalProperties",
  "dependentRequired", "oneOf", "anyOf", "not", "if",
]);

export interface FieldProblem {
  /** The field's path in the form's answers: "address/postcode" (a leading "/" or "." is accepted). */
  field: string;
  /** The JSON-Schema keyword that failed. */
  code: string;
}

type JsonSchema = { type?: unknown; properties?: Record<string, JsonSchema>; items?: JsonSchema | JsonSchema[] };

/** The field path as stored ("a/b/0/c" with array indexes as "*"), or null when the schema has no such field. */
export function fieldPath(schema: JsonSchema, field: string): string | null {
  const parts = field.replace(/^[./]+/, "").split(/[./]/).filter(Boolean);
  if (!parts.length || parts.length > 12) return null;
  const out: string[] = [];
  let node: JsonSchema | undefined = schema;
  for (const part of parts) {
    if (!node) return null;
    if (/^\d+$/.test(part) && node.items) {
      node = Array.isArray(node.items) ? node.items[Number(part)] : node.items;
      out.push("*");
    } else if (node.properties && Object.hasOwn(node.properties, part)) {
      node = node.properties[part];
      out.push(part);
    } else return null;
  }
  return out.join("/");
}

export async function recordFieldErrors(database: Database, versions: ServiceVersions, applicationId: string, step: string, problems: FieldProblem[]): Promise<{ counted: number }> {
  if (!Array.isArray(problems)) throw new RuntimeError("invalid_data", "problems must be a list of { field, code }");
  if (problems.length > MAX_PROBLEMS) throw new RuntimeError("invalid_data", `At most ${MAX_PROBLEMS} problems per report (got ${problems.length})`);
  const app = await database.prisma.application.findUnique({ where: { id: applicationId }, select: { serviceVersionId: true, createdAt: true } });
  if (!app) throw new RuntimeError("not_found", `No application "${applicationId}"`);
  const definition = (await versions.get(app.serviceVersionId)).compiled.definition;
  const form = definition.steps[step] as FormStep | undefined;
  if (form?.kind !== "form") throw new RuntimeError("invalid_data", `Step "${step}" is not a form step of this application's service version`);
  const wanted = new Map<string, FieldProblem>();
  for (const problem of problems) {
    if (!problem || typeof problem.field !== "string" || typeof problem.code !== "string") throw new RuntimeError("invalid_data", "Each problem is { field, code } with two strings");
    if (!FIELD_ERROR_CODES.has(problem.code)) throw new RuntimeError("invalid_data", `"${problem.code.slice(0, 40)}" is not a JSON-Schema keyword counted here`);
    const field = fieldPath(form.schema as JsonSchema, problem.field);
    if (!field) throw new RuntimeError("invalid_data", `The form of step "${step}" has no field "${problem.field.slice(0, 100)}"`);
    wanted.set(`${field}\u0000${problem.code}`, { field, code: problem.code });
  }
  if (!wanted.size) return { counted: 0 };
  const day = dayOf(app.createdAt);
  return database.prisma.$transaction(async (tx) => {
    const counters: Counters = new Map();
    for (const { field, code } of [...wanted.values()].sort((x, y) => (x.field + x.code < y.field + y.code ? -1 : 1))) {
      const inserted = await tx.$executeRawUnsafe(
        dialect(`INSERT INTO "InsightFieldError" ("applicationId", "step", "field", "code") VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, database.provider),
        applicationId, step, field, code,
      );
      if (inserted === 1) addCounter(counters, counterKey(app.serviceVersionId, day, K.fieldError, step, field, code), 1);
    }
    await countersUpsert(tx, database, counters);
    return { counted: counters.size };
  });
}
