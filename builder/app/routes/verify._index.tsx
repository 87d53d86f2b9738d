/** Public: check a document by the holder's one-time 13-digit code (the code is used up by the check). */
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { formString, readProtectedForm } from "../auth/form.server";
import { verifyCode } from "../data/verification.server";
import { languageOf } from "../i18n/lang.server";
import { t } from "../i18n/messages";
import { titleMeta } from "../i18n/meta";
import { CsrfField } from "../portal/CsrfField";
import { useLang } from "../portal/root-data";
import { VerificationResult } from "../portal/VerificationResult";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "verifyTitle");

export async function action({ request, context }: ActionFunctionArgs) {
  const { form } = await readProtectedForm(request, context);
  const code = formString(form, "code").slice(0, 64);
  return { code, result: await verifyCode(context.runtime, code, languageOf(request)) };
}

export default function Verify() {
  const data = useActionData<typeof action>();
  const lang = useLang();
  const badFormat = data && "badFormat" in data.result;
  return (
    <div className="page narrow">
      <h1>{t(lang, "verifyTitle")}</h1>
      <p>{t(lang, "verifyIntro")}</p>
      <Form method="post" className="stack" noValidate>
        <CsrfField />
        <div className={`field${badFormat ? " field-invalid" : ""}`}>
          <label htmlFor="verify-code">{t(lang, "verifyCodeLabel")}</label>
          {badFormat && (
            <p className="field-error" id="verify-code-error">
              {t(lang, "verifyCodeFormat")}
            </p>
          )}
          <input
            id="verify-code"
            name="code"
            inputMode="numeric"
            autoComplete="off"
            defaultValue={data?.code ?? ""}
            aria-invalid={badFormat || undefined}
            aria-describedby={badFormat ? "verify-code-error" : undefined}
            required
          />
        </div>
        <div className="actions">
          <button type="submit" className="button">
            {t(lang, "verifyButton")}
          </button>
        </div>
      </Form>
      {data && !("badFormat" in data.result) && <VerificationResult result={data.result} lang={lang} />}
    </div>
  );
}
