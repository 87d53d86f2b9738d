/**
 * A signature: the application waits for the citizen to sign its content (runtime/signatures/content.ts) with
 * a qualified signature through the signing provider (runtime/signatures/signing.ts: the request, the
 * provider's answer fetched server to server, the CAdES signature verified and stored as a Signature row).
 * With `parties` (roles, or `[all]`), the parties named sign the same content too, and `signed` waits for all of them.
 * `signed` moves it on with the signature's summary as the step's data; `declined` takes the step's
 * `declined` way out when it has one (otherwise the citizen may sign later). Nothing runs meanwhile.
 */
import { signContent } from "../signatures/content";
import type { RuntimeStepModule } from "./types";

export const signStep: RuntimeStepModule<"sign"> = {
  kind: "sign",
  // Not submitted until signed (as in Diia): the application is still the citizen's draft.
  status: () => "draft",
  work: "none",
  waitsFor: "citizen",
  citizenCancels: true,
  enter: () => ({ jobs: [] }),
  view(step, ctx) {
    let sign: Record<string, unknown>;
    try {
      const content = signContent(step, ctx.data);
      sign = { content: JSON.stringify(content.value, null, 2), sha256: content.sha256Hex };
    } catch (error) {
      sign = { error: (error as Error).message };
    }
    // The applicant signs, and each party the step names (`parties`: a role list, or all of them).
    const party = ctx.viewer.party;
    const signs = ctx.viewer.kind !== "officer" && (!party || (step.parties ?? []).some((role) => role === party || role === "all"));
    return { fields: { sign, ...(step.parties ? { parties: step.parties } : {}) }, actions: signs && !("error" in sign) ? ["sign"] : [] };
  },
  timeline: { arrived: "ev_sign", left: { text: "ev_signed", when: { outcome: "signed" } } },
};
