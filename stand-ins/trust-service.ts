/**
 * A stand-in qualified trust service (Ukraine's "КНЕДП"): a self-signed root CA and, per authority, an issuing
 * certificate (ECDSA P-256) for sealing documents. Made with @peculiar/x509; in development kept in ./data/
 * (never committed) so sealed PDFs stay verifiable across restarts. Production takes the authority's key and
 * chain from configuration instead (DOCUMENT_SEAL_KEY_FILE / DOCUMENT_SEAL_CHAIN_FILE, see docs/security.md).
 */
import { randomBytes, webcrypto } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { writeFileOnce } from "../runtime/documents/signing";
import { switchedOff } from "../runtime/wiring/env";
// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata polyfill loaded first.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY = 24 * 60 * 60 * 1000;

export interface TrustServiceCa {
  certificatePem: string;
  privateKeyPem: string;
}

/** Matches runtime/documents/pades.ts SealCredentials (kept structural: stand-ins import no production module). */
export interface IssuedSealCredentials {
  privateKeyPem: string;
  certificatePem: string;
  chainPem: string[];
}

async function keyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", key as webcrypto.CryptoKey), "PRIVATE KEY");
}


export async function createTrustServiceCa(name = "CN=Civic Flow Stand-in Qualified Trust Service CA, O=Stand-in, C=UA"): Promise<TrustServiceCa> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"])) as unknown as CryptoKeyPair;
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01" + randomBytes(15).toString("hex"),
    name,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 20 * 365 * DAY),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificatePem: certificate.toString("pem"), privateKeyPem: await keyPem(keys.privateKey) };
}

export interface IssueSealOptions {
  /** The authority's name, the certificate's CN. */
  authority: string;
  notBefore?: Date;
  notAfter?: Date;
}

/** An end-entity signing certificate (digitalSignature, nonRepudiation) with a fresh P-256 key, signed by the CA. */
export async function issueCertificate(
  ca: TrustServiceCa,
  options: { subject: string; serialPrefix: string; notBefore: Date; notAfter: Date },
): Promise<IssuedSealCredentials> {
  const caCert = new x509.X509Certificate(ca.certificatePem);
  const caKey = await webcrypto.subtle.importKey("pkcs8", x509.PemConverter.decodeFirst(ca.privateKeyPem), ALGORITHM, false, ["sign"]);
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"])) as unknown as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: options.serialPrefix + randomBytes(15).toString("hex"),
    subject: options.subject,
    issuer: caCert.subject,
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    publicKey: keys.publicKey,
    signingKey: caKey as unknown as CryptoKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return { privateKeyPem: await keyPem(keys.privateKey), certificatePem: certificate.toString("pem"), chainPem: [ca.certificatePem] };
}

/** An issuing (sealing) certificate for one authority, signed by the CA. */
export async function issueSealCertificate(ca: TrustServiceCa, options: IssueSealOptions): Promise<IssuedSealCredentials> {
  const now = Date.now();
  return issueCertificate(ca, {
    subject: `CN=${options.authority.replace(/[,=+<>#;"\\]/g, " ")}, O=Stand-in authority, C=UA`,
    serialPrefix: "01",
    notBefore: options.notBefore ?? new Date(now - DAY),
    notAfter: options.notAfter ?? new Date(now + 3 * 365 * DAY),
  });
}

/**
 * The development trust service: the CA and the authority's sealing credentials, generated once into
 * ./data/trust-service/ and read back afterwards.
 */
export async function developmentSealCredentials(
  authority: string,
  directory = "data/trust-service",
): Promise<{ ca: TrustServiceCa; credentials: IssuedSealCredentials }> {
  const dir = resolve(directory);
  const caFile = resolve(dir, "ca.json");
  const sealFile = resolve(dir, `seal-${authority.replace(/[^A-Za-z0-9_-]+/g, "_")}.json`);
  const ca = await createOnce(caFile, () => createTrustServiceCa());
  const credentials = await createOnce(sealFile, () => issueSealCertificate(ca, { authority }));
  return { ca, credentials };
}

/** Reads a JSON file, or makes it and writes it once (`writeFileOnce`: the loser of a race reads the winner's). */
async function createOnce<T>(file: string, make: () => Promise<T>): Promise<T> {
  if (!existsSync(file)) {
    const value = await make();
    if (writeFileOnce(file, JSON.stringify(value))) return value;
  }
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

/**
 * The composition roots' development seal (`npm start`, `npm run worker`): unless a real one is configured
 * (DOCUMENT_SEAL_KEY_FILE) or STAND_IN_TRUST_SERVICE=0, the stand-in trust service's certificate for the
 * authority, loaded on first use; every process sharing ./data seals with the same one.
 */
export function standInSeal(authority: string, env: Record<string, string | undefined> = process.env): (() => Promise<IssuedSealCredentials>) | undefined {
  if (env.DOCUMENT_SEAL_KEY_FILE || switchedOff(env.STAND_IN_TRUST_SERVICE)) return undefined;
  return async () => (await developmentSealCredentials(authority)).credentials;
}
