/**
 * The issuer's Ed25519 key. From configuration (DOCUMENT_SIGNING_KEY as PEM, or DOCUMENT_SIGNING_KEY_FILE);
 * without one, a development key is generated once and kept in ./data/ (never committed), so documents
 * issued in development stay verifiable across restarts.
 */
import { createHash, createPrivateKey, randomBytes, createPublicKey, generateKeyPairSync, sign, verify, X509Certificate, type KeyObject } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pemBlocks, type SealCredentials } from "./pades";

export interface DocumentSigner {
  /** sha256 of the public key (SPKI DER), first 16 hex digits: printed on documents, picks the key to verify with. */
  keyId: string;
  publicKeyPem: string;
  sign(data: Buffer): string;
}

export interface SigningKeyOptions {
  /** PKCS#8 PEM of an Ed25519 private key. */
  privateKeyPem?: string;
  /** A file holding it. */
  privateKeyFile?: string;
  /** Where the development key lives when none is configured; ./data/document-signing-key.pem by default. */
  developmentKeyFile?: string;
  /** Refuse to generate a development key (production). */
  requireConfiguredKey?: boolean;
  warn?: (message: string) => void;
}

export function signerFromKey(privateKey: KeyObject): DocumentSigner {
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error(`The document signing key must be Ed25519, not ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    sign: (data) => sign(null, data, privateKey).toString("base64"),
  };
}

export function loadDocumentSigner(options: SigningKeyOptions = {}, env: Record<string, string | undefined> = process.env): DocumentSigner {
  const pem = options.privateKeyPem ?? env.DOCUMENT_SIGNING_KEY;
  if (pem) return signerFromKey(createPrivateKey(pem));
  const file = options.privateKeyFile ?? env.DOCUMENT_SIGNING_KEY_FILE;
  if (file) {
    try {
      return signerFromKey(createPrivateKey(readFileSync(file)));
    } catch (error) {
      throw new Error(`Cannot load the document signing key from ${file}: ${(error as Error).message}`);
    }
  }
  if (options.requireConfiguredKey) throw new Error("No document signing key: set DOCUMENT_SIGNING_KEY or DOCUMENT_SIGNING_KEY_FILE");
  const devFile = resolve(options.developmentKeyFile ?? "data/document-signing-key.pem");
  if (!existsSync(devFile)) {
    const { privateKey } = generateKeyPairSync("ed25519");
    if (writeFileOnce(devFile, privateKey.export({ type: "pkcs8", format: "pem" }).toString())) {
      (options.warn ?? console.warn)(`Generated a development document signing key in ${devFile}; configure DOCUMENT_SIGNING_KEY_FILE in production.`);
    }
  }
  return signerFromKey(createPrivateKey(readFileSync(devFile)));
}

/**
 * Creates `file` with `contents` unless it exists; true if this call created it. Several processes may start at
 * once (test workers, the web server and a worker): the file appears whole (written aside, then hard-linked,
 * which fails if another process was first), so everyone reads the winner's. Readable by the owner only.
 */
export function writeFileOnce(file: string, contents: string): boolean {
  mkdirSync(dirname(file), { recursive: true });
  const aside = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(aside, contents, { mode: 0o600 });
  try {
    linkSync(aside, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return false;
  } finally {
    unlinkSync(aside);
  }
}

export function keyIdOf(publicKey: KeyObject | string): string {
  const key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  return createHash("sha256").update(key.export({ type: "spki", format: "der" })).digest("hex").slice(0, 16);
}

/** Verifies a base64 signature with one of the trusted public keys, chosen by key id. */
export function verifySignature(data: Buffer, signature: string, keyId: string, trustedKeys: Record<string, string>): boolean {
  const pem = trustedKeys[keyId];
  if (!pem) return false;
  try {
    return verify(null, data, createPublicKey(pem), Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}

/**
 * The PAdES seal's credentials (runtime/documents/pades.ts): in production the authority's ECDSA key and the
 * certificate chain its qualified trust service issued, from DOCUMENT_SEAL_KEY_FILE (PKCS#8 PEM) and
 * DOCUMENT_SEAL_CHAIN_FILE (PEM bundle: the sealing certificate first, then the chain up to the root); without
 * them, `development` supplies some (the composition root passes the stand-in trust service's), unless
 * `requireConfigured` (production) forbids it.
 */
export async function loadSealCredentials(
  options: { development?: () => Promise<SealCredentials>; requireConfigured?: boolean } = {},
  env: Record<string, string | undefined> = process.env,
): Promise<SealCredentials> {
  const keyFile = env.DOCUMENT_SEAL_KEY_FILE;
  const chainFile = env.DOCUMENT_SEAL_CHAIN_FILE;
  if (keyFile || chainFile) {
    if (!keyFile || !chainFile) throw new Error("Set both DOCUMENT_SEAL_KEY_FILE and DOCUMENT_SEAL_CHAIN_FILE");
    const [certificatePem, ...chainPem] = pemBlocks(readFileSync(chainFile, "utf8"));
    if (!certificatePem) throw new Error(`No certificate in ${chainFile}`);
    const privateKeyPem = readFileSync(keyFile, "utf8");
    // The key must be the certificate's: a mismatch would seal PDFs no reader accepts.
    const certificateKey = new X509Certificate(certificatePem).publicKey.export({ type: "spki", format: "der" });
    const ownKey = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: "spki", format: "der" });
    if (!certificateKey.equals(ownKey)) throw new Error(`The key in ${keyFile} is not the one certified in ${chainFile}`);
    return { privateKeyPem, certificatePem, chainPem };
  }
  if (options.requireConfigured || !options.development) throw new Error("No document seal: set DOCUMENT_SEAL_KEY_FILE and DOCUMENT_SEAL_CHAIN_FILE");
  return options.development();
}
