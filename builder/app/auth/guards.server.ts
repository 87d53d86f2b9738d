/**
 * Who may see a page: the signed-in user from the session (cookie or bearer token), and guards that send
 * anonymous visitors to sign in and refuse the wrong kind of user. The studio uses requireAnalyst.
 */
import { redirect, type AppLoadContext } from "@remix-run/node";
import { findSession } from "./sessions.server";
import { isAnalyst, isAdmin, isOfficer, type CitizenUser, type StaffUser, type User } from "./types";

const perRequest = new WeakMap<Request, Promise<User | null>>();

/** The signed-in user, or null (looked up once per request). */
export function currentUser(request: Request, context: AppLoadContext): Promise<User | null> {
  let found = perRequest.get(request);
  if (!found) {
    found = findSession(context.runtime, request);
    perRequest.set(request, found);
  }
  return found;
}

function signInRedirect(request: Request, to: "/signin" | "/staff/signin"): Response {
  const url = new URL(request.url);
  return redirect(`${to}?returnTo=${encodeURIComponent(url.pathname + url.search)}`);
}

const forbidden = (message: string) => new Response(message, { status: 403 });

/** A citizen signed in through the identity provider; anyone else is sent to sign in. */
export async function requireCitizen(request: Request, context: AppLoadContext): Promise<CitizenUser> {
  const user = await currentUser(request, context);
  if (user?.kind === "citizen") return user;
  throw signInRedirect(request, "/signin");
}

/** An officer (any *-officer role). */
export async function requireOfficer(request: Request, context: AppLoadContext): Promise<StaffUser> {
  const user = await currentUser(request, context);
  if (isOfficer(user)) return user;
  if (!user || user.kind === "citizen") throw signInRedirect(request, "/staff/signin");
  throw forbidden("The office is for officers: your account has no officer role.");
}

/** An analyst (or an administrator): for the studio. */
export async function requireAnalyst(request: Request, context: AppLoadContext): Promise<StaffUser> {
  const user = await currentUser(request, context);
  if (isAnalyst(user)) return user;
  if (!user || user.kind === "citizen") throw signInRedirect(request, "/staff/signin");
  throw forbidden("The studio is for analysts: your account has no analyst role.");
}

export async function requireAdmin(request: Request, context: AppLoadContext): Promise<StaffUser> {
  const user = await currentUser(request, context);
  if (isAdmin(user)) return user;
  if (!user || user.kind === "citizen") throw signInRedirect(request, "/staff/signin");
  throw forbidden("Only administrators may do this.");
}

const OWN_ORIGIN = "http://civic-flow.invalid";

/**
 * A same-site path to return to after sign-in (`fallback` for anything else). The value is parsed the way a
 * browser would, against our own origin: "/\t/evil.example" or "/\\evil.example" resolve to another host and are
 * refused; what survives is re-serialized (control characters percent-encoded), so it is safe in a Location header.
 */
export function safeReturnTo(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(value, OWN_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== OWN_ORIGIN) return fallback;
  return url.pathname + url.search + url.hash;
}
