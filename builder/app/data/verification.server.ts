/** Public verification: a one-time share code or link token (validity + the card), or a number (validity only). */
import type { Runtime } from "../../../runtime";
import type { VerificationProblemCode } from "../../../runtime/documents/documents";
import type { Lang } from "../i18n/lang";
import { t } from "../i18n/messages";

/** The runtime's reasons (codes) in the reader's language. */
const problemTexts = (codes: VerificationProblemCode[], lang: Lang): string[] => codes.map((code) => t(lang, `verifyProblem_${code}`));

/** 12 digits and the EAN-13 check digit (the share code's form); the runtime decides the rest. */
function isEan13(code: string): boolean {
  const digits = [...code].map(Number);
  const sum = digits.slice(0, 12).reduce((total, digit, index) => total + digit * (index % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10 === digits[12];
}

export interface VerificationView {
  valid: boolean;
  status: string;
  problems: string[];
  title?: string;
  number?: string;
  issuedAt?: string;
  expiresAt?: string | null;
  card?: { key: string; label: string; value: string }[];
  /** The PDF's seal: who sealed it, when, with which certificate (public facts of the authority, not of the holder). */
  seal?: { valid: boolean; signer?: string; signedAt?: string; subject?: string; issuer?: string; serialNumber?: string; notAfter?: string; reason?: string };
}

export async function verifyCode(runtime: Runtime, input: string, lang: Lang): Promise<VerificationView | { badFormat: true }> {
  const value = input.replace(/\s+/g, "");
  const looksLikeCode = /^\d{13}$/.test(value);
  const looksLikeToken = /^[A-Za-z0-9_-]{20,30}$/.test(value);
  if ((looksLikeCode && !isEan13(value)) || (!looksLikeCode && !looksLikeToken)) return { badFormat: true };
  const result = await runtime.verifySharedDocument(value);
  return {
    valid: result.valid,
    status: result.status,
    problems: problemTexts(result.codes, lang),
    title: result.document?.title[lang],
    number: result.document?.number,
    issuedAt: result.document?.issuedAt,
    expiresAt: result.document?.expiresAt,
    card: result.card?.map((field) => ({ key: field.key, label: field[lang], value: field.value })),
  };
}

export async function verifyDocumentNumber(runtime: Runtime, number: string, lang: Lang): Promise<VerificationView> {
  const result = await runtime.verifyDocument(number.slice(0, 64));
  return {
    valid: result.valid,
    status: result.status,
    problems: problemTexts(result.codes, lang),
    title: result.document?.title[lang],
    number: result.document?.number,
    issuedAt: result.document?.issuedAt,
    expiresAt: result.document?.expiresAt,
    ...(result.seal
      ? {
          seal: {
            valid: result.seal.valid,
            signer: result.seal.signer,
            signedAt: result.seal.signedAt,
            subject: result.seal.certificate?.subject,
            issuer: result.seal.certificate?.issuer,
            serialNumber: result.seal.certificate?.serialNumber,
            notAfter: result.seal.certificate?.notAfter,
            reason: result.seal.reason,
          },
        }
      : {}),
  };
}
