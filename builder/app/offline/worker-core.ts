/**
 * The service worker's behaviour, apart from the worker's global scope so that tests drive it with an
 * in-memory Cache Storage (service-worker.ts wires it to the real events).
 *
 * - A document address (policy.ts) goes to the network first. A 200 that names its owner (OWNER_HEADER) is
 *   stored in that owner's cache, and only there: a response of another owner than the cached one deletes the
 *   cached person's documents first, so one browser never holds two people's documents. A 404 drops the copy
 *   (revoked, or not this person's). When the network fails, the stored copy answers, and the page that got it
 *   can ask whether it is looking at a copy ("copy-status").
 * - The app shell (hashed, immutable files) is answered from its cache for a page that was shown a stored copy,
 *   or while the browser is offline; otherwise the browser fetches it as if there were no worker (the studio's
 *   many modules pay nothing). Only the files the documents pages need are stored, by a sync.
 * - A sync (a signed-in citizen's page asks after each navigation) reads SYNC_PATH, switches owner if needed,
 *   stores the shell files the page lists, and fetches the person's document addresses that are missing.
 * - "clear" (sign-out) deletes all of it.
 */
import { isCurrentCache, isOurCache, offlineKind, ownerOfCache, pageOf, parseManifest, personalCacheName, planSync, SHELL_CACHE, SYNC_PATH, OWNER_HEADER, type ToWorker } from "./policy";

export interface WorkerEnv {
  caches: CacheStorage;
  fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  origin: string;
  /** Whether the browser thinks it is online (the worker's navigator.onLine). */
  online?: () => boolean;
}

export interface FetchLike {
  request: Request;
  /** The page the answer is for: resultingClientId for a navigation, clientId otherwise. */
  clientId: string;
  waitUntil(promise: Promise<unknown>): void;
}

/** The sync's own record in the person's cache: the version of what is stored. */
const STATE_KEY = SYNC_PATH;
/** The shell cache's record of the build its files belong to (not a path the site serves). */
const SHELL_STATE_KEY = "/__offline-shell-build";

export function createOfflineWorker(env: WorkerEnv) {
  const { caches } = env;
  const online = env.online ?? (() => true);
  /** Pages (client ids) that were shown a stored copy, with the page's path. */
  const copiesShown = new Map<string, string>();

  async function personalCacheNames(): Promise<string[]> {
    return (await caches.keys()).filter((name) => ownerOfCache(name) !== null);
  }

  /** The owner's cache, after deleting any other person's. */
  async function cacheOf(owner: string): Promise<Cache> {
    const name = personalCacheName(owner);
    for (const other of await personalCacheNames()) if (other !== name) await caches.delete(other);
    return caches.open(name);
  }

  /** The stored copy of a document address, from the one person whose documents this browser keeps. */
  async function storedCopy(path: string): Promise<Response | undefined> {
    const [name] = await personalCacheNames();
    if (!name) return undefined;
    return (await caches.open(name)).match(path, { ignoreVary: true });
  }

  /** Stores a document response under its owner, or drops the copy when the server says it is not there. */
  async function keep(path: string, response: Response): Promise<void> {
    if (response.status === 404 || response.status === 410) {
      for (const name of await personalCacheNames()) await (await caches.open(name)).delete(path);
      return;
    }
    const owner = response.headers.get(OWNER_HEADER);
    // Redirects (to sign-in), Remix's 202 redirect payloads, errors and anything unowned are not kept.
    if (response.status !== 200 || !owner || !/^[0-9a-f]{32}$/.test(owner)) return;
    await (await cacheOf(owner)).put(path, response);
  }

  async function documentsFirstFromNetwork(event: FetchLike, path: string): Promise<Response> {
    try {
      const response = await env.fetch(event.request);
      if (copiesShown.get(event.clientId) === pageOf(path)) copiesShown.delete(event.clientId);
      event.waitUntil(keep(path, response.clone()));
      return response;
    } catch (error) {
      const copy = await storedCopy(path);
      if (!copy) throw error;
      const page = pageOf(path);
      if (page && event.clientId) copiesShown.set(event.clientId, page);
      return copy;
    }
  }

  async function shellFromCache(request: Request): Promise<Response> {
    const cached = await (await caches.open(SHELL_CACHE)).match(request, { ignoreVary: true });
    return cached ?? env.fetch(request);
  }

  /** The answer for a fetch, or undefined to leave it to the browser (not ours to keep). */
  function handleFetch(event: FetchLike): Promise<Response> | undefined {
    if (event.request.method !== "GET") return undefined;
    const url = new URL(event.request.url);
    const kind = offlineKind(url, env.origin);
    if (kind === "documents") return documentsFirstFromNetwork(event, url.pathname);
    if (kind === "shell" && (copiesShown.has(event.clientId) || !online())) return shellFromCache(event.request);
    return undefined;
  }

  /** Stores the shell files a page lists (the documents pages' scripts and styles); a new build starts afresh. */
  async function storeShell(paths: string[], build: string): Promise<void> {
    let cache = await caches.open(SHELL_CACHE);
    const stored = await cache.match(SHELL_STATE_KEY);
    if (stored && (await stored.text()) !== build) {
      await caches.delete(SHELL_CACHE);
      cache = await caches.open(SHELL_CACHE);
    }
    await cache.put(SHELL_STATE_KEY, new Response(build));
    for (const path of paths) {
      if (!URL.canParse(path, env.origin)) continue;
      const url = new URL(path, env.origin);
      if (offlineKind(url, env.origin) !== "shell" || (await cache.match(url.pathname))) continue;
      const response = await env.fetch(url.pathname).catch(() => undefined);
      if (response?.status === 200) await cache.put(url.pathname, response);
    }
  }

  async function sync(shell: string[], build: string): Promise<void> {
    const response = await env.fetch(SYNC_PATH, { headers: { accept: "application/json" }, redirect: "manual" });
    if (response.status !== 200) return;
    const manifest = parseManifest(await response.json().catch(() => null));
    if (!manifest) return;
    await storeShell(shell, build);
    const version = `${manifest.version}:${build}`;
    const cache = await cacheOf(manifest.owner);
    const cachedPaths = (await cache.keys()).map((r) => new URL(r.url).pathname).filter((p) => p !== STATE_KEY);
    const state = await cache.match(STATE_KEY);
    const plan = planSync(manifest, version, cachedPaths, state ? await state.text() : null);
    for (const path of plan.remove) await cache.delete(path);
    for (const path of plan.fetch) {
      const fetched = await env.fetch(path, { redirect: "manual" }).catch(() => undefined);
      if (fetched) await keep(path, fetched);
    }
    // Recorded only while the same person's cache is the current one (a sign-in meanwhile switched it).
    if ((await personalCacheNames()).includes(personalCacheName(manifest.owner))) await cache.put(STATE_KEY, new Response(version));
  }

  async function clear(): Promise<void> {
    copiesShown.clear();
    for (const name of await caches.keys()) if (isOurCache(name)) await caches.delete(name);
  }

  /** A page's message; the answer to "copy-status" (whether that page was shown a stored copy), else undefined. */
  async function handleMessage(data: unknown, clientId: string | undefined): Promise<{ copy: boolean } | undefined> {
    const message = data as ToWorker | null;
    switch (message?.type) {
      case "sync":
        if (Array.isArray(message.shell) && typeof message.build === "string") await sync(message.shell, message.build);
        return undefined;
      case "clear":
        await clear();
        return undefined;
      case "copy-status":
        return { copy: !!clientId && copiesShown.get(clientId) === message.path };
      default:
        return undefined;
    }
  }

  /** On activation: caches of an older layout go. */
  async function activate(): Promise<void> {
    for (const name of await caches.keys()) if (isOurCache(name) && !isCurrentCache(name)) await caches.delete(name);
  }

  return { handleFetch, handleMessage, activate, clear, sync };
}
