/**
 * A service's form step for citizens, generated with @rjsf/core from the (localised) definition.
 * Progressive: the server renders a real <form method="post"> whose fields have bracketed names, so it
 * works without JavaScript; with JavaScript the answers are checked in the browser with the engine's own
 * validateAnswers (the server's messages) before they are sent as JSON. The server checks them again.
 */
import Form from "@rjsf/core";
import { bracketNameGenerator, type ErrorSchema, type RJSFSchema, type UiSchema } from "@rjsf/utils";
import { customizeValidator } from "@rjsf/validator-ajv8";
import Ajv2020 from "ajv/dist/2020.js";
import { useEffect, useMemo, useState, type ReactNode } from "react";
// The engine's form check alone (not its index): citizen pages carry no parser, CEL or schema builder.
import type { FormStep } from "../../../../engine";
import { validateAnswers } from "../../../../engine/forms/answers";
import type { Lang } from "../../i18n/lang";
import { t } from "../../i18n/messages";
import { fieldLabel } from "./answers";
import { ErrorSummary, type SummaryError } from "./ErrorSummary";
import { fieldId, ID_PREFIX } from "./ids";
import { reportFieldProblems } from "./report-problems";
import { portalTemplates, portalWidgets } from "./templates";

export interface FieldProblem {
  field: (string | number)[];
  message: string;
}

export interface ServiceFormProps {
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  formData: Record<string, unknown>;
  lang: Lang;
  /** Problems the server found (shown until the next check in the browser). */
  serverErrors?: FieldProblem[];
  submitLabel: string;
  /** Called with the answers and the pressed button's intent, once the browser check passed (for "submit"). */
  onSend: (answers: Record<string, unknown>, intent: "submit" | "save") => void;
  /** Hidden fields and anything else inside the <form>. */
  children?: ReactNode;
  busy?: boolean;
  /** Offer "Save and come back later" (not for a change made from the summary: nothing is left half done). */
  canSave?: boolean;
}

export function toErrorSchema(errors: FieldProblem[]): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const error of errors) {
    let node = root;
    for (const segment of error.field) node = (node[segment] ??= {}) as Record<string, unknown>;
    ((node.__errors ??= []) as string[]).push(error.message);
  }
  return root as ErrorSchema;
}

export function summaryErrors(schema: Record<string, unknown>, errors: FieldProblem[]): SummaryError[] {
  return errors.map((error) => ({ target: error.field.length ? fieldId(error.field) : "form-top", label: fieldLabel(schema, error.field), message: error.message }));
}

// The definitions' schemas are JSON Schema 2020-12 (the engine's dialect).
const validator = customizeValidator({ AjvClass: Ajv2020 as never });

const TRANSLATIONS: Record<string, Record<string, string>> = {
  uk: { Add: "Додати", "Add Item": "Додати", Remove: "Видалити", "Move up": "Вище", "Move down": "Нижче", Yes: "Так", No: "Ні", Item: "Значення", "No items yet. Use the button below to add some.": "Поки порожньо: додайте значення кнопкою нижче." },
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === "object" && !Array.isArray(v);

/**
 * Choice fields post their real values (not option indices), so a plain HTML form sends "8041", not "0".
 * rjsf's string fields read this per field (ui:globalOptions does not reach them).
 */
export function withRealValues(schema: Obj, ui: Obj): Obj {
  const out: Obj = { ...ui };
  const properties = isObj(schema.properties) ? schema.properties : {};
  for (const [key, field] of Object.entries(properties)) {
    if (!isObj(field)) continue;
    const own = isObj(out[key]) ? (out[key] as Obj) : {};
    if (field.oneOf || field.anyOf || field.enum) out[key] = { ...own, "ui:optionValueFormat": "realValue" };
    else if (field.type === "object") out[key] = withRealValues(field, own);
    else if (field.type === "array" && isObj(field.items)) {
      const items = field.items;
      const itemsUi = isObj(own.items) ? (own.items as Obj) : {};
      out[key] = { ...own, items: items.oneOf || items.enum ? { ...itemsUi, "ui:optionValueFormat": "realValue" } : items.type === "object" ? withRealValues(items, itemsUi) : itemsUi };
    }
  }
  return out;
}

export function ServiceForm({ schema, uiSchema, formData, lang, serverErrors, submitLabel, onSend, children, busy, canSave = true }: ServiceFormProps) {
  const [data, setData] = useState(formData);
  const [browserErrors, setBrowserErrors] = useState<FieldProblem[] | null>(null);
  // New problems from the server replace what the browser found before.
  // biome-ignore lint/correctness/useExhaustiveDependencies: serverErrors is the trigger: each new answer from the server clears the browser's problems
  useEffect(() => setBrowserErrors(null), [serverErrors]);
  const errors = browserErrors ?? serverErrors ?? [];
  const step = useMemo(() => ({ schema }) as unknown as FormStep, [schema]);
  const ui = useMemo<UiSchema>(() => ({ ...withRealValues(schema, uiSchema), "ui:submitButtonOptions": { norender: true } }), [schema, uiSchema]);

  return (
    <>
      <ErrorSummary errors={summaryErrors(schema, errors)} lang={lang} />
      <Form
        schema={schema as RJSFSchema}
        uiSchema={ui}
        formData={data}
        validator={validator}
        templates={portalTemplates}
        widgets={portalWidgets}
        idPrefix={ID_PREFIX}
        nameGenerator={bracketNameGenerator}
        method="post"
        noHtml5Validate
        // A confirmation (const: true) must never come pre-ticked, nor the first option pre-chosen.
        experimental_defaultFormStateBehavior={{ constAsDefaults: "never" }}
        showErrorList={false}
        noValidate
        extraErrors={toErrorSchema(errors)}
        translateString={(text, params) => {
          let out: string = TRANSLATIONS[lang]?.[text] ?? text;
          params?.forEach((param, index) => (out = out.replaceAll(`%${index + 1}`, param)));
          return out;
        }}
        onChange={(event) => setData((event.formData ?? {}) as Record<string, unknown>)}
        onSubmit={(event, submitEvent) => {
          const submitter = (submitEvent.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
          const intent = submitter?.value === "save" ? "save" : "submit";
          const answers = (event.formData ?? {}) as Record<string, unknown>;
          if (intent === "submit") {
            const found = validateAnswers(step, answers, lang);
            setBrowserErrors(found);
            if (found.length) return reportFieldProblems(validator, schema, answers, submitEvent.currentTarget);
          }
          onSend(answers, intent);
        }}
      >
        {children}
        <div className="actions">
          <button type="submit" name="intent" value="submit" className="button" disabled={busy}>
            {submitLabel}
          </button>
          {canSave && (
            <button type="submit" name="intent" value="save" className="button button-secondary" disabled={busy}>
              {t(lang, "saveDraft")}
            </button>
          )}
        </div>
      </Form>
    </>
  );
}
