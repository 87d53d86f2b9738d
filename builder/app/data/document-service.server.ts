/**
 * GLUE until the runtime wires runtime/documents itself: the documents module (PDF with Cyrillic, Ed25519
 * signature, share codes, verification) over the runtime's Document rows. A row issued by the runtime's
 * worker is sealed on first use here (rendered, its PDF hashed, signed with the issuer key from
 * DOCUMENT_SIGNING_KEY or the development key in ./data) and kept in this process's memory, as are the
 * share codes (3 minutes). Replace `documentService` with the runtime's documents once it has them.
 */
import type { Database } from "../../../runtime";
import { createDocuments, signedPayload, sha256Hex, type Documents } from "../../../runtime/documents/documents";
import { renderDocumentPdf } from "../../../runtime/documents/render-pdf";
import { loadDocumentSigner, type DocumentSigner } from "../../../runtime/documents/signing";
import { InMemoryDocumentStore, type IssuedDocument } from "../../../runtime/documents/store";
import { templateFor, type DocumentType } from "../../../runtime/documents/templates";

type Db = Database["prisma"];
type DocumentRow = NonNullable<Awaited<ReturnType<Db["document"]["findUnique"]>>>;

interface Service {
  documents: Documents;
  store: InMemoryDocumentStore;
  signer: DocumentSigner;
  baseUrl: string;
}

let service: Service | undefined;

export function publicBaseUrl(request: Request): string {
  return (process.env.PUBLIC_BASE_URL ?? new URL(request.url).origin).replace(/\/+$/, "");
}

function documentService(request: Request): Service {
  if (!service) {
    const signer = loadDocumentSigner();
    const store = new InMemoryDocumentStore();
    const baseUrl = publicBaseUrl(request);
    service = { documents: createDocuments({ store, signer, publicBaseUrl: baseUrl }), store, signer, baseUrl };
  }
  return service;
}

/** The runtime's row as a signed document (sealed once per process). */
async function sealed(db: Db, request: Request, row: DocumentRow): Promise<{ service: Service; document: IssuedDocument }> {
  const svc = documentService(request);
  const known = await svc.store.documentById(row.id);
  if (known) return { service: svc, document: { ...known, status: row.status === "revoked" ? "revoked" : "valid" } };
  const template = templateFor(row.template);
  const unsigned = {
    id: row.id,
    number: row.number,
    type: template.type as DocumentType,
    applicationId: row.applicationId,
    holderId: row.holderId,
    data: JSON.parse(row.data) as Record<string, unknown>,
    issuedAt: row.issuedAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    status: row.status === "revoked" ? ("revoked" as const) : ("valid" as const),
    revokedAt: null,
    keyId: svc.signer.keyId,
  };
  const pdf = await renderDocumentPdf({
    template,
    number: row.number,
    data: unsigned.data,
    issuedAt: unsigned.issuedAt,
    expiresAt: unsigned.expiresAt,
    verificationUrl: svc.documents.verificationUrl(row.number),
    keyId: svc.signer.keyId,
  });
  const document: IssuedDocument = { ...unsigned, pdfSha256: sha256Hex(pdf), signature: "" };
  document.signature = svc.signer.sign(signedPayload(document));
  await svc.store.saveDocument(document).catch(() => {}); // a concurrent first use sealed it already
  return { service: svc, document: (await svc.store.documentById(row.id)) ?? document };
}

export async function documentPdf(db: Db, request: Request, row: DocumentRow): Promise<Uint8Array> {
  const { service: svc, document } = await sealed(db, request, row);
  return svc.documents.pdf(document);
}

export async function shareDocumentRow(db: Db, request: Request, row: DocumentRow) {
  const { service: svc } = await sealed(db, request, row);
  return svc.documents.share(row.id, row.holderId);
}

/** A share code or link token, used once: validity and the card's fields. */
export async function verifyShareCode(db: Db, request: Request, codeOrToken: string) {
  return documentService(request).documents.verifyShare(codeOrToken);
}

/** Public check by number (printed on the PDF): validity only, no personal data. */
export async function verifyNumber(db: Db, request: Request, number: string) {
  const row = await db.document.findUnique({ where: { number } });
  if (!row) return documentService(request).documents.verify(number);
  const { service: svc } = await sealed(db, request, row);
  const result = await svc.documents.verify(number);
  // The runtime's own expiry job marks rows expired; the module computes it from the date as well.
  if (row.status === "expired" && result.valid) return { ...result, valid: false, status: "expired" as const, problems: ["The document has expired"] };
  return result;
}
