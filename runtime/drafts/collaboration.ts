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
 *   "Another analyst" is another staff account: the draft records the account that saved each version.
 *
 * What the analyst is told (refusals, why publishing waits) is a notice: a key and its params, with the English
 * text as the error's message. The studio shows it in its own language (collab_<key> in its catalog).
 */
import type { Clock } from "../clock";
import type { Db } from "../db/open";
import { RuntimeError, type RuntimeErrorCode } from "../errors";
import { newId } from "../ids";
import type { Draft, ServiceDrafts } from "./drafts";

export const PRESENCE = { heartbeatMs: 15_000, expiresMs: 45_000 };

/** The English texts of the notices; {name} placeholders are the params (a param may itself be a notice). */
export const COLLAB_NOTICES = {
  stepMissing: "Say which step the comment is on",
  commentEmpty: "The comment is empty",
  commentTooLong: "A comment may have at most {max} characters",
  commentNotText: "The comment must be text",
  tooManyComments: "This draft has too many comments: resolve and remove old ones first",
  noSuchComment: "No such comment on this draft",
  noServiceId: "The draft has no service id yet",
  noServiceIdForReview: "Give the service an id before asking for a review",
  noSuchReview: "No such review of this draft",
  alreadyDecided: "This review is already {status}",
  alreadyDecidedBy: "This review is already {status} (by {who})",
  savedAfterRequest: "{who} saved the draft (version {version}) after the review was requested for version {reviewed}: ask for a review of the new version",
  selfApproval: "You made the latest changes to this draft: another analyst must review them",
  decidedMeanwhile: "Someone else decided this review a moment ago",
  sayWhatChange: "Say what should change",
  reviewRequired: "this service requires a review before publishing: ask another analyst to review the draft",
  approvalVoid: "{who} saved the draft after the review (version {version}): the approval by {reviewer} (version {reviewed}) is void; ask for a review of the new version",
  reviewOutdated: "{who} saved the draft after the review (version {version}): the review was for version {reviewed}; ask for a review of the new version",
  notApprovedYet: "the review requested by {who} is not approved yet",
  changesRequested: "{who} requested changes",
  changesRequestedWhy: "{who} requested changes: {comment}",
  notPublished: "Not published: {reason}",
  status_requested: "requested",
  status_approved: "approved",
  status_changes_requested: "changes requested",
  status_withdrawn: "withdrawn",
  decideHow: "Approve or request changes",
  ownerOnly: "Only a service owner (admin) may change whether publishing needs a review",
  unknownIntent: "Unknown intent",
} as const;

export type CollabNoticeKey = keyof typeof COLLAB_NOTICES;
export interface CollabNotice {
  key: CollabNoticeKey;
  params: Record<string, string | number | CollabNotice>;
}

export const collabNotice = (key: CollabNoticeKey, params: CollabNotice["params"] = {}): CollabNotice => ({ key, params });

/** A notice's English text (the message of the error that carries it). */
export function noticeEnglish(notice: CollabNotice): string {
  return COLLAB_NOTICES[notice.key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = notice.params[name];
    return value === undefined ? whole : typeof value === "object" ? noticeEnglish(value) : String(value);
  });
}

/** An error whose details carry the notice, so the studio can say it in the analyst's language. */
export function noticeError(code: RuntimeErrorCode, notice: CollabNotice, details: Record<string, unknown> = {}): RuntimeError {
  return new RuntimeError(code, noticeEnglish(notice), { ...details, notice });
}

/**
 * Whether `who` saved the draft's latest version, by staff account. Drafts saved before the account was
 * recorded have no id: then (only then) the display name decides.
 */
export const madeLatestChanges = (draft: Pick<Draft, "updatedBy" | "updatedById">, who: Collaborator): boolean =>
  draft.updatedById ? draft.updatedById === who.id : draft.updatedBy === who.name;
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
  /** Why not, in plain words (absent when it may), and as a notice for the studio's language. */
  reason?: string;
  reasonNotice?: CollabNotice;
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
    if (typeof step !== "string" || !step.trim() || step.length > COMMENT_LIMITS.stepLength) throw noticeError("invalid_data", collabNotice("stepMissing"));
    if (typeof text !== "string" || !text.trim()) throw noticeError("invalid_data", collabNotice("commentEmpty"));
    if (text.length > COMMENT_LIMITS.textLength) throw noticeError("payload_too_large", collabNotice("commentTooLong", { max: COMMENT_LIMITS.textLength }));
    const count = await this.db.draftComment.count({ where: { draftId } });
    if (count >= COMMENT_LIMITS.perDraft) throw noticeError("limit_reached", collabNotice("tooManyComments"));
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
    if (count === 0) throw noticeError("not_found", collabNotice("noSuchComment"));
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
    if (!serviceId) throw noticeError("invalid_data", collabNotice("noServiceId"));
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
    if (!state.mayPublish) {
      state.reasonNotice = whyNot(latest ?? undefined, draft);
      state.reason = noticeEnglish(state.reasonNotice);
    }
    return state;
  }

  /** Asks for a review of the draft as it is now (its current version). */
  async requestReview(draftId: string, who: Collaborator, comment?: string): Promise<DraftReviewRecord> {
    const draft = await this.drafts.get(draftId);
    if (!draft.serviceId) throw noticeError("invalid_data", collabNotice("noServiceIdForReview"));
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
   * Approves the requested review, or asks for changes (with a comment). Refused to the account that saved the
   * draft's latest version, and when the draft was saved after the review was requested.
   */
  async decide(draftId: string, reviewId: string, who: Collaborator, decision: "approve" | "request_changes", comment?: string): Promise<DraftReviewRecord> {
    const draft = await this.drafts.get(draftId);
    const review = (await this.db.draftReview.findFirst({ where: { id: reviewId, draftId } })) as DraftReviewRecord | null;
    if (!review) throw noticeError("not_found", collabNotice("noSuchReview"));
    if (review.status !== "requested") {
      const status = collabNotice(`status_${review.status}`);
      throw noticeError("conflict", review.reviewer ? collabNotice("alreadyDecidedBy", { status, who: review.reviewer }) : collabNotice("alreadyDecided", { status }));
    }
    if (review.draftVersion !== draft.version) {
      throw noticeError("conflict", collabNotice("savedAfterRequest", { who: draft.updatedBy, version: draft.version, reviewed: review.draftVersion }), {
        current: { version: draft.version, updatedBy: draft.updatedBy },
      });
    }
    if (madeLatestChanges(draft, who)) throw noticeError("forbidden", collabNotice("selfApproval"));
    const text = checkedComment(comment, decision === "request_changes");
    // Only one decision wins when two reviewers press at once.
    const { count } = await this.db.draftReview.updateMany({
      where: { id: reviewId, status: "requested" },
      data: { status: decision === "approve" ? "approved" : "changes_requested", reviewer: who.name.slice(0, 200), reviewerId: who.id, decidedAt: this.clock.now(), comment: text },
    });
    if (count === 0) throw noticeError("conflict", collabNotice("decidedMeanwhile"));
    return (await this.db.draftReview.findUnique({ where: { id: reviewId } })) as DraftReviewRecord;
  }

  /** Refuses publishing (conflict, with the reason) when the service requires a review and there is no valid approval. */
  async publishGate(draft: Draft): Promise<DraftReviewRecord | undefined> {
    const state = await this.reviewState(draft);
    if (!state.mayPublish) {
      throw noticeError("conflict", collabNotice("notPublished", { reason: state.reasonNotice! }), {
        review: { required: true, status: state.latest?.status ?? "none", outdated: state.outdated },
      });
    }
    return state.latest?.status === "approved" && !state.outdated ? state.latest : undefined;
  }

  /** Records the version an approval was published as (the audit of who approved what). */
  async markPublished(reviewId: string, versionNumber: number): Promise<void> {
    await this.db.draftReview.update({ where: { id: reviewId }, data: { publishedVersion: versionNumber } });
  }
}

function checkedComment(comment: unknown, required: boolean): string | null {
  if (comment === undefined || comment === null || (typeof comment === "string" && !comment.trim())) {
    if (required) throw noticeError("invalid_data", collabNotice("sayWhatChange"));
    return null;
  }
  if (typeof comment !== "string") throw noticeError("invalid_data", collabNotice("commentNotText"));
  if (comment.length > COMMENT_LIMITS.textLength) throw noticeError("payload_too_large", collabNotice("commentTooLong", { max: COMMENT_LIMITS.textLength }));
  return comment.trim();
}

function whyNot(latest: DraftReviewRecord | undefined, draft: Draft): CollabNotice {
  if (!latest || latest.status === "withdrawn") return collabNotice("reviewRequired");
  if (latest.draftVersion !== draft.version) {
    const saved = { who: draft.updatedBy, version: draft.version, reviewed: latest.draftVersion };
    return latest.status === "approved" ? collabNotice("approvalVoid", { ...saved, reviewer: latest.reviewer ?? "" }) : collabNotice("reviewOutdated", saved);
  }
  if (latest.status === "requested") return collabNotice("notApprovedYet", { who: latest.requestedBy });
  if (latest.status === "changes_requested") {
    const who = latest.reviewer ?? "";
    return latest.comment ? collabNotice("changesRequestedWhy", { who, comment: latest.comment }) : collabNotice("changesRequested", { who });
  }
  return collabNotice("reviewRequired");
}
