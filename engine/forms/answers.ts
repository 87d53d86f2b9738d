import type { FormStep } from "../definition/schema";
import { localizeSchema } from "../definition/text";
import { createAjv, pointerToPath, type ErrorObject } from "../validation/ajv";
import { own } from "../own";

export interface FieldError {
  /** Path of the field in the answers, e.g. ["birthPlace", "city"]; [] for the form as a whole. */
  field: (string | number)[];
  message: string;
}

// Patterns run on RE2: answers are what a hostile citizen controls.
const ajv = createAjv({ linearRegExp: true });
const validators = new Map<string, ReturnType<typeof ajv.compile>>();

/**
 * Checks a citizen's answers against a form step's schema, with messages in the citizen's language.
 * The server runs this whatever the browser did.
 */
export function validateAnswers(step: FormStep, answers: unknown, language = "uk"): FieldError[] {
  const schema = localizeSchema(step.schema, language);
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    try {
      validate = ajv.compile(schema);
    } catch {
      // Only a schema the validator did not check gets here (e.g. a pattern RE2 cannot run): fail closed.
      return [{ field: [], message: (own(MESSAGES, language) ?? MESSAGES.en).schema({}) }];
    }
    if (validators.size > 1000) validators.clear();
    validators.set(key, validate);
  }
  if (validate(answers)) return [];
  return (validate.errors ?? []).map((error) => toFieldError(error, schema, language));
}

const MESSAGES: Record<string, Record<string, (p: Record<string, unknown>) => string>> = {
  uk: {
    required: () => "Обов'язкове поле",
    type: () => "Неправильний тип значення",
    minLength: (p) => `Щонайменше ${p.limit} символів`,
    maxLength: (p) => `Не більше ${p.limit} символів`,
    pattern: () => "Неправильний формат",
    format: () => "Неправильний формат",
    minimum: (p) => `Не менше ${p.limit}`,
    maximum: (p) => `Не більше ${p.limit}`,
    maxItems: (p) => `Не більше ${p.limit} значень`,
    minItems: (p) => `Щонайменше ${p.limit} значень`,
    enum: () => "Оберіть значення зі списку",
    const: () => "Потрібно підтвердити",
    oneOf: () => "Оберіть значення зі списку",
    additionalProperties: (p) => `Невідоме поле «${p.additionalProperty}»`,
    schema: () => "Форму не вдалося перевірити: зверніться до служби підтримки",
  },
  en: {
    required: () => "This field is required",
    type: () => "Wrong type of value",
    minLength: (p) => `At least ${p.limit} characters`,
    maxLength: (p) => `At most ${p.limit} characters`,
    pattern: () => "Wrong format",
    format: () => "Wrong format",
    minimum: (p) => `At least ${p.limit}`,
    maximum: (p) => `At most ${p.limit}`,
    maxItems: (p) => `At most ${p.limit} values`,
    minItems: (p) => `At least ${p.limit} values`,
    enum: () => "Choose a value from the list",
    const: () => "Please confirm",
    oneOf: () => "Choose a value from the list",
    additionalProperties: (p) => `Unknown field "${p.additionalProperty}"`,
    schema: () => "The form could not be checked: please contact support",
  },
};

function toFieldError(error: ErrorObject, _schema: unknown, language: string): FieldError {
  const field = pointerToPath(error.instancePath);
  if (error.keyword === "required") field.push((error.params as { missingProperty: string }).missingProperty);
  const messages = own(MESSAGES, language) ?? MESSAGES.en;
  const message = own(messages, error.keyword)?.(error.params as Record<string, unknown>) ?? error.message ?? "Invalid value";
  return { field, message };
}
