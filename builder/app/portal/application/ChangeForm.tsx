/**
 * An earlier form opened from the summary by its "Change" link: the same fields with the answers given;
 * saving goes back to the summary (the application never left it), and so does "Back to the summary".
 */
import { Link, useNavigation, useSubmit } from "@remix-run/react";
import type { Lang } from "../../i18n/lang";
import { t } from "../../i18n/messages";
import { CsrfField } from "../CsrfField";
import { ServiceForm, type FieldProblem } from "../form/ServiceForm";
import { useRootData } from "../root-data";

export interface ChangeFormProps {
  applicationId: string;
  /** The summary step the application is at. */
  summaryStep: string;
  version: number;
  form: { step: string; title: string; description: string; schema: Record<string, unknown>; uiSchema: Record<string, unknown>; formData: Record<string, unknown> };
  answers?: Record<string, unknown>;
  serverErrors?: FieldProblem[];
  lang: Lang;
}

export function ChangeForm({ applicationId, summaryStep, version, form, answers, serverErrors, lang }: ChangeFormProps) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const { csrf } = useRootData();
  const back = `/applications/${applicationId}#answers-${form.step}`;
  const action = `/applications/${applicationId}?change=${encodeURIComponent(form.step)}`;
  return (
    <section aria-labelledby="change-heading">
      <h2 id="change-heading">{t(lang, "changeHeading", { step: form.title })}</h2>
      {form.description && <p className="lead">{form.description}</p>}
      <ServiceForm
        key={`${form.step}:${version}`}
        schema={form.schema}
        uiSchema={form.uiSchema}
        formData={answers ?? form.formData}
        lang={lang}
        serverErrors={serverErrors}
        submitLabel={t(lang, "changeSave")}
        canSave={false}
        busy={navigation.state === "submitting"}
        onSend={(sent) =>
          submit({ intent: "change", change: form.step, answers: JSON.stringify(sent), step: summaryStep, version: String(version), csrf }, { method: "post", action, preventScrollReset: false })
        }
      >
        <CsrfField />
        <input type="hidden" name="change" value={form.step} />
        <input type="hidden" name="step" value={summaryStep} />
        <input type="hidden" name="version" value={version} />
      </ServiceForm>
      <p>
        <Link to={back}>{t(lang, "changeBack")}</Link>
      </p>
    </section>
  );
}
