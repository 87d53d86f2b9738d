/**
 * The portal's half of the citizen sign-in (an OAuth-style code flow with the stand-in provider): a
 * `state` bound to the browser by a signed cookie, the code exchanged once, a fresh session.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { redirect, type AppLoadContext } from "@remix-run/node";
import { readCookie, serializeCookie } from "./cookies.server";
import { currentUser, safeReturnTo } from "./guards.server";
import { applicantPseudonym, hmac } from "./secrets.server";
import { clearSessionCookie, createSession, destroySession, sessionCookie } from "./sessions.server";
import type { StaffProfile } from "./types";

const STATE_COOKIE = "cf_signin";

/** Starts a sign-in: the state cookie and the redirect to the provider's authorize page. */
export function beginSignIn(request: Request, provider: string, returnTo: string): Response {
  const state = randomBytes(18).toString("base64url");
  const value = `${state}.${Buffer.from(safeReturnTo(returnTo)).toString("base64url")}`;
  const cookie = serializeCookie(request, STATE_COOKIE, `${value}.${hmac("signin", value)}`, { maxAge: 10 * 60 });
  return redirect(`/id/${provider}/authorize?state=${state}&redirect_uri=${encodeURIComponent("/signin/callback")}`, { headers: { "Set-Cookie": cookie } });
}

function readState(request: Request): { state: string; returnTo: string } | undefined {
  const raw = readCookie(request, STATE_COOKIE);
  const parts = raw?.split(".");
  if (parts?.length !== 3) return undefined;
  const [state, returnTo, mac] = parts;
  const expected = Buffer.from(hmac("signin", `${state}.${returnTo}`));
  if (expected.length !== mac.length || !timingSafeEqual(expected, Buffer.from(mac))) return undefined;
  return { state, returnTo: safeReturnTo(Buffer.from(returnTo, "base64url").toString("utf8")) };
}

/** The provider's redirect back: checks the state, exchanges the code, opens a citizen session. */
export async function completeSignIn(request: Request, context: AppLoadContext): Promise<Response | { error: "failed" }> {
  const url = new URL(request.url);
  const pending = readState(request);
  const code = url.searchParams.get("code");
  if (!pending || !code || url.searchParams.get("state") !== pending.state) return { error: "failed" };
  const claims = context.identity?.exchangeCode(code, pending.state);
  if (!claims) return { error: "failed" };
  const db = context.runtime;
  const previous = await currentUser(request, context);
  if (previous) await destroySession(db, previous.sessionId);
  const { token } = await createSession(db, { kind: "citizen", subject: applicantPseudonym(claims.taxId), profile: claims });
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie(request, token));
  headers.append("Set-Cookie", serializeCookie(request, STATE_COOKIE, "", { maxAge: 0 }));
  return redirect(pending.returnTo, { headers });
}

/** After a successful password check: a staff session. */
export async function openStaffSession(request: Request, context: AppLoadContext, accountId: string, profile: StaffProfile, returnTo: string): Promise<Response> {
  const db = context.runtime;
  const previous = await currentUser(request, context);
  if (previous) await destroySession(db, previous.sessionId);
  const { token } = await createSession(db, { kind: "staff", subject: accountId, profile });
  const home = profile.roles.some((r) => r.endsWith("-officer")) ? "/office" : profile.roles.some((r) => r === "analyst" || r === "admin") ? "/studio" : "/";
  return redirect(safeReturnTo(returnTo, home), { headers: { "Set-Cookie": sessionCookie(request, token) } });
}

export async function signOut(request: Request, context: AppLoadContext): Promise<Response> {
  const user = await currentUser(request, context);
  if (user) await destroySession(context.runtime, user.sessionId);
  return redirect("/", { headers: { "Set-Cookie": clearSessionCookie(request) } });
}
