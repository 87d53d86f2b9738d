/**
 * What the web app reads and writes beside the runtime's commands, as typed methods: its sessions, staff
 * accounts, the published services (catalog and studio), citizens' unsent form answers, officers' tasks,
 * the access log and the application rows its pages check. The web app goes through these, never through
 * Prisma, so the tables stay the runtime's to change. One set of views per database handle (`viewsOf`).
 */
import { randomUUID } from "node:crypto";
import { SignInAttempts } from "../accounts/sign-in-attempts";
import { SELECT_APPLICATION, toApplicationRecord, type AuditRow } from "../applications/writes";
import type { Database, Db } from "../db/open";
import type { SqliteDirect } from "../db/sqlite-direct";

/** A web session row: the id is the sha256 of the value the browser or app holds. */
export interface WebSessionRecord {
  id: string;
  kind: string;
  subject: string;
  /** JSON of the signed-in person's profile. */
  profile: string;
  csrfToken: string;
  transport: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface StaffAccountRecord {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  /** JSON array of role names. */
  roles: string;
  createdAt: Date;
  disabledAt?: Date | null;
}

export interface AccessRecord {
  applicationId: string;
  applicantId: string;
  actor: string;
  action: "view" | "decide" | "download";
  purpose?: string;
}

/*
 * On SQLite the reads every API request and page makes (its session, the application, its audit trail) go
 * through the runtime's direct connection with prepared statements: Prisma costs about a millisecond of CPU
 * per query here, a prepared statement tens of microseconds. Reads need no lock (WAL); writes stay on Prisma.
 * While that connection has a transaction open (it would show the transaction's own uncommitted rows), they
 * go through Prisma as before.
 */
type Reader = () => SqliteDirect | undefined;
const readerOf = (direct: SqliteDirect | undefined): Reader => () => (direct && !direct.db.inTransaction ? direct : undefined);
const date = (value: unknown): Date => (value instanceof Date ? value : new Date(Number(value)));

const SELECT_SESSION = `SELECT "id", "kind", "subject", "profile", "csrfToken", "transport", "createdAt", "lastSeenAt", "expiresAt" FROM "WebSession" WHERE "id" = ?`;
const SELECT_AUDIT = `SELECT "id", "applicationId", "seq", "actor", "event", "fromStep", "toStep", "at", "dataHash", "detail" FROM "AuditEvent" WHERE "applicationId" = ? ORDER BY "seq" ASC`;
const SELECT_DEADLINE = `SELECT "runAt" FROM "Job" WHERE "applicationId" = ? AND "kind" = 'deadline' AND "status" = 'pending' AND "stepEntry" = ? LIMIT 1`;
const SELECT_DRAFT = `SELECT "applicantId", "data" FROM "FormDraft" WHERE "applicationId" = ? AND "step" = ?`;
const HAS_DRAFT = `SELECT 1 AS "found" FROM "FormDraft" WHERE "applicationId" = ? LIMIT 1`;
const SELECT_DEFINITION = `SELECT "definition", "number" FROM "ServiceVersion" WHERE "id" = ?`;
const SELECT_OPEN_TASKS = `SELECT "id", "due" FROM "OfficerTask" WHERE "applicationId" = ? AND "status" = 'open'`;
const SELECT_DOCUMENTS = `SELECT "id", "number", "template", "status" FROM "Document" WHERE "applicationId" = ?`;
const SELECT_CHANGES = `SELECT "id", "version", "status" FROM "Application" WHERE "id" IN (SELECT "value" FROM json_each(?))`;
const SELECT_PARTY_ROLE = `SELECT "role" FROM "ApplicationParty" WHERE "applicationId" = ? AND "citizenId" = ? AND "status" = 'accepted' LIMIT 1`;
const SELECT_VERSIONS = `SELECT "id", "serviceId", "number" FROM "ServiceVersion" ORDER BY "serviceId" ASC, "number" DESC`;

export class WebSessions {
  constructor(
    private readonly db: Db,
    private readonly reader: Reader = () => undefined,
  ) {}

  /** Stores a new session (and drops the expired ones). */
  async create(row: WebSessionRecord, now: Date): Promise<void> {
    await this.db.webSession.deleteMany({ where: { expiresAt: { lt: now } } });
    await this.db.webSession.create({ data: row });
  }

  async find(id: string): Promise<WebSessionRecord | null> {
    const direct = this.reader();
    if (!direct) return this.db.webSession.findUnique({ where: { id } });
    const row = direct.get<WebSessionRecord>(SELECT_SESSION, [id]);
    return row ? { ...row, createdAt: date(row.createdAt), lastSeenAt: date(row.lastSeenAt), expiresAt: date(row.expiresAt) } : null;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.db.webSession.updateMany({ where: { id }, data: { lastSeenAt: at } });
  }

  async delete(id: string): Promise<void> {
    await this.db.webSession.deleteMany({ where: { id } });
  }
}

export class StaffAccounts {
  /** Sign-in attempt counters (rows shared by every process on this database). */
  readonly signInAttempts: SignInAttempts;

  constructor(private readonly db: Db) {
    this.signInAttempts = new SignInAttempts(db);
  }

  async usernames(): Promise<string[]> {
    return (await this.db.staffAccount.findMany({ select: { username: true } })).map((a) => a.username);
  }

  async create(row: StaffAccountRecord): Promise<void> {
    await this.db.staffAccount.create({ data: row });
  }

  byUsername(username: string): Promise<StaffAccountRecord | null> {
    return this.db.staffAccount.findUnique({ where: { username } });
  }

  /** Names and roles (JSON) of the given accounts, for telling a citizen who read their data. */
  summaries(ids: string[]): Promise<{ id: string; displayName: string; roles: string }[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.staffAccount.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true, roles: true } });
  }
}

export class PublishedServices {
  constructor(
    private readonly db: Db,
    private readonly reader: Reader = () => undefined,
  ) {}

  /** A version's definition as stored (JSON), or null. */
  async definitionJson(versionId: string): Promise<string | null> {
    return (await this.db.serviceVersion.findUnique({ where: { id: versionId }, select: { definition: true } }))?.definition ?? null;
  }

  /** A version's definition as stored (JSON) and its number, or null. */
  async definitionOf(versionId: string): Promise<{ definition: string; number: number } | null> {
    const direct = this.reader();
    if (direct) return direct.get<{ definition: string; number: number }>(SELECT_DEFINITION, [versionId]) ?? null;
    return this.db.serviceVersion.findUnique({ where: { id: versionId }, select: { definition: true, number: true } });
  }

  /** The latest version of every service. */
  async latestVersions(): Promise<Map<string, { id: string; number: number }>> {
    const direct = this.reader();
    const versions = direct
      ? direct.statement(SELECT_VERSIONS).all() as { id: string; serviceId: string; number: number }[]
      : await this.db.serviceVersion.findMany({ select: { id: true, serviceId: true, number: true }, orderBy: [{ serviceId: "asc" }, { number: "desc" }] });
    const latest = new Map<string, { id: string; number: number }>();
    for (const v of versions) if (!latest.has(v.serviceId)) latest.set(v.serviceId, { id: v.id, number: v.number });
    return latest;
  }

  /** A version of a service (the latest without `number`), or null. */
  version(serviceId: string, number?: number) {
    return this.db.serviceVersion.findFirst({ where: number === undefined ? { serviceId } : { serviceId, number }, orderBy: { number: "desc" } });
  }

  /** Every service with its versions' numbers, dates, authors and hashes (the studio's list). */
  withVersions() {
    return this.db.service.findMany({
      orderBy: { id: "asc" },
      include: { versions: { orderBy: { number: "asc" }, select: { number: true, publishedAt: true, publishedBy: true, hash: true } } },
    });
  }
}

/** Answers typed into a form step but not sent yet ("save and return"), one per application and step. */
export class FormDrafts {
  constructor(
    private readonly db: Db,
    private readonly reader: Reader = () => undefined,
  ) {}

  async save(applicantId: string, applicationId: string, step: string, data: string): Promise<void> {
    const now = new Date();
    await this.db.formDraft.upsert({ where: { applicationId_step: { applicationId, step } }, create: { applicationId, step, applicantId, data, updatedAt: now }, update: { data, updatedAt: now } });
  }

  async find(applicationId: string, step: string): Promise<{ applicantId: string; data: string } | null> {
    const direct = this.reader();
    if (direct) return direct.get<{ applicantId: string; data: string }>(SELECT_DRAFT, [applicationId, step]) ?? null;
    return this.db.formDraft.findUnique({ where: { applicationId_step: { applicationId, step } }, select: { applicantId: true, data: true } });
  }

  async delete(applicationId: string, step?: string): Promise<void> {
    const direct = this.reader();
    // Most applications never had a draft: a read spares them a write.
    if (direct && !direct.get(HAS_DRAFT, [applicationId])) return;
    await this.db.formDraft.deleteMany({ where: { applicationId, ...(step ? { step } : {}) } });
  }
}

/**
 * Who a signed-in citizen is to an application: its applicant, a party who accepted an invitation (by role:
 * they see the parts shared with the role), or nobody (who gets "not found"). The one check of every citizen
 * route and API route that reads or acts on an application.
 */
export type Access = { kind: "applicant" } | { kind: "party"; role: string } | null;

/** Application rows and their records, for the pages' checks (ownership, tasks) and timelines. */
export class ApplicationRecords {
  constructor(
    private readonly db: Db,
    private readonly reader: Reader = () => undefined,
  ) {}

  async row(applicationId: string) {
    const direct = this.reader();
    if (!direct) return this.db.application.findUnique({ where: { id: applicationId } });
    const row = direct.get<Record<string, unknown>>(SELECT_APPLICATION, [applicationId]);
    return row ? toApplicationRecord(row) : null;
  }

  /** Who the citizen is to the application (see Access); null for a missing application too. */
  async accessOf(application: { id: string; applicantId: string } | null | undefined, citizenId: string): Promise<Access> {
    if (!application || !citizenId) return null;
    if (application.applicantId === citizenId) return { kind: "applicant" };
    const direct = this.reader();
    const party = direct
      ? direct.get<{ role: string }>(SELECT_PARTY_ROLE, [application.id, citizenId])
      : await this.db.applicationParty.findFirst({ where: { applicationId: application.id, citizenId, status: "accepted" }, select: { role: true } });
    return party ? { kind: "party", role: party.role } : null;
  }

  /** Applications where the citizen is an accepted party, the most recently changed first, with their role. */
  async ofParty(citizenId: string, take: number) {
    const parties = await this.db.applicationParty.findMany({ where: { citizenId, status: "accepted" }, select: { applicationId: true, role: true }, take });
    if (!parties.length) return [];
    const role = new Map(parties.map((p) => [p.applicationId, p.role]));
    const rows = await this.db.application.findMany({
      where: { id: { in: [...role.keys()] } },
      orderBy: { updatedAt: "desc" },
      select: { id: true, serviceId: true, serviceVersionId: true, currentStep: true, status: true, createdAt: true, updatedAt: true },
    });
    return rows.map((row) => ({ ...row, role: role.get(row.id)! }));
  }

  /** The version and status of each application, by id (one query for any number of them). */
  async changes(applicationIds: string[]): Promise<Map<string, { version: number; status: string }>> {
    const direct = this.reader();
    const rows = direct
      ? (direct.statement(SELECT_CHANGES).all(JSON.stringify(applicationIds)) as { id: string; version: number; status: string }[])
      : await this.db.application.findMany({ where: { id: { in: applicationIds } }, select: { id: true, version: true, status: true } });
    return new Map(rows.map((row) => [row.id, { version: Number(row.version), status: row.status }]));
  }

  /** A citizen's applications, the most recently changed first. */
  ofApplicant(applicantId: string, take: number) {
    return this.db.application.findMany({
      where: { applicantId },
      orderBy: { updatedAt: "desc" },
      take,
      select: { id: true, serviceId: true, serviceVersionId: true, currentStep: true, status: true, createdAt: true, updatedAt: true },
    });
  }

  /** The service version of each application, by application id. */
  async versionIds(applicationIds: string[]): Promise<Map<string, string>> {
    const rows = await this.db.application.findMany({ where: { id: { in: applicationIds } }, select: { id: true, serviceVersionId: true } });
    return new Map(rows.map((row) => [row.id, row.serviceVersionId]));
  }

  /**
   * The applicant's name as the identity provider gave it (the `applicant` profile the runtime keeps in the
   * application's data), by application id: the officers' task list ("" where there is none).
   */
  async applicantNames(applicationIds: string[]): Promise<Map<string, string>> {
    if (!applicationIds.length) return new Map();
    const rows = await this.db.application.findMany({ where: { id: { in: applicationIds } }, select: { id: true, data: true } });
    return new Map(
      rows.map((row) => {
        const applicant = ((JSON.parse(row.data) as { applicant?: unknown }).applicant ?? {}) as Record<string, unknown>;
        const parts = [applicant.lastName, applicant.firstName, applicant.middleName].filter((part): part is string => typeof part === "string" && part !== "");
        return [row.id, parts.join(" ")];
      }),
    );
  }

  async auditEvents(applicationId: string): Promise<AuditEventRecord[]> {
    const direct = this.reader();
    if (!direct) return this.db.auditEvent.findMany({ where: { applicationId }, orderBy: { seq: "asc" } });
    const rows = direct.statement(SELECT_AUDIT).all(applicationId) as AuditEventRecord[];
    for (const row of rows) row.at = date(row.at);
    return rows;
  }

  /** When the deadline of the step entered as `stepEntry` falls due, if one is pending. */
  async pendingDeadline(applicationId: string, stepEntry: number): Promise<Date | null> {
    const direct = this.reader();
    if (direct) {
      const due = direct.get<{ runAt: unknown }>(SELECT_DEADLINE, [applicationId, stepEntry]);
      return due ? date(due.runAt) : null;
    }
    const job = await this.db.job.findFirst({ where: { applicationId, kind: "deadline", status: "pending", stepEntry }, select: { runAt: true } });
    return job?.runAt ?? null;
  }

  /** The application's open officer tasks (what a review step shows). */
  async openTasks(applicationId: string): Promise<{ id: string; due: Date | null }[]> {
    const direct = this.reader();
    if (!direct) return this.db.officerTask.findMany({ where: { applicationId, status: "open" }, select: { id: true, due: true } });
    const rows = direct.statement(SELECT_OPEN_TASKS).all(applicationId) as { id: string; due: unknown }[];
    return rows.map((row) => ({ id: row.id, due: row.due === null ? null : date(row.due) }));
  }

  /** The documents issued in the application (without their PDFs). */
  async documents(applicationId: string): Promise<{ id: string; number: string; template: string; status: string }[]> {
    const direct = this.reader();
    if (direct) return direct.statement(SELECT_DOCUMENTS).all(applicationId) as { id: string; number: string; template: string; status: string }[];
    return this.db.document.findMany({ where: { applicationId }, select: { id: true, number: true, template: true, status: true } });
  }

  registryCalls(applicationId: string) {
    return this.db.registryCall.findMany({ where: { applicationId }, orderBy: { at: "asc" } });
  }

  /** Officers' reads and decisions of an application (the citizen may see who read their data). */
  accessEvents(applicationId: string) {
    return this.db.accessEvent.findMany({ where: { applicationId }, orderBy: { at: "asc" } });
  }

  async recordAccess(entry: AccessRecord): Promise<void> {
    await this.db.accessEvent.create({ data: { id: randomUUID(), ...entry, purpose: entry.purpose ?? null, at: new Date() } });
  }

  officerTask(taskId: string) {
    return this.db.officerTask.findUnique({ where: { id: taskId } });
  }

  /** An application's tasks for these roles, the newest first. */
  officerTasks(applicationId: string, roles: string[]) {
    return this.db.officerTask.findMany({ where: { applicationId, role: { in: roles } }, orderBy: { createdAt: "desc" } });
  }
}

/** An audit row as the runtime writes it (runtime/applications/writes.ts). */
export type AuditEventRecord = AuditRow;

export interface RuntimeViews {
  sessions: WebSessions;
  staffAccounts: StaffAccounts;
  services: PublishedServices;
  formDrafts: FormDrafts;
  applications: ApplicationRecords;
}

const cache = new WeakMap<Database, RuntimeViews>();

/** A runtime, or a database handle of one. */
export type ViewSource = { database: Database } | Database;

/** The views of a runtime's database (or of a database handle): one set per handle. */
export function viewsOf(source: ViewSource): RuntimeViews {
  const database = "database" in source ? source.database : source;
  let views = cache.get(database);
  if (!views) {
    const db = database.prisma;
    const reader = readerOf(database.sqlite);
    views = {
      sessions: new WebSessions(db, reader),
      staffAccounts: new StaffAccounts(db),
      services: new PublishedServices(db, reader),
      formDrafts: new FormDrafts(db, reader),
      applications: new ApplicationRecords(db, reader),
    };
    cache.set(database, views);
  }
  return views;
}
