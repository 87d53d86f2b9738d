/** The runtime's facade: what the web app, the CLI and tests use. */
import type { Catalog, ServiceDefinition } from "../engine";
import { cancel, decide, signal, submit, type Officer, type SubmitRequest } from "./applications/commands";
import { auditOf, documentsOf, findApplications, findOfficerTasks, notificationsOf, type ApplicationQuery } from "./applications/queries";
import { startApplication, type Applicant } from "./applications/start";
import { Transitions } from "./applications/transition";
import { viewApplication, type Viewer } from "./applications/view";
import { migrateApplications, planMigration, type MigrationPlan } from "./services/migrate-version";
import { systemClock, type Clock } from "./clock";
import type { Connectors } from "./connectors/connector";
import type { RuntimeContext } from "./context";
import { openDatabase, type Database } from "./db/open";
import { builtinHandlers } from "./handlers/builtin";
import type { StepHandler } from "./handlers/define";
import { HandlerRegistry } from "./handlers/registry";
import { Worker, type WorkerOptions } from "./jobs/worker";
import { ServiceVersions } from "./services/versions";
import { ServiceDrafts } from "./drafts/drafts";

export interface RuntimeOptions {
  /** file:./data/civic-flow.db (default) or postgresql://… */
  databaseUrl?: string;
  clock?: Clock;
  /** Register the shipped handlers (fee-calculation, age-check); default true. */
  builtinHandlers?: boolean;
  /** Custom step handlers besides the built-in ones. */
  handlers?: StepHandler<any, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  connectors?: Connectors;
  /** Registries, templates and roles that publishing validates against; handlers come from the registry. */
  catalog?: Omit<Catalog, "handlers">;
  /** The in-process worker: started by default; false for an API-only process. */
  worker?: false | (WorkerOptions & { autoStart?: boolean });
  maxPayloadBytes?: number;
  poolSize?: number;
}

export class Runtime {
  readonly worker?: Worker;
  /** The studio's unpublished drafts (optimistic versions). */
  readonly drafts: ServiceDrafts;
  private ctx: RuntimeContext;

  private constructor(
    readonly database: Database,
    readonly handlers: HandlerRegistry,
    readonly connectors: Connectors,
    readonly clock: Clock,
    options: RuntimeOptions,
  ) {
    const catalog = options.catalog ? () => ({ ...options.catalog!, handlers: handlers.catalog() }) : undefined;
    const versions = new ServiceVersions(database.prisma, clock, catalog);
    const transitions = new Transitions(database.prisma, versions, clock, () => this.worker?.wake());
    this.ctx = { database, clock, versions, transitions, maxPayloadBytes: options.maxPayloadBytes ?? 64 * 1024 };
    this.drafts = new ServiceDrafts(database.prisma, clock);
    if (options.worker !== false) {
      this.worker = new Worker(this.ctx, handlers, connectors, options.worker ?? {});
      if (options.worker?.autoStart !== false) this.worker.start();
    }
  }

  static async create(options: RuntimeOptions = {}): Promise<Runtime> {
    const database = await openDatabase(options.databaseUrl, { poolSize: options.poolSize });
    const handlers = new HandlerRegistry([...(options.builtinHandlers === false ? [] : builtinHandlers), ...(options.handlers ?? [])]);
    return new Runtime(database, handlers, options.connectors ?? {}, options.clock ?? systemClock, options);
  }

  /** The catalog's `handlers` part, built from the registered handlers. */
  handlerCatalog() {
    return this.handlers.catalog();
  }

  publish(definition: ServiceDefinition, publishedBy: string) {
    return this.ctx.versions.publish(definition, publishedBy);
  }
  versions(serviceId: string) {
    return this.ctx.versions.list(serviceId);
  }
  start(serviceId: string, applicant: Applicant, options?: { language?: string }) {
    return startApplication(this.ctx, serviceId, applicant, options);
  }
  view(applicationId: string, viewer: Viewer) {
    return viewApplication(this.ctx, applicationId, viewer);
  }
  submit(applicationId: string, request: SubmitRequest) {
    return submit(this.ctx, applicationId, request);
  }
  decide(taskId: string, officer: Officer, decision: string, reason?: string) {
    return decide(this.ctx, taskId, officer, decision, reason);
  }
  /** An external event for a wait step or a payment callback (paid/failed). */
  signal(applicationId: string, outcome: string, data?: unknown, actor?: string) {
    return signal(this.ctx, applicationId, outcome, data, actor);
  }
  cancel(applicationId: string, by: string, reason?: string) {
    return cancel(this.ctx, applicationId, by, reason);
  }
  applications(query: ApplicationQuery) {
    return findApplications(this.ctx, query);
  }
  tasks(query: { role?: string; roles?: string[]; status?: string; take?: number }) {
    return findOfficerTasks(this.ctx, query);
  }
  documents(holderId: string) {
    return documentsOf(this.ctx, holderId);
  }
  notifications(applicantId: string) {
    return notificationsOf(this.ctx, applicantId);
  }
  audit(applicationId: string) {
    return auditOf(this.ctx, applicationId);
  }
  planMigration(plan: MigrationPlan) {
    return planMigration(this.ctx, plan);
  }
  migrate(plan: MigrationPlan, by: string) {
    return migrateApplications(this.ctx, plan, by);
  }

  async close(): Promise<void> {
    await this.worker?.stop();
    await this.database.close();
  }
}
