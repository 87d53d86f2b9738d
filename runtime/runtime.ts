/**
 * The runtime's facade: what the web app, the CLI and tests use.
 *
 * Citizens' documents, payments, inbox and data-access log (for the portal):
 * - `documents(holderId)`: the holder's issued documents (no PDF bytes), newest first; expired ones say so.
 * - `downloadDocument(documentId, holderId)`: the PDF as issued, only for its holder (else not_found).
 * - `shareDocument(documentId, holderId)`: a one-time 13-digit code, link token, URL, QR (SVG and PNG data
 *   URL), valid 3 minutes by the runtime's clock.
 * - `verifySharedDocument(codeOrToken)`: public; uses the code up; validity and the card's fields only.
 * - `verifyDocument(number, pdf?)`: public; validity of a document by its printed number (and of a PDF).
 * - `revokeDocument(documentId, by, reason?)`: an officer's or the issuer's revocation.
 * - `paymentCheckout(applicationId, applicantId, { returnUrl })`: the checkout URL of the current payment step.
 * - `paymentCallback(rawBody, headersOrSignature)`: the provider's signed callback, forwarded by the web app;
 *   answer the provider with the result's `status`. Repeats are harmless.
 * - `signStart(applicationId, applicantId, { returnUrl })`, `signComplete(applicationId, applicantId, requestId)`,
 *   `signatures(applicationId)`: sign steps through the signing provider (runtime/signatures, docs/signatures.md).
 * - `bookings`: book steps' appointments on the slot provider (runtime/bookings): slots, hold, confirm, cancel,
 *   reschedule, the .ics file, reminders.
 * - `notifications(applicantId, { unreadOnly })`, `unreadNotifications(applicantId)`,
 *   `markNotificationRead(notificationId, applicantId)`, `markAllNotificationsRead(applicantId)`: the inbox.
 * - `dataAccessLog(applicantId, { language })`: "who read my data and why" (registry calls with their
 *   purpose and X-Road evidence, and other reads recorded as AccessEvent).
 */
import type { Catalog, ServiceDefinition } from "../engine";
import { cancel, decide, signal, submit, type Officer, type SubmitRequest } from "./applications/commands";
import { changeAnswers, type ChangeAnswersRequest } from "./applications/change";
import { auditOf, findApplications, findOfficerTasks, type ApplicationQuery } from "./applications/queries";
import { startApplication, type Applicant } from "./applications/start";
import { Transitions } from "./applications/transition";
import { viewApplication, type Viewer } from "./applications/view";
import { cancelIncident, listIncidents, migrateIncident, retryIncident } from "./applications/incidents";
import { migrateApplications, planMigration, type MigrationPlan } from "./services/migrate-version";
import { systemClock, type Clock } from "./clock";
import type { Connectors } from "./connectors/connector";
import type { RuntimeContext } from "./context";
import { openDatabase, type Database } from "./db/open";
import { RuntimeError } from "./errors";
import { builtinHandlers } from "./handlers/builtin";
import { HandlerRegistry, type AnyHandler } from "./handlers/registry";
import { Worker, type WorkerOptions } from "./jobs/worker";
import { ServiceVersions, type PublishOptions } from "./services/versions";
import { ServiceDrafts } from "./drafts/drafts";
import { RuntimeTemplates } from "./templates/templates";
import { emailSenderFromEnv, type EmailSender } from "./notifications/email";
import { NoticeJobs } from "./notifications/notice-jobs";
import type { RegistryClient } from "./xroad/registry-client";
import { RuntimeDocuments, type DocumentsConfig } from "./wiring/documents";
import { RuntimeNotifications, type InboxQuery } from "./wiring/notifications";
import { RuntimePayments, type PaymentCallbackSignature, type PaymentsConfig } from "./wiring/payments";
import { RuntimeRefunds } from "./payments/refunds";
import { dataAccessLog, recordedRegistryConnectors, type XRoadConnectorsOptions } from "./wiring/registry-calls";
import { RuntimeSigning, type SigningConfig } from "./signatures/signing";
import { RuntimeBookings, type SlotsConfig } from "./bookings/bookings";
import { RuntimeParties } from "./parties/parties";
import { RuntimeInsight } from "./insight/insight";
import { RuntimeFeedback } from "./feedback/feedback";

export interface RuntimeOptions {
  /** file:./data/civic-flow.db (default) or postgresql://… */
  databaseUrl?: string;
  clock?: Clock;
  /** Register the shipped handlers (fee-calculation, age-check); default true. */
  builtinHandlers?: boolean;
  /** Custom step handlers besides the built-in ones. */
  handlers?: AnyHandler[];
  connectors?: Connectors;
  /** Registries, templates and roles that publishing validates against; handlers come from the registry. */
  catalog?: Omit<Catalog, "handlers">;
  /** The in-process worker: started by default; false for an API-only process. */
  worker?: false | (WorkerOptions & { autoStart?: boolean });
  maxPayloadBytes?: number;
  poolSize?: number;
  /**
   * Registries over X-Road (runtime/xroad): one connector per registry of the config (REGISTRIES_CONFIG or
   * runtime/xroad/registries.default.yaml unless given), every attempt stored as a RegistryCall with its
   * X-Road evidence. `connectors` given explicitly take precedence per registry.
   */
  xroad?: true | XRoadConnectorsOptions;
  /** Signed PDF documents for templates with a layout (on by default; the key loads on first use). false: data-only rows. */
  documents?: false | DocumentsConfig;
  /** The payment provider of payment steps; without it, payment steps wait for `signal` (paid/failed). */
  payments?: PaymentsConfig;
  /** The signing provider of sign steps (Diia.Signature-like); without it, sign steps wait for `signal` (signed/declined). */
  signing?: SigningConfig;
  /** The slot providers of book steps (offices' calendars); without them, book steps wait for `signal` (booked). remindEveryMs 0: no reminder sweep. */
  slots?: SlotsConfig & { remindEveryMs?: number };
  /** E-mail for notification steps: from SMTP_URL and MAIL_FROM by default; false for the inbox alone. */
  email?: false | EmailSender;
  /** The public site (links in QR codes and e-mails); PUBLIC_BASE_URL or http://127.0.0.1:3000 by default. */
  publicBaseUrl?: string;
}

export class Runtime {
  readonly worker?: Worker;
  /** The studio's unpublished drafts (optimistic versions). */
  readonly drafts: ServiceDrafts;
  /** Document templates: published immutable versions (the built-in files and the studio's) and drafts. */
  readonly templates: RuntimeTemplates;
  /** The X-Road client when the runtime calls registries over X-Road (for discovery). */
  readonly registryClient?: RegistryClient;
  /** Issued documents: PDFs, signatures, shares, verification. */
  readonly issuedDocuments: RuntimeDocuments;
  /** The inbox and e-mail of notification steps. */
  readonly inbox: RuntimeNotifications;
  /** Payment steps on the payment provider, when configured. */
  readonly payments?: RuntimePayments;
  /** Refunds of what ended applications paid (runtime/payments/refunds.ts); `refunds.ofApplication(id)` for the pages. */
  readonly refunds: RuntimeRefunds;
  /** Sign steps on the signing provider, when configured (runtime/signatures). */
  readonly signing?: RuntimeSigning;
  /** Book steps on the slot providers, when configured (runtime/bookings). */
  readonly bookings?: RuntimeBookings;
  /** Parties besides the applicant: invitations, their one-time links and codes, answers (runtime/parties). */
  readonly parties: RuntimeParties;
  /** The service dashboard's aggregates (runtime/insight, docs/insight.md). */
  readonly insight: RuntimeInsight;
  /** Citizens' ratings of services: once per service per 30 days, comments masked before storing (runtime/feedback). */
  readonly feedback: RuntimeFeedback;
  readonly connectors: Connectors;
  private ctx: RuntimeContext;
  /** The catalog publishing validates against, handlers included (absent: publishing checks no catalog). */
  private readonly publishCatalog?: () => Catalog;
  private closers: (() => Promise<void> | void)[] = [];

  private constructor(
    readonly database: Database,
    readonly handlers: HandlerRegistry,
    connectors: Connectors,
    readonly clock: Clock,
    options: RuntimeOptions,
  ) {
    const templates = (this.templates = new RuntimeTemplates(database.prisma, clock, options.worker ? options.worker.logger : undefined));
    // Every published template (newest version, from memory) besides the catalog's own entries.
    const catalog = options.catalog
      ? () => ({ ...options.catalog!, templates: { ...options.catalog!.templates, ...templates.catalogTemplates() }, handlers: handlers.catalog() })
      : undefined;
    this.publishCatalog = catalog;
    const versions = new ServiceVersions(database.prisma, clock, catalog, (ids) => templates.pins(ids));
    const transitions = new Transitions(database.prisma, versions, clock, () => this.worker?.wake());
    this.ctx = { database, clock, versions, transitions, maxPayloadBytes: options.maxPayloadBytes ?? 64 * 1024, templates };
    this.drafts = new ServiceDrafts(database.prisma, clock);
    if (options.xroad) {
      const xroad = recordedRegistryConnectors(database.prisma, clock, options.xroad === true ? {} : options.xroad, database.sqlite);
      this.registryClient = xroad.client;
      connectors = { ...xroad.connectors, ...connectors };
    }
    this.connectors = connectors;
    const publicBaseUrl = options.publicBaseUrl;
    this.issuedDocuments = new RuntimeDocuments(database.prisma, clock, {
      publicBaseUrl,
      // Titles and share cards of documents from the version they were issued with (all versions are in memory from start).
      templates: (type, version) => templates.cachedTemplate(type, version),
      ...(options.documents || {}),
    });
    const email = options.email === false ? undefined : (options.email ?? emailSenderFromEnv());
    if (email) this.closers.push(() => email.close());
    this.inbox = new RuntimeNotifications(database.prisma, clock, email, { publicBaseUrl, logger: options.worker ? options.worker.logger : undefined });
    // The platform's notices are e-mailed too when there is a sender (runtime/notifications/notice-jobs.ts).
    transitions.emailNotices = Boolean(email);
    const notices = new NoticeJobs({ db: database.prisma, clock, transitions, versions, email, baseUrl: () => publicBaseUrl ?? process.env.PUBLIC_BASE_URL ?? this.inbox.listeningBaseUrl, logger: options.worker ? options.worker.logger : undefined });
    this.refunds = new RuntimeRefunds(database.prisma, clock, transitions, options.payments, options.worker ? options.worker.logger : undefined);
    if (options.payments) {
      const payments = (this.payments = new RuntimePayments(database.prisma, clock, versions, transitions, options.payments, this.refunds));
      // Callbacks lost while the app was down: pending orders are asked of the provider now and periodically.
      payments.startReconciling(options.payments.reconcileEveryMs ?? 60_000, options.worker ? options.worker.logger : undefined);
      this.closers.push(() => payments.stopReconciling());
    }
    this.parties = new RuntimeParties(database.prisma, clock, versions, transitions);
    this.insight = new RuntimeInsight(database, versions, clock);
    this.feedback = new RuntimeFeedback(database.prisma, clock, versions);
    if (options.signing) this.signing = new RuntimeSigning(database.prisma, clock, versions, transitions, options.signing);
    if (options.slots) {
      const bookings = (this.bookings = new RuntimeBookings(database.prisma, clock, versions, transitions, this.inbox, options.slots, options.worker ? options.worker.logger : undefined));
      if (options.slots.remindEveryMs !== 0) this.closers.push(bookings.startReminding(options.slots.remindEveryMs));
    }
    if (options.worker !== false) {
      this.worker = new Worker(this.ctx, handlers, connectors, options.worker ?? {}, {
        documents: options.documents === false ? undefined : this.issuedDocuments,
        notifications: this.inbox,
        catalogTemplates: catalog ? () => catalog().templates : undefined,
        refunds: this.refunds,
        notices,
      });
      if (options.worker?.autoStart !== false) this.worker.start();
    }
  }

  static async create(options: RuntimeOptions = {}): Promise<Runtime> {
    const database = await openDatabase(options.databaseUrl, { poolSize: options.poolSize });
    const handlers = new HandlerRegistry([...(options.builtinHandlers === false ? [] : builtinHandlers), ...(options.handlers ?? [])]);
    const runtime = new Runtime(database, handlers, options.connectors ?? {}, options.clock ?? systemClock, options);
    try {
      // The built-in template files become published versions (once; idempotent across processes), and the
      // catalog's cache of published templates is filled.
      await runtime.templates.publishBuiltins();
      await runtime.templates.refresh();
      runtime.closers.push(runtime.templates.startRefreshing());
    } catch (error) {
      await runtime.close();
      throw error;
    }
    return runtime;
  }

  /** Runs `fn` when the runtime closes (after the worker stops, before the database closes): stand-ins, listeners. */
  onClose(fn: () => Promise<void> | void): void {
    this.closers.push(fn);
  }

  /** The catalog publishing validates against (the studio validates against the same); undefined without one. */
  catalog(): Catalog | undefined {
    return this.publishCatalog?.();
  }

  /** The catalog's `handlers` part, built from the registered handlers. */
  handlerCatalog() {
    return this.handlers.catalog();
  }

  /** Publishes a version; `{ scenarios }` adds the coverage gate (see ServiceVersions.publish). */
  async publish(definition: ServiceDefinition, publishedBy: string, options?: PublishOptions) {
    // Templates another process published since: validated against and pinned.
    await this.templates.refresh();
    return this.ctx.versions.publish(definition, publishedBy, options);
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
  /** A summary form's "Change": new answers for an earlier form, saved while the application stays at the summary. */
  changeAnswers(applicationId: string, request: ChangeAnswersRequest) {
    return changeAnswers(this.ctx, applicationId, request);
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
  /** The holder's issued documents, newest first, without PDF bytes; `status` is "expired" once past expiry. */
  documents(holderId: string) {
    return this.issuedDocuments.list(holderId);
  }
  /** The PDF as issued, for its holder only (anyone else: not_found). */
  downloadDocument(documentId: string, holderId: string) {
    return this.issuedDocuments.download(documentId, holderId);
  }
  /** A one-time share code and QR link (3 minutes) showing the document's card; valid documents of the holder only. */
  shareDocument(documentId: string, holderId: string) {
    return this.issuedDocuments.share(documentId, holderId);
  }
  /** Public: checks a share code or link token once; validity and the card's fields, nothing else. */
  verifySharedDocument(codeOrToken: string) {
    return this.issuedDocuments.verifyShare(codeOrToken);
  }
  /** Public: validity of a document by the number printed on it, and of a PDF presented with it. */
  verifyDocument(number: string, pdf?: Uint8Array) {
    return this.issuedDocuments.verifyNumber(number, pdf);
  }
  /** Revokes a document (officer or issuer); verification says revoked from then on. */
  revokeDocument(documentId: string, by: string, reason?: string) {
    return this.issuedDocuments.revoke(documentId, by, reason);
  }
  /** The applicant's in-app inbox, newest first. */
  notifications(applicantId: string, query?: InboxQuery) {
    return this.inbox.list(applicantId, query);
  }
  unreadNotifications(applicantId: string) {
    return this.inbox.unreadCount(applicantId);
  }
  markNotificationRead(notificationId: string, applicantId: string) {
    return this.inbox.markRead(notificationId, applicantId);
  }
  markAllNotificationsRead(applicantId: string) {
    return this.inbox.markAllRead(applicantId);
  }
  /** "Who read my data and why": registry calls about the applicant and recorded reads, newest first. */
  dataAccessLog(applicantId: string, options?: { language?: string; take?: number; applicationId?: string }) {
    return dataAccessLog(this.database.prisma, applicantId, options);
  }
  /** The checkout (URL for the citizen) of the application's current payment step; the same one on every call. */
  async paymentCheckout(applicationId: string, applicantId: string, options?: { returnUrl?: string; language?: string }) {
    if (!this.payments) throw new RuntimeError("internal", "No payment provider is configured (RuntimeOptions.payments)");
    return this.payments.checkout(applicationId, applicantId, options);
  }
  /** The payment provider's signed callback (raw body and its headers, or {signature, timestamp}); safe to repeat. */
  async paymentCallback(body: string, signature: PaymentCallbackSignature) {
    if (!this.payments) throw new RuntimeError("internal", "No payment provider is configured (RuntimeOptions.payments)");
    return this.payments.callback(body, signature);
  }
  /** A sign request for the application's current sign step: the provider's confirmation page for the citizen. */
  async signStart(applicationId: string, applicantId: string, options: { returnUrl: string; language?: string }) {
    if (!this.signing) throw new RuntimeError("internal", "No signing provider is configured (RuntimeOptions.signing)");
    return this.signing.start(applicationId, applicantId, options);
  }
  /** The provider's answer to a sign request, fetched, verified, stored and fed once; safe to repeat. */
  async signComplete(applicationId: string, applicantId: string, requestId: string) {
    if (!this.signing) throw new RuntimeError("internal", "No signing provider is configured (RuntimeOptions.signing)");
    return this.signing.complete(applicationId, applicantId, requestId);
  }
  /** The application's signatures and sign requests, newest first (for officers and the citizen's history). */
  signatures(applicationId: string) {
    return this.database.prisma.signature.findMany({ where: { applicationId }, orderBy: { createdAt: "desc" } });
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
  /**
   * Incidents (applications halted by a failure with no `error` outcome), open ones oldest first. For
   * operators (the `admin` role): callers check the role. Each action writes an audit event.
   */
  incidents(query?: { status?: "open" | "all"; applicationId?: string; take?: number }) {
    return listIncidents(this.ctx, query);
  }
  /** Enters the failed step again on the same version (after a fix). */
  retryIncident(incidentId: string, by: string) {
    return retryIncident(this.ctx, incidentId, by);
  }
  /** Moves the application to a newer published version (to `step` there, or the same step id). */
  migrateIncident(incidentId: string, toVersion: number, by: string, options?: { step?: string }) {
    return migrateIncident(this.ctx, incidentId, toVersion, by, options);
  }
  /** Cancels the application; what it paid is flagged `refundDue` and refunded. */
  cancelIncident(incidentId: string, by: string, reason?: string) {
    return cancelIncident(this.ctx, incidentId, by, reason);
  }

  async close(): Promise<void> {
    await this.worker?.stop();
    for (const close of this.closers.splice(0).reverse()) {
      try {
        await close();
      } catch {
        // Closing goes on: the database must close whatever a listener did.
      }
    }
    await this.database.close();
  }
}
