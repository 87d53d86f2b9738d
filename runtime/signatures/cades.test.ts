/** Detached CAdES verification against signatures made by the stand-in signing provider's signer. */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createTrustServiceCa, issueSigningCertificate, signCadesDetached, type SigningCredentials, type TrustServiceCa } from "../../stand-ins";
import { verifyCadesDetached } from "./cades";
import { canonicalJson } from "./content";

const TAX_ID = "3012345678";
const content = canonicalJson({ data: { purpose: "5", type: "short" } });
const hash = createHash("sha256").update(content).digest();

let ca: TrustServiceCa;
let olena: SigningCredentials;

beforeAll(async () => {
  ca = await createTrustServiceCa();
  olena = await issueSigningCertificate(ca, { name: "Коваленко Олена Петрівна", taxId: TAX_ID });
});

const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;

describe("verifyCadesDetached", () => {
  it.skipIf(!hasOpenssl)("makes signatures OpenSSL verifies as detached CMS with the signing-certificate-v2 attribute", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cades-"));
    writeFileSync(join(dir, "content"), content);
    writeFileSync(join(dir, "ca.pem"), ca.certificatePem);
    writeFileSync(join(dir, "sig.p7s"), await signCadesDetached(hash, olena));
    const args = ["cms", "-verify", "-inform", "DER", "-in", join(dir, "sig.p7s"), "-binary", "-content", join(dir, "content"), "-CAfile", join(dir, "ca.pem"), "-purpose", "any", "-out", "/dev/null"];
    expect(spawnSync("openssl", args).stderr.toString()).toContain("Verification successful");
    const printed = execFileSync("openssl", ["cms", "-cmsout", "-print", "-inform", "DER", "-in", join(dir, "sig.p7s")]).toString();
    expect(printed).toMatch(/signingCertificateV2|1\.2\.840\.113549\.1\.9\.16\.2\.47/);
  });

  it("accepts the applicant's signature of the content and tells who signed, when, with which certificate", async () => {
    const signature = await signCadesDetached(hash, olena, new Date("2026-12-01T10:00:00Z"));
    const check = await verifyCadesDetached(signature, hash.toString("base64"), [ca.certificatePem], { expectedTaxId: TAX_ID });
    expect(check.reason).toBeUndefined();
    expect(check.valid).toBe(true);
    expect(check.signedAt).toBe("2026-12-01T10:00:00.000Z");
    expect(check.signer).toMatchObject({ name: "Коваленко Олена Петрівна", taxId: TAX_ID, issuer: expect.stringContaining("Stand-in Qualified Trust Service CA") });
    expect(check.signer?.serial).toMatch(/^[0-9a-f]+$/);
  });

  it("refuses it for other content", async () => {
    const signature = await signCadesDetached(hash, olena);
    const tampered = createHash("sha256").update(content.replace('"short"', '"full"')).digest();
    const check = await verifyCadesDetached(signature, tampered, [ca.certificatePem]);
    expect(check.valid).toBe(false);
    expect(check.reason).toMatch(/other content/);
  });

  it("refuses a signature whose bytes were changed", async () => {
    const signature = await signCadesDetached(hash, olena);
    const broken = Uint8Array.from(signature);
    broken[broken.length - 5] ^= 0xff; // inside the ECDSA signature value at the end
    const check = await verifyCadesDetached(broken, hash, [ca.certificatePem]);
    expect(check.valid).toBe(false);
  });

  it("refuses a certificate from another CA", async () => {
    const other = await createTrustServiceCa("CN=Somebody Else's CA, C=UA");
    const stranger = await issueSigningCertificate(other, { name: "Коваленко Олена Петрівна", taxId: TAX_ID });
    const check = await verifyCadesDetached(await signCadesDetached(hash, stranger), hash, [ca.certificatePem], { expectedTaxId: TAX_ID });
    expect(check.valid).toBe(false);
    expect(check.reason).toMatch(/trusted root/);
  });

  it("refuses a certificate that had expired when it signed", async () => {
    const expired = await issueSigningCertificate(ca, { name: "Коваленко Олена Петрівна", taxId: TAX_ID, notBefore: new Date("2024-01-01T00:00:00Z"), notAfter: new Date("2025-01-01T00:00:00Z") });
    const check = await verifyCadesDetached(await signCadesDetached(hash, expired, new Date("2026-06-01T00:00:00Z")), hash, [ca.certificatePem]);
    expect(check.valid).toBe(false);
    expect(check.reason).toMatch(/not valid at signing time/);
  });

  it("refuses a valid signature of somebody who is not the applicant", async () => {
    const taras = await issueSigningCertificate(ca, { name: "Шевченко Тарас Григорович", taxId: "2233445566" });
    const check = await verifyCadesDetached(await signCadesDetached(hash, taras), hash, [ca.certificatePem], { expectedTaxId: TAX_ID });
    expect(check.valid).toBe(false);
    expect(check.signer?.taxId).toBe("2233445566");
    expect(check.reason).toMatch(/not the applicant/);
  });

  it("refuses what is no CMS signature", async () => {
    const check = await verifyCadesDetached(new Uint8Array([1, 2, 3]), hash, [ca.certificatePem]);
    expect(check.valid).toBe(false);
    expect(check.reason).toMatch(/Unreadable/);
  });
});
