/**
 * A form step rendered for a citizen with @rjsf/core: the one renderer shared by the portal and the
 * studio's preview and test run, so analysts see exactly what citizens get. Texts are localised,
 * answers are checked with the same JSON Schema 2020-12 rules (and messages) the server applies.
 */
import Form from "@rjsf/core";
import type { ErrorSchema, RJSFSchema, UiSchema } from "@rjsf/utils";
import { customizeValidator } from "@rjsf/validator-ajv8";
import Ajv2020 from "ajv/dist/2020.js";
import { useMemo, useState, type ReactNode } from "react";
import { isTextObject, localize, localizeSchema, validateAnswers, type FormStep } from "../../../engine";

export const citizenValidator = customizeValidator({ AjvClass: Ajv2020 as never });

const UI_TEXTS = ["ui:help", "ui:placeholder", "ui:title", "ui:description"];

/** The uiSchema with per-language texts in `language`. */
export function localizeUiSchema(ui: unknown, language: string): UiSchema {
  if (!ui || typeof ui !== "object" || Array.isArray(ui)) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(ui as Record<string, unknown>)) {
    if (UI_TEXTS.includes(key) && isTextObject(value)) out[key] = localize(value, language);
    else if (value && typeof value === "object" && !Array.isArray(value) && !key.startsWith("ui:")) out[key] = localizeUiSchema(value, language);
    else out[key] = value;
  }
  return out as UiSchema;
}

export function citizenFormSchemas(step: Pick<FormStep, "schema" | "uiSchema" | "title" | "description">, language: string) {
  const schema = localizeSchema(step.schema, language) as RJSFSchema;
  // The step's title is the page heading; the schema's own title would repeat it.
  delete schema.title;
  return { schema, uiSchema: localizeUiSchema(step.uiSchema, language) };
}

const LABELS: Record<string, { submit: string }> = {
  uk: { submit: "Продовжити" },
  en: { submit: "Continue" },
};

export interface CitizenFormProps {
  step: Pick<FormStep, "schema" | "uiSchema" | "title" | "description">;
  language: string;
  formData?: unknown;
  idPrefix?: string;
  onSubmit?: (answers: Record<string, unknown>) => void;
  onChange?: (answers: Record<string, unknown>) => void;
  /** Errors the server reported, by field. */
  extraErrors?: ErrorSchema;
  submitLabel?: string;
  disabled?: boolean;
  children?: ReactNode;
}

export function CitizenForm({ step, language, formData, idPrefix = "answers", onSubmit, onChange, extraErrors, submitLabel, disabled, children }: CitizenFormProps) {
  const { schema, uiSchema } = useMemo(() => citizenFormSchemas(step, language), [step, language]);
  const [serverErrors, setServerErrors] = useState<ErrorSchema | undefined>();
  return (
    <Form
      schema={schema}
      uiSchema={{ ...uiSchema, "ui:submitButtonOptions": { submitText: submitLabel ?? LABELS[language]?.submit ?? "Continue", norender: !onSubmit } }}
      formData={formData}
      validator={citizenValidator}
      idPrefix={idPrefix}
      showErrorList="top"
      noHtml5Validate
      disabled={disabled}
      extraErrors={extraErrors ?? serverErrors}
      onChange={(e) => onChange?.((e.formData ?? {}) as Record<string, unknown>)}
      onSubmit={(e) => {
        const answers = (e.formData ?? {}) as Record<string, unknown>;
        // The engine's check is what the server runs: apply it here too so nothing surprises later.
        const errors = validateAnswers(step as FormStep, answers, language);
        if (errors.length) {
          setServerErrors(toErrorSchema(errors));
          return;
        }
        setServerErrors(undefined);
        onSubmit?.(answers);
      }}
    >
      {children}
    </Form>
  );
}

export function toErrorSchema(errors: { field: (string | number)[]; message: string }[]): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const error of errors) {
    let node = root;
    for (const segment of error.field) node = (node[segment] ??= {}) as Record<string, unknown>;
    ((node.__errors ??= []) as string[]).push(error.message);
  }
  return root as ErrorSchema;
}
