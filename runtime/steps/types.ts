/**
 * What one step kind does in the runtime (DESIGN.md §2): `enter()` when an application arrives (jobs,
 * an officer task), `execute()` for the jobs it made, `view()` for citizens and officers. The modules are
 * collected in a `Record<StepKind, RuntimeStepModule>` (./index.ts): a kind without one does not compile.
 */
import type { ServiceDefinition, Step, StepKind } from "../../engine";
import type { ApplicationStatus } from "../applications/status";
import type { OfficerTaskRow } from "../applications/writes";
import type { Connectors } from "../connectors/connector";
import type { RuntimeContext } from "../context";
import type { Tx } from "../db/open";
import type { HandlerLogger } from "../handlers/define";
import type { HandlerRegistry } from "../handlers/registry";
import type { JobRecord } from "../jobs/claim";
import type { JobKind } from "../jobs/kinds";
import type { LoadedVersion } from "../services/versions";
import type { RuntimeDocuments } from "../wiring/documents";
import type { RuntimeNotifications } from "../wiring/notifications";

export type StepOf<K extends StepKind> = Extract<Step, { kind: K }>;

/** Where an application enters a step. */
export interface StepEntry {
  applicationId: string;
  applicantId: string;
  serviceId: string;
  definition: ServiceDefinition;
  stepId: string;
  /** The audit seq of this entry: jobs carry it so that a job for an older entry is recognised as stale. */
  entry: number;
  data: Record<string, unknown>;
}

export interface JobRow {
  id: string;
  kind: JobKind;
  applicationId: string;
  step: string;
  stepEntry: number;
  payload: string;
  runAt: Date;
  maxAttempts: number;
  status: "pending";
  idempotencyKey: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface EnterContext {
  at: StepEntry;
  now: Date;
  /** A job row of this entry (idempotency key: application, entry, kind). */
  job(kind: JobKind, payload: unknown, runAt?: Date, maxAttempts?: number): JobRow;
  /** The deadline job of an ISO 8601 duration (none without one). */
  deadline(duration: string | undefined): JobRow[];
}

/** What entering a step writes with the transition. */
export interface EnteredStep {
  jobs: JobRow[];
  task?: OfficerTaskRow;
}

export interface CallResult {
  outcome: string;
  data?: unknown;
}

/** The application as a job sees it. */
export interface JobApplication {
  id: string;
  applicantId: string;
  serviceId: string;
  serviceVersionId: string;
  /** JSON of the application's data. */
  data: string;
}

/** What a job ended with: a result to feed back (with writes for the same transaction), a retry, another poll, or nothing to feed. */
export type ExecuteOutcome =
  | { result: CallResult; before?: (tx: Tx) => Promise<void> }
  | { retry: Error; timedOut: boolean }
  | { pollAgain: true }
  | { nothing: true };

/** What the worker lends a step's job. */
export interface ExecuteDeps {
  ctx: RuntimeContext;
  version: LoadedVersion;
  connectors: Connectors;
  handlers: HandlerRegistry;
  logger: HandlerLogger;
  /** A call's timeout is cut to fit in the worker's lease. */
  leaseMs: number;
  documents?: RuntimeDocuments;
  notifications?: RuntimeNotifications;
  /** The catalog's document templates, when the runtime has a catalog: a template neither there nor with a layout is unknown. */
  catalogTemplates?: () => Record<string, unknown> | undefined;
  /** The call record of a connector that keeps none itself. */
  recordCall(job: JobRecord, app: JobApplication, status: string, durationMs: number, tx?: Tx): Promise<void>;
  /** A job that marks a document expired when its validity ends. */
  expiryJob(tx: Tx, job: JobRecord, applicationId: string, documentId: string, expiresAt: Date): Promise<void>;
}

export interface ViewContext {
  /** `party`: the citizen looks as a party of the application in this role (not as its applicant). */
  viewer: { kind: "applicant" | "officer" | "system"; roles?: string[]; party?: string };
  lang: string;
  /** The definition's first language (the fallback). */
  main: string;
  stepId: string;
  data: Record<string, unknown>;
  /** Open officer tasks of the application. */
  tasks: { id: string; due: Date | null }[];
}

/** Who or what the application waits for at a step (the portal words "what happens next" by it). */
export type WaitsFor = "citizen" | "officer" | "payment" | "event" | "service" | "party" | "nobody";

export interface StepView {
  /** Extra fields of the current step (form, payment, review…). */
  fields: Record<string, unknown>;
  /** Actions this viewer may take besides cancel. */
  actions: string[];
}

/** Portal timeline words (message keys of builder/app/i18n/messages.ts). */
export interface TimelineWords {
  /** Said when an application arrives at the step. */
  arrived?: string;
  /** Said when it leaves: always, only when it moved to another step, or only on one outcome. */
  left?: { text: string; when: "always" | "moved" | { outcome: string } };
}

/** What the platform tells the citizen of (runtime/notifications/notices.ts words it in their language). */
export type NoticeFacts =
  | { kind: "decision"; decision: "approved" | "refused"; reason?: string }
  | { kind: "sendBack"; reason?: string }
  | { kind: "document"; number?: string; title?: string }
  | { kind: "paymentDue"; amount?: number; currency: string; purpose: string; due: Date | null }
  | { kind: "booking"; start?: string; office?: string; address?: string }
  | { kind: "deadline"; what: "payment" | "invite" }
  | { kind: "ended"; outcome: string; message: string };

export interface NoticeContext {
  lang: string;
  main: string;
  /** The event's outcome (`approve`, `issued`, `timeout`…; `submit` for a form). */
  outcome: string;
  /** Who caused the change: "applicant:<id>", "officer:<id>", "worker:<id>", "system". */
  actor: string;
  /** The event's data (an officer's reason, a document, a booking). */
  event: unknown;
  /** The application's data after the change. */
  data: Record<string, unknown>;
  stepId: string;
  now: Date;
}

/**
 * What the citizen is told when an application leaves this step with one of `left`'s outcomes or (`entered`)
 * arrives at it. The lists are checked before anything else, so a transition that tells nobody costs a lookup.
 */
export interface NoticeHook<K extends StepKind> {
  left?: readonly string[];
  entered?: boolean;
  facts(step: StepOf<K>, ctx: NoticeContext): NoticeFacts | undefined;
}

export interface RuntimeStepModule<K extends StepKind = StepKind> {
  kind: K;
  /** The application's status while it is at this step. */
  status(step: StepOf<K>): ApplicationStatus;
  /**
   * Work that leaving the step voids: "none" (form, decision, final); "own" jobs whose result moves the
   * application (already settled when their result arrives); "external" deadlines and polls.
   */
  work: "none" | "own" | "external";
  waitsFor: WaitsFor;
  /** Whether the citizen may cancel while the application is here. */
  citizenCancels: boolean;
  enter(step: StepOf<K>, ctx: EnterContext): EnteredStep;
  /** Runs a job this step made. Throw PermanentFailure for what no retry can fix. */
  execute?(step: StepOf<K>, job: JobRecord, app: JobApplication, deps: ExecuteDeps): Promise<ExecuteOutcome>;
  /** The step as a citizen or officer sees it while the application is there (not finished). */
  view(step: StepOf<K>, ctx: ViewContext): StepView;
  timeline: TimelineWords;
  /** The platform's own notice to the applicant (whether or not the service has a notification step). */
  notice?: NoticeHook<K>;
}
