/**
 * An invitation: the application waits for another party (runtime/parties) to accept or decline, or for the
 * step's deadline (`expired`). Entering makes the deadline job and a `party-invite` job that writes the party
 * row (with the tax number the step names, so that the invitee finds it in their list); a party who accepted
 * at an earlier entry of the step (after a send-back) is taken as accepted again.
 */
import { localize } from "../../engine";
import { PermanentFailure } from "../jobs/execute";
import { ensureParty } from "../parties/parties";
import type { RuntimeStepModule } from "./types";

export const inviteStep: RuntimeStepModule<"invite"> = {
  kind: "invite",
  // Still the citizens' part of the application (as a form or signature): not submitted to anyone yet.
  status: () => "draft",
  work: "external",
  waitsFor: "party",
  citizenCancels: true,
  enter(step, ctx) {
    return { jobs: [...ctx.deadline(step.deadline), ctx.job("party-invite", {})] };
  },
  async execute(step, job, app, deps) {
    const data = JSON.parse(app.data) as Record<string, unknown>;
    let row: Awaited<ReturnType<typeof ensureParty>>;
    try {
      row = await ensureParty(deps.ctx.database.prisma, { id: app.id, stepEntry: job.stepEntry }, job.step, step, data, deps.ctx.clock.now());
    } catch (error) {
      // The tax number's expression failed on this data: nothing a retry fixes.
      if (error instanceof Error && /tax number/.test(error.message)) throw new PermanentFailure(error.message);
      throw error;
    }
    if (row.status === "accepted" && row.stepEntry !== job.stepEntry) {
      // The person saved with the earlier acceptance (the data still holds it under the step's name).
      const earlier = data[step.saveAs ?? job.step] as { person?: unknown } | undefined;
      return { result: { outcome: "accepted", data: { role: row.role, status: "accepted", respondedAt: row.respondedAt?.toISOString() ?? null, ...(earlier?.person ? { person: earlier.person } : {}) } } };
    }
    return { nothing: true };
  },
  view(step, ctx) {
    const invite = { role: step.role, link: step.link !== false, named: !!step.taxId, message: localize(step.message, ctx.lang, ctx.main) };
    return { fields: { invite }, actions: ctx.viewer.kind === "applicant" && step.link !== false ? ["invite"] : [] };
  },
  timeline: { arrived: "ev_invite", left: { text: "ev_inviteAccepted", when: { outcome: "accepted" } } },
  notice: { left: ["timeout"], facts: () => ({ kind: "deadline", what: "invite" }) },
};
