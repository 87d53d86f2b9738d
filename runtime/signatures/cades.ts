/**
 * Verification of a detached CAdES signature (CMS SignedData without encapsulated content) over a SHA-256
 * hash, as a qualified signing provider (Diia.Signature, the stand-in in stand-ins/signing-provider.ts)
 * returns it: the messageDigest attribute equals the hash of the content, the signature over the signed
 * attributes verifies with the signer's certificate, the ESS signing-certificate-v2 attribute (when present)
 * names that certificate, the certificate chains to one of the trusted roots and was valid at signing time,
 * and (when asked) its subject's serialNumber is the expected person's tax number (TINUA-<РНОКПП>).
 * ECDSA P-256 with SHA-256 only; DSTU 4145 is the next step (docs/signatures.md).
 */
import { createHash, webcrypto } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

pkijs.setEngine("node", new pkijs.CryptoEngine({ name: "node", crypto: webcrypto as unknown as Crypto }));

const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  sha256: "2.16.840.1.101.3.4.2.1",
  commonName: "2.5.4.3",
  serialNumber: "2.5.4.5",
};

export interface SignerInfo {
  /** The certificate subject's common name. */
  name: string;
  /** The РНОКПП from the subject's serialNumber (TINUA-<РНОКПП>), or "" when it has none. */
  taxId: string;
  /** The certificate's serial number, hex. */
  serial: string;
  /** The issuer's distinguished name. */
  issuer: string;
  notBefore: string;
  notAfter: string;
}

export interface CadesCheck {
  valid: boolean;
  signer?: SignerInfo;
  /** The signingTime attribute, ISO 8601. */
  signedAt?: string;
  /** Why it is not valid. */
  reason?: string;
}

export interface VerifyOptions {
  /** The person who must have signed (their РНОКПП): anyone else's valid signature is refused. */
  expectedTaxId?: string;
}

const SHORT: Record<string, string> = { "2.5.4.3": "CN", "2.5.4.5": "serialNumber", "2.5.4.6": "C", "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.97": "organizationIdentifier" };

function nameText(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues.map((tv) => `${SHORT[tv.type] ?? tv.type}=${tv.value.valueBlock.value}`).join(", ");
}

function attribute(name: pkijs.RelativeDistinguishedNames, oid: string): string {
  const found = name.typesAndValues.find((tv) => tv.type === oid);
  return found ? String(found.value.valueBlock.value) : "";
}

const own = (bytes: Uint8Array): ArrayBuffer => Uint8Array.from(bytes).buffer;

function certificateOf(pem: string): pkijs.Certificate {
  return pkijs.Certificate.fromBER(own(Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64")));
}

/** The tax number in a certificate subject's serialNumber ("TINUA-3012345678" → "3012345678"). */
export function taxIdOfSerialNumber(serialNumber: string): string {
  const match = /^TINUA-(\d{8,10})$/.exec(serialNumber.trim());
  return match ? match[1] : "";
}

/**
 * Checks a detached CAdES signature (DER) of content whose SHA-256 is `contentHash` (bytes, or base64) against
 * the trusted root certificates (PEM).
 */
export async function verifyCadesDetached(
  signatureDer: Uint8Array,
  contentHash: Uint8Array | string,
  trustedRootsPem: string[],
  options: VerifyOptions = {},
): Promise<CadesCheck> {
  const hash = typeof contentHash === "string" ? Buffer.from(contentHash, "base64") : Buffer.from(contentHash);
  let signedData: pkijs.SignedData;
  try {
    const asn1 = asn1js.fromBER(own(signatureDer));
    if (asn1.offset === -1) throw new Error(asn1.result.error);
    const info = new pkijs.ContentInfo({ schema: asn1.result });
    if (info.contentType !== OID.signedData) throw new Error("not SignedData");
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch (error) {
    return { valid: false, reason: `Unreadable CMS signature: ${(error as Error).message}` };
  }
  if (signedData.encapContentInfo.eContent) return { valid: false, reason: "The signature encapsulates content: a detached signature was expected" };
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo || signedData.signerInfos.length !== 1) return { valid: false, reason: "The signature has not exactly one signer" };
  const sid = signerInfo.sid as pkijs.IssuerAndSerialNumber;
  const certificates = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const certificate = sid instanceof pkijs.IssuerAndSerialNumber ? certificates.find((c) => c.serialNumber.isEqual(sid.serialNumber) && c.issuer.isEqual(sid.issuer)) : undefined;
  if (!certificate) return { valid: false, reason: "The signing certificate is not in the signature" };
  const signer: SignerInfo = {
    name: attribute(certificate.subject, OID.commonName) || nameText(certificate.subject),
    taxId: taxIdOfSerialNumber(attribute(certificate.subject, OID.serialNumber)),
    serial: Buffer.from(certificate.serialNumber.valueBlock.valueHexView).toString("hex"),
    issuer: nameText(certificate.issuer),
    notBefore: certificate.notBefore.value.toISOString(),
    notAfter: certificate.notAfter.value.toISOString(),
  };
  const attributes = signerInfo.signedAttrs?.attributes ?? [];
  const find = (oid: string) => attributes.find((a) => a.type === oid);
  const time = find(OID.signingTime)?.values[0] as asn1js.UTCTime | asn1js.GeneralizedTime | undefined;
  if (!time) return { valid: false, signer, reason: "The signature has no signing time" };
  const signedAtDate = time.toDate();
  const signedAt = signedAtDate.toISOString();
  const details = { signer, signedAt };

  if (signerInfo.digestAlgorithm.algorithmId !== OID.sha256) return { valid: false, ...details, reason: "The signature's digest is not SHA-256" };
  const contentType = find(OID.contentType)?.values[0] as asn1js.ObjectIdentifier | undefined;
  if (contentType?.valueBlock.toString() !== OID.data) return { valid: false, ...details, reason: "The signed content type is not id-data" };
  const digest = find(OID.messageDigest)?.values[0] as asn1js.OctetString | undefined;
  if (!digest || !Buffer.from(digest.valueBlock.valueHexView).equals(hash)) {
    return { valid: false, ...details, reason: "The signature is of other content (the message digest differs)" };
  }
  const essCertificate = find(OID.signingCertificateV2);
  if (essCertificate) {
    const certHash = createHash("sha256").update(Buffer.from(certificate.toSchema().toBER(false))).digest();
    try {
      // SigningCertificateV2 → certs → first ESSCertIDv2 → (hashAlgorithm DEFAULT sha256) certHash.
      const ids = ((essCertificate.values[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
      const first = (ids[0] as asn1js.Sequence).valueBlock.value;
      const named = first[0] instanceof asn1js.OctetString ? first[0] : first[1];
      if (!(named instanceof asn1js.OctetString) || !Buffer.from(named.valueBlock.valueHexView).equals(certHash)) {
        return { valid: false, ...details, reason: "The signing-certificate attribute names another certificate" };
      }
    } catch {
      return { valid: false, ...details, reason: "Unreadable signing-certificate attribute" };
    }
  }
  try {
    const crypto = pkijs.getCrypto(true);
    const ok = await crypto.verifyWithPublicKey(
      signerInfo.signedAttrs!.encodedValue,
      signerInfo.signature,
      certificate.subjectPublicKeyInfo,
      signerInfo.signatureAlgorithm,
      "SHA-256",
    );
    if (!ok) return { valid: false, ...details, reason: "The signature does not verify with the signing certificate" };
  } catch (error) {
    return { valid: false, ...details, reason: `The signature does not verify: ${(error as Error).message}` };
  }
  if (signedAtDate < certificate.notBefore.value || signedAtDate > certificate.notAfter.value) {
    return { valid: false, ...details, reason: "The signing certificate was not valid at signing time (expired or not yet valid)" };
  }
  let roots: pkijs.Certificate[];
  try {
    roots = trustedRootsPem.map(certificateOf);
  } catch (error) {
    return { valid: false, ...details, reason: `Unreadable trusted root: ${(error as Error).message}` };
  }
  const chain = await new pkijs.CertificateChainValidationEngine({ certs: certificates, trustedCerts: roots, checkDate: signedAtDate }).verify();
  if (!chain.result) return { valid: false, ...details, reason: `The certificate does not chain to a trusted root: ${chain.resultMessage}` };
  if (options.expectedTaxId !== undefined && signer.taxId !== options.expectedTaxId) {
    return { valid: false, ...details, reason: "The signer is not the applicant (the certificate's tax number differs)" };
  }
  return { valid: true, ...details };
}
