import Ajv2020, { type ErrorObject } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { linearRegExp } from "../forms/patterns";

/**
 * One shared ajv for JSON Schema 2020-12 (the definition format's and the citizens' forms). With
 * `linearRegExp`, `pattern` runs on RE2: a form's pattern cannot make checking an answer take exponential time.
 */
export function createAjv(options: { strict?: boolean; linearRegExp?: boolean } = {}) {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: options.strict ?? false,
    allowUnionTypes: true,
    validateFormats: true,
    ...(options.linearRegExp && { code: { regExp: linearRegExp } }),
  });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  // uiSchema-like annotations that rjsf and our forms use inside schemas.
  ajv.addKeyword({ keyword: "enumNames" });
  return ajv;
}

export type { ErrorObject };

/** "/steps/purpose/next" → ["steps", "purpose", "next"] */
export function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
