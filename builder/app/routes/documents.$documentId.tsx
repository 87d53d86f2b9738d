/** One of the citizen's documents: the card, the PDF, and sharing by a one-time code with a QR code. */
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { readProtectedForm } from "../auth/form.server";
import { requireCitizen } from "../auth/guards.server";
import { myDocument, shareMyDocument } from "../data/documents.server";
import { formatDate } from "../i18n/lang";
import { languageOf } from "../i18n/lang.server";
import { t, type MessageKey } from "../i18n/messages";
import { ownerHeaders } from "../offline/owner.server";
import { StatusBadge } from "../portal/application/StatusBadge";
import { CsrfField } from "../portal/CsrfField";
import { DocumentCardView, OfflineCopyNotice, ShareCodeView } from "../portal/documents";
import { useLang } from "../portal/root-data";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.document.title ?? ""} · civic-flow` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireCitizen(request, context);
  // checkedAt: when this copy left the server (shown when the page is a stored copy offline).
  return data({ document: await myDocument(context.runtime, user, params.documentId ?? "", languageOf(request)), checkedAt: new Date().toISOString() }, { headers: ownerHeaders(user) });
}

/** The owner header on the page and its .data twin, so the service worker keeps them for this person only. */
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireCitizen(request, context);
  await readProtectedForm(request, context);
  return shareMyDocument(context.runtime, user, params.documentId ?? "");
}

export default function DocumentPage() {
  const { document, checkedAt } = useLoaderData<typeof loader>();
  const share = useActionData<typeof action>();
  const lang = useLang();
  const fields = document.template === "driver-licence" ? document.fields.filter((f) => f.card) : document.fields;
  return (
    <div className="page narrow">
      <p className="breadcrumbs">
        <Link to="/documents">{t(lang, "myDocumentsTitle")}</Link>
      </p>
      <h1>{document.title}</h1>
      <OfflineCopyNotice checkedAt={checkedAt} lang={lang} />
      <p className="meta-line">
        <StatusBadge status={document.status === "valid" ? "done" : "cancelled"} text={t(lang, `docStatus_${document.status}` as MessageKey)} />{" "}
        <span className="muted small">
          {t(lang, "issuedAt")}: {formatDate(document.issuedAt, lang)}
          {document.expiresAt && ` · ${t(lang, "validUntil")}: ${formatDate(document.expiresAt, lang)}`}
        </span>
      </p>
      <DocumentCardView title={document.title} number={document.number} template={document.template} fields={fields} />
      <div className="actions">
        <a className="button button-secondary" href={`/documents/${document.id}/pdf`} download>
          {t(lang, "downloadPdf")}
        </a>
        {document.status === "valid" && (
          <Form method="post">
            <CsrfField />
            <button type="submit" className="button">
              {t(lang, "shareDocument")}
            </button>
          </Form>
        )}
      </div>
      {share?.ok === false && (
        <p className="alert alert-error" role="alert">
          {t(lang, "shareFailed", { reason: share.reason })}
        </p>
      )}
      {share?.ok && <ShareCodeView key={share.code} code={share.code} url={share.url} qrSvg={share.qrSvg} expiresAt={share.expiresAt} lang={lang} />}
    </div>
  );
}
