/**
 * A citizen's issued documents: list, the card (with the template's labels, EU numbering for the
 * driver's licence), the PDF, share codes. "Not found" for a document that is not the viewer's.
 */
import type { Runtime } from "../../../runtime";
import { fieldValue, formatValue, templateFor, TEMPLATES } from "../../../runtime/documents/templates";
import type { CitizenUser } from "../auth/types";
import type { Lang } from "../i18n/lang";
import { documentPdf, shareDocumentRow } from "./document-service.server";
import { notFound } from "./errors.server";

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

function summary(row: { id: string; number: string; template: string; status: string; issuedAt: Date; expiresAt: Date | null; applicationId: string }, lang: Lang): DocumentSummary {
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

async function ownDocument(runtime: Runtime, user: CitizenUser, documentId: string) {
  const row = await runtime.database.prisma.document.findUnique({ where: { id: documentId } });
  if (!row || row.holderId !== user.applicantId) throw notFound();
  return row;
}

export async function myDocument(runtime: Runtime, user: CitizenUser, documentId: string, lang: Lang): Promise<DocumentCard> {
  const row = await ownDocument(runtime, user, documentId);
  const data = JSON.parse(row.data) as Record<string, unknown>;
  let fields: DocumentCard["fields"] = [];
  try {
    const template = templateFor(row.template);
    fields = template.fields.map((field) => ({ key: field.key, label: field[lang], value: formatValue(fieldValue(field, data), field.format), card: template.cardFields.includes(field.key) }));
  } catch {
    fields = Object.entries(data).map(([key, value]) => ({ key, label: key, value: formatValue(value), card: false }));
  }
  return { ...summary(row, lang), fields };
}

export async function myDocumentPdf(runtime: Runtime, user: CitizenUser, documentId: string, request: Request): Promise<{ pdf: Uint8Array; filename: string }> {
  const row = await ownDocument(runtime, user, documentId);
  const pdf = await documentPdf(runtime.database.prisma, request, row);
  return { pdf, filename: `${row.template}-${row.number}.pdf` };
}

export type ShareResult = { ok: true; code: string; url: string; qrSvg: string; expiresAt: string } | { ok: false; reason: string };

export async function shareMyDocument(runtime: Runtime, user: CitizenUser, documentId: string, request: Request): Promise<ShareResult> {
  const row = await ownDocument(runtime, user, documentId);
  try {
    const share = await shareDocumentRow(runtime.database.prisma, request, row);
    return { ok: true, code: share.code, url: share.url, qrSvg: share.qrSvg, expiresAt: share.expiresAt };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
