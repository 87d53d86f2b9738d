/** What the server gives every loader and action (types only; no runtime code here). */
import type { Runtime } from "../runtime";
import type { StandInIdentityProvider } from "../stand-ins";
import type { IdentityProviders } from "./app/auth/identity.server";
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
    /** The identity providers citizens sign in with (builder/app/auth/identity.server.ts); none configured: absent. */
    identity?: IdentityProviders;
    /** The stand-in identity provider, when it runs (the same object as `identity`): its page /id/<provider>/authorize. */
    standInIdentity?: StandInIdentityProvider;
  }
}
