/**
 * The security suite's world: the real server in-process (startAppServer in development mode: Vite renders
 * the pages, no build needed) on a throwaway SQLite database, sessions made the way sign-in makes them
 * (createSession, as the API tests do), and a probe service whose applications reach an officer's review.
 */
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDefinition } from "../../engine";
import { Runtime } from "../../runtime";
import { exampleCatalog } from "../../service-definitions";
import { ensureDemoAccounts } from "../app/auth/accounts.server";
import { applicantPseudonym } from "../app/auth/secrets.server";
import { createSession, SESSION_COOKIE } from "../app/auth/sessions.server";
import type { CitizenProfile } from "../app/auth/types";
import { startAppServer, type AppServer } from "../server";

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The client's own address (any 127.x.y.z reaches the server on loopback). */
  from?: string;
}

export interface Session {
  /** The Cookie header value. */
  cookie: string;
  token: string;
  csrf: string;
}

export const FORM = "application/x-www-form-urlencoded";
export const form = (fields: Record<string, string> | [string, string][]) => new URLSearchParams(fields).toString();

/** Text a citizen types, meant to run as script if a page printed it unescaped. */
export const XSS = `</script><script>alert(1)</script>"><img src=x onerror=alert(2)>`;

/** A form, then an officer's review (hsc-officer), then the end: the smallest service with both. */
export const PROBE_SERVICE = `
schemaVersion: 1
id: security-probe
title: { uk: Перевірка безпеки, en: Security probe }
languages: [uk, en]
owner: Test
start: ask
steps:
  ask:
    kind: form
    title: { uk: Заява, en: Application }
    schema:
      type: object
      required: [note]
      properties:
        note: { type: string, maxLength: 500, title: { uk: Примітка, en: Note } }
        tags: { type: array, maxItems: 3, items: { type: string }, title: { uk: Мітки, en: Tags } }
    next: review
  review:
    kind: review
    title: { uk: Розгляд, en: Review }
    role: hsc-officer
    instructions: { uk: Перевірте примітку., en: Check the note. }
    on: { approve: done, reject: rejected, sendBack: ask }
  done: { kind: final, outcome: approved }
  rejected: { kind: final, outcome: rejected }
`;

/** The probe with a party: the applicant's form, an invite (by tax number and link) of a partner who sees the form's answers, the partner's own form, a review. */
export const PARTY_PROBE_SERVICE = `
schemaVersion: 1
id: security-parties
title: { uk: Перевірка сторін, en: Parties probe }
languages: [uk, en]
owner: Test
parties:
  partner: { title: { uk: Партнер, en: Partner }, sees: [ask] }
start: ask
steps:
  ask:
    kind: form
    title: { uk: Заява, en: Application }
    schema:
      type: object
      required: [note, partnerTaxId]
      properties:
        note: { type: string, maxLength: 500, title: { uk: Примітка, en: Note } }
        partnerTaxId: { type: string, pattern: "^[0-9]{10}$", title: { uk: РНОКПП партнера, en: Partner's tax number } }
    next: invite
  invite:
    kind: invite
    title: { uk: Запрошення партнера, en: Inviting the partner }
    role: partner
    taxId: ask.partnerTaxId
    deadline: P7D
    next: partnerNote
    declined: rejected
    expired: rejected
  partnerNote:
    kind: form
    title: { uk: Слово партнера, en: The partner's word }
    party: partner
    schema:
      type: object
      required: [agree]
      properties:
        agree: { type: boolean, title: { uk: Погоджуюся, en: I agree } }
    next: review
  review:
    kind: review
    title: { uk: Розгляд, en: Review }
    role: hsc-officer
    on: { approve: done, reject: rejected }
  done: { kind: final, outcome: approved }
  rejected: { kind: final, outcome: rejected }
`;

export interface SecurityApp {
  url: string;
  runtime: Runtime;
  send(path: string, options?: SendOptions): Promise<Answer>;
  citizen(taxId: string, transport?: "cookie" | "bearer"): Promise<Session & { applicantId: string }>;
  staff(username: string, transport?: "cookie" | "bearer"): Promise<Session>;
  /** An anonymous visitor's CSRF cookie and the token the page's forms carry. */
  anonymousCsrf(): Promise<{ cookie: string; token: string }>;
  /** The whole citizen sign-in as a browser does it: /signin, the stand-in BankID page, the callback. Returns the session cookie. */
  signInThroughProvider(taxId: string): Promise<string>;
  close(): Promise<void>;
}

const cookieOf = (answer: Answer, name: string) => answer.headers["set-cookie"]?.find((c) => c.startsWith(`${name}=`))?.split(";")[0];

export async function startSecurityApp(): Promise<SecurityApp> {
  const dir = mkdtempSync(join(tmpdir(), "civic-security-"));
  process.env.PORTAL_SECRET_FILE = join(dir, "portal-secret");
  process.env.VITE_LOG_LEVEL = "silent";
  process.env.DEMO_ACCOUNTS = "1";
  process.env.DOCUMENT_SIGNING_KEY ??= generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const catalog = exampleCatalog();
  const runtime = await Runtime.create({ databaseUrl: `file:${join(dir, "security.db")}`, worker: false, catalog: { registries: catalog.registries, templates: catalog.templates, roles: catalog.roles },
    documents: false,
    // A provider that is never reached: the callback route checks signatures before anything else.
    payments: { providerUrl: "http://127.0.0.1:9/", apiKey: "test", callbackSecret: "security-suite", callbackUrl: "http://127.0.0.1/payments/callback", reconcileEveryMs: 0 },
  });
  const { definition, issues } = loadDefinition(PROBE_SERVICE, { catalog });
  if (!definition) throw new Error(`The probe service does not load: ${JSON.stringify(issues)}`);
  await runtime.publish(definition, "security-suite");
  const parties = loadDefinition(PARTY_PROBE_SERVICE, { catalog });
  if (!parties.definition) throw new Error(`The party probe service does not load: ${JSON.stringify(parties.issues)}`);
  await runtime.publish(parties.definition, "security-suite");
  let app: AppServer;
  try {
    app = await startAppServer({ port: 0, production: false, runtime, seed: true, log: () => {} });
  } catch (error) {
    await runtime.close();
    throw error;
  }
  const port = Number(new URL(app.url).port);
  const db = runtime.database.prisma;

  const send = (path: string, options: SendOptions = {}): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, path, method: options.method ?? "GET", headers: options.headers, localAddress: options.from, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      });
      req.on("error", reject);
      if (options.body !== undefined) req.write(options.body);
      req.end();
    });

  const anonymousCsrf = async () => {
    const page = await send("/staff/signin");
    const cookie = String(cookieOf(page, "cf_csrf"));
    const token = page.body.match(/name="csrf" value="([^"]+)"/)?.[1];
    if (!token) throw new Error("no CSRF token on the staff sign-in page");
    return { cookie, token };
  };

  return {
    url: app.url,
    runtime,
    send,
    async citizen(taxId, transport = "cookie") {
      const profile: CitizenProfile = { taxId, firstName: "Олена", lastName: "Тест", birthDate: "1990-01-01", gender: "female", provider: "bankid" };
      const { token, user } = await createSession(runtime, { kind: "citizen", subject: applicantPseudonym(taxId), profile, transport });
      return { cookie: `${SESSION_COOKIE}=${token}`, token, csrf: user.csrfToken, applicantId: applicantPseudonym(taxId) };
    },
    async staff(username, transport = "cookie") {
      await ensureDemoAccounts(runtime);
      const account = await db.staffAccount.findUniqueOrThrow({ where: { username } });
      const profile = { username, displayName: account.displayName, roles: JSON.parse(account.roles) as string[] };
      const { token, user } = await createSession(runtime, { kind: "staff", subject: account.id, profile, transport });
      return { cookie: `${SESSION_COOKIE}=${token}`, token, csrf: user.csrfToken };
    },
    anonymousCsrf,
    async signInThroughProvider(taxId) {
      const csrf = await anonymousCsrf();
      const begin = await send("/signin", { method: "POST", headers: { cookie: csrf.cookie, "content-type": FORM }, body: form({ csrf: csrf.token, provider: "bankid", returnTo: "/applications" }) });
      const authorize = begin.headers.location ?? "";
      const state = new URL(authorize, app.url).searchParams.get("state") ?? "";
      const chosen = await send(authorize, { method: "POST", headers: { cookie: csrf.cookie, "content-type": FORM }, body: form({ csrf: csrf.token, state, taxId }) });
      const callback = await send(chosen.headers.location ?? "/", { headers: { cookie: String(cookieOf(begin, "cf_signin")) } });
      const session = cookieOf(callback, SESSION_COOKIE);
      if (callback.status !== 302 || callback.headers.location !== "/applications" || !session) throw new Error(`sign-in failed: ${begin.status} ${chosen.status} ${callback.status}`);
      return session;
    },
    async close() {
      await app.close();
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A document issued to `holderId` (a row as the runtime writes it; no PDF). */
export async function issueTestDocument(runtime: Runtime, holderId: string, applicationId: string, name: string): Promise<string> {
  const id = randomUUID();
  await runtime.database.prisma.document.create({
    data: { id, number: `SEC-${id.slice(0, 8)}`, template: "security-probe", applicationId, holderId, data: JSON.stringify({ name }), issuedAt: new Date(), status: "valid" },
  });
  return id;
}
