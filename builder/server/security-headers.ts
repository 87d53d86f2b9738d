/**
 * Security headers for every response (helmet), with a Content-Security-Policy whose scripts must carry a
 * per-request nonce: the nonce is made here, kept in res.locals and handed to Remix through the load context
 * (entry.server.tsx and root.tsx put it on every script they render).
 *
 * What the policy allows, and why:
 * - scripts: our own files and nonce'd inline scripts; 'unsafe-eval' because ajv (the generated forms' and the
 *   studio's validation in the browser) compiles schemas with new Function: without it the portal's forms and
 *   the studio break (npm run e2e reports the violations).
 * - styles: our own files and inline styles: React Flow and the form designer set style attributes, Monaco
 *   adds <style> elements at run time.
 * - workers: our own files (Monaco's and monaco-yaml's workers are bundled by Vite, the portal's service worker is
 *   /sw.js); the web app manifest: ours (/manifest.webmanifest); images: data: and blob: (QR codes, the studio's exports).
 * - no framing by anyone (frame-ancestors 'none'), no plugins, <base> only to ourselves. form-action is left
 *   open: the payment step redirects the form's POST to the payment provider's checkout on another origin.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import helmet from "helmet";

export const nonceOf = (res: ExpressResponse | ServerResponse): string => (res as ExpressResponse).locals?.cspNonce as string;

export function securityHeaders(options: { development?: boolean } = {}) {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        scriptSrc: ["'self'", (_req: IncomingMessage, res: ServerResponse) => `'nonce-${nonceOf(res)}'`, "'unsafe-eval'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        fontSrc: ["'self'", "data:"],
        // Development: Vite's HMR websocket.
        connectSrc: options.development ? ["'self'", "ws:", "wss:"] : ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
      },
    },
    strictTransportSecurity: { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true },
    referrerPolicy: { policy: "same-origin" },
    xFrameOptions: { action: "deny" },
  });
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    headers(req, res, next);
  };
}

/** Pages and answers that belong to someone (behind a session): never stored by a browser or a proxy. */
const PERSONAL = /^\/(applications|documents|notifications|office|studio|privacy|api|signin|signout|staff|id|payments|verify|language)(\/|$)/;
const PUBLIC_CACHEABLE = new Set(["/api/v1/openapi.json"]);

/** The Cache-Control a dynamic answer gets: no-store on personal paths whatever the route said, and by default (pages carry the session's CSRF token and name). */
export function cacheControlFor(path: string, fromRoute: string | null): string {
  if (PERSONAL.test(path) && !PUBLIC_CACHEABLE.has(path)) return "no-store";
  return fromRoute ?? "no-store";
}
