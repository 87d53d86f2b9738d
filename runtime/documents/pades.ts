/**
 * PAdES seals: a PDF signature dictionary (/ByteRange, /Contents) holding a detached CMS SignedData with the
 * signing certificate and its chain, made with @signpdf (placeholder, byte ranges) and pkijs (CMS), checked
 * here and by any PDF reader (poppler's pdfsig in the tests). The credentials come from a trust service:
 * the stand-in one (stand-ins/trust-service.ts) in development, a configured key and chain in production.
 */
import { webcrypto } from "node:crypto";
import { PDFDocument } from "pdf-lib";
import { pdflibAddPlaceholder } from "@signpdf/placeholder-pdf-lib";
import { SignPdf } from "@signpdf/signpdf";
import { extractSignature, Signer, SUBFILTER_ADOBE_PKCS7_DETACHED } from "@signpdf/utils";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

pkijs.setEngine("node", new pkijs.CryptoEngine({ name: "node", crypto: webcrypto as unknown as Crypto }));

/** An issuing certificate's key and chain (PEM): what a qualified trust service hands an authority. */
export interface SealCredentials {
  /** PKCS#8 PEM of the ECDSA P-256 key. */
  privateKeyPem: string;
  certificatePem: string;
  /** The issuing chain up to and including the root, PEM each. */
  chainPem: string[];
}

export interface SignatureCheck {
  valid: boolean;
  /** The signing certificate's subject common name. */
  signer?: string;
  signedAt?: string;
  certificate?: { subject: string; issuer: string; serialNumber: string; notBefore: string; notAfter: string };
  /** Why it is not valid. */
  reason?: string;
}

const OID = { data: "1.2.840.113549.1.7.1", signedData: "1.2.840.113549.1.7.2", contentType: "1.2.840.113549.1.9.3", messageDigest: "1.2.840.113549.1.9.4", signingTime: "1.2.840.113549.1.9.5" };
const ECDSA = { name: "ECDSA", namedCurve: "P-256" } as const;

export function pemToDer(pem: string): ArrayBuffer {
  return arrayBuffer(Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64"));
}

/** A Buffer's bytes as their own ArrayBuffer (pkijs and asn1js take ArrayBuffers, not Node's pooled views). */
function arrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return Uint8Array.from(bytes).buffer;
}

/** Splits a PEM bundle into its blocks. */
export function pemBlocks(bundle: string): string[] {
  return bundle.match(/-----BEGIN [^-]+-----[\s\S]+?-----END [^-]+-----/g) ?? [];
}

function certificateOf(pem: string): pkijs.Certificate {
  return pkijs.Certificate.fromBER(pemToDer(pem));
}

/**
 * A detached CMS SignedData (DER) over a SHA-256 digest: signed attributes contentType (id-data),
 * messageDigest, signingTime and any `extraAttributes`, with the signing certificate and its chain embedded.
 * Used for PDF seals here and, with ESS signing-certificate-v2, for the signing provider's CAdES signatures.
 */
export async function signDetachedCms(
  digest: ArrayBuffer,
  credentials: SealCredentials,
  signingTime: Date,
  extraAttributes: pkijs.Attribute[] = [],
): Promise<Uint8Array> {
  const certificate = certificateOf(credentials.certificatePem);
  const key = await webcrypto.subtle.importKey("pkcs8", pemToDer(credentials.privateKeyPem), ECDSA, false, ["sign"]);
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
            new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: digest })] }),
            new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: signingTime })] }),
            ...extraAttributes,
          ],
        }),
      }),
    ],
    certificates: [certificate, ...credentials.chainPem.map(certificateOf)],
  });
  // The digest is already in messageDigest: pkijs hashes the signed attributes only.
  await signedData.sign(key as unknown as CryptoKey, 0, "SHA-256");
  const content = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(content.toSchema().toBER(false));
}

/** A @signpdf Signer: the detached CMS of the PDF's signed byte ranges. */
class CmsSigner extends Signer {
  constructor(private readonly credentials: SealCredentials) {
    super();
  }

  override async sign(pdfBuffer: Buffer, signingTime: Date = new Date()): Promise<Buffer> {
    const digest = await pkijs.getCrypto(true).digest({ name: "SHA-256" }, new Uint8Array(pdfBuffer));
    return Buffer.from(await signDetachedCms(digest, this.credentials, signingTime));
  }
}

export interface SealOptions {
  /** Who signs, for the signature dictionary's /Name. */
  name: string;
  reason?: string;
  location?: string;
  signingTime?: Date;
}

/** Seals a PDF: adds the signature placeholder (incrementally re-saved by pdf-lib) and fills it with the CMS. */
export async function signPdf(pdf: Uint8Array, credentials: SealCredentials, options: SealOptions): Promise<Uint8Array> {
  const pdfDoc = await PDFDocument.load(pdf);
  const signingTime = options.signingTime ?? new Date();
  pdflibAddPlaceholder({
    pdfDoc,
    reason: options.reason ?? "Issued document",
    contactInfo: "",
    name: options.name,
    location: options.location ?? "",
    signingTime,
    subFilter: SUBFILTER_ADOBE_PKCS7_DETACHED,
  });
  const withPlaceholder = Buffer.from(await pdfDoc.save({ useObjectStreams: false }));
  return new Uint8Array(await new SignPdf().sign(withPlaceholder, new CmsSigner(credentials), signingTime));
}

function commonName(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues.map((tv) => `${SHORT[tv.type] ?? tv.type}=${tv.value.valueBlock.value}`).join(", ");
}
const SHORT: Record<string, string> = { "2.5.4.3": "CN", "2.5.4.6": "C", "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.97": "organizationIdentifier" };

/**
 * The project's own check of a sealed PDF: the digest of the /ByteRange, the CMS signature against the embedded
 * certificate, the chain to one of the trusted roots (the trust service's CA), and the certificate's validity
 * at signing time. Revocation of the document is the register's business (documents.ts), not this one's.
 */
export async function verifyPdfSignature(pdf: Uint8Array, trustedRootsPem: string[]): Promise<SignatureCheck> {
  let extracted: { ByteRange: number[]; signature: string; signedData: Buffer };
  try {
    extracted = extractSignature(Buffer.from(pdf));
  } catch (error) {
    return { valid: false, reason: `No PDF signature: ${(error as Error).message}` };
  }
  const [, end, start] = extracted.ByteRange;
  // The signed ranges must cover the whole file but the /Contents hole: nothing may be appended unsigned.
  if (extracted.ByteRange[0] !== 0 || start + extracted.ByteRange[3] !== pdf.length || end >= start) {
    return { valid: false, reason: "The signature does not cover the whole file" };
  }
  let signedData: pkijs.SignedData;
  try {
    const asn1 = asn1js.fromBER(arrayBuffer(Buffer.from(extracted.signature, "latin1")));
    signedData = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: asn1.result }).content });
  } catch (error) {
    return { valid: false, reason: `Unreadable CMS signature: ${(error as Error).message}` };
  }
  const signerInfo = signedData.signerInfos[0];
  const sid = signerInfo?.sid as pkijs.IssuerAndSerialNumber | undefined;
  const certificates = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const certificate = certificates.find((c) => sid && c.serialNumber.isEqual(sid.serialNumber) && c.issuer.isEqual(sid.issuer));
  if (!signerInfo || !certificate) return { valid: false, reason: "The signing certificate is not in the signature" };
  const timeAttribute = signerInfo.signedAttrs?.attributes.find((a) => a.type === OID.signingTime);
  const signedAt: Date = timeAttribute ? (timeAttribute.values[0] as asn1js.UTCTime).toDate() : new Date();
  const cn = certificate.subject.typesAndValues.find((tv) => tv.type === "2.5.4.3");
  const details = {
    signer: cn ? String(cn.value.valueBlock.value) : commonName(certificate.subject),
    signedAt: signedAt.toISOString(),
    certificate: {
      subject: commonName(certificate.subject),
      issuer: commonName(certificate.issuer),
      serialNumber: Buffer.from(certificate.serialNumber.valueBlock.valueHexView).toString("hex"),
      notBefore: certificate.notBefore.value.toISOString(),
      notAfter: certificate.notAfter.value.toISOString(),
    },
  };
  if (signedAt < certificate.notBefore.value || signedAt > certificate.notAfter.value) {
    return { valid: false, ...details, reason: "The signing certificate was not valid at signing time (expired or not yet valid)" };
  }
  try {
    const ok = await signedData.verify({ signer: 0, data: arrayBuffer(extracted.signedData), checkChain: false });
    if (!ok) return { valid: false, ...details, reason: "The signature does not match the PDF" };
  } catch (error) {
    return { valid: false, ...details, reason: `The signature does not match the PDF: ${(error as Error).message}` };
  }
  const chain = new pkijs.CertificateChainValidationEngine({
    certs: certificates,
    trustedCerts: trustedRootsPem.map(certificateOf),
    checkDate: signedAt,
  });
  const chainResult = await chain.verify();
  if (!chainResult.result) return { valid: false, ...details, reason: `The certificate does not chain to a trusted root: ${chainResult.resultMessage}` };
  return { valid: true, ...details };
}
