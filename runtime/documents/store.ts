/**
 * What the documents module needs to keep: issued documents and share codes. The runtime implements it on
 * Prisma (the Document model); the in-memory store serves tests and demos.
 */
import type { DocumentType } from "./templates";

export type DocumentStatus = "valid" | "revoked" | "expired";

export interface IssuedDocument {
  id: string;
  number: string;
  /** The template's id: one of the built-in DocumentTypes or a template published in the studio. */
  type: DocumentType | string;
  /** The template's published version it was issued with (absent for documents issued before versions). */
  templateVersion?: number;
  applicationId: string;
  holderId: string;
  data: Record<string, unknown>;
  issuedAt: string;
  expiresAt: string | null;
  /** As stored: valid or revoked. Expiry is computed against the clock (see documentStatus). */
  status: "valid" | "revoked";
  revokedAt?: string | null;
  /** sha256 (hex) of the PDF as issued. */
  pdfSha256: string;
  /** Ed25519 signature (base64) over the canonical signed payload; see signedPayload in issue.ts. */
  signature: string;
  keyId: string;
}

export interface ShareRecord {
  /** sha256 of the code and of the link token: the codes themselves are never stored. */
  codeHash: string;
  tokenHash: string;
  documentId: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface DocumentStore {
  saveDocument(document: IssuedDocument): Promise<void>;
  documentById(id: string): Promise<IssuedDocument | undefined>;
  documentByNumber(number: string): Promise<IssuedDocument | undefined>;
  setStatus(id: string, status: "valid" | "revoked", at: string): Promise<void>;
  saveShare(share: ShareRecord): Promise<void>;
  /** Finds an unused share by code or token hash and marks it used, atomically (one verification per code). */
  useShare(hash: string, at: string): Promise<ShareRecord | undefined>;
}

export class InMemoryDocumentStore implements DocumentStore {
  readonly documents = new Map<string, IssuedDocument>();
  readonly shares: ShareRecord[] = [];

  async saveDocument(document: IssuedDocument): Promise<void> {
    if ([...this.documents.values()].some((other) => other.number === document.number && other.id !== document.id)) {
      throw new Error(`Document number ${document.number} is taken`);
    }
    this.documents.set(document.id, structuredClone(document));
  }

  async documentById(id: string): Promise<IssuedDocument | undefined> {
    const found = this.documents.get(id);
    return found && structuredClone(found);
  }

  async documentByNumber(number: string): Promise<IssuedDocument | undefined> {
    const found = [...this.documents.values()].find((document) => document.number === number);
    return found && structuredClone(found);
  }

  async setStatus(id: string, status: "valid" | "revoked", at: string): Promise<void> {
    const document = this.documents.get(id);
    if (!document) throw new Error(`No document ${id}`);
    document.status = status;
    document.revokedAt = status === "revoked" ? at : null;
  }

  async saveShare(share: ShareRecord): Promise<void> {
    this.shares.push({ ...share });
  }

  async useShare(hash: string, at: string): Promise<ShareRecord | undefined> {
    const share = this.shares.find((s) => (s.codeHash === hash || s.tokenHash === hash) && s.usedAt === null);
    if (!share) return undefined;
    share.usedAt = at;
    return { ...share };
  }
}
