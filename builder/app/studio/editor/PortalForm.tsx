/**
 * A form step exactly as the portal shows it to citizens: the portal's own ServiceForm (rjsf with the
 * portal's accessible templates and the engine's answer check), fed the way the portal feeds it
 * (texts in one language, the schema's title left to the page heading).
 */
import { useMemo } from "react";
import { localizeSchema, type FormStep } from "../../../../engine";
import { isLang, type Lang } from "../../i18n/lang";
import { t } from "../../i18n/messages";
import { ServiceForm } from "../../portal/form/ServiceForm";
import { localizeUiSchema } from "../../portal/form/localize-ui";

export interface PortalFormProps {
  step: Pick<FormStep, "schema" | "uiSchema">;
  language: string;
  /** The service's main language, for texts missing in `language`. */
  main: string;
  formData?: Record<string, unknown>;
  onSubmit?: (answers: Record<string, unknown>) => void;
}

export function PortalForm({ step, language, main, formData, onSubmit }: PortalFormProps) {
  const lang: Lang = isLang(language) ? language : "uk";
  const schema = useMemo(() => {
    const localized = localizeSchema(step.schema, language, main) as Record<string, unknown>;
    delete localized.title; // the step's title is the page's heading
    return localized;
  }, [step.schema, language, main]);
  const uiSchema = useMemo(() => localizeUiSchema(step.uiSchema, language, main), [step.uiSchema, language, main]);
  return (
    <ServiceForm
      key={JSON.stringify([schema, uiSchema])}
      schema={schema}
      uiSchema={uiSchema}
      formData={formData ?? {}}
      lang={lang}
      submitLabel={t(lang, "continue")}
      onSend={(answers, intent) => {
        if (intent === "submit") onSubmit?.(answers);
      }}
    />
  );
}
