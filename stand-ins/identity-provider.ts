/**
 * A stand-in identity provider shaped like BankID / Diia.ID: the portal sends the browser to
 * /id/<provider>/authorize with a `state`; the person picks who they are among the demo people of the
 * population register; the provider redirects back with a one-time code (60 s), and the portal exchanges
 * it for the person's claims (tax number, names, birth date, sex, phone). Codes and pending sign-ins live
 * in this object's memory: it is a stand-in, not an identity provider. The composition root creates one
 * (builder/server/app-runtime.ts) unless STAND_IN_IDENTITY=0.
 */
import { randomBytes } from "node:crypto";
import { demoPeople, type Person } from "./data/people";

export const STAND_IN_PROVIDERS = {
  bankid: { uk: "BankID НБУ (демо)", en: "BankID (demo)" },
  "diia-id": { uk: "Дія.Підпис / Diia.ID (демо)", en: "Diia.ID (demo)" },
} as const;
export type StandInProviderId = keyof typeof STAND_IN_PROVIDERS;

/** The claims of a BankID / Diia.ID answer (the portal's CitizenProfile has the same shape). */
export interface IdentityClaims {
  taxId: string;
  firstName: string;
  lastName: string;
  middleName?: string;
  birthDate: string;
  gender: "male" | "female";
  phone?: string;
  email?: string;
  provider: string;
}

export interface DemoPersonSummary {
  taxId: string;
  name: string;
  birthDate: string;
  tags: string[];
}

const CODE_TTL_MS = 60_000;
/** Codes waiting for their callback, at most: the page is public, so its memory must be bounded. */
const MAX_PENDING_CODES = 10_000;

export type StandInIdentityProvider = ReturnType<typeof createStandInIdentityProvider>;

export function createStandInIdentityProvider() {
  let people: Person[] | undefined;
  const allPeople = () => (people ??= demoPeople());
  const codes = new Map<string, { claims: IdentityClaims; state: string; expires: number }>();

  return {
    /** The providers' names, per language. */
    providers: STAND_IN_PROVIDERS as Record<string, { uk: string; en: string }>,

    isProvider: (value: string): value is StandInProviderId => Object.hasOwn(STAND_IN_PROVIDERS, value),

    /** The demo people to choose from, optionally filtered by a part of the name or tax number. */
    listDemoPeople(query = ""): DemoPersonSummary[] {
      const q = query.trim().toLowerCase();
      return allPeople()
        .map((p) => ({ taxId: p.taxId, name: fullName(p), birthDate: p.birthDate, tags: p.tags }))
        .filter((p) => !q || p.name.toLowerCase().includes(q) || p.taxId.includes(q));
    },

    /** The provider's side: the person chose who they are; a one-time code for the portal's callback. */
    authorize(provider: StandInProviderId, taxId: string, state: string, now = Date.now()): string | undefined {
      const person = allPeople().find((p) => p.taxId === taxId);
      if (!person) return undefined;
      for (const [key, pending] of codes) if (pending.expires <= now) codes.delete(key);
      if (codes.size >= MAX_PENDING_CODES) return undefined;
      const code = randomBytes(24).toString("base64url");
      codes.set(code, { claims: claimsOf(person, provider), state, expires: now + CODE_TTL_MS });
      return code;
    },

    /** The portal's side: exchange the code once, for the claims, if it was issued for this state. */
    exchangeCode(code: string, state: string, now = Date.now()): IdentityClaims | undefined {
      const pending = codes.get(code);
      codes.delete(code);
      if (!pending || pending.expires <= now || pending.state !== state) return undefined;
      return pending.claims;
    },
  };
}

function fullName(person: Person): string {
  const n = person.name.uk;
  return [n.lastName, n.firstName, n.middleName].filter(Boolean).join(" ");
}

/** What the provider tells about a person: the claims of a BankID / Diia.ID response. */
export function claimsOf(person: Person, provider: string): IdentityClaims {
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
