/** What the identity provider (BankID / Diia.ID style) tells about the signed-in applicant. */
export const APPLICANT_SCHEMA = {
  type: "object",
  title: "Applicant",
  required: ["id", "taxId", "firstName", "lastName", "birthDate"],
  additionalProperties: false,
  properties: {
    id: { type: "string", description: "Pseudonymous id of the person in this system" },
    taxId: { type: "string", description: "RNOKPP, the tax number" },
    firstName: { type: "string" },
    lastName: { type: "string" },
    middleName: { type: "string" },
    birthDate: { type: "string", format: "date" },
    gender: { type: "string", enum: ["male", "female"] },
    phone: { type: "string" },
    email: { type: "string" },
  },
} as const;

/** What every application knows about itself. */
export const APPLICATION_SCHEMA = {
  type: "object",
  title: "Application",
  required: ["id", "createdAt"],
  additionalProperties: false,
  properties: {
    id: { type: "string" },
    createdAt: { type: "string", format: "date-time" },
    language: { type: "string" },
  },
} as const;

/** What an officer's decision on a review step holds (the runtime stores exactly this). */
export function reviewResultSchema(decisions: string[]) {
  return {
    type: "object",
    required: ["decision"],
    additionalProperties: false,
    properties: {
      decision: { type: "string", enum: decisions },
      reason: { type: ["string", "null"] },
      officerId: { type: "string" },
      decidedAt: { type: "string", format: "date-time" },
    },
  } as const;
}
