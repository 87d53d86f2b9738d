/** The service worker's behaviour against an in-memory Cache Storage and a scripted network. */
import { describe, expect, it } from "vitest";
import { OWNER_HEADER, personalCacheName, SHELL_CACHE, SYNC_PATH } from "./policy";
import { createOfflineWorker, type FetchLike } from "./worker-core";

const ORIGIN = "https://portal.example";
const A = "a".repeat(32);
const B = "b".repeat(32);
const DOC_A = "11111111-1111-4111-8111-111111111111";
const DOC_B = "22222222-2222-4222-8222-222222222222";

const keyOf = (input: RequestInfo | URL) => new URL(input instanceof Request ? input.url : String(input), ORIGIN).href;

/** Just enough of Cache Storage: named caches of responses by absolute address. */
function memoryCaches() {
  const store = new Map<string, Map<string, Response>>();
  const cacheFor = (entries: Map<string, Response>) =>
    ({
      async match(input: RequestInfo | URL) {
        return entries.get(keyOf(input))?.clone();
      },
      async put(input: RequestInfo | URL, response: Response) {
        entries.set(keyOf(input), response.clone());
      },
      async delete(input: RequestInfo | URL) {
        return entries.delete(keyOf(input));
      },
      async keys() {
        return [...entries.keys()].map((url) => new Request(url));
      },
    }) as unknown as Cache;
  const caches = {
    async open(name: string) {
      if (!store.has(name)) store.set(name, new Map());
      return cacheFor(store.get(name)!);
    },
    async keys() {
      return [...store.keys()];
    },
    async delete(name: string) {
      return store.delete(name);
    },
    async has(name: string) {
      return store.has(name);
    },
  } as unknown as CacheStorage;
  const paths = (name: string) => [...(store.get(name)?.keys() ?? [])].map((url) => new URL(url).pathname).sort();
  return { caches, store, paths };
}

/** A server whose answers depend on who is signed in (the cookie the browser would send). */
function network() {
  const state = { person: A as string | null, online: true, requests: [] as string[] };
  const docsOf: Record<string, string> = { [A]: DOC_A, [B]: DOC_B };
  const fetch = async (input: RequestInfo | URL) => {
    const url = new URL(keyOf(input));
    state.requests.push(url.pathname);
    if (!state.online) throw new TypeError("Failed to fetch");
    if (url.pathname.startsWith("/assets/")) return new Response(`/* ${url.pathname} */`, { status: 200 });
    const owner = state.person;
    if (!owner) return new Response(null, { status: 302, headers: { location: "/signin" } });
    const doc = docsOf[owner];
    if (url.pathname === SYNC_PATH)
      return Response.json({ owner, version: `v-${owner[0]}`, paths: ["/documents", "/documents.data", `/documents/${doc}`, `/documents/${doc}.data`, `/documents/${doc}/pdf`] });
    if (url.pathname === "/documents" || url.pathname === "/documents.data" || url.pathname.startsWith(`/documents/${doc}`))
      return new Response(`${url.pathname} of ${owner[0]}`, { status: 200, headers: { [OWNER_HEADER]: owner } });
    return new Response("Not found", { status: 404 });
  };
  return { state, fetch };
}

function setup(options: { browserOnline?: () => boolean } = {}) {
  const memory = memoryCaches();
  const net = network();
  const worker = createOfflineWorker({ caches: memory.caches, fetch: net.fetch, origin: ORIGIN, online: options.browserOnline });
  const pending: Promise<unknown>[] = [];
  /** A page's GET through the worker: its answer, or a network error (undefined: not the worker's to answer). */
  async function get(path: string, clientId = "page-1"): Promise<Response | undefined> {
    const event: FetchLike = { request: new Request(new URL(path, ORIGIN)), clientId, waitUntil: (p) => void pending.push(p) };
    const answer = worker.handleFetch(event);
    const response = answer ? await answer : undefined;
    await Promise.all(pending.splice(0));
    return response;
  }
  return { ...memory, ...net, worker, get };
}

describe("offline worker", () => {
  it("answers from the network while online, and keeps a copy it replays when the network fails", async () => {
    const t = setup();
    expect(await (await t.get(`/documents/${DOC_A}`))!.text()).toBe(`/documents/${DOC_A} of a`);
    t.state.online = false;
    expect(await (await t.get(`/documents/${DOC_A}`))!.text()).toBe(`/documents/${DOC_A} of a`);
    expect(await t.worker.handleMessage({ type: "copy-status", path: `/documents/${DOC_A}` }, "page-1")).toEqual({ copy: true });
    expect(await t.worker.handleMessage({ type: "copy-status", path: `/documents/${DOC_A}` }, "page-2")).toEqual({ copy: false });
    // Without a copy the page gets the network's error.
    await expect(t.get(`/documents/${DOC_B}`)).rejects.toThrow(/Failed to fetch/);
  });

  it("a page answered by the network again is no longer a copy", async () => {
    const t = setup();
    await t.get("/documents.data");
    t.state.online = false;
    await t.get("/documents.data");
    expect(await t.worker.handleMessage({ type: "copy-status", path: "/documents" }, "page-1")).toEqual({ copy: true });
    t.state.online = true;
    await t.get("/documents.data");
    expect(await t.worker.handleMessage({ type: "copy-status", path: "/documents" }, "page-1")).toEqual({ copy: false });
  });

  it("leaves everything else to the browser: applications, POSTs, other sites", async () => {
    const t = setup();
    expect(t.worker.handleFetch({ request: new Request(`${ORIGIN}/applications`), clientId: "p", waitUntil: () => {} })).toBeUndefined();
    expect(t.worker.handleFetch({ request: new Request(`${ORIGIN}/documents/${DOC_A}`, { method: "POST", body: "x" }), clientId: "p", waitUntil: () => {} })).toBeUndefined();
    expect(t.worker.handleFetch({ request: new Request(`https://other.example/documents`), clientId: "p", waitUntil: () => {} })).toBeUndefined();
    expect(await t.caches.keys()).toEqual([]);
  });

  it("never keeps a redirect to sign-in or an answer that names no owner", async () => {
    const t = setup();
    t.state.person = null;
    expect((await t.get("/documents"))!.status).toBe(302);
    expect(await t.caches.keys()).toEqual([]);
  });

  it("keeps one person's documents at a time: another person's answer empties the first person's cache", async () => {
    const t = setup();
    await t.get(`/documents/${DOC_A}`);
    await t.get("/documents");
    expect(t.paths(personalCacheName(A))).toEqual(["/documents", `/documents/${DOC_A}`]);
    t.state.person = B;
    await t.get("/documents");
    expect(await t.caches.keys()).toEqual([personalCacheName(B)]);
    t.state.online = false;
    expect(await (await t.get("/documents"))!.text()).toBe("/documents of b");
    await expect(t.get(`/documents/${DOC_A}`)).rejects.toThrow();
  });

  it("drops a copy the server no longer shows (404: revoked, or not this person's)", async () => {
    const t = setup();
    await t.get(`/documents/${DOC_A}`);
    t.state.person = B; // B's session asks for A's document: 404, and A's copy goes
    await t.get(`/documents/${DOC_A}`);
    expect(t.paths(personalCacheName(A))).toEqual([]);
  });

  it("a sync keeps the list, every card, its .data and PDF, and the shell files the page names", async () => {
    const t = setup();
    await t.worker.handleMessage({ type: "sync", shell: ["/assets/root-1.js", "/assets/app-1.css", "/applications", "https://cdn.example/x.js"], build: "b1" }, "page-1");
    expect(t.paths(personalCacheName(A))).toEqual(["/documents", "/documents.data", SYNC_PATH, `/documents/${DOC_A}`, `/documents/${DOC_A}.data`, `/documents/${DOC_A}/pdf`].sort());
    expect(t.paths(SHELL_CACHE)).toEqual(["/__offline-shell-build", "/assets/app-1.css", "/assets/root-1.js"]);
    // Nothing changed: the next sync asks only what to keep.
    t.state.requests.length = 0;
    await t.worker.handleMessage({ type: "sync", shell: ["/assets/root-1.js", "/assets/app-1.css"], build: "b1" }, "page-1");
    expect(t.state.requests).toEqual([SYNC_PATH]);
    // A new build: its files replace the old ones, and the pages (which name them) are fetched again.
    await t.worker.handleMessage({ type: "sync", shell: ["/assets/root-2.js"], build: "b2" }, "page-1");
    expect(t.paths(SHELL_CACHE)).toEqual(["/__offline-shell-build", "/assets/root-2.js"]);
    expect(t.state.requests).toContain(`/documents/${DOC_A}/pdf`);
    // A page answered by the network loads the shell as if there were no worker.
    expect(t.worker.handleFetch({ request: new Request(`${ORIGIN}/assets/root-2.js`), clientId: "page-1", waitUntil: () => {} })).toBeUndefined();
    // A page shown a stored copy gets it from the cache, the network being down.
    await t.get("/documents");
    t.state.online = false;
    await t.get("/documents", "page-2");
    t.state.requests.length = 0;
    expect(await (await t.get("/assets/root-2.js", "page-2"))!.text()).toBe("/* /assets/root-2.js */");
    expect(t.state.requests).toEqual([]);
  });

  it("while the browser is offline, any page gets the stored shell", async () => {
    let browserOnline = true;
    const t = setup({ browserOnline: () => browserOnline });
    await t.worker.handleMessage({ type: "sync", shell: ["/assets/root-1.js"], build: "b1" }, "page-1");
    browserOnline = false;
    t.state.online = false;
    expect(await (await t.get("/assets/root-1.js", "page-9"))!.text()).toBe("/* /assets/root-1.js */");
    // A file that was never stored: the network's error.
    await expect(t.get("/assets/other-1.js", "page-9")).rejects.toThrow();
  });

  it("a sync after another person signed in drops the first person's documents", async () => {
    const t = setup();
    await t.worker.handleMessage({ type: "sync", shell: [], build: "b1" }, "page-1");
    t.state.person = B;
    await t.worker.handleMessage({ type: "sync", shell: [], build: "b1" }, "page-1");
    expect((await t.caches.keys()).filter((n) => n !== SHELL_CACHE)).toEqual([personalCacheName(B)]);
    expect(t.paths(personalCacheName(B))).toContain(`/documents/${DOC_B}/pdf`);
  });

  it("a sync while nobody is signed in keeps nothing new", async () => {
    const t = setup();
    t.state.person = null;
    await t.worker.handleMessage({ type: "sync", shell: ["/assets/root-1.js"], build: "b1" }, "page-1");
    expect(await t.caches.keys()).toEqual([]);
  });

  it("clear (sign-out) deletes the documents and the shell; other caches of the site stay", async () => {
    const t = setup();
    await t.caches.open("someone-else");
    await t.worker.handleMessage({ type: "sync", shell: ["/assets/root-1.js"], build: "b1" }, "page-1");
    await t.worker.handleMessage({ type: "clear" }, "page-1");
    expect(await t.caches.keys()).toEqual(["someone-else"]);
    t.state.online = false;
    await expect(t.get("/documents")).rejects.toThrow();
  });

  it("activation deletes caches of an older layout only", async () => {
    const t = setup();
    for (const name of ["civic-offline-v0-shell", `civic-offline-v0-docs-${A}`, SHELL_CACHE, personalCacheName(A), "someone-else"]) await t.caches.open(name);
    await t.worker.activate();
    expect((await t.caches.keys()).sort()).toEqual([SHELL_CACHE, personalCacheName(A), "someone-else"].sort());
  });

  it("ignores messages it does not know", async () => {
    const t = setup();
    expect(await t.worker.handleMessage({ type: "sync", shell: "x" }, "p")).toBeUndefined();
    expect(await t.worker.handleMessage(null, "p")).toBeUndefined();
    expect(await t.worker.handleMessage({ type: "copy-status", path: "/documents" }, undefined)).toEqual({ copy: false });
    expect(await t.caches.keys()).toEqual([]);
  });
});
