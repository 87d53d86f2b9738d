/**
 * The HTTP server against one bad request at a time, through the real server (builder/server.ts in development
 * mode: Vite renders the pages, no build needed) with raw node:http / node:net requests: security headers and
 * the CSP nonce, no-store on personal pages, body limits counted as the bytes arrive (chunked, lying or huge
 * Content-Length) while other requests are still served, clean 4xx answers for malformed requests, returnTo
 * kept on this site, notifications read without side effects, and the public base URL from the real port.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Runtime } from "../../runtime";
import { exampleCatalog } from "../../service-definitions";
import { applicantPseudonym } from "../app/auth/secrets.server";
import { safeReturnTo } from "../app/auth/guards.server";
import { createSession, SESSION_COOKIE } from "../app/auth/sessions.server";
import { startAppServer, type AppServer } from "../server";

let dir: string;
let runtime: Runtime;
let app: AppServer;
let port: number;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request on its own connection; `body` may be a list of chunks (sent chunked, without Content-Length). */
function send(path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer | Buffer[] } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, method: init.method ?? "GET", headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    if (Array.isArray(init.body)) for (const chunk of init.body) req.write(chunk);
    else if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/**
 * Sends a chunked body of up to `total` bytes as fast as the server takes it and resolves with the answer and
 * how many bytes had been written when it came (the server may close the connection before the end).
 */
function sendHuge(path: string, total: number, headers: Record<string, string>): Promise<Answer & { written: number }> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = httpRequest({ host: "127.0.0.1", port, path, method: "POST", headers, agent: false }, (res) => {
      answered = true;
      const at = written;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), written: at }));
      res.on("error", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), written: at }));
    });
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (!answered && written < total) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

/** Raw bytes on a socket: the status line of the answer (for requests node:http would not send). */
function raw(text: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(text));
    let received = "";
    socket.on("data", (d) => (received += d.toString("latin1")));
    socket.on("end", () => resolve(received));
    socket.on("close", () => resolve(received));
    socket.on("error", (error) => (received ? resolve(received) : reject(error)));
    setTimeout(() => socket.destroy(), 10_000).unref();
  });
}

const statusOf = (answer: string) => Number(answer.match(/^HTTP\/1\.1 (\d{3})/)?.[1]);

async function citizen(taxId: string, transport: "cookie" | "bearer") {
  const { token, user } = await createSession(runtime, {
    kind: "citizen",
    subject: applicantPseudonym(taxId),
    profile: { taxId, firstName: "Олена", lastName: "Тест", birthDate: "1990-01-01", gender: "female", provider: "bankid" },
    transport,
  });
  return { token, csrf: user.csrfToken, applicantId: applicantPseudonym(taxId) };
}

async function analyst() {
  const { token, user } = await createSession(runtime, { kind: "staff", subject: "acc-analyst", profile: { username: "analyst", displayName: "Analyst", roles: ["analyst"] }, transport: "cookie" });
  return { cookie: `${SESSION_COOKIE}=${token}`, csrf: user.csrfToken };
}

/** An anonymous visitor's CSRF cookie and the token the page's forms carry. */
async function anonymousCsrf(): Promise<{ cookie: string; token: string }> {
  const page = await send("/signin");
  const cookie = String(page.headers["set-cookie"]?.find((c) => c.startsWith("cf_csrf="))?.split(";")[0]);
  const token = page.body.match(/name="csrf" value="([^"]+)"/)?.[1];
  expect(token).toBeTruthy();
  return { cookie, token: token! };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = "application/x-www-form-urlencoded";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "civic-hardening-"));
  process.env.PORTAL_SECRET_FILE = join(dir, "portal-secret");
  process.env.VITE_LOG_LEVEL = "silent";
  delete process.env.PUBLIC_BASE_URL;
  process.env.DOCUMENT_SIGNING_KEY = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const { registries, templates, roles } = exampleCatalog();
  runtime = await Runtime.create({ databaseUrl: `file:${join(dir, "hardening.db")}`, worker: false, catalog: { registries, templates, roles }, documents: false });
  app = await startAppServer({ port: 0, production: false, runtime, seed: true, log: () => {} });
  port = Number(new URL(app.url).port);
}, 180_000);

afterAll(async () => {
  await app?.close();
  await runtime?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("security headers", () => {
  it("sends a nonce-based CSP that every script of the page carries, and a fresh nonce per response", async () => {
    const page = await send("/");
    expect(page.status).toBe(200);
    const csp = String(page.headers["content-security-policy"]);
    const nonce = csp.match(/'nonce-([A-Za-z0-9+/=]+)'/)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-/);
    const scripts = [...page.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    const again = await send("/");
    expect(String(again.headers["content-security-policy"])).not.toContain(nonce);
  });

  it("sends nosniff, a referrer policy, HSTS and no framing", async () => {
    const page = await send("/");
    expect(page.headers["x-content-type-options"]).toBe("nosniff");
    expect(page.headers["referrer-policy"]).toBe("same-origin");
    expect(page.headers["strict-transport-security"]).toMatch(/max-age=\d{7,}/);
    expect(page.headers["x-frame-options"]).toBe("DENY");
  });

  it("marks personal pages and API answers no-store", async () => {
    const { token } = await citizen("3000000001", "cookie");
    const cookie = `${SESSION_COOKIE}=${token}`;
    for (const path of ["/applications", "/documents", "/notifications", "/privacy"]) {
      const page = await send(path, { headers: { cookie } });
      expect(page.status, path).toBe(200);
      expect(page.headers["cache-control"], path).toBe("no-store");
    }
    const api = await send("/api/v1/applications", { headers: { cookie } });
    expect(api.status).toBe(200);
    expect(api.headers["cache-control"]).toBe("no-store");
    const office = await send("/office");
    expect(office.headers["cache-control"]).toBe("no-store");
  });
});

describe("returnTo stays on this site", () => {
  it("refuses paths a browser would read as another host", () => {
    for (const value of ["/\t/evil.example/x", "/\n/x", "/\r/evil.example", "//evil.example", "/\\evil.example", "https://evil.example", "/\t\\evil.example"]) {
      expect(safeReturnTo(value), JSON.stringify(value)).toBe("/");
    }
    expect(safeReturnTo("/applications/a-1?tab=2#x")).toBe("/applications/a-1?tab=2#x");
  });

  it("on the sign-in page, for a signed-in citizen, and on the language switch", async () => {
    const signin = await send("/signin?returnTo=/%09/evil.example/x");
    expect(signin.body).toMatch(/name="returnTo" value="\/"/);
    const { token } = await citizen("3000000002", "cookie");
    const signedIn = await send("/signin?returnTo=/%09/evil.example/x", { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.location).toBe("/");
    const newline = await send("/signin?returnTo=/%0a/x", { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
    expect(newline.status).toBe(302);
    expect(newline.headers.location).toBe("/");

    const csrf = await anonymousCsrf();
    const language = await send("/language", { method: "POST", headers: { cookie: csrf.cookie, "content-type": FORM }, body: form({ csrf: csrf.token, lang: "en", returnTo: "/\t/evil.example/x" }) });
    expect(language.status).toBe(302);
    expect(language.headers.location).toBe("/");
  });
});

describe("body limits, counted as the bytes arrive", () => {
  it("refuses a chunked form body over 256 KB before it has all been sent, before the CSRF check", async () => {
    const answer = await sendHuge("/language", 100 * 1024 * 1024, { "content-type": FORM });
    expect(answer.status).toBe(413);
    expect(answer.written).toBeLessThan(20 * 1024 * 1024);
  });

  it("refuses a declared Content-Length over the limit without waiting for the body (form and API)", async () => {
    const form = await raw(`POST /signin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${FORM}\r\nContent-Length: 104857600\r\n\r\nlang=en`);
    expect(statusOf(form)).toBe(413);
    const started = Date.now();
    const api = await raw(`POST /api/v1/auth/staff HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n{"a":`);
    expect(statusOf(api)).toBe(413);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("answers the API's error shape for a chunked JSON body over 64 KB, before it has all been sent", async () => {
    const answer = await sendHuge("/api/v1/auth/staff", 50 * 1024 * 1024, { "content-type": "application/json" });
    expect(answer.status).toBe(413);
    expect(answer.written).toBeLessThan(20 * 1024 * 1024);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: "payload_too_large", message: expect.any(String) } });
  });

  it("does not let a body longer than its Content-Length through: the rest is not a request, and the connection is closed", async () => {
    const big = "x".repeat(300 * 1024);
    const answer = await raw(`POST /language HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${FORM}\r\nContent-Length: 10\r\n\r\nlang=en&a=${big}`);
    expect(answer).toMatch(/HTTP\/1\.1 400 Bad Request/);
    expect(answer).not.toMatch(/HTTP\/1\.1 (2|3|5)\d\d/);
  });

  it("lets the studio save drafts larger than a form", async () => {
    const { cookie, csrf } = await analyst();
    const source = "x".repeat(1024 * 1024);
    const answer = await send("/studio/api/drafts/no-such-draft", { method: "POST", headers: { cookie, "x-csrf-token": csrf, "content-type": "application/json" }, body: [Buffer.from(JSON.stringify({ intent: "save", source, expectedVersion: 1 }))] });
    expect(answer.status).not.toBe(413);
    expect(answer.status).toBeLessThan(500);
  });

  it("serves other requests while a slow body is being sent", async () => {
    const slow = httpRequest({ host: "127.0.0.1", port, path: "/language", method: "POST", headers: { "content-type": FORM }, agent: false });
    slow.on("error", () => {});
    slow.write("lang=en");
    const timer = setInterval(() => slow.write("&a=b"), 100);
    try {
      const started = Date.now();
      const other = await send("/api/v1/services");
      expect(other.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      clearInterval(timer);
      slow.destroy();
    }
  });
});

describe("malformed requests get a clean 4xx", () => {
  it("a page form from another site is a 403 page (not a 500)", async () => {
    for (const origin of ["https://evil.example", "null", "not a url"]) {
      const answer = await send("/staff/signin", { method: "POST", headers: { origin, "content-type": FORM }, body: form({ username: "a", password: "b" }) });
      expect(answer.status, origin).toBe(403);
      expect(answer.headers["content-type"]).toMatch(/^text\/html/);
      expect(answer.body).not.toMatch(/\bat \S+:\d+:\d+/);
    }
  });

  it("%25 in an API path parameter is decoded once", async () => {
    const answer = await send("/api/v1/documents/verify/AB%25CD");
    expect(answer.status).toBeLessThan(500);
    expect(answer.headers["content-type"]).toMatch(/^application\/json/);
  });

  it("a malformed percent-encoding in a path is a 400 (JSON under /api, a page elsewhere), without a stack", async () => {
    const api = await send("/api/v1/documents/verify/%E0%A4%A");
    expect(api.status).toBe(400);
    expect(JSON.parse(api.body).error.code).toBe("bad_request");
    const page = await send("/services/%E0%A4%A");
    expect(page.status).toBe(400);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(page.body).not.toMatch(/URIError|\bat \S+:\d+:\d+/);
  });

  it("JSON nested 5,000 deep, invalid JSON and the wrong content type get the API's error shape", async () => {
    const { token } = await citizen("3000000003", "bearer");
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const deep = `{"serviceId":${"[".repeat(5000)}${"]".repeat(5000)}}`;
    const nested = await send("/api/v1/applications", { method: "POST", headers, body: deep });
    expect(nested.status).toBe(400);
    expect(JSON.parse(nested.body)).toEqual({ error: { code: "bad_request", message: expect.stringContaining("deeper") } });
    const invalid = await send("/api/v1/applications", { method: "POST", headers, body: "{nope" });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body).error.code).toBe("bad_request");
    const wrongType = await send("/api/v1/applications", { method: "POST", headers: { ...headers, "content-type": "text/plain" }, body: "{}" });
    expect(wrongType.status).toBe(415);
    expect(JSON.parse(wrongType.body).error.code).toBe("unsupported_media_type");
  });

  it("a page form in the wrong content type is a 415, not a 500", async () => {
    const csrf = await anonymousCsrf();
    const answer = await send("/language", { method: "POST", headers: { cookie: csrf.cookie, "content-type": "application/json" }, body: JSON.stringify({ lang: "en" }) });
    expect(answer.status).toBe(415);
  });

  it("oversized headers and a broken request line never reach the app", async () => {
    expect(statusOf(await raw(`GET /?${"a".repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`))).toBe(431);
    expect(statusOf(await raw(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${"b".repeat(20_000)}\r\n\r\n`))).toBe(431);
    expect(statusOf(await raw("GARBAGE\r\n\r\n"))).toBe(400);
  });

  it("a Host header that is not a host is a 4xx (Vite's host check in development, the address check in production)", async () => {
    for (const host of ["[::1", "a b", "exa%mple:80"]) {
      const answer = await raw(`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(statusOf(answer), host).toBeGreaterThanOrEqual(400);
      expect(statusOf(answer), host).toBeLessThan(500);
      expect(answer).not.toMatch(/\bat \S+:\d+:\d+/);
    }
  });
});

describe("notifications", () => {
  async function unreadOf(applicantId: string) {
    return runtime.database.prisma.notification.count({ where: { applicantId, readAt: null } });
  }
  async function notify(applicantId: string) {
    await runtime.database.prisma.notification.create({
      data: { id: `ntf-${Math.random().toString(36).slice(2)}`, applicantId, applicationId: "app-1", title: "Готово", message: "Ваш документ готовий", channels: "inbox", createdAt: new Date() },
    });
  }

  it("reading the page or the API changes nothing; marking read is a POST with CSRF", async () => {
    const { token, csrf, applicantId } = await citizen("3000000004", "cookie");
    const cookie = `${SESSION_COOKIE}=${token}`;
    await notify(applicantId);
    const page = await send("/notifications", { headers: { cookie } });
    expect(page.status).toBe(200);
    // Without scripts, a form marks them read.
    expect(page.body).toMatch(/<form method="post"[^>]*>[\s\S]*Позначити всі прочитаними/);
    const api = await send("/api/v1/notifications", { headers: { cookie } });
    expect(JSON.parse(api.body).notifications).toHaveLength(1);
    expect(await unreadOf(applicantId)).toBe(1);

    const forged = await send("/notifications", { method: "POST", headers: { cookie, "content-type": FORM }, body: form({}) });
    expect(forged.status).toBe(403);
    expect(await unreadOf(applicantId)).toBe(1);
    const marked = await send("/notifications", { method: "POST", headers: { cookie, "content-type": FORM }, body: form({ csrf }) });
    expect(marked.status).toBeLessThan(400);
    expect(await unreadOf(applicantId)).toBe(0);
  });

  it("the API marks read with POST /api/v1/notifications/read", async () => {
    const { token, applicantId } = await citizen("3000000005", "bearer");
    await notify(applicantId);
    const list = await send("/api/v1/notifications", { headers: { authorization: `Bearer ${token}` } });
    expect(JSON.parse(list.body).notifications[0].unread).toBe(true);
    expect(await unreadOf(applicantId)).toBe(1);
    const read = await send("/api/v1/notifications/read", { method: "POST", headers: { authorization: `Bearer ${token}` } });
    expect(read.status).toBe(204);
    expect(await unreadOf(applicantId)).toBe(0);
  });
});

describe("public base URL", () => {
  it("is the address the server listens on when PUBLIC_BASE_URL is unset", () => {
    expect(port).not.toBe(3000);
    expect(runtime.issuedDocuments.publicBaseUrl).toBe(app.url);
    expect(runtime.inbox.listeningBaseUrl).toBe(app.url);
  });
});
