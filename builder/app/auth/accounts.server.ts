/**
 * Staff accounts (officers, analysts, administrators) with scrypt password hashes (node:crypto), demo
 * accounts seeded on first use (DEMO_ACCOUNTS=0 to skip), and sign-in attempts limited per username and
 * client address in the database (runtime/accounts/sign-in-attempts.ts explains the limits).
 */
import { randomBytes, randomUUID, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { switchedOff, viewsOf, type ViewSource } from "../../../runtime";
import type { StaffProfile } from "./types";


const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCallback(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key))));

const PARAMS = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;

/** scrypt$N$r$p$salt$hash (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize("NFC"), salt, KEY_LENGTH, { ...PARAMS, maxmem: 64 * 1024 * 1024 });
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await scrypt(password.normalize("NFC"), Buffer.from(salt, "base64url"), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 });
  return timingSafeEqual(key, expected);
}

/** The demo accounts (documented in builder/README.md). */
export const DEMO_ACCOUNTS: { username: string; displayName: string; roles: string[]; password: string }[] = [
  { username: "mvs.officer", displayName: "Петро Гончаренко (МВС)", roles: ["mvs-officer"], password: "demo-mvs-2026" },
  { username: "hsc.officer", displayName: "Оксана Левченко (ГСЦ МВС)", roles: ["hsc-officer"], password: "demo-hsc-2026" },
  { username: "social.officer", displayName: "Ірина Костенко (соцзахист)", roles: ["social-officer"], password: "demo-social-2026" },
  { username: "civil.officer", displayName: "Василь Дорошенко (ДРАЦС)", roles: ["civil-registry-officer"], password: "demo-civil-2026" },
  { username: "analyst", displayName: "Марта Аналітик", roles: ["analyst"], password: "demo-analyst-2026" },
  { username: "admin", displayName: "Адміністратор", roles: ["admin", "analyst"], password: "demo-admin-2026" },
];

const seeded = new WeakMap<object, Promise<void>>();

/** Creates the demo accounts that do not exist yet (once per database handle). */
export function ensureDemoAccounts(source: ViewSource): Promise<void> {
  const { staffAccounts } = viewsOf(source);
  if (switchedOff(process.env.DEMO_ACCOUNTS)) return Promise.resolve();
  let done = seeded.get(staffAccounts);
  if (!done) {
    done = (async () => {
      const existing = new Set(await staffAccounts.usernames());
      for (const account of DEMO_ACCOUNTS) {
        if (existing.has(account.username)) continue;
        const row = { id: randomUUID(), username: account.username, displayName: account.displayName, passwordHash: await hashPassword(account.password), roles: JSON.stringify(account.roles), createdAt: new Date() };
        await staffAccounts.create(row).catch(() => {}); // another process seeded it meanwhile
      }
    })();
    seeded.set(staffAccounts, done);
    done.catch(() => seeded.delete(staffAccounts));
  }
  return done;
}

/**
 * The hash of a random password nobody knows: an unknown or disabled username costs the same one scrypt as a
 * real one, so timing does not tell which usernames exist, and nothing is kept per unknown username.
 */
const DUMMY_HASH = "scrypt$16384$8$1$FO19Yf3IhDq7oAiYx8YFAg$_WRpPTGg54atDFbFYS2nlrRhV5Gu809osRSpVlKz-fA";

export type SignInResult = { ok: true; accountId: string; profile: StaffProfile } | { ok: false; reason: "invalid" | "locked"; retryAfterMs?: number };

/**
 * Checks a staff password. The attempt is counted (per username and client address, per address, per
 * username) before scrypt runs, so parallel requests cannot all pass a count read before any of them failed.
 * `clientAddress` is the load context's (the socket's peer); without one, all such callers share one count.
 */
export async function checkCredentials(source: ViewSource, username: string, password: string, clientAddress: string | undefined): Promise<SignInResult> {
  await ensureDemoAccounts(source);
  const { staffAccounts } = viewsOf(source);
  const key = username.trim().toLowerCase();
  const address = clientAddress || "unknown";
  const reservation = await staffAccounts.signInAttempts.reserve(key, address);
  if (!reservation.allowed) return { ok: false, reason: "locked", retryAfterMs: reservation.retryAfterMs };
  const found = await staffAccounts.byUsername(key);
  const account = found && !found.disabledAt ? found : null;
  const valid = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
  if (!account || !valid) return { ok: false, reason: "invalid" };
  await staffAccounts.signInAttempts.succeeded(key, address);
  return { ok: true, accountId: account.id, profile: { username: account.username, displayName: account.displayName, roles: JSON.parse(account.roles) as string[] } };
}
