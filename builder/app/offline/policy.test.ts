import { describe, expect, it } from "vitest";
import { isCurrentCache, isOurCache, offlineKind, offlinePaths, ownerOfCache, pageOf, parseManifest, personalCacheName, planSync, SHELL_CACHE } from "./policy";

const ORIGIN = "https://portal.example";
const ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
const OWNER = "a".repeat(32);
const kind = (address: string) => offlineKind(new URL(address, ORIGIN), ORIGIN);

describe("offline policy: which addresses are kept", () => {
  it("keeps the documents list, each card and PDF, and their Remix .data twins", () => {
    for (const path of ["/documents", "/documents.data", `/documents/${ID}`, `/documents/${ID}.data`, `/documents/${ID}/pdf`]) expect(kind(path), path).toBe("documents");
  });

  it("keeps nothing else personal: applications, forms, notifications, shares, verification, the office, the API", () => {
    for (const path of [
      "/applications",
      `/applications/${ID}`,
      "/notifications",
      "/privacy",
      "/documents/share/abc",
      "/documents/verify/12345",
      "/documents/offline.json",
      `/documents/${ID}/pdf/x`,
      "/documents/not-a-uuid",
      `/api/v1/documents/${ID}/pdf`,
      `/office/applications/${ID}`,
      "/signout",
      "/",
    ])
      expect(kind(path), path).toBeNull();
  });

  it("never keeps another origin's answers or an address with a query (notices, partial loads)", () => {
    expect(offlineKind(new URL(`https://evil.example/documents/${ID}`), ORIGIN)).toBeNull();
    expect(kind(`/documents/${ID}.data?_routes=root`)).toBeNull();
    expect(kind("/documents?notice=x")).toBeNull();
    expect(kind("/assets/root-abc.js?v=1")).toBeNull();
  });

  it("counts the built scripts and styles, the manifest and the icons as the shell", () => {
    for (const path of ["/assets/root-Bx1.js", "/assets/app-9f.css", "/manifest.webmanifest", "/icons/icon-192.png"]) expect(kind(path), path).toBe("shell");
    expect(kind("/assets/nested/x.js")).toBeNull();
    expect(kind("/sw.js")).toBeNull();
  });

  it("names a document address's page, and none for a PDF", () => {
    expect(pageOf(`/documents/${ID}.data`)).toBe(`/documents/${ID}`);
    expect(pageOf("/documents.data")).toBe("/documents");
    expect(pageOf(`/documents/${ID}`)).toBe(`/documents/${ID}`);
    expect(pageOf(`/documents/${ID}/pdf`)).toBeNull();
  });

  it("lists every kept address of a person's documents, all of them documents addresses", () => {
    const paths = offlinePaths([ID]);
    expect(paths).toEqual(["/documents", "/documents.data", `/documents/${ID}`, `/documents/${ID}.data`, `/documents/${ID}/pdf`]);
    expect(paths.every((p) => kind(p) === "documents")).toBe(true);
  });
});

describe("offline policy: caches", () => {
  it("names one cache per owner key and reads the owner back", () => {
    const name = personalCacheName(OWNER);
    expect(ownerOfCache(name)).toBe(OWNER);
    expect(ownerOfCache(SHELL_CACHE)).toBeNull();
    expect(isOurCache(name) && isCurrentCache(name) && isCurrentCache(SHELL_CACHE)).toBe(true);
    expect(isCurrentCache("civic-offline-v0-shell")).toBe(false);
    expect(isOurCache("workbox-precache")).toBe(false);
  });

  it("refuses an owner key that is not 32 hex digits (a name, a tax number)", () => {
    for (const bad of ["", "3297410129", "A".repeat(32), `${OWNER}0`, "../x"]) expect(() => personalCacheName(bad), bad).toThrow(/Not an owner key/);
  });
});

describe("offline policy: the server's manifest and the sync plan", () => {
  it("accepts the server's manifest and drops any address that is not a document's", () => {
    const manifest = parseManifest({ owner: OWNER, version: "v", paths: ["/documents", "/applications", `/documents/${ID}/pdf`, 42] });
    expect(manifest).toEqual({ owner: OWNER, version: "v", paths: ["/documents", `/documents/${ID}/pdf`] });
  });

  it("rejects anything else (an error answer, a page, a bad owner)", () => {
    for (const bad of [null, "<html>", { error: "not_signed_in" }, { owner: "x", version: "v", paths: [] }, { owner: OWNER, version: 1, paths: [] }, { owner: OWNER, version: "v", paths: "/documents" }])
      expect(parseManifest(bad)).toBeNull();
  });

  it("fetches only what is missing while the version holds, everything when it changed, and drops what is no longer listed", () => {
    const manifest = { owner: OWNER, version: "2", paths: offlinePaths([ID]) };
    const cached = ["/documents", "/documents.data", "/documents/old-id"];
    expect(planSync(manifest, "2:b", cached, "2:b")).toEqual({ fetch: [`/documents/${ID}`, `/documents/${ID}.data`, `/documents/${ID}/pdf`], remove: ["/documents/old-id"] });
    expect(planSync(manifest, "2:b", cached, "1:b").fetch).toEqual(manifest.paths);
    expect(planSync(manifest, "2:b", [], null).fetch).toEqual(manifest.paths);
  });
});
