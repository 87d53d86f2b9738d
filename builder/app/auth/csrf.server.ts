/**
 * CSRF protection for every form POST. A signed-in browser session has its own synchronizer token (kept
 * with the session). Before sign-in (the identity provider's pages, the staff sign-in) a random value in
 * an http-only cookie is bound to the token by an HMAC (the "signed double-submit cookie" pattern).
 * Bearer-token requests carry no ambient credentials and need no token.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { readCookie, serializeCookie } from "./cookies.server";
import { hmac } from "./secrets.server";
import type { User } from "./types";

export const CSRF_FIELD = "csrf";
export const CSRF_HEADER = "x-csrf-token";
const ANON_COOKIE = "cf_csrf";

/** The token for the page's forms, and a cookie to set when an anonymous visitor has none yet. */
export function csrfTokenFor(request: Request, user: User | null): { token: string; setCookie?: string } {
  if (user) return { token: user.csrfToken };
  let seed = readCookie(request, ANON_COOKIE);
  let setCookie: string | undefined;
  if (!seed || !/^[A-Za-z0-9_-]{32}$/.test(seed)) {
    seed = randomBytes(24).toString("base64url");
    setCookie = serializeCookie(request, ANON_COOKIE, seed, { maxAge: 24 * 60 * 60 });
  }
  return { token: hmac("csrf", seed), setCookie };
}

export class CsrfError extends Error {}

/** Throws a 403 response unless the request carries the right token (form field or X-CSRF-Token header). */
export function verifyCsrf(request: Request, user: User | null, form?: FormData): void {
  if (user?.transport === "bearer") return;
  const sent = (form?.get(CSRF_FIELD) as string | null) ?? request.headers.get(CSRF_HEADER);
  const expected = user ? user.csrfToken : expectedAnonymous(request);
  if (!sent || !expected || !safeEqual(sent, expected)) {
    throw new Response("The form has expired or did not come from this site: reload the page and try again.", { status: 403 });
  }
}

function expectedAnonymous(request: Request): string | undefined {
  const seed = readCookie(request, ANON_COOKIE);
  return seed ? hmac("csrf", seed) : undefined;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
