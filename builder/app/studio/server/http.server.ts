/** Request helpers for the studio's routes: who is editing, JSON bodies (CSRF-checked), errors as HTTP statuses. */
import type { AppLoadContext } from "@remix-run/node";
import { verifyCsrf } from "../../auth/csrf.server";
import { requireAnalyst } from "../../auth/guards.server";

/** The signed-in analyst's name, recorded on drafts and versions; anyone else is sent to sign in or refused. */
export async function analystOf(request: Request, context: AppLoadContext): Promise<string> {
  return (await analystAccount(request, context)).name;
}

/** The signed-in analyst's name and staff account id (a review is decided by another account than the author's). */
export async function analystAccount(request: Request, context: AppLoadContext): Promise<{ name: string; id: string }> {
  const user = await requireAnalyst(request, context);
  return { name: user.profile.displayName || user.profile.username, id: user.accountId };
}

/**
 * Reads a JSON body sent by the editor's scripts: an analyst's session, the CSRF token in the
 * X-CSRF-Token header, and a JSON object of bounded size.
 */
export async function readJson(request: Request, context: AppLoadContext, maxBytes = 3_000_000): Promise<{ body: Record<string, unknown>; by: string; byId: string }> {
  const user = await requireAnalyst(request, context);
  verifyCsrf(request, user);
  if (!(request.headers.get("content-type") ?? "").startsWith("application/json")) throw new Response("Send JSON", { status: 415 });
  const text = await request.text();
  if (text.length > maxBytes) throw new Response("Too large", { status: 413 });
  try {
    const body = JSON.parse(text);
    if (!body || typeof body !== "object" || Array.isArray(body)) throw new Error("not an object");
    return { body: body as Record<string, unknown>, by: user.profile.displayName || user.profile.username, byId: user.accountId };
  } catch {
    throw new Response("The body is not a JSON object", { status: 400 });
  }
}

export { errorResponse } from "./errors.server";

export const intOf = (value: unknown): number | undefined => (typeof value === "number" && Number.isInteger(value) ? value : typeof value === "string" && /^\d+$/.test(value) ? Number(value) : undefined);
