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
  return answersValidator(step, language)(answers);
}

/**
 * The same check made once for a step and a language (localizing and looking up the compiled schema costs
 * more than validating): for callers that hold an immutable step, such as the runtime's published versions.
 */
export function answersValidator(step: FormStep, language = "uk"): (answers: unknown) => FieldError[] {
  const schema = localizeSchema(step.schema, language);
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    try {
      validate = ajv.compile(schema);
    } catch {
      // Only a schema the validator did not check gets here (e.g. a pattern RE2 cannot run): fail closed.
      return () => [{ field: [], message: (own(MESSAGES, language) ?? MESSAGES.en).schema({}) }];
    }
    if (validators.size > 1000) validators.clear();
    validators.set(key, validate);
  }
  const compiled = validate;
  return (answers) => (compiled(answers) ? [] : (compiled.errors ?? []).map((error) => toFieldError(error, schema, language)));
}

/** The form of a word for a count, by the language's plural rules (CLDR via Intl.PluralRules), never a hand-made ending. */
function plural(language: "uk" | "en", count: unknown, forms: { one: string; few?: string; many?: string; other: string }): string {
  const category = new Intl.PluralRules(language).select(Number(count)) as keyof typeof forms;
  return forms[category] ?? forms.other;
}

const MESSAGES: Record<string, Record<string, (p: Record<string, unknown>) => string>> = {
  uk: {
    required: () => "Обов'язкове поле",
    type: () => "Неправильний тип значення",
    minLength: (p) => `Щонайменше ${p.limit} ${plural("uk", p.limit, { one: "символ", few: "символи", many: "символів", other: "символу" })}`,
    maxLength: (p) => `Не більше ${p.limit} ${plural("uk", p.limit, { one: "символу", few: "символів", many: "символів", other: "символу" })}`,
    pattern: () => "Неправильний формат",
    format: () => "Неправильний формат",
    minimum: (p) => `Не менше ${p.limit}`,
    maximum: (p) => `Не більше ${p.limit}`,
    maxItems: (p) => `Не більше ${p.limit} ${plural("uk", p.limit, { one: "значення", few: "значень", many: "значень", other: "значення" })}`,
    minItems: (p) => `Щонайменше ${p.limit} ${plural("uk", p.limit, { one: "значення", few: "значення", many: "значень", other: "значення" })}`,
    enum: () => "Оберіть значення зі списку",
    const: () => "Потрібно підтвердити",
    oneOf: () => "Оберіть значення зі списку",
    additionalProperties: (p) => `Невідоме поле «${p.additionalProperty}»`,
    schema: () => "Форму не вдалося перевірити: зверніться до служби підтримки",
  },
  en: {
    required: () => "This field is required",
    type: () => "Wrong type of value",
    minLength: (p) => `At least ${p.limit} ${plural("en", p.limit, { one: "character", other: "characters" })}`,
    maxLength: (p) => `At most ${p.limit} ${plural("en", p.limit, { one: "character", other: "characters" })}`,
    pattern: () => "Wrong format",
    format: () => "Wrong format",
    minimum: (p) => `At least ${p.limit}`,
    maximum: (p) => `At most ${p.limit}`,
    maxItems: (p) => `At most ${p.limit} ${plural("en", p.limit, { one: "value", other: "values" })}`,
    minItems: (p) => `At least ${p.limit} ${plural("en", p.limit, { one: "value", other: "values" })}`,
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
