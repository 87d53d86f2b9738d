import { ALL_PARTIES, APPLICANT_ROLE } from "../../definition/parties";
import type { Step } from "../../definition/schema";
import { providedName } from "../../graph/dataflow";
import { hasOwn } from "../../own";
import type { Rule } from "../rule";
import { didYouMean } from "../suggest";

/** Where a step names party roles: an invite's `role`, a form's `party`, a sign step's `parties`, a document's `holders`. */
function roleRefs(id: string, step: Step): { role: string; path: (string | number)[]; invites: boolean }[] {
  if (step.kind === "invite") return [{ role: step.role, path: ["steps", id, "role"], invites: true }];
  if (step.kind === "form" && step.party) return [{ role: step.party, path: ["steps", id, "party"], invites: false }];
  if (step.kind === "sign" && Array.isArray(step.parties)) {
    return step.parties.flatMap((role, i) => (role === ALL_PARTIES ? [] : [{ role, path: ["steps", id, "parties", i], invites: false }]));
  }
  if (step.kind === "document" && Array.isArray(step.holders)) {
    return step.holders.flatMap((role, i) => (role === APPLICANT_ROLE ? [] : [{ role, path: ["steps", id, "holders", i], invites: false }]));
  }
  return [];
}

/**
 * Parties (engine/definition/parties.ts): every role a step names is declared under `parties`, and a form or
 * signature addressed to a role has an invite step for it; `applicant` is no party's role; what a role may see is data some step writes; an invite reaches its invitee (by tax number
 * or by a link).
 */
export const parties: Rule = {
  name: "parties",
  codes: ["party.unknown-role", "party.reserved-role", "party.not-invited", "party.unknown-data", "invite.unreachable"],
  check({ definition, steps, report }) {
    const declared = definition.parties ?? {};
    const roles = Object.keys(declared);
    for (const [name, why] of [[APPLICANT_ROLE, "is the person who applies"], [ALL_PARTIES, "means every party in a sign step"]]) {
      if (hasOwn(declared, name)) report("party.reserved-role", ["parties", name], `"${name}" ${why}, not a party role`, { key: true, hint: "name the role after what the person is: partner, buyer, owner" });
    }
    const refs: { role: string; path: (string | number)[]; invites: boolean }[] = [];
    const invited = new Set<string>();
    for (const [id, step] of steps) {
      for (const ref of roleRefs(id, step)) {
        refs.push(ref);
        if (ref.invites) invited.add(ref.role);
      }
      if (step.kind === "invite" && step.link === false && !step.taxId) {
        report("invite.unreachable", ["steps", id, "link"], `Step "${id}" gives no link and names no tax number: the invitee cannot find the invitation`, {
          hint: "remove link: false, or add taxId: <expression giving the invitee's tax number>",
        });
      }
    }
    for (const { role, path, invites } of refs) {
      if (!hasOwn(declared, role)) {
        report("party.unknown-role", path, `There is no party role "${role}"`, {
          hint: didYouMean(role, roles) ?? (roles.length ? `the roles: ${roles.join(", ")}` : `declare it under parties: { ${role}: { title: … } }`),
        });
      } else if (!invites && !invited.has(role)) {
        report("party.not-invited", path, `No invite step invites the "${role}"`, { hint: `add an invite step with role: ${role} before this step` });
      }
    }
    const provided = new Set(steps.map(([id, step]) => providedName(id, step)).filter((n): n is string => !!n));
    for (const [role, party] of Object.entries(declared)) {
      (party.sees ?? []).forEach((name, i) => {
        if (!provided.has(name)) {
          report("party.unknown-data", ["parties", role, "sees", i], `No step saves "${name}" in the data, so the "${role}" cannot see it`, {
            hint: didYouMean(name, provided) ?? "name a step result (a form's saveAs or step id)",
          });
        }
      });
    }
  },
};
