import { localizeSchema, walkSchema } from "../../definition/text";
import { createAjv } from "../ajv";
import type { Rule } from "../rule";
import { didYouMean } from "../suggest";

const metaAjv = createAjv();
const strictAjv = createAjv({ strict: true });

/** Each form's schema is a valid JSON Schema that compiles, and every required field is declared. */
export const forms: Rule = {
  name: "forms",
  codes: ["form.invalid-schema", "form.unknown-required"],
  check({ definition, steps, report }) {
    const language = definition.languages?.[0] ?? "uk";
    for (const [id, step] of steps) {
      if (step.kind !== "form") continue;
      const path = ["steps", id, "schema"];
      for (const problem of checkFormSchema(step.schema, language)) report(problem.code, [...path, ...problem.path], problem.message, { hint: problem.hint });
    }
  },
};

interface Problem {
  code: string;
  path: (string | number)[];
  message: string;
  hint?: string;
}

/** Results by schema text: a live editor revalidates the same forms again and again. */
const checked = new Map<string, Problem[]>();

function checkFormSchema(formSchema: unknown, language: string): Problem[] {
  const key = language + JSON.stringify(formSchema);
  let problems = checked.get(key);
  if (!problems) {
    problems = findProblems(localizeSchema(formSchema, language));
    if (checked.size > 2000) checked.clear();
    checked.set(key, problems);
  }
  return problems;
}

function findProblems(schema: unknown): Problem[] {
  const problems: Problem[] = [];
  if (!metaAjv.validateSchema(schema as object)) {
    const error = metaAjv.errors![0];
    const message = `The form's schema ${error.instancePath || ""} ${error.message}`.replace(/\s+/g, " ");
    return [{ code: "form.invalid-schema", path: error.instancePath.split("/").filter(Boolean), message }];
  }
  walkSchema(schema, (node, at) => {
    const properties = (node.properties ?? {}) as Record<string, unknown>;
    for (const name of Array.isArray(node.required) ? node.required : []) {
      if (node.type === "object" && !(String(name) in properties) && !node.additionalProperties) {
        problems.push({
          code: "form.unknown-required",
          path: [...at, "required"],
          message: `"${name}" is required but is not a field of the form`,
          hint: didYouMean(String(name), Object.keys(properties)),
        });
      }
    }
  });
  const problem = problems.length ? undefined : compile(schema);
  if (problem) problems.push({ code: "form.invalid-schema", path: [], message: `The form's schema does not compile: ${problem}` });
  return problems;
}

function compile(schema: unknown): string | undefined {
  try {
    strictAjv.compile(schema as object);
    strictAjv.removeSchema(schema as object);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
