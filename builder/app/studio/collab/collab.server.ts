/**
 * The studio's side of working together (runtime/drafts/collaboration.ts): who is asking (a staff account,
 * its display name, whether it owns services), and the state the editor polls with its heartbeat: who is
 * here, the draft's latest version, the comments on its steps, the review and the service's setting.
 */
import type { AppLoadContext } from "@remix-run/node";
import { loadDefinition, parseSource } from "../../../../engine";
import { madeLatestChanges, type Collaborator, type Draft } from "../../../../runtime";
import { requireAnalyst } from "../../auth/guards.server";
import { semanticDiff, type Change } from "../model/semantic-diff";
import { versionDefinition } from "../server/studio.server";

export interface Staff extends Collaborator {
  /** Admins own the services: they decide whether publishing needs a review. */
  admin: boolean;
}

export async function staffOf(request: Request, context: AppLoadContext): Promise<Staff> {
  const user = await requireAnalyst(request, context);
  return { id: user.accountId, name: user.profile.displayName || user.profile.username, admin: user.profile.roles.includes("admin") };
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Everything the editor shows about the others, as JSON. */
export async function collabState(context: AppLoadContext, draft: Draft, me: Staff) {
  const collab = context.runtime.drafts.collaboration;
  const [presence, comments, review, settings] = await Promise.all([
    collab.present(draft.id),
    collab.comments(draft.id),
    collab.reviewState(draft),
    collab.settings(draft.serviceId),
  ]);
  return {
    me: { id: me.id, name: me.name, admin: me.admin },
    draft: { version: draft.version, updatedBy: draft.updatedBy, updatedAt: draft.updatedAt.toISOString(), serviceId: draft.serviceId },
    presence: presence.map((p) => ({ userId: p.userId, name: p.name, version: p.version, seenAt: p.seenAt.toISOString(), me: p.userId === me.id })),
    comments: comments.map((c) => ({ ...c, createdAt: c.createdAt.toISOString(), resolvedAt: iso(c.resolvedAt) })),
    review: {
      required: review.required,
      mayPublish: review.mayPublish,
      reason: review.reason ?? null,
      /** The reason as a notice (key, params), for the studio's language. */
      reasonNotice: review.reasonNotice ?? null,
      outdated: review.outdated,
      /** The account that saved the draft's latest version may not approve it. */
      mayDecide: !!review.latest && review.latest.status === "requested" && !review.outdated && !madeLatestChanges(draft, me),
      latest: review.latest ? { ...review.latest, requestedAt: review.latest.requestedAt.toISOString(), decidedAt: iso(review.latest.decidedAt) } : null,
    },
    settings: { requireReview: settings.requireReview, updatedBy: settings.updatedBy, updatedAt: iso(settings.updatedAt) },
  };
}

export type CollabState = Awaited<ReturnType<typeof collabState>>;

/** What the review is about: the draft against the service's published version (everything, when none is). */
export async function reviewDiff(context: AppLoadContext, draft: Draft, language = "en"): Promise<{ against: number | null; changes: Change[] }> {
  const after = loadDefinition(draft.source).definition ?? parseSource(draft.source).value;
  let before: unknown = {};
  let against: number | null = null;
  if (draft.serviceId) {
    try {
      const published = await versionDefinition(context.runtime, draft.serviceId);
      before = published.definition;
      against = published.number;
    } catch {
      /* not published yet */
    }
  }
  return { against, changes: semanticDiff(before, after, language) };
}
