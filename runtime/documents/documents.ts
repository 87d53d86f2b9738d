/**
 * Issuing, verifying, revoking and sharing documents. Storage-agnostic: everything kept goes through a
 * DocumentStore. The PDF carries the authority's PAdES seal (runtime/documents/pades.ts), which any PDF reader
 * checks; the register's own record is signed (Ed25519) over the canonical data together with the sha256 of the
 * sealed PDF, so neither the data in the register nor the PDF in the citizen's hands can be changed unnoticed.
 * A sealed PDF cannot be made again byte for byte (the signature is randomised): the PDF as issued is kept.
 */
import { createHash, randomBytes, randomInt, randomUUID } from "node:crypto";
import { canonicalJson } from "../../engine";
import QRCode from "qrcode";
import { systemClock, type Clock } from "../clock";
import { addDuration } from "./format";
import { signPdf, verifyPdfSignature, type SealCredentials, type SignatureCheck } from "./pades";
import { renderDocumentPdf } from "./render-pdf";
import { verifySignature, type DocumentSigner } from "./signing";
import type { DocumentStatus, DocumentStore, IssuedDocument } from "./store";
import { dataErrors, fieldValue, formatValue, missingFields, templateFor, type DocumentTemplate, type DocumentType } from "./templates";

/** How long a share code lives (Diia: documentVerificationLinkExpirationMS = 3 minutes). */
export const SHARE_CODE_TTL_MS = 3 * 60 * 1000;

export interface DocumentsOptions {
  store: DocumentStore;
  signer: DocumentSigner;
  /** Public keys trusted when verifying, by key id; the signer's own key is always trusted. */
  trustedKeys?: Record<string, string>;
  clock?: Clock;
  /** The public site: documents link to {base}/documents/verify/{number}, shares to {base}/documents/share/{token}. */
  publicBaseUrl: string;
  issuer?: { uk: string; en: string };
  /** The authority's sealing key and chain; issued PDFs are sealed with it (loaded on first use). Without it, PDFs are unsealed. */
  seal?: () => Promise<SealCredentials>;
  /** Root certificates (PEM) a presented PDF's seal must chain to; the seal's own root when not given. */
  trustedRoots?: string[];
  /** Templates beyond the built-in files (published in the studio), by id and version, for titles and share cards. */
  templates?: (type: string, version?: number) => DocumentTemplate | undefined;
}

export interface IssueRequest {
  type: DocumentType | string;
  data: Record<string, unknown>;
  holderId: string;
  applicationId: string;
  /** ISO 8601 duration (P30D); the template's default otherwise; no expiry when neither says. */
  validFor?: string;
  /** The template to issue with (a pinned, published version); looked up by `type` among the built-in files otherwise. */
  template?: DocumentTemplate;
  /** The published version of the template, recorded with the document. */
  templateVersion?: number;
}

/** Why a document is not confirmed, as a code a page words in its reader's language. */
export type VerificationProblemCode = "signature" | "pdfChanged" | "revoked" | "expired" | "unknownNumber" | "sealInvalid" | "codeUnknown" | "codeExpired" | "documentGone";

export interface VerificationResult {
  valid: boolean;
  status: DocumentStatus | "unknown";
  /** Why it is not valid (English, for logs and the API), and the same as codes, in the same order. */
  problems: string[];
  codes: VerificationProblemCode[];
  document?: { number: string; type: string; title: { uk: string; en: string }; issuedAt: string; expiresAt: string | null };
  /** The PDF's seal as a PDF reader checks it (signer, signing time, certificate); absent for unsealed documents. */
  seal?: SignatureCheck;
}

export interface CardField {
  key: string;
  uk: string;
  en: string;
  value: string;
}

export interface ShareCode {
  /** 13 digits (an EAN-13, for a barcode or typing). */
  code: string;
  /** The link token (128 bits), in the QR code's URL. */
  token: string;
  url: string;
  /** The QR code of the URL as SVG. */
  qrSvg: string;
  expiresAt: string;
}

export interface ShareVerification extends VerificationResult {
  /** Only the card's fields: nothing else about the holder. */
  card?: CardField[];
}

export function createDocuments(options: DocumentsOptions) {
  const clock = options.clock ?? systemClock;
  const base = options.publicBaseUrl.replace(/\/+$/, "");
  const trusted = { ...options.trustedKeys, [options.signer.keyId]: options.signer.publicKeyPem };
  const verificationUrl = (number: string) => `${base}/documents/verify/${encodeURIComponent(number)}`;

  let sealCredentials: Promise<SealCredentials> | undefined;
  const credentials = () => {
    sealCredentials ??= options.seal!().catch((error) => {
      sealCredentials = undefined; // a configuration fixed later is picked up on the next document
      throw error;
    });
    return sealCredentials;
  };

  async function trustedRoots(): Promise<string[]> {
    if (options.trustedRoots) return options.trustedRoots;
    const chain = options.seal ? (await credentials()).chainPem : [];
    return chain.length ? [chain[chain.length - 1]] : [];
  }

  /** Checks a PDF's seal against the trusted roots. */
  async function checkSeal(pdf: Uint8Array): Promise<SignatureCheck> {
    return verifyPdfSignature(pdf, await trustedRoots());
  }

  async function render(document: Omit<IssuedDocument, "pdfSha256" | "signature">, template = templateFor(document.type)): Promise<Uint8Array> {
    return renderDocumentPdf({
      template,
      number: document.number,
      data: document.data,
      issuedAt: document.issuedAt,
      expiresAt: document.expiresAt,
      verificationUrl: verificationUrl(document.number),
      keyId: document.keyId,
      issuer: options.issuer,
      sealed: Boolean(options.seal),
    });
  }

  function status(document: IssuedDocument): DocumentStatus {
    if (document.status === "revoked") return "revoked";
    if (document.expiresAt && clock.now().getTime() >= Date.parse(document.expiresAt)) return "expired";
    return "valid";
  }

  function check(document: IssuedDocument, pdf?: Uint8Array): VerificationResult {
    const problems: string[] = [];
    const codes: VerificationProblemCode[] = [];
    const problem = (code: VerificationProblemCode, text: string) => {
      codes.push(code);
      problems.push(text);
    };
    if (!verifySignature(signedPayload(document), document.signature, document.keyId, trusted)) problem("signature", "The signature does not match the document's data");
    if (pdf && sha256Hex(pdf) !== document.pdfSha256) problem("pdfChanged", "The PDF is not the one issued under this number");
    const current = status(document);
    if (current !== "valid") problem(current, current === "revoked" ? "The document was revoked" : "The document has expired");
    return {
      valid: problems.length === 0,
      status: current,
      problems,
      codes,
      document: { number: document.number, type: document.type, title: titleOf(document), issuedAt: document.issuedAt, expiresAt: document.expiresAt },
    };
  }

  /** The template a document was issued with: a published version, else the built-in file. */
  function templateOf(document: IssuedDocument): DocumentTemplate | undefined {
    const published = options.templates?.(document.type, document.templateVersion);
    if (published) return published;
    try {
      return templateFor(document.type);
    } catch {
      return undefined;
    }
  }

  function titleOf(document: IssuedDocument): { uk: string; en: string } {
    return templateOf(document)?.title ?? { uk: document.type, en: document.type };
  }

  return {
    verificationUrl,

    /** Issues a document: a new number, the PDF sealed by the authority, the register's signature; stored, and the PDF returned to hand out. */
    async issue(request: IssueRequest): Promise<{ document: IssuedDocument; pdf: Uint8Array }> {
      const template = request.template ?? templateFor(request.type);
      const missing = missingFields(template, request.data);
      if (missing.length) throw new Error(`Document ${template.type} lacks ${missing.join(", ")}`);
      const wrong = dataErrors(template, request.data);
      if (wrong.length) throw new Error(`Document ${template.type} cannot print its data: ${wrong.join("; ")}`);
      const issuedAt = clock.now();
      const validFor = request.validFor ?? template.validFor;
      const unsigned = {
        id: randomUUID(),
        number: documentNumber(template.numberPrefix, issuedAt),
        type: template.type,
        applicationId: request.applicationId,
        holderId: request.holderId,
        data: structuredClone(request.data),
        issuedAt: issuedAt.toISOString(),
        // Calendar arithmetic: P12M is twelve months, not 360 days.
        expiresAt: validFor ? addDuration(issuedAt, validFor).toISOString() : null,
        status: "valid" as const,
        revokedAt: null,
        keyId: options.signer.keyId,
        ...(request.templateVersion !== undefined ? { templateVersion: request.templateVersion } : {}),
      };
      const pdf = await this.seal(await render(unsigned, template), { number: unsigned.number, title: template.title });
      const document: IssuedDocument = { ...unsigned, pdfSha256: sha256Hex(pdf), signature: "" };
      document.signature = options.signer.sign(signedPayload(document));
      await options.store.saveDocument(document);
      return { document, pdf };
    },

    /**
     * Seals a rendered PDF with the authority's key (PAdES); unchanged without a seal. The signing time is the
     * wall clock's, not the runtime's clock: it is when the key was used, and a simulated clock (tests, replays)
     * must not date a seal outside its certificate's validity.
     */
    async seal(pdf: Uint8Array, document: { number: string; title: { uk: string; en: string } }): Promise<Uint8Array> {
      if (!options.seal) return pdf;
      return signPdf(pdf, await credentials(), {
        name: options.issuer?.uk ?? "Civic Flow",
        reason: `${document.title.uk} № ${document.number}`,
        location: "Україна",
        signingTime: new Date(),
      });
    },

    checkSeal,

    /** An unsealed document's PDF again, byte for byte (rendering is deterministic); a sealed one is kept as issued. */
    async pdf(document: IssuedDocument): Promise<Uint8Array> {
      if (options.seal) throw new Error(`Document ${document.number} is sealed: its PDF is the one stored at issue`);
      const pdf = await render(document);
      if (sha256Hex(pdf) !== document.pdfSha256) throw new Error(`Document ${document.number} no longer renders to the PDF issued`);
      return pdf;
    },

    /** Public verification by number, optionally of a PDF someone presents. */
    async verify(number: string, pdf?: Uint8Array): Promise<VerificationResult> {
      const document = await options.store.documentByNumber(number);
      if (!document) return { valid: false, status: "unknown", problems: ["No document with this number"], codes: ["unknownNumber"] };
      const result = check(document, pdf);
      if (!pdf || !options.seal) return result;
      const seal = await checkSeal(pdf);
      if (!seal.valid) return { ...result, valid: false, problems: [...result.problems, `The PDF's seal is not valid: ${seal.reason}`], codes: [...result.codes, "sealInvalid"], seal };
      return { ...result, seal };
    },

    status,

    async revoke(id: string): Promise<void> {
      await options.store.setStatus(id, "revoked", clock.now().toISOString());
    },

    /** A one-time code (and QR link) for showing the document's card to someone, valid for 3 minutes. */
    async share(documentId: string, holderId: string): Promise<ShareCode> {
      const document = await options.store.documentById(documentId);
      if (!document || document.holderId !== holderId) throw new Error("No such document of this holder");
      if (status(document) !== "valid") throw new Error(`A ${status(document)} document cannot be shared`);
      const code = ean13();
      const token = randomBytes(16).toString("base64url");
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + SHARE_CODE_TTL_MS).toISOString();
      await options.store.saveShare({ codeHash: sha256Hex(code), tokenHash: sha256Hex(token), documentId, createdAt: now.toISOString(), expiresAt, usedAt: null });
      const url = `${base}/documents/share/${token}`;
      return { code, token, url, qrSvg: await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 1 }), expiresAt };
    },

    /** Verifies a share code or link token once: validity and the card's fields, nothing more. */
    async verifyShare(codeOrToken: string): Promise<ShareVerification> {
      const input = codeOrToken.trim();
      const now = clock.now();
      const share = await options.store.useShare(sha256Hex(input), now.toISOString());
      if (!share) return { valid: false, status: "unknown", problems: ["The code is unknown or was already used"], codes: ["codeUnknown"] };
      if (now.getTime() >= Date.parse(share.expiresAt)) return { valid: false, status: "unknown", problems: ["The code has expired"], codes: ["codeExpired"] };
      const document = await options.store.documentById(share.documentId);
      if (!document) return { valid: false, status: "unknown", problems: ["The document no longer exists"], codes: ["documentGone"] };
      const result = check(document);
      const template = templateOf(document);
      if (!template) return { ...result, card: [] };
      const card = template.cardFields.map((key) => {
        const field = template.fields.find((f) => f.key === key)!;
        return { key, uk: field.uk, en: field.en, value: formatValue(fieldValue(field, document.data), field.format) };
      });
      return { ...result, card };
    },
  };
}

export type Documents = ReturnType<typeof createDocuments>;

/** What the signature covers: the document's identity, data and dates, and the PDF's hash. */
export function signedPayload(document: Omit<IssuedDocument, "signature">): Buffer {
  return Buffer.from(
    canonicalJson({
      v: 1,
      id: document.id,
      number: document.number,
      type: document.type,
      applicationId: document.applicationId,
      holderId: document.holderId,
      data: document.data,
      issuedAt: document.issuedAt,
      expiresAt: document.expiresAt,
      keyId: document.keyId,
      pdfSha256: document.pdfSha256,
      // Absent (not null) for documents issued before templates had versions, so their signatures still verify.
      ...(document.templateVersion !== undefined ? { templateVersion: document.templateVersion } : {}),
    }),
  );
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** PREFIX-YYYY-XXXX-XXXX with 40 random bits: not guessable, not sequential (no enumeration of documents). */
export function documentNumber(prefix: string, at: Date): string {
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let text = "";
  for (let i = 0; i < 8; i++) {
    text = CROCKFORD[Number(bits & 31n)] + text;
    bits >>= 5n;
  }
  return `${prefix}-${at.getUTCFullYear()}-${text.slice(0, 4)}-${text.slice(4)}`;
}

/** 12 digits from the CSPRNG plus the EAN-13 check digit. */
export function ean13(): string {
  const digits = Array.from({ length: 12 }, () => randomInt(0, 10));
  const sum = digits.reduce((total, digit, index) => total + digit * (index % 2 === 0 ? 1 : 3), 0);
  return digits.join("") + ((10 - (sum % 10)) % 10);
}

export function isEan13(code: string): boolean {
  if (!/^\d{13}$/.test(code)) return false;
  const digits = [...code].map(Number);
  const sum = digits.slice(0, 12).reduce((total, digit, index) => total + digit * (index % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10 === digits[12];
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}
