/**
 * A citizen's issued documents: list, the card (with the template's labels, EU numbering for the
 * driver's licence), the PDF, share codes: through the runtime's documents, which answer not_found for a
 * document that is not the holder's (shown as "not found" here too).
 */
import type { Runtime } from "../../../runtime";
import { fieldValue, formatValue, templateFor, TEMPLATES } from "../../../runtime/documents/templates";
import type { CitizenUser } from "../auth/types";
import type { Lang } from "../i18n/lang";
import { hideForeign, notFound, runtimeErrorCode } from "./errors.server";

export function templateTitle(template: string, lang: Lang): string {
  const known = (TEMPLATES as Record<string, { title: { uk: string; en: string } }>)[template];
  return known ? known.title[lang] : template;
}

export interface DocumentSummary {
  id: string;
  number: string;
  template: string;
  title: string;
  status: string;
  issuedAt: string;
  expiresAt: string | null;
  applicationId: string;
}

export interface DocumentCard extends DocumentSummary {
  fields: { key: string; label: string; value: string; card: boolean }[];
}

type Row = { id: string; number: string; template: string; status: string; issuedAt: Date; expiresAt: Date | null; applicationId: string };

function summary(row: Row, lang: Lang): DocumentSummary {
  const expired = row.status === "valid" && row.expiresAt && row.expiresAt.getTime() <= Date.now();
  return {
    id: row.id,
    number: row.number,
    template: row.template,
    title: templateTitle(row.template, lang),
    status: expired ? "expired" : row.status,
    issuedAt: row.issuedAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    applicationId: row.applicationId,
  };
}

export async function myDocuments(runtime: Runtime, user: CitizenUser, lang: Lang): Promise<DocumentSummary[]> {
  return (await runtime.documents(user.applicantId)).map((row) => summary(row, lang));
}

export async function myDocument(runtime: Runtime, user: CitizenUser, documentId: string, lang: Lang): Promise<DocumentCard> {
  const row = (await runtime.documents(user.applicantId)).find((d) => d.id === documentId);
  if (!row) throw notFound();
  const data = JSON.parse(row.data) as Record<string, unknown>;
  let fields: DocumentCard["fields"];
  try {
    const template = templateFor(row.template);
    fields = template.fields.map((field) => ({ key: field.key, label: field[lang], value: formatValue(fieldValue(field, data), field.format), card: template.cardFields.includes(field.key) }));
  } catch {
    fields = Object.entries(data).map(([key, value]) => ({ key, label: key, value: formatValue(value), card: false }));
  }
  return { ...summary(row, lang), fields };
}

export async function myDocumentPdf(runtime: Runtime, user: CitizenUser, documentId: string): Promise<{ pdf: Uint8Array; filename: string }> {
  const { pdf, filename } = await runtime.downloadDocument(documentId, user.applicantId).catch(hideForeign);
  return { pdf, filename };
}

export type ShareResult = { ok: true; code: string; url: string; qrSvg: string; expiresAt: string } | { ok: false; reason: string };

export async function shareMyDocument(runtime: Runtime, user: CitizenUser, documentId: string): Promise<ShareResult> {
  try {
    const share = await runtime.shareDocument(documentId, user.applicantId);
    return { ok: true, code: share.code, url: share.url, qrSvg: share.qrSvg, expiresAt: share.expiresAt };
  } catch (error) {
    if (runtimeErrorCode(error) === "event_not_allowed") return { ok: false, reason: (error as Error).message };
    return hideForeign(error);
  }
}
