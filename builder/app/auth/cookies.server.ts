/** Raw cookies: read one from a request, serialize one with safe defaults (http-only, SameSite=Lax, Secure over https). */

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** True when the browser reached us over https (directly, or through a proxy that says so). */
export function isHttps(request: Request): boolean {
  if (new URL(request.url).protocol === "https:") return true;
  if (process.env.COOKIE_SECURE === "1") return true;
  return process.env.TRUST_PROXY === "1" && request.headers.get("x-forwarded-proto")?.split(",")[0].trim() === "https";
}

export interface CookieOptions {
  /** Seconds; 0 deletes the cookie; undefined makes a browser-session cookie. */
  maxAge?: number;
  httpOnly?: boolean;
  sameSite?: "Lax" | "Strict";
  path?: string;
}

export function serializeCookie(request: Request, name: string, value: string, options: CookieOptions = {}): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path ?? "/"}`, `SameSite=${options.sameSite ?? "Lax"}`];
  if (options.httpOnly !== false) parts.push("HttpOnly");
  if (isHttps(request)) parts.push("Secure");
  if (options.maxAge !== undefined) {
    parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAge))}`);
    if (options.maxAge <= 0) parts.push("Expires=Thu, 01 Jan 1970 00:00:00 GMT");
  }
  return parts.join("; ");
}
