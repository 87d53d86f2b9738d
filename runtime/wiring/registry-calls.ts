/**
 * Registry calls through the X-Road connector (runtime/xroad), with every attempt's call record stored in
 * RegistryCall: registry, operation, purpose from the definition, applicant and their pseudonym, application,
 * step and job, X-Road-Id, X-Road-Request-Id, X-Road-Request-Hash, service, status, duration. The client's
 * sink runs inside the call, so a record that cannot be stored fails the call (no registry data without its
 * record); the job context (job, step, purpose in every language) reaches the sink through AsyncLocalStorage.
 *
 * Each attempt's row is written as "started" before its request is sent and completed when it ends, so a read
 * that a crash interrupts is still on record (the registry may have answered it).
 *
 * On SQLite both writes go through the runtime's direct connection as group-committed changes
 * (db/sqlite-direct.ts): each is durable before the call goes on, as through Prisma, but shares its commit
 * (one fsync) with the other changes of its tick instead of costing a Prisma query and a commit of its own.
 * They are not merged into the job's result: the record must stand even when that result is never applied
 * (a lost lease, a crash), and the registry was read either way.
 *
 * `dataAccessLog` reads these records, together with AccessEvent rows (an officer's view, a download), for
 * the citizen's "who read my data and why".
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { localize, type Text } from "../../engine";
import type { Clock } from "../clock";
import type { Connectors, RegistryCallContext, RegistryConnector } from "../connectors/connector";
import type { Db } from "../db/open";
import type { SqliteDirect } from "../db/sqlite-direct";
import type { RegistryCallRecord } from "../xroad/call-record";
import { loadRegistriesConfig, type RegistriesConfig } from "../xroad/config";
import { registryConnector } from "../xroad/connectors";
import { RegistryClient } from "../xroad/registry-client";

export interface XRoadConnectorsOptions {
  /** The registries config; REGISTRIES_CONFIG or runtime/xroad/registries.default.yaml by default. */
  config?: RegistriesConfig;
  /** For tests: waits between the client's in-call retries. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The X-Road client and one connector per configured registry, storing a RegistryCall row per attempt;
 * with `direct` (SQLite), through that connection rather than Prisma.
 */
export function recordedRegistryConnectors(
  db: Db,
  clock: Clock,
  options: XRoadConnectorsOptions = {},
  direct?: SqliteDirect,
): { client: RegistryClient; connectors: Connectors } {
  const store = direct ? directStore(direct) : prismaStore(db);
  const calls = new AsyncLocalStorage<{ ctx: RegistryCallContext; httpStatus?: number }>();
  /** Attempts whose "started" row is written and not yet completed (by the record's id). */
  const started = new Set<string>();
  const client = new RegistryClient(options.config ?? loadRegistriesConfig(), {
    sleep: options.sleep,
    // Written before the request leaves: a read interrupted by a crash stays on record as "started".
    beforeSend: async (record) => {
      await store.create({ ...callRow(record, calls.getStore()?.ctx, clock), status: STARTED, durationMs: 0 });
      started.add(record.id);
    },
    sink: async (record) => {
      const call = calls.getStore();
      if (call) call.httpStatus = record.httpStatus;
      const row = callRow(record, call?.ctx, clock);
      if (started.delete(row.id)) {
        const { at: _completedAt, ...completed } = row; // the row keeps the time its request left
        await store.complete(completed);
      } else await store.create(row); // the attempt failed before sending
    },
  });
  const connectors: Connectors = {};
  for (const registry of Object.keys(client.config.registries)) {
    const inner = registryConnector(client, registry);
    const connector: RegistryConnector = {
      recordsCalls: true,
      call: (operation, input, ctx) => {
        const call: { ctx: RegistryCallContext; httpStatus?: number } = { ctx };
        return calls.run(call, async () => {
          const result = await inner.call(operation, input, ctx);
          // A 404 outcome (notFound) found nothing: the provider's error body is no data for the step's
          // `saveAs`, which definitions test with `== null`. Other outcomes keep the reply (a 409's body
          // names the existing registration, a 422's the reason).
          return call.httpStatus === 404 ? { outcome: result.outcome } : result;
        });
      },
    };
    connectors[registry] = connector;
  }
  return { client, connectors };
}

/** The status of a call whose request was sent and whose answer is not (yet, or ever, after a crash) recorded. */
export const STARTED = "started";

type CallRow = ReturnType<typeof callRow>;

interface CallStore {
  create(row: CallRow): Promise<unknown>;
  /** Completes the "started" row of the same id (every column but its time). */
  complete(row: Omit<CallRow, "at">): Promise<unknown>;
}

function prismaStore(db: Db): CallStore {
  return {
    create: (row) => db.registryCall.create({ data: row }),
    complete: ({ id, ...completed }) => db.registryCall.update({ where: { id }, data: completed }),
  };
}

const COLUMNS = [
  "id", "registry", "operation", "purpose", "purposeText", "applicantId", "applicationId", "step", "jobId", "attempt", "status", "durationMs",
  "requestHash", "transport", "client", "service", "xRoadId", "xRoadRequestId", "userId", "httpStatus", "errorCode", "xroadError", "at",
] as const satisfies readonly (keyof CallRow)[];
const UPDATED = COLUMNS.filter((column) => column !== "id" && column !== "at");
const INSERT = `INSERT INTO "RegistryCall" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES (${COLUMNS.map(() => "?").join(", ")})`;
const COMPLETE = `UPDATE "RegistryCall" SET ${UPDATED.map((c) => `"${c}" = ?`).join(", ")} WHERE "id" = ?`;

function directStore(direct: SqliteDirect): CallStore {
  return {
    create: (row) => direct.transaction(() => direct.run(INSERT, COLUMNS.map((column) => row[column]))),
    complete: (row) =>
      direct.transaction(() => {
        // Like Prisma's update: a row that is gone is an error, not a silent no-op.
        if (direct.run(COMPLETE, [...UPDATED.map((column) => row[column]), row.id]) !== 1) throw new Error(`No started RegistryCall "${row.id}" to complete`);
      }),
  };
}

function callRow(record: RegistryCallRecord, ctx: RegistryCallContext | undefined, clock: Clock) {
  return {
    id: record.id,
    registry: record.registry,
    operation: record.operation,
    purpose: record.purpose ?? null,
    purposeText: ctx?.purposeText ? JSON.stringify(ctx.purposeText) : null,
    applicantId: record.applicantId,
    applicationId: record.applicationId,
    step: ctx?.step ?? null,
    jobId: ctx?.jobId ?? null,
    // The job's attempt (its retries with backoff); the client's own in-call retries share it.
    attempt: ctx?.attempt ?? record.attempt,
    status: record.status,
    durationMs: Math.round(record.durationMs),
    requestHash: record.requestHash ?? null,
    transport: record.transport,
    client: record.client ?? null,
    service: record.service ?? null,
    xRoadId: record.xRoadId ?? null,
    xRoadRequestId: record.xRoadRequestId ?? null,
    userId: record.userId ?? null,
    httpStatus: record.httpStatus ?? null,
    errorCode: record.errorCode ?? null,
    xroadError: record.xroadError ?? null,
    at: clock.now(),
  };
}

export interface DataAccessEntry {
  /** registry: a registry call about the citizen; access: someone opened or downloaded their application. */
  kind: "registry" | "access";
  at: Date;
  applicationId: string;
  /** Who read: the registry (population…) or the actor (officer:…). */
  who: string;
  /** What: the registry's operation, or view / decide / download. */
  what: string;
  /** Why, in the asked language (the definition's purpose for registry calls). */
  why: string | null;
  /** For registry calls: the outcome (found, notFound…) or error / timeout, and the X-Road evidence. */
  status?: string;
  /**
   * For registry calls: false while the request was sent and its answer is not recorded (status "started"):
   * in flight, or interrupted by a crash. The registry may have read the data either way, so it is listed.
   */
  finished?: boolean;
  step?: string | null;
  evidence?: { service: string | null; xRoadId: string | null; xRoadRequestId: string | null; requestHash: string | null; userId: string | null };
}

/** "Who read my data and why": registry calls and other reads of one applicant's data, newest first. */
export async function dataAccessLog(db: Db, applicantId: string, options: { language?: string; take?: number; applicationId?: string } = {}): Promise<DataAccessEntry[]> {
  const take = Math.min(options.take ?? 200, 1000);
  const language = options.language ?? "uk";
  const where = { applicantId, ...(options.applicationId ? { applicationId: options.applicationId } : {}) };
  const [calls, reads] = await Promise.all([
    db.registryCall.findMany({ where, orderBy: { at: "desc" }, take }),
    db.accessEvent.findMany({ where, orderBy: { at: "desc" }, take }),
  ]);
  const entries: DataAccessEntry[] = [
    ...calls.map((call): DataAccessEntry => ({
      kind: "registry",
      at: call.at,
      applicationId: call.applicationId,
      who: call.registry,
      what: call.operation,
      why: purposeIn(call.purposeText, call.purpose, language),
      status: call.status,
      finished: call.status !== STARTED,
      step: call.step,
      evidence: { service: call.service, xRoadId: call.xRoadId, xRoadRequestId: call.xRoadRequestId, requestHash: call.requestHash, userId: call.userId },
    })),
    ...reads.map((read): DataAccessEntry => ({ kind: "access", at: read.at, applicationId: read.applicationId, who: read.actor, what: read.action, why: read.purpose })),
  ];
  return entries.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, take);
}

function purposeIn(text: string | null, fallback: string | null, language: string): string | null {
  if (!text) return fallback;
  try {
    return localize(JSON.parse(text) as Text, language, "uk") || fallback;
  } catch {
    return fallback;
  }
}
