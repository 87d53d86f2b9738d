/**
 * Working together on a studio draft (issue 12, part 6): who else has it open (presence), comments on its
 * steps, and a review before publishing. Everything is in the database, so several server processes agree.
 *
 * - Presence: the editor sends a heartbeat every ~15 s; an entry older than 45 s no longer counts.
 * - Comments: a thread per step (author, time, text, resolved); plain text, bounded.
 * - Review: a service owner (admin) may require one. An analyst requests it for the draft's current version;
 *   another analyst, not the author of that version, approves it or requests changes with a comment. An
 *   approval holds for the version it saw: any later save voids it. Publishing is refused until there is a
 *   valid approval; the approval row records who approved and which service version it was published as.
 */
import type { Clock } from "../clock";
import type { Db } from "../db/open";
import { RuntimeError } from "../errors";
import { newId } from "../ids";
import type { Draft, ServiceDrafts } from "./drafts";

export const PRESENCE = { heartbeatMs: 15_000, expiresMs: 45_000 };
export const COMMENT_LIMITS = { textLength: 2_000, perDraft: 2_000, stepLength: 200 };

/** A signed-in analyst: a stable id (the staff account) and the name people read. */
export interface Collaborator {
  id: string;
  name: string;
}

export interface PresenceEntry {
  userId: string;
  name: string;
  version: number;
  seenAt: Date;
}

export interface StepComment {
  id: string;
  step: string;
  author: string;
  authorId: string;
  text: string;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
}

export type ReviewStatus = "requested" | "approved" | "changes_requested" | "withdrawn";

export interface DraftReviewRecord {
  id: string;
  draftId: string;
  serviceId: string;
  draftVersion: number;
  author: string;
  requestedBy: string;
  requestedAt: Date;
  status: ReviewStatus;
  reviewer: string | null;
  reviewerId: string | null;
  decidedAt: Date | null;
  comment: string | null;
  publishedVersion: number | null;
}

export interface ReviewState {
  /** The service's owner requires a review before publishing. */
  required: boolean;
  /** The latest review of this draft, if any. */
  latest?: DraftReviewRecord;
  /** The latest review is for an older version of the draft: a save came after it (an approval is void). */
  outdated: boolean;
  /** Publishing may go ahead as far as reviews go. */
  mayPublish: boolean;
  /** Why not, in plain words (absent when it may). */
  reason?: string;
}

export interface ServiceStudioSettings {
  serviceId: string;
  requireReview: boolean;
  updatedBy: string | null;
  updatedAt: Date | null;
}

export class DraftCollaboration {
  constructor(
    private db: Db,
    private clock: Clock,
    private drafts: ServiceDrafts,
  ) {}

  // ── Presence ────────────────────────────────────────────────────────────────────────────────

  /** Records that `who` has the draft open (at `version`); returns everyone present, `who` included. */
  async heartbeat(draftId: string, who: Collaborator, version: number): Promise<PresenceEntry[]> {
    await this.drafts.get(draftId); // a draft that does not exist has nobody in it
    const now = this.clock.now();
    const data = { name: who.name.slice(0, 200), version: Number.isInteger(version) ? version : 0, seenAt: now };
    await this.db.draftPresence.upsert({ where: { draftId_userId: { draftId, userId: who.id } }, create: { draftId, userId: who.id, ...data }, update: data });
    // Entries long gone (any draft) are cleaned up as heartbeats arrive.
    await this.db.draftPresence.deleteMany({ where: { seenAt: { lt: new Date(now.getTime() - 10 * PRESENCE.expiresMs) } } });
    return this.present(draftId);
  }

  /** The editor was closed. */
  async leave(draftId: string, who: Collaborator): Promise<void> {
    await this.db.draftPresence.deleteMany({ where: { draftId, userId: who.id } });
  }

  /** Who has had the draft open within the last 45 s, longest first. */
  async present(draftId: string): Promise<PresenceEntry[]> {
    const since = new Date(this.clock.now().getTime() - PRESENCE.expiresMs);
    const rows = await this.db.draftPresence.findMany({ where: { draftId, seenAt: { gte: since } }, orderBy: { userId: "asc" } });
    return rows.map((r) => ({ userId: r.userId, name: r.name, version: r.version, seenAt: r.seenAt }));
  }

  // ── Comments ────────────────────────────────────────────────────────────────────────────────

  async comments(draftId: string): Promise<StepComment[]> {
    const rows = await this.db.draftComment.findMany({ where: { draftId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    return rows.map(({ draftId: _draftId, ...c }) => c);
  }

  /** Adds a comment to a step's thread. The text is kept as typed (plain text; the studio escapes it). */
  async comment(draftId: string, step: string, who: Collaborator, text: string): Promise<StepComment> {
    await this.drafts.get(draftId);
    if (typeof step !== "string" || !step.trim() || step.length > COMMENT_LIMITS.stepLength) throw new RuntimeError("invalid_data", "Say which step the comment is on");
    if (typeof text !== "string" || !text.trim()) throw new RuntimeError("invalid_data", "The comment is empty");
    if (text.length > COMMENT_LIMITS.textLength) throw new RuntimeError("payload_too_large", `A comment may have at most ${COMMENT_LIMITS.textLength} characters`);
    const count = await this.db.draftComment.count({ where: { draftId } });
    if (count >= COMMENT_LIMITS.perDraft) throw new RuntimeError("limit_reached", "This draft has too many comments: resolve and remove old ones first");
    // A thread is ordered by time: a new comment is always later than the last (even within one millisecond).
    const last = await this.db.draftComment.findFirst({ where: { draftId }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
    const now = this.clock.now();
    const createdAt = last && last.createdAt.getTime() >= now.getTime() ? new Date(last.createdAt.getTime() + 1) : now;
    const row = await this.db.draftComment.create({
      data: { id: newId(), draftId, step, author: who.name.slice(0, 200), authorId: who.id, text: text.trim(), createdAt },
    });
    const { draftId: _draftId, ...comment } = row;
    return comment;
  }

  /** Marks a comment resolved (or open again). */
  async resolve(draftId: string, commentId: string, who: Collaborator, resolved = true): Promise<StepComment> {
    const { count } = await this.db.draftComment.updateMany({
      where: { id: commentId, draftId },
      data: resolved ? { resolvedAt: this.clock.now(), resolvedBy: who.name.slice(0, 200) } : { resolvedAt: null, resolvedBy: null },
    });
    if (count === 0) throw new RuntimeError("not_found", "No such comment on this draft");
    const { draftId: _draftId, ...comment } = (await this.db.draftComment.findUnique({ where: { id: commentId } }))!;
    return comment;
  }

  // ── Service settings ────────────────────────────────────────────────────────────────────────

  async settings(serviceId: string): Promise<ServiceStudioSettings> {
    const row = serviceId ? await this.db.serviceStudioSetting.findUnique({ where: { serviceId } }) : null;
    return row ?? { serviceId, requireReview: false, updatedBy: null, updatedAt: null };
  }

  /** Sets whether the service needs a review before publishing. The caller checks that `by` owns the service (admin). */
  async setRequireReview(serviceId: string, requireReview: boolean, by: string): Promise<ServiceStudioSettings> {
    if (!serviceId) throw new RuntimeError("invalid_data", "The draft has no service id yet");
    const data = { requireReview: Boolean(requireReview), updatedBy: by, updatedAt: this.clock.now() };
    return this.db.serviceStudioSetting.upsert({ where: { serviceId }, create: { serviceId, ...data }, update: data });
  }

  // ── Reviews ─────────────────────────────────────────────────────────────────────────────────

  async reviews(draftId: string): Promise<DraftReviewRecord[]> {
    const rows = await this.db.draftReview.findMany({ where: { draftId }, orderBy: [{ requestedAt: "asc" }, { id: "asc" }] });
    return rows as DraftReviewRecord[];
  }

  async reviewState(draftOrId: string | Draft): Promise<ReviewState> {
    const draft = typeof draftOrId === "string" ? await this.drafts.get(draftOrId) : draftOrId;
    const { requireReview } = await this.settings(draft.serviceId);
    const latest = (await this.db.draftReview.findFirst({ where: { draftId: draft.id }, orderBy: [{ requestedAt: "desc" }, { id: "desc" }] })) as DraftReviewRecord | null;
    const outdated = !!latest && latest.draftVersion !== draft.version;
    const approved = !!latest && latest.status === "approved" && !outdated;
    const state: ReviewState = { required: requireReview, ...(latest ? { latest } : {}), outdated, mayPublish: !requireReview || approved };
    if (!state.mayPublish) state.reason = whyNot(latest ?? undefined, draft);
    return state;
  }

  /** Asks for a review of the draft as it is now (its current version). */
  async requestReview(draftId: string, who: Collaborator, comment?: string): Promise<DraftReviewRecord> {
    const draft = await this.drafts.get(draftId);
    if (!draft.serviceId) throw new RuntimeError("invalid_data", "Give the service an id before asking for a review");
    const latest = (await this.reviewState(draft)).latest;
    if (latest && latest.draftVersion === draft.version && (latest.status === "requested" || latest.status === "approved")) return latest;
    // An earlier open request is superseded by this one.
    await this.db.draftReview.updateMany({ where: { draftId, status: "requested" }, data: { status: "withdrawn" } });
    // Requests are ordered by time: a new one is always later than the last (even within one millisecond).
    const now = this.clock.now();
    const requestedAt = latest && latest.requestedAt.getTime() >= now.getTime() ? new Date(latest.requestedAt.getTime() + 1) : now;
    const row = await this.db.draftReview.create({
      data: {
        id: newId(),
        draftId,
        serviceId: draft.serviceId,
        draftVersion: draft.version,
        author: draft.updatedBy,
        requestedBy: who.name.slice(0, 200),
        requestedAt,
        status: "requested",
        comment: checkedComment(comment, false),
      },
    });
    return row as DraftReviewRecord;
  }

  /**
   * Approves the requested review, or asks for changes (with a comment). Refused to the author of the draft's
   * latest changes, and when the draft was saved after the review was requested.
   */
  async decide(draftId: string, reviewId: string, who: Collaborator, decision: "approve" | "request_changes", comment?: string): Promise<DraftReviewRecord> {
    const draft = await this.drafts.get(draftId);
    const review = (await this.db.draftReview.findFirst({ where: { id: reviewId, draftId } })) as DraftReviewRecord | null;
    if (!review) throw new RuntimeError("not_found", "No such review of this draft");
    if (review.status !== "requested") throw new RuntimeError("conflict", `This review is already ${review.status.replace("_", " ")}${review.reviewer ? ` (by ${review.reviewer})` : ""}`);
    if (review.draftVersion !== draft.version) {
      throw new RuntimeError("conflict", `${draft.updatedBy} saved the draft (version ${draft.version}) after the review was requested for version ${review.draftVersion}: ask for a review of the new version`, {
        current: { version: draft.version, updatedBy: draft.updatedBy },
      });
    }
    if (who.name === draft.updatedBy) throw new RuntimeError("forbidden", "You made the latest changes to this draft: another analyst must review them");
    const text = checkedComment(comment, decision === "request_changes");
    // Only one decision wins when two reviewers press at once.
    const { count } = await this.db.draftReview.updateMany({
      where: { id: reviewId, status: "requested" },
      data: { status: decision === "approve" ? "approved" : "changes_requested", reviewer: who.name.slice(0, 200), reviewerId: who.id, decidedAt: this.clock.now(), comment: text },
    });
    if (count === 0) throw new RuntimeError("conflict", "Someone else decided this review a moment ago");
    return (await this.db.draftReview.findUnique({ where: { id: reviewId } })) as DraftReviewRecord;
  }

  /** Refuses publishing (conflict, with the reason) when the service requires a review and there is no valid approval. */
  async publishGate(draft: Draft): Promise<DraftReviewRecord | undefined> {
    const state = await this.reviewState(draft);
    if (!state.mayPublish) throw new RuntimeError("conflict", `Not published: ${state.reason}`, { review: { required: true, status: state.latest?.status ?? "none", outdated: state.outdated } });
    return state.latest?.status === "approved" && !state.outdated ? state.latest : undefined;
  }

  /** Records the version an approval was published as (the audit of who approved what). */
  async markPublished(reviewId: string, versionNumber: number): Promise<void> {
    await this.db.draftReview.update({ where: { id: reviewId }, data: { publishedVersion: versionNumber } });
  }
}

function checkedComment(comment: unknown, required: boolean): string | null {
  if (comment === undefined || comment === null || (typeof comment === "string" && !comment.trim())) {
    if (required) throw new RuntimeError("invalid_data", "Say what should change");
    return null;
  }
  if (typeof comment !== "string") throw new RuntimeError("invalid_data", "The comment must be text");
  if (comment.length > COMMENT_LIMITS.textLength) throw new RuntimeError("payload_too_large", `A comment may have at most ${COMMENT_LIMITS.textLength} characters`);
  return comment.trim();
}

function whyNot(latest: DraftReviewRecord | undefined, draft: Draft): string {
  if (!latest || latest.status === "withdrawn") return "this service requires a review before publishing: ask another analyst to review the draft";
  if (latest.draftVersion !== draft.version) {
    const what = latest.status === "approved" ? `the approval by ${latest.reviewer} (version ${latest.draftVersion}) is void` : `the review was for version ${latest.draftVersion}`;
    return `${draft.updatedBy} saved the draft after the review (version ${draft.version}): ${what}; ask for a review of the new version`;
  }
  if (latest.status === "requested") return `the review requested by ${latest.requestedBy} is not approved yet`;
  if (latest.status === "changes_requested") return `${latest.reviewer} requested changes${latest.comment ? `: ${latest.comment}` : ""}`;
  return "this service requires a review before publishing";
}
