/**
 * A stand-in identity provider shaped like BankID / Diia.ID: the portal sends the browser to
 * /id/<provider>/authorize with a `state`; the person picks who they are among the demo people of the
 * population register; the provider redirects back with a one-time code (60 s), and the portal exchanges
 * it for the person's claims (tax number, names, birth date, sex, phone). Codes and pending sign-ins live
 * in this process's memory: it is a stand-in, not an identity provider.
 */
import { randomBytes } from "node:crypto";
import { demoPeople, type Person } from "../../../runtime/stand-ins/data/people";
import type { CitizenProfile } from "./types";

export const PROVIDERS = {
  bankid: { uk: "BankID НБУ (демо)", en: "BankID (demo)" },
  "diia-id": { uk: "Дія.Підпис / Diia.ID (демо)", en: "Diia.ID (demo)" },
} as const;
export type ProviderId = keyof typeof PROVIDERS;
/** The demo provider lets anyone be anyone: a deployment with real people sets STAND_IN_IDENTITY=0. */
export const standInIdentityEnabled = () => process.env.STAND_IN_IDENTITY !== "0";
export const isProvider = (value: string): value is ProviderId => standInIdentityEnabled() && Object.hasOwn(PROVIDERS, value);
/** The providers a citizen can choose from (none when the stand-in is switched off). */
export const enabledProviders = (): ProviderId[] => (standInIdentityEnabled() ? (Object.keys(PROVIDERS) as ProviderId[]) : []);

let people: Person[] | undefined;
const allPeople = () => (people ??= demoPeople());

export interface DemoPersonSummary {
  taxId: string;
  name: string;
  birthDate: string;
  tags: string[];
}

/** The demo people to choose from, optionally filtered by a part of the name or tax number. */
export function listDemoPeople(query = ""): DemoPersonSummary[] {
  const q = query.trim().toLowerCase();
  return allPeople()
    .map((p) => ({ taxId: p.taxId, name: fullName(p), birthDate: p.birthDate, tags: p.tags }))
    .filter((p) => !q || p.name.toLowerCase().includes(q) || p.taxId.includes(q));
}

function fullName(person: Person): string {
  const n = person.name.uk;
  return [n.lastName, n.firstName, n.middleName].filter(Boolean).join(" ");
}

/** What the provider tells about a person: the claims of a BankID / Diia.ID response. */
export function claimsOf(person: Person, provider: ProviderId): CitizenProfile {
  const n = person.name.uk;
  return {
    taxId: person.taxId,
    firstName: n.firstName,
    lastName: n.lastName,
    ...(n.middleName ? { middleName: n.middleName } : {}),
    birthDate: person.birthDate,
    gender: person.gender === "MALE" ? "male" : "female",
    // Demo contact details, as a bank would hold them.
    phone: `+38067${person.taxId.slice(-7)}`,
    email: `${person.name.en.firstName}.${person.name.en.lastName}`.toLowerCase().replace(/[^a-z.]/g, "") + "@example.com",
    provider,
  };
}

interface PendingCode {
  claims: CitizenProfile;
  state: string;
  expires: number;
}

const codes = new Map<string, PendingCode>();
const CODE_TTL_MS = 60_000;
/** Codes waiting for their callback, at most: the page is public, so its memory must be bounded. */
const MAX_PENDING_CODES = 10_000;

/** The provider's side: the person chose who they are; a one-time code for the portal's callback. */
export function authorize(provider: ProviderId, taxId: string, state: string, now = Date.now()): string | undefined {
  const person = allPeople().find((p) => p.taxId === taxId);
  if (!person) return undefined;
  for (const [key, pending] of codes) if (pending.expires <= now) codes.delete(key);
  if (codes.size >= MAX_PENDING_CODES) return undefined;
  const code = randomBytes(24).toString("base64url");
  codes.set(code, { claims: claimsOf(person, provider), state, expires: now + CODE_TTL_MS });
  return code;
}

/** The portal's side: exchange the code once, for the claims, if it was issued for this state. */
export function exchangeCode(code: string, state: string, now = Date.now()): CitizenProfile | undefined {
  const pending = codes.get(code);
  codes.delete(code);
  if (!pending || pending.expires <= now || pending.state !== state) return undefined;
  return pending.claims;
}
