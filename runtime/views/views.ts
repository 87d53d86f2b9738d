/**
 * What the web app reads and writes beside the runtime's commands, as typed methods: its sessions, staff
 * accounts, the published services (catalog and studio), citizens' unsent form answers, officers' tasks,
 * the access log and the application rows its pages check. The web app goes through these, never through
 * Prisma, so the tables stay the runtime's to change. One set of views per database handle (`viewsOf`).
 */
import { randomUUID } from "node:crypto";
import { SignInAttempts } from "../accounts/sign-in-attempts";
import type { Database, Db } from "../db/open";

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

export class WebSessions {
  constructor(private readonly db: Db) {}

  /** Stores a new session (and drops the expired ones). */
  async create(row: WebSessionRecord, now: Date): Promise<void> {
    await this.db.webSession.deleteMany({ where: { expiresAt: { lt: now } } });
    await this.db.webSession.create({ data: row });
  }

  find(id: string): Promise<WebSessionRecord | null> {
    return this.db.webSession.findUnique({ where: { id } });
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
  constructor(private readonly db: Db) {}

  /** A version's definition as stored (JSON), or null. */
  async definitionJson(versionId: string): Promise<string | null> {
    return (await this.db.serviceVersion.findUnique({ where: { id: versionId }, select: { definition: true } }))?.definition ?? null;
  }

  /** The latest version of every service. */
  async latestVersions(): Promise<Map<string, { id: string; number: number }>> {
    const versions = await this.db.serviceVersion.findMany({ select: { id: true, serviceId: true, number: true }, orderBy: [{ serviceId: "asc" }, { number: "desc" }] });
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
  constructor(private readonly db: Db) {}

  async save(applicantId: string, applicationId: string, step: string, data: string): Promise<void> {
    const now = new Date();
    await this.db.formDraft.upsert({ where: { applicationId_step: { applicationId, step } }, create: { applicationId, step, applicantId, data, updatedAt: now }, update: { data, updatedAt: now } });
  }

  find(applicationId: string, step: string): Promise<{ applicantId: string; data: string } | null> {
    return this.db.formDraft.findUnique({ where: { applicationId_step: { applicationId, step } }, select: { applicantId: true, data: true } });
  }

  async delete(applicationId: string, step?: string): Promise<void> {
    await this.db.formDraft.deleteMany({ where: { applicationId, ...(step ? { step } : {}) } });
  }
}

/** Application rows and their records, for the pages' checks (ownership, tasks) and timelines. */
export class ApplicationRecords {
  constructor(private readonly db: Db) {}

  row(applicationId: string) {
    return this.db.application.findUnique({ where: { id: applicationId } });
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

  auditEvents(applicationId: string) {
    return this.db.auditEvent.findMany({ where: { applicationId }, orderBy: { seq: "asc" } });
  }

  /** When the deadline of the step entered as `stepEntry` falls due, if one is pending. */
  async pendingDeadline(applicationId: string, stepEntry: number): Promise<Date | null> {
    const job = await this.db.job.findFirst({ where: { applicationId, kind: "deadline", status: "pending", stepEntry }, select: { runAt: true } });
    return job?.runAt ?? null;
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
    views = { sessions: new WebSessions(db), staffAccounts: new StaffAccounts(db), services: new PublishedServices(db), formDrafts: new FormDrafts(db), applications: new ApplicationRecords(db) };
    cache.set(database, views);
  }
  return views;
}
