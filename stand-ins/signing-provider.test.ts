/** The stand-in signing provider's API: who may ask, what it accepts, expiry, one answer per request. */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTrustServiceCa } from "./trust-service";
import { startStandInSigningProvider, type StandInSigningProvider } from "./signing-provider";

let provider: StandInSigningProvider;
let now = Date.parse("2026-12-01T10:00:00Z");
const auth = { authorization: "Bearer key", "content-type": "application/json" };
const hash = createHash("sha256").update("content").digest("base64");
const ask = (body: unknown, headers: Record<string, string> = auth) => fetch(`${provider.url}/sign-requests`, { method: "POST", headers, body: JSON.stringify(body) });
const valid = { hash, taxId: "3012345678", name: "Коваленко Олена", returnUrl: "http://portal.test/back?x=1" };

beforeAll(async () => {
  provider = await startStandInSigningProvider({ apiKey: "key", ca: await createTrustServiceCa(), directory: false, requestTtlMs: 600_000, now: () => now });
});
afterAll(() => provider.close());

describe("the stand-in signing provider", () => {
  it("takes requests from the service only, with a SHA-256, a 10-digit tax number, a name and an http(s) return URL", async () => {
    expect((await ask(valid, { "content-type": "application/json" })).status).toBe(401);
    expect((await ask({ ...valid, hash: "abc" })).status).toBe(400);
    expect((await ask({ ...valid, taxId: "TINUA-1" })).status).toBe(400);
    expect((await ask({ ...valid, name: " " })).status).toBe(400);
    expect((await ask({ ...valid, returnUrl: "javascript:alert(1)" })).status).toBe(400);
    const created = await ask(valid);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ requestId: expect.stringMatching(/^sr_/), confirmUrl: expect.stringContaining("/confirm/sr_") });
  });

  it("signs once, sends the citizen back with the request id, and answers the service with the signature", async () => {
    const { requestId, confirmUrl } = (await (await ask(valid)).json()) as { requestId: string; confirmUrl: string };
    expect((await fetch(`${provider.url}/sign-requests/${requestId}`)).status).toBe(401);
    const pending = await (await fetch(`${provider.url}/sign-requests/${requestId}`, { headers: auth })).json();
    expect(pending).toEqual({ requestId, status: "pending" });
    const signed = await fetch(`${confirmUrl}/sign`, { method: "POST", redirect: "manual" });
    expect(signed.status).toBe(303);
    expect(signed.headers.get("location")).toBe(`http://portal.test/back?x=1&requestId=${requestId}`);
    const answer = (await (await fetch(`${provider.url}/sign-requests/${requestId}`, { headers: auth })).json()) as { status: string; signature: string };
    expect(answer.status).toBe("signed");
    expect(Buffer.from(answer.signature, "base64")[0]).toBe(0x30);
    expect((await fetch(`${confirmUrl}/decline`, { method: "POST", redirect: "manual" })).status).toBe(409);
  });

  it("keeps one certificate per tax number", async () => {
    const first = await provider.credentialsOf("3012345678", "Коваленко Олена");
    expect(await provider.credentialsOf("3012345678", "Коваленко Олена")).toBe(first);
  });

  it("lets an unsigned request expire after its time", async () => {
    const { requestId, confirmUrl } = (await (await ask(valid)).json()) as { requestId: string; confirmUrl: string };
    now += 600_001;
    expect(await (await fetch(`${provider.url}/sign-requests/${requestId}`, { headers: auth })).json()).toEqual({ requestId, status: "expired" });
    expect((await fetch(`${confirmUrl}/sign`, { method: "POST", redirect: "manual" })).status).toBe(409);
    expect(await (await fetch(confirmUrl)).text()).toContain("прострочено");
  });
});
