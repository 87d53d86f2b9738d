// The runtime's public entry (Node only): durable applications on Prisma, jobs, deadlines, versions, handlers.
export { Runtime, type RuntimeOptions } from "./runtime";
export { RuntimeError, isRuntimeError, RUNTIME_ERROR_STATUS, type RuntimeErrorCode, type FieldError } from "./errors";
export { systemClock, ManualClock, type Clock } from "./clock";
export { durationMs } from "./duration";
export { openDatabase, DEFAULT_DATABASE_URL, type Database, type Provider } from "./db/open";
export { defineStepHandler, type StepHandler, type StepHandlerContext, type StepHandlerResult, type HandlerLogger } from "./handlers/define";
export { HandlerRegistry } from "./handlers/registry";
export { builtinHandlers } from "./handlers/builtin";
export { feeCalculation } from "./handlers/fee-calculation";
export { ageCheck } from "./handlers/age-check";
export type { RegistryConnector, RegistryCallContext, RegistryResult, Connectors } from "./connectors/connector";
export { InMemoryRegistry } from "./connectors/in-memory";
export { Worker, type WorkerOptions } from "./jobs/worker";
export type { Applicant } from "./applications/start";
export type { SubmitRequest, Officer } from "./applications/commands";
export type { Viewer } from "./applications/view";
export type { ApplicationQuery } from "./applications/queries";
export type { MigrationPlan, MigrationCheck } from "./services/migrate-version";
export type { ApplicationStatus } from "./applications/status";
export { runtimeSteps, stepModule, type RuntimeStepModule, type StepView, type WaitsFor, type TimelineWords } from "./steps";
export type { IncidentSummary } from "./applications/incidents";
export { ServiceDrafts, DRAFT_LIMITS, type Draft, type DraftSummary, type DraftScenario, type DraftContent } from "./drafts/drafts";
export { DraftCollaboration, PRESENCE, COMMENT_LIMITS, COLLAB_NOTICES, collabNotice, madeLatestChanges, noticeEnglish, noticeError, type CollabNotice, type Collaborator, type PresenceEntry, type StepComment, type DraftReviewRecord, type ReviewState, type ServiceStudioSettings } from "./drafts/collaboration";
export { SignInAttempts, SIGN_IN_LIMITS, type SignInLimits, type SignInReservation } from "./accounts/sign-in-attempts";
export { RuntimeParties, CODE_ATTEMPTS, partyStatus, type PartyCitizen, type PartyStatus, type InvitationRef, type InvitationView } from "./parties/parties";
export { viewsOf, type Access, type ViewSource, type RuntimeViews, type WebSessionRecord, type StaffAccountRecord, type AccessRecord } from "./views/views";

import { HandlerRegistry, type AnyHandler } from "./handlers/registry";
/** The `handlers` part of the engine's Catalog for a set of handlers. */
export function handlersCatalog(handlers: AnyHandler[]) {
  return new HandlerRegistry(handlers).catalog();
}

// Registries over X-Road, signed documents, payments, inbox: the runtime joined to its outside world.
export { createIntegratedRuntime, startCallbackListener, type IntegratedRuntime, type IntegratedRuntimeOptions } from "./wiring/integrated-runtime";
export { recordedRegistryConnectors, dataAccessLog, type DataAccessEntry, type XRoadConnectorsOptions } from "./wiring/registry-calls";
export { RuntimeDocuments, type DocumentsConfig, type DocumentSummary, type DocumentDownload, type DocumentShareCode } from "./wiring/documents";
export { PrismaDocumentStore } from "./wiring/document-store";
export { RuntimePayments, PrismaPaymentStore, type PaymentsConfig, type PaymentCallbackSignature, type PaymentCallbackResult, type Checkout } from "./wiring/payments";
export { RuntimeNotifications, emailAddressOf, type InboxQuery } from "./wiring/notifications";
export { switchedOff } from "./wiring/env";
