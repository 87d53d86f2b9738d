/**
 * The documents module's DocumentStore on Prisma: the Document table (data, the PDF as issued, its sha256,
 * the signature and key id) and DocumentShare (hashes of one-time codes, expiry, used-at).
 */
import { newId } from "../ids";
import type { Db, Tx } from "../db/open";
import type { DocumentStore, IssuedDocument, ShareRecord } from "../documents/store";
import type { DocumentType } from "../documents/templates";

export type DocumentRow = NonNullable<Awaited<ReturnType<Db["document"]["findUnique"]>>>;

/** The row of an issued document, PDF included. */
export function documentRow(document: IssuedDocument, pdf: Uint8Array | null) {
  return {
    id: document.id,
    number: document.number,
    template: document.type,
    applicationId: document.applicationId,
    holderId: document.holderId,
    data: JSON.stringify(document.data),
    issuedAt: new Date(document.issuedAt),
    expiresAt: document.expiresAt ? new Date(document.expiresAt) : null,
    status: document.status,
    revokedAt: document.revokedAt ? new Date(document.revokedAt) : null,
    pdf: pdf ? Buffer.from(pdf) : null,
    pdfSha256: document.pdfSha256 || null,
    signature: document.signature || null,
    keyId: document.keyId || null,
    ...(typeof (document as { templateVersion?: unknown }).templateVersion === "number" ? { templateVersion: (document as { templateVersion?: number }).templateVersion } : {}),
  };
}

/**
 * A stored row as the documents module sees it. Rows without a signature (documents of templates that have
 * no PDF layout) come back with an empty signature, so they never verify.
 */
export function issuedDocument(row: Omit<DocumentRow, "pdf"> & { pdf?: unknown }): IssuedDocument {
  return {
    id: row.id,
    number: row.number,
    type: row.template as DocumentType,
    applicationId: row.applicationId,
    holderId: row.holderId,
    data: JSON.parse(row.data) as Record<string, unknown>,
    issuedAt: row.issuedAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    // "expired" is written by the expiry job; the module computes expiry from the date itself.
    status: row.status === "revoked" ? "revoked" : "valid",
    revokedAt: row.revokedAt?.toISOString() ?? null,
    pdfSha256: row.pdfSha256 ?? "",
    signature: row.signature ?? "",
    keyId: row.keyId ?? "",
    // The template version it was issued with (rows issued before template versions have none).
    ...(typeof row.templateVersion === "number" ? ({ templateVersion: row.templateVersion } as object) : {}),
  };
}

/** Everything but the PDF bytes. */
export const DOCUMENT_FIELDS = {
  id: true,
  number: true,
  template: true,
  applicationId: true,
  holderId: true,
  data: true,
  issuedAt: true,
  expiresAt: true,
  status: true,
  revokedAt: true,
  revokedBy: true,
  revocationReason: true,
  pdfSha256: true,
  signature: true,
  keyId: true,
  templateVersion: true,
} as const;

export class PrismaDocumentStore implements DocumentStore {
  constructor(private readonly db: Db | Tx) {}

  async saveDocument(document: IssuedDocument, pdf: Uint8Array | null = null): Promise<void> {
    await this.db.document.create({ data: documentRow(document, pdf) });
  }

  async documentById(id: string): Promise<IssuedDocument | undefined> {
    const row = await this.db.document.findUnique({ where: { id }, select: DOCUMENT_FIELDS });
    return row ? issuedDocument(row) : undefined;
  }

  async documentByNumber(number: string): Promise<IssuedDocument | undefined> {
    const row = await this.db.document.findUnique({ where: { number }, select: DOCUMENT_FIELDS });
    return row ? issuedDocument(row) : undefined;
  }

  async setStatus(id: string, status: "valid" | "revoked", at: string): Promise<void> {
    const updated = await this.db.document.updateMany({ where: { id }, data: { status, revokedAt: status === "revoked" ? new Date(at) : null } });
    if (updated.count !== 1) throw new Error(`No document ${id}`);
  }

  async saveShare(share: ShareRecord): Promise<void> {
    await this.db.documentShare.create({
      data: {
        id: newId(),
        documentId: share.documentId,
        codeHash: share.codeHash,
        tokenHash: share.tokenHash,
        createdAt: new Date(share.createdAt),
        expiresAt: new Date(share.expiresAt),
        usedAt: share.usedAt ? new Date(share.usedAt) : null,
      },
    });
  }

  /** Marks the share used with a conditional update: of two verifications at once, one gets it. */
  async useShare(hash: string, at: string): Promise<ShareRecord | undefined> {
    const share = await this.db.documentShare.findFirst({ where: { OR: [{ codeHash: hash }, { tokenHash: hash }], usedAt: null } });
    if (!share) return undefined;
    const updated = await this.db.documentShare.updateMany({ where: { id: share.id, usedAt: null }, data: { usedAt: new Date(at) } });
    if (updated.count !== 1) return undefined;
    return {
      codeHash: share.codeHash,
      tokenHash: share.tokenHash,
      documentId: share.documentId,
      createdAt: share.createdAt.toISOString(),
      expiresAt: share.expiresAt.toISOString(),
      usedAt: at,
    };
  }
}
