/**
 * Server secrets of the web app: the key of the applicant pseudonym (HMAC of the tax number, as Diia
 * does) and of the anonymous CSRF tokens. From the environment (PORTAL_SECRET, at least 32 characters);
 * without it a development secret is generated once and kept in ./data/portal-secret (never committed),
 * so pseudonyms stay the same across restarts.
 */
import { createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

let cached: Buffer | undefined;

export function portalSecret(env: Record<string, string | undefined> = process.env): Buffer {
  if (cached) return cached;
  const configured = env.PORTAL_SECRET;
  if (configured) {
    if (configured.length < 32) throw new Error("PORTAL_SECRET must have at least 32 characters");
    cached = Buffer.from(configured, "utf8");
    return cached;
  }
  const file = resolve(env.PORTAL_SECRET_FILE ?? "data/portal-secret");
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600 });
    console.warn(`Generated a development portal secret in ${file}; set PORTAL_SECRET in production.`);
  }
  cached = Buffer.from(readFileSync(file, "utf8").trim(), "base64");
  return cached;
}

/** HMAC-SHA256 under the portal secret, with a purpose label so one secret serves several uses. */
export function hmac(purpose: string, value: string): string {
  return createHmac("sha256", portalSecret()).update(`${purpose}\0${value}`).digest("hex");
}

/** The applicant's pseudonymous id: HMAC-SHA256 of the tax number (Diia: HMAC of the ITN with a secret salt). */
export function applicantPseudonym(taxId: string): string {
  return hmac("applicant", taxId);
}
