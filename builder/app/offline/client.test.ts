import { describe, expect, it } from "vitest";
import { shellFiles } from "./client";
import { offlineKind } from "./policy";

const manifest = {
  url: "/assets/manifest-1.js",
  version: "1",
  entry: { module: "/assets/entry.client-1.js", imports: ["/assets/components-1.js"] },
  routes: {
    root: { module: "/assets/root-1.js", imports: ["/assets/components-1.js"] },
    "routes/documents._index": { module: "/assets/documents._index-1.js" },
    "routes/documents.$documentId": { module: "/assets/documents._documentId-1.js", imports: ["/assets/documents-1.js"], css: ["/assets/documents-1.css"] },
    "routes/studio.drafts.$draftId": { module: "/assets/studio-1.js", imports: ["/assets/monaco-1.js"] },
  },
};

describe("the app shell the documents pages need", () => {
  it("names Remix's manifest and entry, the documents routes' modules and styles, the page's stylesheets and the web app manifest", () => {
    expect(shellFiles(manifest, ["/assets/app-1.css"]).sort()).toEqual(
      [
        "/assets/manifest-1.js",
        "/assets/entry.client-1.js",
        "/assets/components-1.js",
        "/assets/root-1.js",
        "/assets/documents._index-1.js",
        "/assets/documents._documentId-1.js",
        "/assets/documents-1.js",
        "/assets/documents-1.css",
        "/assets/app-1.css",
        "/manifest.webmanifest",
      ].sort(),
    );
  });

  it("leaves out other routes' code (the studio's editor is not stored)", () => {
    const files = shellFiles(manifest, []);
    expect(files).not.toContain("/assets/monaco-1.js");
    expect(files.every((f) => offlineKind(new URL(f, "https://x.example"), "https://x.example") === "shell")).toBe(true);
  });
});
