/** Public: the link printed on a PDF: is the document with this number valid (no personal data shown)? */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { verifyDocumentNumber } from "../data/verification.server";
import { languageOf } from "../i18n/lang.server";
import { t } from "../i18n/messages";
import { titleMeta } from "../i18n/meta";
import { useLang } from "../portal/root-data";
import { VerificationResult } from "../portal/VerificationResult";

export const meta: MetaFunction = ({ matches }) => [...titleMeta(matches, "verifyNumberTitle"), { name: "robots", content: "noindex" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return { result: await verifyDocumentNumber(context.runtime, params.number ?? "", languageOf(request)) };
}

export default function VerifyNumber() {
  const { result } = useLoaderData<typeof loader>();
  const lang = useLang();
  return (
    <div className="page narrow">
      <h1>{t(lang, "verifyNumberTitle")}</h1>
      <VerificationResult result={result} lang={lang} />
    </div>
  );
}
