/**
 * Server-side sessions (the WebSession table): the browser holds a random 256-bit value in an http-only,
 * SameSite=Lax cookie (Secure over https); a mobile app holds the same kind of value as a bearer token.
 * Only the value's sha256 is stored. Sessions end on sign-out, after 30 minutes without use, or at their
 * absolute expiry (12 hours for the browser, 30 days for a bearer token).
 */
import { createHash, randomBytes } from "node:crypto";
import { viewsOf, type ViewSource } from "../../../runtime";
import { readCookie, serializeCookie } from "./cookies.server";
import type { CitizenProfile, StaffProfile, User } from "./types";


export const SESSION_COOKIE = "cf_session";
const COOKIE_LIFETIME_MS = 12 * 60 * 60 * 1000;
const BEARER_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
const IDLE_MS = 30 * 60 * 1000;
const BEARER_IDLE_MS = 7 * 24 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often (one write per minute, not per request). */
const TOUCH_EVERY_MS = 60 * 1000;

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export type NewSession =
  | { kind: "citizen"; subject: string; profile: CitizenProfile; transport?: "cookie" | "bearer" }
  | { kind: "staff"; subject: string; profile: StaffProfile; transport?: "cookie" | "bearer" };

export async function createSession(source: ViewSource, session: NewSession, now = new Date()): Promise<{ token: string; user: User }> {
  const token = randomBytes(32).toString("base64url");
  const transport = session.transport ?? "cookie";
  const expiresAt = new Date(now.getTime() + (transport === "bearer" ? BEARER_LIFETIME_MS : COOKIE_LIFETIME_MS));
  const row = {
    id: hashToken(token),
    kind: session.kind,
    subject: session.subject,
    profile: JSON.stringify(session.profile),
    csrfToken: randomBytes(24).toString("base64url"),
    transport,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
  };
  await viewsOf(source).sessions.create(row, now);
  return { token, user: toUser(row) };
}

/** The session named by the request's bearer token or cookie, if it is still alive. */
export async function findSession(source: ViewSource, request: Request, now = new Date()): Promise<User | null> {
  const bearer = request.headers.get("authorization")?.match(/^Bearer\s+([A-Za-z0-9_-]{20,100})$/i)?.[1];
  const token = bearer ?? readCookie(request, SESSION_COOKIE);
  if (!token || token.length > 100) return null;
  const row = await viewsOf(source).sessions.find(hashToken(token));
  if (!row) return null;
  // A cookie value presented as a bearer token (or the reverse) is refused: each travels its own way.
  if ((row.transport === "bearer") !== Boolean(bearer)) return null;
  const idle = row.transport === "bearer" ? BEARER_IDLE_MS : IDLE_MS;
  if (row.expiresAt.getTime() <= now.getTime() || now.getTime() - row.lastSeenAt.getTime() > idle) {
    await viewsOf(source).sessions.delete(row.id);
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await viewsOf(source).sessions.touch(row.id, now);
  }
  return toUser(row);
}

export async function destroySession(source: ViewSource, sessionId: string): Promise<void> {
  await viewsOf(source).sessions.delete(sessionId);
}

export function sessionCookie(request: Request, token: string): string {
  return serializeCookie(request, SESSION_COOKIE, token, { maxAge: COOKIE_LIFETIME_MS / 1000 });
}

export function clearSessionCookie(request: Request): string {
  return serializeCookie(request, SESSION_COOKIE, "", { maxAge: 0 });
}

function toUser(row: { id: string; kind: string; subject: string; profile: string; csrfToken: string; transport: string; expiresAt: Date }): User {
  const base = { sessionId: row.id, csrfToken: row.csrfToken, transport: row.transport === "bearer" ? ("bearer" as const) : ("cookie" as const), expiresAt: row.expiresAt.toISOString() };
  if (row.kind === "citizen") return { ...base, kind: "citizen", applicantId: row.subject, profile: JSON.parse(row.profile) as CitizenProfile };
  return { ...base, kind: "staff", accountId: row.subject, profile: JSON.parse(row.profile) as StaffProfile };
}
