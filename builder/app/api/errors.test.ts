/** One error shape from the runtime to the HTTP answer: one mapping from codes to statuses for the API, the studio and the pages. */
import { describe, expect, it } from "vitest";
import { RUNTIME_ERROR_STATUS, RuntimeError } from "../../../runtime";
import { codeOfStatus, HTTP_ERROR_STATUS, hideForeign, runtimeErrorCode, statusOf } from "../data/errors.server";
import { errorResponse as studioErrorResponse, StudioError } from "../studio/server/errors.server";
import { ApiError, apiErrorBody, errorResponse } from "./http.server";

describe("the web app's error codes", () => {
  it("give every runtime code the runtime's status", () => {
    for (const [code, status] of Object.entries(RUNTIME_ERROR_STATUS)) expect(statusOf(code as keyof typeof RUNTIME_ERROR_STATUS)).toBe(status);
  });

  it("name each status by its general code, and an unknown status 'error'", () => {
    for (const status of [400, 401, 403, 404, 405, 408, 409, 413, 415, 422, 429, 431, 500]) expect(HTTP_ERROR_STATUS[codeOfStatus(status) as keyof typeof HTTP_ERROR_STATUS]).toBe(status);
    expect(codeOfStatus(409)).toBe("conflict");
    expect(codeOfStatus(429)).toBe("limit_reached");
    expect(codeOfStatus(418)).toBe("error");
    expect(apiErrorBody(413, "too big")).toEqual({ error: { code: "payload_too_large", message: "too big" } });
  });

  it("recognise a runtime error by its shape, and only with a code of the runtime's set", () => {
    expect(runtimeErrorCode(new RuntimeError("stale_version", "changed"))).toBe("stale_version");
    const impostor = Object.assign(new Error("x"), { name: "RuntimeError", code: "toString" });
    expect(runtimeErrorCode(impostor)).toBeUndefined();
    expect(runtimeErrorCode({ name: "RuntimeError", code: "not_found" })).toBeUndefined();
  });
});

describe("answers", () => {
  it("API: an ApiError's status comes from its code", async () => {
    const response = await errorResponse(new ApiError("csrf", "Send the token"));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: "csrf", message: "Send the token" } });
    expect(new ApiError("locked", "later").status).toBe(429);
  });

  it("API: a runtime error keeps its code and status; another's application is not found, not forbidden", async () => {
    const stale = await errorResponse(new RuntimeError("stale_version", "The application changed"));
    expect([stale.status, (await stale.json()).error.code]).toEqual([409, "stale_version"]);
    const foreign = await errorResponse(new RuntimeError("forbidden", "not yours"));
    expect([foreign.status, await foreign.json()]).toEqual([404, { error: { code: "not_found", message: "Not found" } }]);
  });

  it("API: a thrown Response becomes the same JSON shape; anything else a 500 without details", async () => {
    const thrown = await errorResponse(new Response("The answers are too large.", { status: 413 }));
    expect([thrown.status, await thrown.json()]).toEqual([413, { error: { code: "payload_too_large", message: "The answers are too large." } }]);
    const original = console.error;
    console.error = () => {};
    try {
      const bug = await errorResponse(new TypeError("x is undefined"));
      expect([bug.status, await bug.json()]).toEqual([500, { error: { code: "internal", message: "Something went wrong" } }]);
    } finally {
      console.error = original;
    }
  });

  it("studio: a studio or runtime error by the same mapping, with its details; anything else rethrown", async () => {
    const response = studioErrorResponse(new StudioError("stale_version", "saved meanwhile", { current: { version: 3 } }));
    expect([response.status, await response.json()]).toEqual([409, { error: { code: "stale_version", message: "saved meanwhile", details: { current: { version: 3 } } } }]);
    expect(studioErrorResponse(new RuntimeError("limit_reached", "too many drafts")).status).toBe(429);
    const page = new Response("x", { status: 302 });
    expect(() => studioErrorResponse(page)).toThrow();
  });

  it("pages: not_found and forbidden both become a 404 response; other errors go on", () => {
    expect(() => hideForeign(new RuntimeError("forbidden", "not yours"))).toThrow(expect.objectContaining({ status: 404 }));
    const other = new RuntimeError("invalid_data", "bad");
    expect(() => hideForeign(other)).toThrow(other);
  });
});
