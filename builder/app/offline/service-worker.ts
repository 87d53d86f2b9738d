/**
 * The portal's service worker, served at /sw.js (bundled by vite-plugin.ts into one classic script): wires the
 * worker's events to worker-core.ts. Installs and takes over at once: it keeps no state of its own besides the
 * caches, so an old and a new version agree on them.
 */
import { createOfflineWorker } from "./worker-core";

// The DOM library has no service worker types (and the webworker library clashes with it): what is used here.
interface SwEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface SwFetchEvent extends SwEvent {
  request: Request;
  clientId: string;
  resultingClientId: string;
  respondWith(response: Promise<Response>): void;
}
interface SwMessageEvent extends SwEvent {
  data: unknown;
  source: { id: string } | null;
  ports: readonly MessagePort[];
}
interface SwScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: "install" | "activate", listener: (event: SwEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: SwFetchEvent) => void): void;
  addEventListener(type: "message", listener: (event: SwMessageEvent) => void): void;
}

const scope = self as unknown as SwScope;
const worker = createOfflineWorker({ caches, fetch: (input, init) => fetch(input, init), origin: scope.location.origin, online: () => navigator.onLine });

scope.addEventListener("install", (event) => event.waitUntil(scope.skipWaiting()));
scope.addEventListener("activate", (event) => event.waitUntil(worker.activate().then(() => scope.clients.claim())));

scope.addEventListener("fetch", (event) => {
  const answer = worker.handleFetch({
    request: event.request,
    clientId: event.resultingClientId || event.clientId,
    waitUntil: (promise) => event.waitUntil(promise),
  });
  if (answer) event.respondWith(answer);
});

scope.addEventListener("message", (event) => {
  event.waitUntil(
    worker.handleMessage(event.data, event.source?.id).then((reply) => {
      if (reply) event.ports[0]?.postMessage(reply);
    }),
  );
});
