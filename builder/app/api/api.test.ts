/**
 * The HTTP API's access rules in-process: sessions by cookie or bearer token, CSRF for cookie-authenticated
 * changes, JSON only, another person's ids are "not found" whatever the method, officers only through tasks.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Runtime } from "../../../runtime";
import { exampleCatalog } from "../../../service-definitions";
import { publishExampleServices } from "../../server/seed-examples";
import { applicantPseudonym } from "../auth/secrets.server";
import { createSession, SESSION_COOKIE } from "../auth/sessions.server";
import type { CitizenProfile } from "../auth/types";
import { handleApi } from "./router.server";
import { waitWhileProcessing } from "./wait.server";

let dir: string;
let runtime: Runtime;
let context: AppLoadContext;

const profile = (taxId: string, firstName: string): CitizenProfile => ({ taxId, firstName, lastName: "Тест", birthDate: "1990-01-01", gender: "female", provider: "bankid" });

async function citizen(taxId: string, transport: "cookie" | "bearer" = "cookie") {
  const { token, user } = await createSession(runtime, { kind: "citizen", subject: applicantPseudonym(taxId), profile: profile(taxId, "Олена"), transport });
  return { token, csrf: user.csrfToken };
}

function call(path: string, init: { method?: string; cookie?: string; bearer?: string; csrf?: string; body?: unknown; contentType?: string; prefer?: string } = {}) {
  const headers = new Headers();
  if (init.prefer) headers.set("prefer", init.prefer);
  if (init.cookie) headers.set("cookie", `${SESSION_COOKIE}=${init.cookie}`);
  if (init.bearer) headers.set("authorization", `Bearer ${init.bearer}`);
  if (init.csrf) headers.set("x-csrf-token", init.csrf);
  if (init.body !== undefined) headers.set("content-type", init.contentType ?? "application/json");
  const request = new Request(`http://localhost/api/v1${path}`, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  return handleApi(request, context, path);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "civic-api-"));
  process.env.PORTAL_SECRET_FILE = join(dir, "portal-secret");
  process.env.DEMO_ACCOUNTS = "1";
  const { registries, templates, roles } = exampleCatalog();
  runtime = await Runtime.create({ databaseUrl: `file:${join(dir, "api.db")}`, worker: false, catalog: { registries, templates, roles }, documents: false });
  await publishExampleServices(runtime);
  context = { runtime } as unknown as AppLoadContext;
});
afterAll(async () => {
  await runtime?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("/api/v1", () => {
  it("serves the catalog and the OpenAPI document to anyone", async () => {
    const services = (await (await call("/services")).json()) as { services: { id: string }[] };
    expect(services.services.map((s) => s.id)).toContain("criminal-record-certificate");
    const doc = (await (await call("/openapi.json")).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain("/api/v1/applications/{applicationId}/answers");
    expect(doc.paths["/api/v1/applications"]).toHaveProperty("post");
  });

  it("asks for a session, and for the CSRF header and JSON on cookie-authenticated changes", async () => {
    expect((await call("/applications")).status).toBe(401);
    const a = await citizen("3297410129");
    expect((await call("/applications", { method: "POST", cookie: a.token, body: { serviceId: "criminal-record-certificate" } })).status).toBe(403);
    expect((await call("/applications", { method: "POST", cookie: a.token, csrf: a.csrf, body: { serviceId: "x" }, contentType: "text/plain" })).status).toBe(415);
    const started = await call("/applications", { method: "POST", cookie: a.token, csrf: a.csrf, body: { serviceId: "criminal-record-certificate" } });
    expect(started.status).toBe(201);
    const { applicationId } = (await started.json()) as { applicationId: string };
    expect((await call(`/applications/${applicationId}`, { cookie: a.token })).status).toBe(200);
    // The service allows one open application: starting again returns the same one.
    const again = await call("/applications", { method: "POST", cookie: a.token, csrf: a.csrf, body: { serviceId: "criminal-record-certificate" } });
    expect(((await again.json()) as { applicationId: string; existing: boolean })).toEqual({ applicationId, existing: true });
  });

  it("answers not found for another citizen's application, whatever the method or credential", async () => {
    const a = await citizen("3131910259");
    const { applicationId } = (await (await call("/applications", { method: "POST", cookie: a.token, csrf: a.csrf, body: { serviceId: "vehicle-reregistration" } })).json()) as { applicationId: string };
    const b = await citizen("3380310746");
    const bBearer = await citizen("3380310746", "bearer");
    for (const response of [
      await call(`/applications/${applicationId}`, { cookie: b.token }),
      await call(`/applications/${applicationId}`, { bearer: bBearer.token }),
      await call(`/applications/${applicationId}/cancel`, { method: "POST", cookie: b.token, csrf: b.csrf, body: {} }),
      await call(`/applications/${applicationId}/answers`, { method: "POST", bearer: bBearer.token, body: { step: "vehicle", answers: {} } }),
      await call(`/applications/${applicationId}/draft`, { method: "PUT", bearer: bBearer.token, body: { step: "vehicle", answers: {} } }),
      await call(`/applications/${applicationId}/changes`, { method: "POST", bearer: bBearer.token, body: { step: "vehicle", change: "vehicle", answers: {} } }),
      await call(`/applications/does-not-exist`, { cookie: b.token }),
      await call(`/documents/${applicationId}`, { cookie: b.token }),
    ]) {
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
    }
    // Its owner with a bearer token needs no CSRF header; the field errors come back by path.
    const aBearer = await citizen("3131910259", "bearer");
    const invalid = await call(`/applications/${applicationId}/answers`, { method: "POST", bearer: aBearer.token, body: { step: "vehicle", answers: {} } });
    expect(invalid.status).toBe(422);
    const error = ((await invalid.json()) as { error: { fields: { path: string[] }[] } }).error;
    expect(error.fields.map((f) => f.path.join("."))).toEqual(expect.arrayContaining(["plate", "vin", "buyerTaxId"]));
    // A change of earlier answers only at a summary step: this form is not one.
    const notSummary = await call(`/applications/${applicationId}/changes`, { method: "POST", bearer: aBearer.token, body: { step: "vehicle", change: "vehicle", answers: {} } });
    expect(((await notSummary.json()) as { error: { code: string } }).error.code).toBe("event_not_allowed");
    expect((await call(`/applications/${applicationId}/cancel`, { method: "POST", bearer: aBearer.token, body: {} })).status).toBe(200);
  });

  it("Prefer: wait holds the answer of a processing application until it changes", async () => {
    const a = await citizen("3006010157", "bearer");
    // The service starts with a task: with no worker here the application stays processing.
    const { applicationId } = (await (await call("/applications", { method: "POST", bearer: a.token, body: { serviceId: "criminal-record-certificate" } })).json()) as { applicationId: string };
    const now = await call(`/applications/${applicationId}`, { bearer: a.token });
    expect(((await now.json()) as { status: string }).status).toBe("processing");
    expect(now.headers.get("preference-applied")).toBeNull();

    let answered = false;
    const held = call(`/applications/${applicationId}`, { bearer: a.token, prefer: "wait=10" }).then((response) => {
      answered = true;
      return response;
    });
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    await runtime.cancel(applicationId, "operator:test", "test");
    const response = await held;
    expect(response.headers.get("preference-applied")).toBe("wait=10");
    expect(((await response.json()) as { status: string }).status).toBe("cancelled");
    // Nothing to wait for once it has ended: answered at once, the preference not applied.
    const ended = await call(`/applications/${applicationId}`, { bearer: a.token, prefer: "wait=10" });
    expect(ended.headers.get("preference-applied")).toBeNull();
    // Past the process's limit of held answers, a wait is answered at once instead of held.
    const second = (await (await call("/applications", { method: "POST", bearer: a.token, body: { serviceId: "criminal-record-certificate" } })).json()) as { applicationId: string };
    const row = { id: second.applicationId, version: 1, status: "processing" };
    const waiting = new Request("http://localhost/", { headers: { prefer: "wait=10" } });
    const first = waitWhileProcessing(runtime, waiting, row, 1);
    expect(await waitWhileProcessing(runtime, waiting, row, 1)).toBe(false);
    await runtime.cancel(second.applicationId, "operator:test", "test");
    expect(await first).toBe(true);
    // The OpenAPI document names the header.
    const doc = (await (await call("/openapi.json")).json()) as { paths: Record<string, { get: { parameters: { name: string; in: string }[] } }> };
    expect(doc.paths["/api/v1/applications/{applicationId}"].get.parameters).toContainEqual(expect.objectContaining({ name: "Prefer", in: "header" }));
  });

  it("officers: a password gives a bearer token; citizens' routes are refused; applications only through a task", async () => {
    const wrong = await call("/auth/staff", { method: "POST", body: { username: "hsc.officer", password: "nope" } });
    expect(wrong.status).toBe(401);
    const ok = await call("/auth/staff", { method: "POST", body: { username: "hsc.officer", password: "demo-hsc-2026" } });
    expect(ok.status).toBe(201);
    const { token } = (await ok.json()) as { token: string };
    expect((await call("/office/tasks", { bearer: token })).status).toBe(200);
    expect((await call("/applications", { bearer: token })).status).toBe(403);
    const a = await citizen("2849410366");
    const { applicationId } = (await (await call("/applications", { method: "POST", cookie: a.token, csrf: a.csrf, body: { serviceId: "criminal-record-certificate" } })).json()) as { applicationId: string };
    expect((await call(`/office/applications/${applicationId}`, { bearer: token })).status).toBe(404);
    // A cookie's value presented as a bearer token is not accepted, nor the reverse.
    expect((await call("/office/tasks", { cookie: token })).status).toBe(401);
    expect((await call("/applications", { bearer: a.token })).status).toBe(401);
  });
});
