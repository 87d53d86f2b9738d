/**
 * The pages' side of documents offline (browser-safe): registers the service worker, asks it to sync after each
 * navigation of a signed-in citizen (with the script and style files the documents pages need), tells it to
 * clear everything when the person signs out, and answers whether the page shows a stored copy.
 */
import { useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { type ToWorker, WORKER_PATH } from "./policy";

/** The routes whose pages are kept (their modules and styles form the app shell). */
const DOCUMENT_ROUTES = ["root", "routes/documents._index", "routes/documents.$documentId"];

const supported = () => typeof navigator !== "undefined" && "serviceWorker" in navigator && window.isSecureContext;

let registration: Promise<ServiceWorkerRegistration | undefined> | undefined;
function register(): Promise<ServiceWorkerRegistration | undefined> {
  registration ??= navigator.serviceWorker.register(WORKER_PATH, { scope: "/", updateViaCache: "none" }).catch(() => undefined);
  return registration;
}

async function post(message: ToWorker): Promise<void> {
  await register();
  const ready = await navigator.serviceWorker.ready;
  ready.active?.postMessage(message);
}

interface RemixManifest {
  url: string;
  version: string;
  entry: { module: string; imports: string[] };
  routes: Record<string, { module: string; imports?: string[]; css?: string[] } | undefined>;
}

/** The files the documents pages need to run offline: Remix's manifest, entry and route modules, and the page's styles. */
export function shellFiles(manifest: RemixManifest, stylesheets: string[]): string[] {
  const files = new Set<string>([manifest.url, manifest.entry.module, ...manifest.entry.imports, ...stylesheets, "/manifest.webmanifest"]);
  for (const id of DOCUMENT_ROUTES) {
    const route = manifest.routes[id];
    if (!route) continue;
    for (const file of [route.module, ...(route.imports ?? []), ...(route.css ?? [])]) files.add(file);
  }
  return [...files];
}

function syncMessage(): ToWorker | undefined {
  const manifest = (window as unknown as { __remixManifest?: RemixManifest }).__remixManifest;
  if (!manifest) return undefined;
  const stylesheets = [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].map((link) => new URL(link.href).pathname);
  return { type: "sync", shell: shellFiles(manifest, stylesheets), build: manifest.version };
}

/** A sign-out form (SiteHeader's) empties the worker's caches as it is sent; the answer's Clear-Site-Data does it again. */
function clearOnSignOut(event: SubmitEvent) {
  const form = event.target as HTMLFormElement | null;
  if (form && new URL(form.action, location.href).pathname === "/signout") navigator.serviceWorker.controller?.postMessage({ type: "clear" } satisfies ToWorker);
}

/** In the root layout: registers the worker; a signed-in citizen's pages keep their documents offline. */
export function useOfflineDocuments(citizen: boolean): void {
  const { pathname } = useLocation();
  useEffect(() => {
    if (!supported()) return;
    register();
    document.addEventListener("submit", clearOnSignOut);
    return () => document.removeEventListener("submit", clearOnSignOut);
  }, []);
  useEffect(() => {
    if (!supported() || !citizen || !pathname) return;
    const message = syncMessage();
    if (message) post(message).catch(() => {});
  }, [citizen, pathname]);
}

/** Asks the worker whether this page was given a stored copy (false when it does not answer within a second). */
function askWorker(path: string): Promise<boolean> {
  const worker = navigator.serviceWorker.controller;
  if (!worker) return Promise.resolve(false);
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(false), 1000);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve((event.data as { copy?: boolean } | null)?.copy === true);
    };
    worker.postMessage({ type: "copy-status", path } satisfies ToWorker, [channel.port2]);
  });
}

/**
 * Whether the page shows a stored copy rather than what the server just said: the worker answered from its cache,
 * or the browser is offline (then whatever is shown came from the server earlier). Always false on the server.
 */
export function useOfflineCopy(): boolean {
  const { pathname } = useLocation();
  const [copy, setCopy] = useState(false);
  useEffect(() => {
    if (!supported()) return;
    let live = true;
    const check = async () => {
      const answer = !navigator.onLine || (await askWorker(pathname));
      if (live) setCopy(answer);
    };
    const offline = () => live && setCopy(true);
    check();
    window.addEventListener("offline", offline);
    return () => {
      live = false;
      window.removeEventListener("offline", offline);
    };
  }, [pathname]);
  return copy;
}

/** Whether this browser can keep documents offline (a service worker in a secure context); false on the server. */
export function useOfflineCapable(): boolean {
  const [capable, setCapable] = useState(false);
  useEffect(() => setCapable(supported()), []);
  return capable;
}
