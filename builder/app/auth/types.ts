/** Who is signed in (browser-safe types: the root loader sends a summary of this to every page). */

export interface CitizenProfile {
  taxId: string;
  firstName: string;
  lastName: string;
  middleName?: string;
  birthDate: string;
  gender?: "male" | "female";
  phone?: string;
  email?: string;
  /** Which stand-in identity provider vouched for the person: bankid | diia-id. */
  provider: string;
}

export interface StaffProfile {
  username: string;
  displayName: string;
  roles: string[];
}

interface SessionBase {
  /** sha256 of the secret the browser or app holds. */
  sessionId: string;
  csrfToken: string;
  transport: "cookie" | "bearer";
  expiresAt: string;
}

export interface CitizenUser extends SessionBase {
  kind: "citizen";
  /** The pseudonymous applicant id: HMAC-SHA256 of the tax number. */
  applicantId: string;
  profile: CitizenProfile;
}

export interface StaffUser extends SessionBase {
  kind: "staff";
  accountId: string;
  profile: StaffProfile;
}

export type User = CitizenUser | StaffUser;

/** What every page knows about the signed-in user (no tax number, no ids). */
export interface UserSummary {
  kind: "citizen" | "staff";
  name: string;
  roles: string[];
}

export const OFFICER_ROLES = ["mvs-officer", "hsc-officer", "social-officer", "civil-registry-officer"] as const;

export const isOfficerRole = (role: string) => role.endsWith("-officer");
export const isOfficer = (user: User | null | undefined): user is StaffUser => user?.kind === "staff" && user.profile.roles.some(isOfficerRole);
export const isAnalyst = (user: User | null | undefined): user is StaffUser => user?.kind === "staff" && user.profile.roles.some((r) => r === "analyst" || r === "admin");
export const isAdmin = (user: User | null | undefined): user is StaffUser => user?.kind === "staff" && user.profile.roles.includes("admin");

export function summarize(user: User | null): UserSummary | null {
  if (!user) return null;
  if (user.kind === "citizen") return { kind: "citizen", name: `${user.profile.firstName} ${user.profile.lastName}`, roles: [] };
  return { kind: "staff", name: user.profile.displayName, roles: user.profile.roles };
}
