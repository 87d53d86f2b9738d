/**
 * Public: the share link from the QR code. Opening it uses nothing up (link previews and prefetchers
 * would burn the one-time code); the verifier presses "Check".
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { readProtectedForm } from "../auth/form.server";
import { verifyCode } from "../data/verification.server";
import { languageOf } from "../i18n/lang.server";
import { t } from "../i18n/messages";
import { titleMeta } from "../i18n/meta";
import { CsrfField } from "../portal/CsrfField";
import { useLang } from "../portal/root-data";
import { VerificationResult } from "../portal/VerificationResult";

export const meta: MetaFunction = ({ matches }) => [...titleMeta(matches, "verifyTitle"), { name: "robots", content: "noindex" }];

export const loader = ({ params }: LoaderFunctionArgs) => ({ token: (params.token ?? "").slice(0, 64) });

export async function action({ request, context, params }: ActionFunctionArgs) {
  await readProtectedForm(request, context);
  return { result: await verifyCode(context.runtime, params.token ?? "", languageOf(request)) };
}

export default function VerifyLink() {
  const { token } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const lang = useLang();
  return (
    <div className="page narrow">
      <h1>{t(lang, "verifyTitle")}</h1>
      {!data && (
        <Form method="post" className="stack">
          <CsrfField />
          <p>{t(lang, "verifyLinkIntro")}</p>
          <input type="hidden" name="token" value={token} />
          <div className="actions">
            <button type="submit" className="button">
              {t(lang, "verifyButton")}
            </button>
          </div>
        </Form>
      )}
      {data && ("badFormat" in data.result ? <p className="alert alert-error">{t(lang, "verifyInvalid")}</p> : <VerificationResult result={data.result} lang={lang} />)}
    </div>
  );
}
