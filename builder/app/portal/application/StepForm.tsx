/** The current form step, sent as JSON with JavaScript or as a plain POST without. */
import { useNavigation, useSubmit } from "@remix-run/react";
import type { Lang } from "../../i18n/lang";
import { t } from "../../i18n/messages";
import { CsrfField } from "../CsrfField";
import { useRootData } from "../root-data";
import { ServiceForm, type FieldProblem } from "../form/ServiceForm";

export interface StepFormProps {
  stepId: string;
  version: number;
  idempotencyKey: string;
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  formData: Record<string, unknown>;
  confirmation: boolean;
  /** A summary followed by a signature: the button sends and goes on to the signing provider. */
  signsNext?: boolean;
  serverErrors?: FieldProblem[];
  lang: Lang;
}

export function StepForm({ stepId, version, idempotencyKey, schema, uiSchema, formData, confirmation, signsNext, serverErrors, lang }: StepFormProps) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const { csrf } = useRootData();
  return (
    <ServiceForm
      key={`${stepId}:${version}`}
      schema={schema}
      uiSchema={uiSchema}
      formData={formData}
      lang={lang}
      serverErrors={serverErrors}
      submitLabel={t(lang, signsNext ? "signAndSubmit" : confirmation ? "submitApplication" : "continue")}
      busy={navigation.state === "submitting"}
      onSend={(answers, intent) =>
        submit({ intent, answers: JSON.stringify(answers), step: stepId, version: String(version), key: idempotencyKey, csrf }, { method: "post", preventScrollReset: false })
      }
    >
      <CsrfField />
      <input type="hidden" name="step" value={stepId} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="key" value={idempotencyKey} />
    </ServiceForm>
  );
}
