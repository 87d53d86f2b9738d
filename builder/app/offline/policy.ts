/**
 * What the portal's service worker keeps for offline use, and where (browser-safe, no I/O): the citizen's
 * documents (the list, each card and its PDF, with Remix's `.data` twins for in-app navigation) in a cache of
 * their own named after an opaque owner key, and the app shell (the scripts and styles those pages need) in a
 * shared one. Nothing else personal is ever cached: applications, forms and notifications stay network-only.
 */

/** Bumped when the caches' layout changes: the worker deletes caches of other versions on activation. */
export const CACHE_VERSION = "v1";
const PREFIX = "civic-offline-";
export const SHELL_CACHE = `${PREFIX}${CACHE_VERSION}-shell`;
const PERSONAL = new RegExp(`^${PREFIX}${CACHE_VERSION}-docs-([0-9a-f]{32})$`);

/** The response header naming whose document a response is (builder/app/offline/owner.server.ts). */
export const OWNER_HEADER = "x-offline-owner";
/** What the worker asks after sign-in to learn whose documents, and which, to keep (routes/documents.offline[.]json.ts). */
export const SYNC_PATH = "/documents/offline.json";
/** The worker's service worker script, at the root so that its scope is the whole site. */
export const WORKER_PATH = "/sw.js";
export const MANIFEST_PATH = "/manifest.webmanifest";

export const isOwnerKey = (value: unknown): value is string => typeof value === "string" && /^[0-9a-f]{32}$/.test(value);

export function personalCacheName(owner: string): string {
  if (!isOwnerKey(owner)) throw new Error(`Not an owner key: ${String(owner).slice(0, 40)}`);
  return `${PREFIX}${CACHE_VERSION}-docs-${owner}`;
}

/** The owner key of a personal cache's name, or null for any other cache. */
export const ownerOfCache = (name: string): string | null => PERSONAL.exec(name)?.[1] ?? null;
/** Our caches, of any version (other caches of the origin are not ours to touch). */
export const isOurCache = (name: string) => name.startsWith(PREFIX);
export const isCurrentCache = (name: string) => name === SHELL_CACHE || ownerOfCache(name) !== null;

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const DOCUMENT_PATH = new RegExp(`^/documents(?:\\.data|/${UUID}(?:\\.data|/pdf)?)?$`);
const SHELL_PATH = /^\/(?:assets\/[^/]+\.(?:js|css|woff2?)|manifest\.webmanifest|icons\/[a-z0-9-]+\.png)$/;

export type OfflineKind = "documents" | "shell";

/**
 * Whether a GET to this address is kept: "documents" (personal, network first), "shell" (shared, served from the
 * cache when there), or null (left to the network). Only this origin, and only addresses without a query: a query
 * is something else (a `?notice=`, Remix's `?_routes=` partial loads) that is never replayed.
 */
export function offlineKind(url: URL, origin: string): OfflineKind | null {
  if (url.origin !== origin || url.search) return null;
  if (DOCUMENT_PATH.test(url.pathname)) return "documents";
  if (SHELL_PATH.test(url.pathname)) return "shell";
  return null;
}

/** The page a document address shows (`/documents/x.data` → `/documents/x`); null for a PDF. */
export function pageOf(pathname: string): string | null {
  if (pathname.endsWith("/pdf")) return null;
  return pathname.replace(/\.data$/, "");
}

/** Every address kept for these documents: the list and, for each, its card and PDF (with the `.data` twins). */
export function offlinePaths(documentIds: string[]): string[] {
  const paths = ["/documents", "/documents.data"];
  for (const id of documentIds) paths.push(`/documents/${id}`, `/documents/${id}.data`, `/documents/${id}/pdf`);
  return paths;
}

/** What the server answers at SYNC_PATH for a signed-in citizen. */
export interface OfflineManifest {
  owner: string;
  /** Changes whenever a kept page would read differently (a document added, revoked, expired; the language). */
  version: string;
  paths: string[];
}

/** The server's answer, checked: null when it is not one (not signed in, a proxy's page); only document addresses are kept. */
export function parseManifest(value: unknown): OfflineManifest | null {
  if (!value || typeof value !== "object") return null;
  const { owner, version, paths } = value as Record<string, unknown>;
  if (!isOwnerKey(owner) || typeof version !== "string" || !Array.isArray(paths)) return null;
  const kept = paths.filter((p): p is string => typeof p === "string" && DOCUMENT_PATH.test(p));
  return { owner, version, paths: kept };
}

/**
 * What a sync does to the person's cache: drop what is no longer theirs to keep, and fetch what is missing, or
 * everything when the version changed (a kept page names a status, a language and the build's script files).
 */
export function planSync(manifest: OfflineManifest, version: string, cachedPaths: string[], cachedVersion: string | null): { fetch: string[]; remove: string[] } {
  const wanted = new Set(manifest.paths);
  const have = new Set(cachedPaths);
  return {
    remove: cachedPaths.filter((p) => !wanted.has(p)),
    fetch: cachedVersion === version ? manifest.paths.filter((p) => !have.has(p)) : [...manifest.paths],
  };
}

/** Messages from the pages to the worker. */
export type ToWorker = { type: "sync"; shell: string[]; build: string } | { type: "clear" } | { type: "copy-status"; path: string };
