/** The JSON the collaboration and live-run endpoints answer (see collab.server.ts, testrun/live.server.ts). */
import type { Change } from "../model/semantic-diff";
import type { NoticeJson } from "./notices";
import type { LiveCall, TracedStep } from "../testrun/trace";

export interface CommentJson {
  id: string;
  step: string;
  author: string;
  authorId: string;
  text: string;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
}

export interface ReviewJson {
  id: string;
  draftVersion: number;
  author: string;
  requestedBy: string;
  requestedAt: string;
  status: "requested" | "approved" | "changes_requested" | "withdrawn";
  reviewer: string | null;
  decidedAt: string | null;
  comment: string | null;
  publishedVersion: number | null;
}

export interface CollabStateJson {
  me: { id: string; name: string; admin: boolean };
  draft: { version: number; updatedBy: string; updatedAt: string; serviceId: string };
  presence: { userId: string; name: string; version: number; seenAt: string; me: boolean }[];
  comments: CommentJson[];
  review: { required: boolean; mayPublish: boolean; reason: string | null; reasonNotice: NoticeJson | null; outdated: boolean; mayDecide: boolean; latest: ReviewJson | null };
  settings: { requireReview: boolean; updatedBy: string | null; updatedAt: string | null };
  diff?: { against: number | null; changes: Change[] };
}

export interface LiveAnswerJson {
  step: string;
  reply: { outcome: string; data?: unknown };
  call: LiveCall;
  traced?: TracedStep;
}
