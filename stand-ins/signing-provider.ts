/**
 * A stand-in signing provider modelled on Diia.Signature (Дія.Підпис): the service sends the SHA-256 of what
 * is to be signed with the signer's tax number and name; the citizen opens the provider's confirmation page
 * (the hash and what it is), signs or declines; the provider makes a detached CAdES signature (CMS SignedData
 * without encapsulated content; signed attributes contentType, messageDigest = the hash, signingTime and ESS
 * signing-certificate-v2) with the citizen's own ECDSA P-256 key and certificate, issued by the stand-in
 * trust service's CA (stand-ins/trust-service.ts; subject CN = name, serialNumber = TINUA-<РНОКПП>), and sends
 * the browser back to the service's return URL with `requestId`. The service then fetches the result server
 * to server: GET /sign-requests/{id} → { status: pending | signed | declined | expired, signature }.
 *
 * Real Diia.Signature signs with DSTU 4145 keys as well; this stand-in signs with ECDSA P-256 only
 * (docs/signatures.md). Keys and certificates are kept per tax number in ./data/signing-provider/ in
 * development (like the trust service's), so a citizen's certificate stays the same across restarts.
 */
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, resolve } from "node:path";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { pemToDer, signDetachedCms } from "../runtime/documents/pades";
import { createTrustServiceCa, issueCertificate, type TrustServiceCa } from "./trust-service";
import { readJson, send } from "./json-http";

const DAY = 24 * 60 * 60 * 1000;
const OID = { signingCertificateV2: "1.2.840.113549.1.9.16.2.47" };

/** A citizen's signing key and certificate (PEM), with the CA's certificate. */
export interface SigningCredentials {
  privateKeyPem: string;
  certificatePem: string;
  chainPem: string[];
}

const rdn = (value: string) => value.replace(/[,=+<>#;"\\]/g, " ").trim();

/** A qualified-signature certificate for one person, issued by the CA: CN = name, serialNumber = TINUA-<taxId>. */
export async function issueSigningCertificate(
  ca: TrustServiceCa,
  person: { name: string; taxId: string; notBefore?: Date; notAfter?: Date },
): Promise<SigningCredentials> {
  const now = Date.now();
  return issueCertificate(ca, {
    subject: `CN=${rdn(person.name)}, 2.5.4.5=TINUA-${rdn(person.taxId)}, C=UA`,
    serialPrefix: "02",
    notBefore: person.notBefore ?? new Date(now - DAY),
    notAfter: person.notAfter ?? new Date(now + 2 * 365 * DAY),
  });
}

/**
 * A detached CAdES-BES signature of a SHA-256 hash: CMS SignedData (DER) with no encapsulated content, signed
 * attributes contentType (id-data), messageDigest (the hash), signingTime and signing-certificate-v2, and the
 * signer's certificate and chain.
 */
export async function signCadesDetached(hash: Uint8Array, credentials: SigningCredentials, signingTime: Date = new Date()): Promise<Uint8Array> {
  const certificate = pkijs.Certificate.fromBER(pemToDer(credentials.certificatePem));
  const certHash = createHash("sha256").update(Buffer.from(pemToDer(credentials.certificatePem))).digest();
  // ESS SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }; ESSCertIDv2 ::= SEQUENCE {
  // certHash (SHA-256, the default algorithm, so not written), issuerSerial { GeneralNames [4] Name, serial } }.
  const signingCertificateV2 = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({
            value: [
              new asn1js.OctetString({ valueHex: Uint8Array.from(certHash).buffer }),
              new asn1js.Sequence({
                value: [
                  new asn1js.Sequence({ value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [certificate.issuer.toSchema()] })] }),
                  new asn1js.Integer({ valueHex: certificate.serialNumber.valueBlock.valueHexView.slice().buffer }),
                ],
              }),
            ],
          }),
        ],
      }),
    ],
  });
  const attribute = new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2] });
  return signDetachedCms(Uint8Array.from(hash).buffer, credentials, signingTime, [attribute]);
}

export type SignRequestStatus = "pending" | "signed" | "declined" | "expired";

export interface SignRequest {
  requestId: string;
  /** SHA-256 of the content, base64. */
  hash: string;
  taxId: string;
  name: string;
  description: string;
  returnUrl: string;
  status: SignRequestStatus;
  createdAt: number;
  /** The detached CAdES signature (DER), once signed. */
  signature?: Uint8Array;
}

export interface SigningProviderOptions {
  port?: number;
  apiKey: string;
  /** The stand-in trust service's CA; default: the development CA in ./data/trust-service/ca.json (made on first use). */
  ca?: TrustServiceCa;
  /** Where citizens' keys are kept (one JSON per tax number); false: in memory only. Default data/signing-provider. */
  directory?: string | false;
  /** Requests not signed by then expire (default 10 min). */
  requestTtlMs?: number;
  now?: () => number;
  /** Tests: another person's credentials for a tax number (an expired certificate, another CA…). */
  credentialsFor?: (taxId: string, name: string) => Promise<SigningCredentials | undefined>;
}

/** The development CA, shared with the trust service (./data/trust-service/ca.json), made on first use. */
export async function developmentCa(directory = "data/trust-service"): Promise<TrustServiceCa> {
  const file = resolve(directory, "ca.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as TrustServiceCa;
  const ca = await createTrustServiceCa();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(ca), { mode: 0o600 });
  return ca;
}

export async function startStandInSigningProvider(options: SigningProviderOptions) {
  const ca = options.ca ?? (await developmentCa());
  const now = options.now ?? Date.now;
  const ttl = options.requestTtlMs ?? 10 * 60_000;
  const requests = new Map<string, SignRequest>();
  const keys = new Map<string, Promise<SigningCredentials>>();
  const directory = options.directory === false ? undefined : resolve(options.directory ?? "data/signing-provider");

  /** One key and certificate per tax number: kept, or issued on first use. */
  function credentialsOf(taxId: string, name: string): Promise<SigningCredentials> {
    let found = keys.get(taxId);
    if (!found) {
      found = (async () => {
        const special = await options.credentialsFor?.(taxId, name);
        if (special) return special;
        const file = directory && resolve(directory, `${taxId.replace(/[^A-Za-z0-9_-]+/g, "_")}.json`);
        if (file && existsSync(file)) {
          const kept = JSON.parse(readFileSync(file, "utf8")) as SigningCredentials;
          // Kept from another CA (the development CA was made again): issue a new one.
          if (kept.chainPem[0] === ca.certificatePem) return kept;
        }
        const issued = await issueSigningCertificate(ca, { name, taxId });
        if (file) {
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, JSON.stringify(issued), { mode: 0o600 });
        }
        return issued;
      })();
      found.catch(() => keys.delete(taxId));
      keys.set(taxId, found);
    }
    return found;
  }

  function expireIfDue(request: SignRequest) {
    if (request.status === "pending" && now() - request.createdAt >= ttl) request.status = "expired";
  }

  const back = (request: SignRequest) => {
    const url = new URL(request.returnUrl);
    url.searchParams.set("requestId", request.requestId);
    return url.toString();
  };

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://x");
      const parts = url.pathname.split("/").filter(Boolean);
      const authorized = req.headers.authorization === `Bearer ${options.apiKey}`;
      if (parts[0] === "sign-requests" && parts.length === 1 && req.method === "POST") {
        if (!authorized) return send(res, 401, { error: "unauthorized" });
        const input = (await readJson(req)) as Partial<Record<"hash" | "taxId" | "name" | "returnUrl" | "description", unknown>> | undefined;
        const hash = typeof input?.hash === "string" ? input.hash : "";
        if (Buffer.from(hash, "base64").length !== 32 || Buffer.from(hash, "base64").toString("base64") !== hash) return send(res, 400, { error: "badRequest", message: "hash must be a base64 SHA-256" });
        if (typeof input?.taxId !== "string" || !/^\d{10}$/.test(input.taxId)) return send(res, 400, { error: "badRequest", message: "taxId must be a 10-digit РНОКПП" });
        if (typeof input.name !== "string" || !input.name.trim()) return send(res, 400, { error: "badRequest", message: "name is required" });
        let returnUrl: URL;
        try {
          returnUrl = new URL(String(input.returnUrl));
          if (!/^https?:$/.test(returnUrl.protocol)) throw new Error("scheme");
        } catch {
          return send(res, 400, { error: "badRequest", message: "returnUrl must be an http(s) URL" });
        }
        const request: SignRequest = {
          requestId: `sr_${randomUUID()}`,
          hash,
          taxId: input.taxId,
          name: input.name.trim().slice(0, 200),
          description: typeof input.description === "string" ? input.description.slice(0, 500) : "",
          returnUrl: returnUrl.toString(),
          status: "pending",
          createdAt: now(),
        };
        requests.set(request.requestId, request);
        return send(res, 201, { requestId: request.requestId, confirmUrl: `${base}/confirm/${request.requestId}`, expiresAt: new Date(request.createdAt + ttl).toISOString() });
      }
      const request = parts[1] ? requests.get(parts[1]) : undefined;
      if (request) expireIfDue(request);
      if (parts[0] === "sign-requests" && parts.length === 2 && req.method === "GET") {
        if (!authorized) return send(res, 401, { error: "unauthorized" });
        if (!request) return send(res, 404, { error: "notFound" });
        return send(res, 200, {
          requestId: request.requestId,
          status: request.status,
          ...(request.signature ? { signature: Buffer.from(request.signature).toString("base64") } : {}),
        });
      }
      if (parts[0] === "confirm" && request && parts.length === 2 && req.method === "GET") {
        res.setHeader("content-type", "text/html;charset=utf-8");
        return res.end(confirmPage(request));
      }
      if (parts[0] === "confirm" && request && parts.length === 3 && req.method === "POST" && (parts[2] === "sign" || parts[2] === "decline")) {
        if (request.status !== "pending") {
          res.statusCode = 409;
          res.setHeader("content-type", "text/html;charset=utf-8");
          return res.end(page("Запит недійсний", `<p>Цей запит на підписання вже ${request.status === "expired" ? "прострочено" : "оброблено"}.</p><p><a class="button" href="${escapeHtml(back(request))}">Повернутися до послуги</a></p>`));
        }
        if (parts[2] === "sign") {
          const credentials = await credentialsOf(request.taxId, request.name);
          request.signature = await signCadesDetached(Buffer.from(request.hash, "base64"), credentials, new Date(now()));
          request.status = "signed";
        } else request.status = "declined";
        res.statusCode = 303;
        res.setHeader("location", back(request));
        return res.end();
      }
      return send(res, 404, { error: "notFound" });
    } catch (error) {
      return send(res, 500, { error: "internal", message: (error as Error).message });
    }
  });
  await new Promise<void>((resolveListen) => server.listen(options.port ?? 0, "127.0.0.1", resolveListen));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    requests,
    /** The CA the provider's certificates chain to (what the service trusts). */
    caCertificatePem: ca.certificatePem,
    /** A person's credentials (issued on first use), for tests. */
    credentialsOf,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}

export type StandInSigningProvider = Awaited<ReturnType<typeof startStandInSigningProvider>>;

function confirmPage(request: SignRequest): string {
  const hex = Buffer.from(request.hash, "base64").toString("hex");
  const body =
    request.status !== "pending"
      ? `<p>Цей запит на підписання ${request.status === "expired" ? "прострочено" : "вже оброблено"}.</p>`
      : `<p class="lead">Послуга просить вас підписати документ кваліфікованим електронним підписом.</p>
<dl>
  <dt>Що підписується</dt><dd>${escapeHtml(request.description || "Дані заяви")}</dd>
  <dt>Підписувач</dt><dd>${escapeHtml(request.name)}, РНОКПП ${escapeHtml(request.taxId.slice(0, 2))}••••••${escapeHtml(request.taxId.slice(-2))}</dd>
  <dt>Геш даних (SHA-256)</dt><dd class="mono">${hex}</dd>
</dl>
<p class="muted">Демонстраційний постачальник (stand-in) Дія.Підпис: підпис ECDSA P-256, сертифікат тестового КНЕДП.</p>
<div class="actions">
  <form method="post" action="/confirm/${request.requestId}/sign"><button class="button" type="submit">Підписати</button></form>
  <form method="post" action="/confirm/${request.requestId}/decline"><button class="button secondary" type="submit">Відмовитися</button></form>
</div>`;
  return page("Дія.Підпис — підписання", body);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="uk"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;background:#e2ecf4;margin:0;color:#111}
main{max-width:36rem;margin:3rem auto;background:#fff;border-radius:1.5rem;padding:2rem;box-shadow:0 2px 12px #0001}
h1{font-size:1.5rem;margin-top:0}.lead{font-size:1.1rem}dt{font-weight:600;margin-top:.75rem}dd{margin:.25rem 0 0}
.mono{font-family:ui-monospace,monospace;word-break:break-all;font-size:.9rem}.muted{color:#555;font-size:.9rem}
.actions{display:flex;gap:1rem;margin-top:1.5rem}.button{background:#000;color:#fff;border:0;border-radius:2rem;padding:.8rem 1.6rem;font-size:1rem;cursor:pointer;text-decoration:none}
.button.secondary{background:#fff;color:#000;border:2px solid #000}
</style></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}


const escapeHtml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
