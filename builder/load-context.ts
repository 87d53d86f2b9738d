/** What the server gives every loader and action (types only; no runtime code here). */
import type { Runtime } from "../runtime";
import type { StudioServices } from "./server/studio-services";

declare module "@remix-run/node" {
  interface AppLoadContext {
    runtime: Runtime;
    /** The studio's catalog and example services (builder/server/studio-services.ts). */
    studio: StudioServices;
    /** This response's Content-Security-Policy nonce (builder/server/security-headers.ts): every inline script carries it. */
    cspNonce: string;
    /** The client's network address (builder/server/remix-handler.ts), for per-address sign-in limits; absent in tests that call routes directly. */
    clientAddress?: string;
  }
}

export {};
