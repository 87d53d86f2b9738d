/**
 * The runtime's documents: runtime/documents (templates, PDF with Cyrillic, the authority's PAdES seal, the
 * register's Ed25519 signature over the data and the sealed PDF's sha256, share codes, verification) on the
 * Prisma store. The worker's document step issues
 * through `prepare`: the PDF is rendered and signed outside the transaction, and the row is written in the
 * same transaction as the step's transition, so a retried job never leaves two documents behind.
 */
import QRCode from "qrcode";
import type { Clock } from "../clock";
import type { Db, Tx } from "../db/open";
import { createDocuments, sha256Hex, signedPayload, type Documents, type ShareCode, type ShareVerification, type VerificationResult } from "../documents/documents";
import type { SealCredentials } from "../documents/pades";
import { loadDocumentSigner, loadSealCredentials, type DocumentSigner, type SigningKeyOptions } from "../documents/signing";
import type { DocumentStore, IssuedDocument } from "../documents/store";
import { DOCUMENT_TYPES, templateFor, type DocumentTemplate, type DocumentType } from "../documents/templates";
import { renderDocumentPdf } from "../documents/render-pdf";
import { RuntimeError } from "../errors";
import { DOCUMENT_FIELDS, documentRow, issuedDocument, PrismaDocumentStore, type DocumentRow } from "./document-store";

export interface DocumentsConfig {
  /** The issuer's key; by default DOCUMENT_SIGNING_KEY(_FILE), else the development key in ./data (loaded on first use). */
  signer?: DocumentSigner;
  signingKey?: SigningKeyOptions;
  /** Earlier keys still trusted for verification, by key id (PEM). */
  trustedKeys?: Record<string, string>;
  /** The public site printed in QR codes: {base}/documents/verify/{number}, {base}/documents/share/{token}. */
  publicBaseUrl?: string;
  issuer?: { uk: string; en: string };
  /**
   * The authority's PAdES sealing key and chain. By default DOCUMENT_SEAL_KEY_FILE + DOCUMENT_SEAL_CHAIN_FILE
   * (`configuredSeal`); `npm start` and the worker pass the stand-in trust service's unless those are set or
   * STAND_IN_TRUST_SERVICE=0.
   * false: PDFs are not sealed (register-only tests).
   */
  seal?: false | (() => Promise<SealCredentials>);
  /** Root certificates (PEM) presented PDFs must chain to; the configured chain's root by default. */
  trustedRoots?: string[];
  /** Published templates by id and version (the template store's), for titles and share cards. */
  templates?: (type: string, version?: number) => DocumentTemplate | undefined;
}

/** The authority named on seals when the configuration names none. */
export const DEFAULT_ISSUER = { uk: "Civic Flow (стенд)", en: "Civic Flow (stand-in)" };

/**
 * The seal a runtime uses when its composition root passes none: the configured key and chain
 * (DOCUMENT_SEAL_KEY_FILE + DOCUMENT_SEAL_CHAIN_FILE), required in production; none in development (the register's
 * signature alone). `npm start` and `npm run worker` pass the stand-in trust service's development seal.
 */
export function configuredSeal(env: Record<string, string | undefined> = process.env): (() => Promise<SealCredentials>) | undefined {
  if (!env.DOCUMENT_SEAL_KEY_FILE && !env.DOCUMENT_SEAL_CHAIN_FILE && env.NODE_ENV !== "production") return undefined;
  return () => loadSealCredentials({ requireConfigured: true }, env);
}

/** A document as the citizen's list shows it: no PDF bytes; `status` says expired once the date has passed. */
export type DocumentSummary = Omit<DocumentRow, "pdf">;

export interface DocumentDownload {
  pdf: Uint8Array;
  filename: string;
  document: DocumentSummary;
}

export interface DocumentShareCode extends ShareCode {
  /** The QR code of the link as a PNG data URL (for an <img>). */
  qrDataUrl: string;
}

export class RuntimeDocuments {
  private signerValue?: DocumentSigner;
  readonly store: PrismaDocumentStore;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly config: DocumentsConfig = {},
  ) {
    this.store = new PrismaDocumentStore(db);
    this.signerValue = config.signer;
    const load = config.seal === false ? undefined : (config.seal ?? configuredSeal());
    if (load) {
      let loaded: Promise<SealCredentials> | undefined;
      // Loaded once for every module made below; a failure (configuration missing) is retried on the next document.
      this.sealCredentials = () => {
        loaded ??= load().catch((error) => {
          loaded = undefined;
          throw error;
        });
        return loaded;
      };
    }
  }

  private readonly sealCredentials?: () => Promise<SealCredentials>;

  /** Where the web server listens (it sets this after listen): the site when neither the config nor PUBLIC_BASE_URL names one. */
  listeningBaseUrl = "http://127.0.0.1:3000";

  get publicBaseUrl(): string {
    return (this.config.publicBaseUrl ?? process.env.PUBLIC_BASE_URL ?? this.listeningBaseUrl).replace(/\/+$/, "");
  }

  /** The issuer's signer, loaded (or, in development, generated) on first use. */
  signer(): DocumentSigner {
    this.signerValue ??= loadDocumentSigner(this.config.signingKey);
    return this.signerValue;
  }

  private module(store: DocumentStore = this.store): Documents {
    return createDocuments({
      store,
      signer: this.signer(),
      trustedKeys: this.config.trustedKeys,
      clock: this.clock,
      publicBaseUrl: this.publicBaseUrl,
      issuer: this.config.issuer ?? DEFAULT_ISSUER,
      seal: this.sealCredentials,
      trustedRoots: this.config.trustedRoots,
      templates: this.config.templates,
    });
  }

  /** Whether a template has a PDF layout (runtime/documents/templates.ts). */
  hasTemplate(type: string): type is DocumentType {
    return (DOCUMENT_TYPES as readonly string[]).includes(type);
  }

  /**
   * Renders and signs a document without storing it; `write(tx)` stores it (in the caller's transaction).
   * Throws when the data lacks a field the template requires. `template` (a pinned, published version) is used
   * instead of the built-in file of `type`, and `templateVersion` recorded with the document.
   */
  async prepare(request: {
    type: DocumentType | string;
    data: Record<string, unknown>;
    holderId: string;
    applicationId: string;
    validFor?: string;
    validForMs?: number;
    template?: DocumentTemplate;
    templateVersion?: number;
  }) {
    let captured: IssuedDocument | undefined;
    const store = this.store;
    const capture: DocumentStore = {
      saveDocument: async (document) => {
        captured = document;
      },
      documentById: (id) => store.documentById(id),
      documentByNumber: (number) => store.documentByNumber(number),
      setStatus: (id, status, at) => store.setStatus(id, status, at),
      saveShare: (share) => store.saveShare(share),
      useShare: (hash, at) => store.useShare(hash, at),
    };
    const { document, pdf } = await this.module(capture).issue({
      type: request.type,
      data: request.data,
      holderId: request.holderId,
      applicationId: request.applicationId,
      ...(request.template ? { template: request.template } : {}),
      ...(request.templateVersion !== undefined ? { templateVersion: request.templateVersion } : {}),
      ...(request.validFor ? { validFor: request.validFor } : request.validForMs ? { validFor: `PT${Math.max(1, Math.round(request.validForMs / 1000))}S` } : {}),
    });
    if (!captured) throw new Error("The document was not issued");
    return {
      document,
      pdf,
      write: async (tx: Tx) => {
        await tx.document.create({ data: documentRow(document, pdf) });
      },
    };
  }

  /** A holder's documents, newest first. */
  async list(holderId: string): Promise<DocumentSummary[]> {
    const rows = await this.db.document.findMany({ where: { holderId }, orderBy: { issuedAt: "desc" }, select: DOCUMENT_FIELDS });
    const now = this.clock.now().getTime();
    return rows.map((row) => (row.status === "valid" && row.expiresAt && row.expiresAt.getTime() <= now ? { ...row, status: "expired" } : row));
  }

  private async own(documentId: string, holderId: string): Promise<DocumentRow> {
    const row = await this.db.document.findUnique({ where: { id: documentId } });
    // The same answer for "no such document" and "not yours": nothing to learn about other people's documents.
    if (!row || row.holderId !== holderId) throw new RuntimeError("not_found", `No document "${documentId}" of this holder`);
    return row;
  }

  /** The PDF as issued, for its holder only. */
  async download(documentId: string, holderId: string): Promise<DocumentDownload> {
    let row = await this.own(documentId, holderId);
    if (!row.pdf) row = await this.seal(row);
    const { pdf, ...summary } = row;
    return { pdf: new Uint8Array(pdf!), filename: `${row.template}-${row.number}.pdf`, document: summary };
  }

  /**
   * A document issued before documents were signed (a data-only row of a template with a layout) gets its
   * PDF and signature now, once: the conditional update lets only one concurrent caller seal it.
   */
  private async seal(row: DocumentRow): Promise<DocumentRow> {
    if (!this.hasTemplate(row.template)) throw new RuntimeError("not_found", `Document ${row.number} has no PDF: its template "${row.template}" has no layout`);
    const signer = this.signer();
    const unsigned = { ...issuedDocument(row), keyId: signer.keyId };
    const template = templateFor(row.template);
    const rendered = await renderDocumentPdf({
      template,
      number: row.number,
      data: unsigned.data,
      issuedAt: unsigned.issuedAt,
      expiresAt: unsigned.expiresAt,
      verificationUrl: this.module().verificationUrl(row.number),
      keyId: signer.keyId,
      issuer: this.config.issuer ?? DEFAULT_ISSUER,
      sealed: Boolean(this.sealCredentials),
    });
    const pdf = await this.module().seal(rendered, { number: row.number, title: template.title });
    const document: IssuedDocument = { ...unsigned, pdfSha256: sha256Hex(pdf), signature: "" };
    document.signature = signer.sign(signedPayload(document));
    await this.db.document.updateMany({
      where: { id: row.id, pdf: null },
      data: { pdf: Buffer.from(pdf), pdfSha256: document.pdfSha256, signature: document.signature, keyId: document.keyId },
    });
    return this.db.document.findUniqueOrThrow({ where: { id: row.id } });
  }

  /** A one-time code and QR link showing the document's card, valid for 3 minutes (the runtime's clock). */
  async share(documentId: string, holderId: string): Promise<DocumentShareCode> {
    const row = await this.own(documentId, holderId);
    if (!row.signature) await this.seal(row);
    try {
      const share = await this.module().share(documentId, holderId);
      return { ...share, qrDataUrl: await QRCode.toDataURL(share.url, { errorCorrectionLevel: "M", margin: 1 }) };
    } catch (error) {
      throw new RuntimeError("event_not_allowed", (error as Error).message);
    }
  }

  /** Public: a share code (13 digits) or link token, once: validity and the card's fields, nothing more. */
  verifyShare(codeOrToken: string): Promise<ShareVerification> {
    return this.module().verifyShare(codeOrToken);
  }

  /**
   * Public: a document by the number printed on it (optionally the PDF someone presents): validity, and the seal
   * (signer, time, certificate) of the PDF presented or, without one, of the PDF kept at issue. No personal data.
   */
  async verifyNumber(number: string, pdf?: Uint8Array): Promise<VerificationResult> {
    const result = await this.module().verify(number, pdf);
    if (pdf || result.status === "unknown" || !this.sealCredentials) return result;
    const row = await this.db.document.findUnique({ where: { number }, select: { pdf: true } });
    return row?.pdf ? { ...result, seal: await this.module().checkSeal(new Uint8Array(row.pdf)) } : result;
  }

  /** Revokes a valid document (an officer's or the issuer's act); its shares stop verifying as valid. */
  async revoke(documentId: string, by: string, reason?: string): Promise<DocumentSummary> {
    const now = this.clock.now();
    const updated = await this.db.document.updateMany({
      where: { id: documentId, status: { not: "revoked" } },
      data: { status: "revoked", revokedAt: now, revokedBy: by, revocationReason: reason ?? null },
    });
    const row = await this.db.document.findUnique({ where: { id: documentId }, select: DOCUMENT_FIELDS });
    if (!row) throw new RuntimeError("not_found", `No document "${documentId}"`);
    if (updated.count !== 1) throw new RuntimeError("event_not_allowed", `Document ${row.number} is already revoked`);
    return row;
  }
}
