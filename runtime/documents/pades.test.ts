/**
 * PAdES seals on issued PDFs, checked by poppler's pdfsig (an outside reader) and by the project's verifier:
 * valid, tampered, expired certificate, untrusted root, revoked in the register.
 */
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createTrustServiceCa, developmentSealCredentials, issueSealCertificate, type TrustServiceCa } from "../../stand-ins";
import { ManualClock } from "../clock";
import { createDocuments } from "./documents";
import { signPdf, verifyPdfSignature, type SealCredentials } from "./pades";
import { loadSealCredentials, signerFromKey } from "./signing";
import { InMemoryDocumentStore } from "./store";

const PDFSIG = "/usr/bin/pdfsig";
const hasPdfsig = existsSync(PDFSIG);
if (!hasPdfsig) console.warn(`pades.test.ts: ${PDFSIG} is missing (Debian's poppler-utils); the pdfsig checks are skipped. .ci/run installs it.`);

const dir = mkdtempSync(join(tmpdir(), "pades-"));

/** pdfsig's report; it exits non-zero for a broken signature, so the output is taken either way. */
function pdfsig(pdf: Uint8Array): string {
  const file = join(dir, `doc-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  try {
    return execFileSync(PDFSIG, [file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return `${failed.stdout ?? ""}${failed.stderr ?? ""}`;
  }
}

let ca: TrustServiceCa;
let credentials: SealCredentials;
let issuedPdf: Uint8Array;
const clock = new ManualClock("2026-03-01T10:00:00Z");
const register = { signer: signerFromKey(generateKeyPairSync("ed25519").privateKey), clock, publicBaseUrl: "https://civic.example.gov.ua/" };
/** Issues sealed PDFs, as the runtime does. */
const documents = createDocuments({ ...register, store: new InMemoryDocumentStore(), seal: async () => credentials, issuer: { uk: "Міністерство юстиції України", en: "Ministry of Justice of Ukraine" } });
/** Issues unsealed PDFs, to seal them here with other certificates. */
const plain = createDocuments({ ...register, store: new InMemoryDocumentStore() });
let number: string;
let documentId: string;

beforeAll(async () => {
  ca = await createTrustServiceCa();
  credentials = await issueSealCertificate(ca, { authority: "Міністерство юстиції України" });
  const issued = await documents.issue({
    type: "criminal-record-certificate",
    holderId: "3456789012",
    applicationId: "app-1",
    data: {
      orderId: "700001",
      fullName: "Коваленко Олена Іванівна",
      birthDate: "1990-04-12",
      type: "short",
      purpose: "5",
      content: "Станом на дату формування не знятої чи не погашеної судимості не має.",
      isCriminalRecord: false,
      isSuspicion: false,
    },
  });
  number = issued.document.number;
  documentId = issued.document.id;
  issuedPdf = issued.pdf;
});

describe("PAdES seal", () => {
  it("verifies with the project's verifier: signer, time and certificate", async () => {
    const result = await verifyPdfSignature(issuedPdf, [ca.certificatePem]);
    expect(result).toMatchObject({ valid: true, signer: "Міністерство юстиції України" });
    expect(result.certificate?.issuer).toContain("CN=Civic Flow Stand-in Qualified Trust Service CA");
    expect(result.certificate?.serialNumber).toMatch(/^[0-9a-f]+$/);
    expect(Math.abs(Date.parse(result.signedAt!) - Date.now())).toBeLessThan(60_000); // when the key was used
  });

  it("is checked when a PDF is presented by its number: the register and the seal", async () => {
    const verified = await documents.verify(number, issuedPdf);
    expect(verified).toMatchObject({ valid: true, status: "valid", seal: { valid: true, signer: "Міністерство юстиції України" } });
    const tampered = Uint8Array.from(issuedPdf);
    tampered[Buffer.from(tampered).indexOf("/MediaBox") + 1] = "N".charCodeAt(0);
    const refused = await documents.verify(number, tampered);
    expect(refused.valid).toBe(false);
    expect(refused.problems).toEqual(["The PDF is not the one issued under this number", expect.stringMatching(/^The PDF's seal is not valid: The signature does not match the PDF/)]);
  });

  it("a sealed PDF is kept as issued: it is not made again", async () => {
    const document = (await documents.verify(number)).document!;
    await expect(documents.pdf({ ...document, id: documentId, type: document.type } as never)).rejects.toThrow(/is sealed/);
  });

  // pdfsig checks the CMS against the ByteRange; its NSS database does not hold the stand-in CA, so
  // "Signature is Valid" with "Certificate issuer isn't Trusted" is the expected report (the chain to the CA
  // is the project's verifier's check).
  it.skipIf(!hasPdfsig)("verifies with poppler's pdfsig", () => {
    const report = pdfsig(issuedPdf);
    expect(report).toContain("Signature Validation: Signature is Valid.");
    expect(report).toContain("Certificate Validation: Certificate issuer isn't Trusted.");
    expect(report).toContain("Signer Certificate Common Name: Міністерство юстиції України");
    expect(report).toContain("Signature Type: adbe.pkcs7.detached");
    expect(report).toContain("Total document signed");
  });

  it.skipIf(!hasPdfsig)("a byte changed inside the signed range fails pdfsig and the project's verifier", async () => {
    const tampered = Uint8Array.from(issuedPdf);
    const at = Buffer.from(tampered).indexOf("/MediaBox");
    expect(at).toBeGreaterThan(0);
    tampered[at + 1] = "N".charCodeAt(0); // /MediaBox → /NediaBox: inside the first signed range
    expect(pdfsig(tampered)).not.toContain("Signature is Valid");
    expect(await verifyPdfSignature(tampered, [ca.certificatePem])).toMatchObject({ valid: false, reason: expect.stringMatching(/^The signature does not match the PDF/) });
  });

  it("a tampered PDF fails the project's verifier even without pdfsig", async () => {
    const tampered = Uint8Array.from(issuedPdf);
    tampered[20] ^= 1;
    expect((await verifyPdfSignature(tampered, [ca.certificatePem])).valid).toBe(false);
  });

  it("an expired certificate fails the project's verifier", async () => {
    const expired = await issueSealCertificate(ca, { authority: "Old authority", notBefore: new Date(Date.now() - 400 * 864e5), notAfter: new Date(Date.now() - 864e5) });
    const sealed = await signPdf(await unsealedPdf(), expired, { name: "Old authority" });
    const result = await verifyPdfSignature(sealed, [ca.certificatePem]);
    expect(result).toMatchObject({ valid: false, signer: "Old authority" });
    expect(result.reason).toMatch(/not valid at signing time/);
  });

  it("a certificate from another CA is not trusted", async () => {
    const otherCa = await createTrustServiceCa("CN=Somebody else's CA");
    const sealed = await signPdf(await unsealedPdf(), await issueSealCertificate(otherCa, { authority: "Pretender" }), { name: "Pretender" });
    const result = await verifyPdfSignature(sealed, [ca.certificatePem]);
    expect(result).toMatchObject({ valid: false, signer: "Pretender" });
    expect(result.reason).toMatch(/does not chain to a trusted root/);
    expect((await verifyPdfSignature(sealed, [otherCa.certificatePem])).valid).toBe(true);
  });

  it("an unsigned PDF has no signature", async () => {
    expect(await verifyPdfSignature(await unsealedPdf(), [ca.certificatePem])).toMatchObject({ valid: false, reason: expect.stringMatching(/No PDF signature/) });
  });

  it("revocation stays in the register: a revoked document is reported revoked, its seal still intact", async () => {
    await documents.revoke(documentId);
    expect(await documents.verify(number)).toMatchObject({ valid: false, status: "revoked", problems: ["The document was revoked"] });
    expect((await verifyPdfSignature(issuedPdf, [ca.certificatePem])).valid).toBe(true);
  });

  it("the development trust service is generated once into its directory and read back", async () => {
    const where = join(dir, "trust-service");
    const first = await developmentSealCredentials("authority-a", where);
    const second = await developmentSealCredentials("authority-a", where);
    expect(second.credentials.certificatePem).toBe(first.credentials.certificatePem);
    expect(second.ca.certificatePem).toBe(first.ca.certificatePem);
    const other = await developmentSealCredentials("authority-b", where);
    expect(other.credentials.certificatePem).not.toBe(first.credentials.certificatePem);
    expect(other.ca.certificatePem).toBe(first.ca.certificatePem);
  });
});

describe("seal credentials", () => {
  it("come from DOCUMENT_SEAL_KEY_FILE and DOCUMENT_SEAL_CHAIN_FILE, and seal verifiable PDFs", async () => {
    const keyFile = join(dir, "seal-key.pem");
    const chainFile = join(dir, "seal-chain.pem");
    writeFileSync(keyFile, credentials.privateKeyPem);
    writeFileSync(chainFile, [credentials.certificatePem, ...credentials.chainPem].join("\n"));
    const env = { DOCUMENT_SEAL_KEY_FILE: keyFile, DOCUMENT_SEAL_CHAIN_FILE: chainFile };
    const loaded = await loadSealCredentials({ requireConfigured: true }, env);
    expect(loaded.certificatePem.trim()).toBe(credentials.certificatePem.trim());
    expect(loaded.chainPem.map((pem) => pem.trim())).toEqual([ca.certificatePem.trim()]);
    const sealed = await signPdf(await unsealedPdf(), loaded, { name: "Configured" });
    expect((await verifyPdfSignature(sealed, [ca.certificatePem])).valid).toBe(true);
  });

  it("refuse a key that is not the certificate's, a half configuration, and a missing one in production", async () => {
    const other = await issueSealCertificate(ca, { authority: "Other" });
    const keyFile = join(dir, "other-key.pem");
    const chainFile = join(dir, "chain.pem");
    writeFileSync(keyFile, other.privateKeyPem);
    writeFileSync(chainFile, [credentials.certificatePem, ...credentials.chainPem].join("\n"));
    await expect(loadSealCredentials({}, { DOCUMENT_SEAL_KEY_FILE: keyFile, DOCUMENT_SEAL_CHAIN_FILE: chainFile })).rejects.toThrow(/is not the one certified/);
    await expect(loadSealCredentials({}, { DOCUMENT_SEAL_KEY_FILE: keyFile })).rejects.toThrow(/Set both/);
    await expect(loadSealCredentials({ requireConfigured: true, development: async () => credentials }, {})).rejects.toThrow(/No document seal/);
    expect(await loadSealCredentials({ development: async () => credentials }, {})).toBe(credentials);
  });
});

async function unsealedPdf(): Promise<Uint8Array> {
  const issued = await plain.issue({
    type: "criminal-record-certificate",
    holderId: "3456789012",
    applicationId: "app-2",
    data: { orderId: "700002", fullName: "Коваленко Олена Іванівна", birthDate: "1990-04-12", type: "short", purpose: "5", content: "—", isCriminalRecord: false, isSuspicion: false },
  });
  return issued.pdf;
}
