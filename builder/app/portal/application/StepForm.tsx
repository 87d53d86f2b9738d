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
  /** A review followed by a signature or a payment: the button sends and goes on to the provider's page. */
  straightTo?: "sign" | "payment";
  serverErrors?: FieldProblem[];
  lang: Lang;
}

export function StepForm({ stepId, version, idempotencyKey, schema, uiSchema, formData, confirmation, straightTo, serverErrors, lang }: StepFormProps) {
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
      submitLabel={t(lang, straightTo === "sign" ? "signAndSubmit" : straightTo === "payment" ? "confirmAndPay" : confirmation ? "submitApplication" : "continue")}
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
