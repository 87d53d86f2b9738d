import { localizeSchema, walkSchema } from "../../definition/text";
import { createAjv } from "../ajv";
import type { Rule } from "../rule";
import { didYouMean } from "../suggest";

const metaAjv = createAjv();
const strictAjv = createAjv({ strict: true });
/** Compiling is the slow part; a live editor revalidates the same forms again and again. */
const compiled = new Map<string, string | undefined>();

/** Each form's schema is a valid JSON Schema that compiles, and every required field is declared. */
export const forms: Rule = {
  name: "forms",
  codes: ["form.invalid-schema", "form.unknown-required"],
  check({ definition, steps, report }) {
    const language = definition.languages?.[0] ?? "uk";
    for (const [id, step] of steps) {
      if (step.kind !== "form") continue;
      const path = ["steps", id, "schema"];
      const schema = localizeSchema(step.schema, language);
      if (!metaAjv.validateSchema(schema)) {
        const error = metaAjv.errors![0];
        report("form.invalid-schema", [...path, ...error.instancePath.split("/").filter(Boolean)], `The form's schema ${error.instancePath || ""} ${error.message}`.replace(/\s+/g, " "));
        continue;
      }
      let unknownRequired = false;
      walkSchema(schema, (node, at) => {
        const properties = (node.properties ?? {}) as Record<string, unknown>;
        for (const name of Array.isArray(node.required) ? node.required : []) {
          if (node.type === "object" && !(String(name) in properties) && !node.additionalProperties) {
            unknownRequired = true;
            report("form.unknown-required", [...path, ...at, "required"], `"${name}" is required but is not a field of the form`, {
              hint: didYouMean(String(name), Object.keys(properties)),
            });
          }
        }
      });
      const problem = unknownRequired ? undefined : compile(schema);
      if (problem) report("form.invalid-schema", path, `The form's schema does not compile: ${problem}`);
    }
  },
};

function compile(schema: unknown): string | undefined {
  const key = JSON.stringify(schema);
  if (compiled.has(key)) return compiled.get(key);
  let problem: string | undefined;
  try {
    strictAjv.compile(schema as object);
    strictAjv.removeSchema(schema as object);
  } catch (error) {
    problem = (error as Error).message;
  }
  if (compiled.size > 2000) compiled.clear();
  compiled.set(key, problem);
  return problem;
}
