import { definitionJsonSchema, stepSchemas, stepKinds } from "../../definition/schema";
import { createAjv, pointerToPath, type ErrorObject } from "../ajv";
import type { ReportOptions } from "../rule";
import { didYouMean } from "../suggest";

type Report = (code: string, path: (string | number)[], message: string, options?: ReportOptions) => void;

const ajv = createAjv();
const shape = definitionJsonSchema() as { properties: Record<string, unknown> };
/** The top level is checked without its steps, and each step against its own kind, for precise messages. */
const validateTop = ajv.compile({
  ...shape,
  $id: undefined,
  properties: { ...shape.properties, steps: { type: "object", minProperties: 1, additionalProperties: { type: "object", required: ["kind"] } } },
});
const validateStep = Object.fromEntries(
  Object.entries(stepSchemas).map(([kind, schema]) => [kind, ajv.compile(JSON.parse(JSON.stringify(schema)))]),
);

export const schemaCodes = ["schema.invalid", "schema.missing-property", "schema.unknown-property", "schema.unknown-kind"] as const;

/** Checks the shape of the definition; returns the ids of steps whose kind is known. Runs before the other rules. */
export function checkSchema(value: unknown, report: Report): { ok: boolean; validSteps: Set<string> } {
  const validSteps = new Set<string>();
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    report("schema.invalid", [], "A service definition must be a map with schemaVersion, id, title, start and steps");
    return { ok: false, validSteps };
  }
  let ok = true;
  if (!validateTop(value)) {
    ok = false;
    reportErrors(validateTop.errors ?? [], [], report, Object.keys(shape.properties));
  }
  const steps = (value as { steps?: unknown }).steps;
  if (steps && typeof steps === "object" && !Array.isArray(steps)) {
    for (const [id, step] of Object.entries(steps as Record<string, unknown>)) {
      const kind = (step as { kind?: unknown } | null)?.kind;
      if (typeof kind !== "string") {
        // A missing kind, or a step that is no map, is reported by the top-level check; any other kind is not.
        if (kind !== undefined && step && typeof step === "object") {
          ok = false;
          report("schema.unknown-kind", ["steps", id, "kind"], `Unknown step kind ${JSON.stringify(kind) ?? String(kind)}`, { hint: `one of ${stepKinds.join(", ")}` });
        }
        continue;
      }
      const validate = Object.hasOwn(validateStep, kind) ? validateStep[kind] : undefined;
      if (!validate) {
        ok = false;
        report("schema.unknown-kind", ["steps", id, "kind"], `Unknown step kind "${kind}"`, {
          hint: didYouMean(kind, stepKinds) ?? `one of ${stepKinds.join(", ")}`,
        });
        continue;
      }
      validSteps.add(id);
      if (!validate(step)) {
        ok = false;
        const allowed = Object.keys((stepSchemas as Record<string, { properties: object }>)[kind].properties);
        reportErrors(validate.errors ?? [], ["steps", id], report, allowed);
      }
    }
  }
  return { ok, validSteps };
}

function reportErrors(errors: ErrorObject[], base: (string | number)[], report: Report, allowed: string[]) {
  // An error inside an anyOf branch is noise once the anyOf itself is reported.
  const unions = new Set(errors.filter((e) => e.keyword === "anyOf").map((e) => e.instancePath));
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== "anyOf" && unions.has(error.instancePath)) continue;
    const path = [...base, ...pointerToPath(error.instancePath)];
    const key = `${error.instancePath}|${error.keyword}|${JSON.stringify(error.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const where = path.length ? path.join(".") : "the definition";
    if (error.keyword === "additionalProperties") {
      const name = (error.params as { additionalProperty: string }).additionalProperty;
      const candidates = path.length === base.length ? allowed : [];
      report("schema.unknown-property", [...path, name], `"${name}" is not allowed in ${where}`, {
        key: true,
        hint: didYouMean(name, candidates),
      });
    } else if (error.keyword === "required") {
      const name = (error.params as { missingProperty: string }).missingProperty;
      report("schema.missing-property", path, `${where} needs "${name}"`, { key: path.length > 0 });
    } else if (error.keyword === "anyOf") {
      const description = (error.parentSchema as { description?: string } | undefined)?.description;
      report("schema.invalid", path, `${where} is not valid${description ? `: ${description}` : ""}`);
    } else {
      report("schema.invalid", path, `${where} ${error.message ?? "is not valid"}`);
    }
  }
}
