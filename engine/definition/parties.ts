/**
 * Parties: people besides the applicant who act in an application (a partner in a marriage registration, the
 * buyer of a vehicle, the owner who consents to a residence registration). A service declares their roles under
 * `parties`, each with a title and what it may see; an `invite` step (engine/steps/invite.ts) asks for one, and
 * form and sign steps may be addressed to parties. Kept apart from schema.ts so that step modules can import it.
 */
import { Type, type Static } from "@sinclair/typebox";
import { TextSchema } from "../steps/parts";

/** The word that names the applicant: no party role may take it. */
export const APPLICANT_ROLE = "applicant";
/** In a sign step's `parties`, every declared role: no party role may take it either. */
export const ALL_PARTIES = "all";

export const PartyRoleId = Type.String({ pattern: "^[a-z][a-zA-Z0-9]*$", description: "A party role declared under `parties` (e.g. partner, buyer, owner)." });

export const PartyRoleSchema = Type.Object(
  {
    title: TextSchema,
    description: Type.Optional(TextSchema),
    sees: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        uniqueItems: true,
        description: "Names in the application's data (step results: a form's saveAs, a registry's saveAs…) shown to this party; nothing else is.",
      }),
    ),
  },
  { additionalProperties: false, description: "A person besides the applicant who acts in the application." },
);

export const PartiesSchema = Type.Record(PartyRoleId, PartyRoleSchema, {
  description: "Party roles besides the applicant: who else acts in an application and what each may see.",
});

export type PartyRole = Static<typeof PartyRoleSchema>;
export type Parties = Static<typeof PartiesSchema>;

/** The roles a sign step asks to sign besides the applicant: `[all]` is every declared role. */
export function signingParties(parties: unknown, declared: Parties | undefined): string[] {
  if (!Array.isArray(parties)) return [];
  if (parties.includes(ALL_PARTIES)) return Object.keys(declared ?? {});
  return parties.filter((p): p is string => typeof p === "string");
}
