/** Request helpers for the studio's routes: who is editing, JSON bodies, errors as HTTP statuses. */

const ANALYST_COOKIE = "studio_analyst";

/**
 * The analyst's name recorded on drafts and versions. Until sign-in (issue 6) puts analysts in a
 * session, the studio asks for a name and keeps it in a cookie; it is a label, not authentication.
 */
export function analystOf(request: Request): string {
  const cookie = request.headers.get("cookie") ?? "";
  const match = cookie.split(/;\s*/).find((c) => c.startsWith(`${ANALYST_COOKIE}=`));
  const name = match ? decodeURIComponent(match.slice(ANALYST_COOKIE.length + 1)) : "";
  return /^[\p{L}\p{N} .'-]{1,60}$/u.test(name) ? name : "analyst";
}

export function analystCookie(name: string): string {
  return `${ANALYST_COOKIE}=${encodeURIComponent(name.slice(0, 60))}; Path=/studio; SameSite=Lax; HttpOnly; Max-Age=31536000`;
}

/** Reads a JSON body sent by the studio's own scripts (a cross-site form cannot send application/json). */
export async function readJson(request: Request, maxBytes = 3_000_000): Promise<Record<string, unknown>> {
  if (!(request.headers.get("content-type") ?? "").startsWith("application/json")) throw new Response("Send JSON", { status: 415 });
  const origin = request.headers.get("origin");
  if (origin && new URL(origin).host !== new URL(request.url).host) throw new Response("Cross-site request refused", { status: 403 });
  const text = await request.text();
  if (text.length > maxBytes) throw new Response("Too large", { status: 413 });
  try {
    const body = JSON.parse(text);
    if (!body || typeof body !== "object" || Array.isArray(body)) throw new Error("not an object");
    return body as Record<string, unknown>;
  } catch {
    throw new Response("The body is not a JSON object", { status: 400 });
  }
}

export { errorResponse } from "./errors.server";

export const intOf = (value: unknown): number | undefined => (typeof value === "number" && Number.isInteger(value) ? value : typeof value === "string" && /^\d+$/.test(value) ? Number(value) : undefined);
