/**
 * Refunds: what a citizen paid comes back when the application ends without what it was paid for. An
 * application that ends at a final step that refunds (rejected, cancelled or failed by default, or the
 * step's `refund`), or is cancelled by the citizen, an officer or an operator (an incident), marks its paid
 * payments `requested` and queues one `refund` job per payment, in the same transaction as the ending: the
 * refund cannot be forgotten, and an application of a service without payment steps pays nothing for it.
 *
 * The job asks the provider for a full refund under a key derived from the payment's order, so a request
 * repeated after a crash (between the provider's answer and our write) finds the same refund: money goes back
 * once. The provider's signed callback, or the job looking again with backoff while the refund is pending
 * (a lost callback), settles it once: a conditional update of the Payment row with an audit event and, when
 * the money is back, a message in the citizen's inbox, in one transaction. A refund the provider refuses, or
 * one that cannot be asked for after all retries, ends `failed` (audited) for finance to see.
 */
import { localize, type ServiceDefinition, type Step } from "../../engine";
import { hasEnded } from "../applications/status";
import type { Transitions } from "../applications/transition";
import { insertAudit, updateApplication, type ApplicationRecord, type Statement } from "../applications/writes";
import type { Clock } from "../clock";
import type { Db } from "../db/open";
import { isRuntimeError, RuntimeError } from "../errors";
import type { HandlerLogger } from "../handlers/define";
import { retryDelay } from "../jobs/backoff";
import type { JobRecord } from "../jobs/claim";
import type { PaymentCallbackResult, PaymentsConfig } from "../wiring/payments";
import type { ProviderRefundStatus } from "./payments";

export type RefundStatus = "requested" | "refunded" | "failed";

/** A payment's refund as the portal and the office show it. */
export interface RefundView {
  orderId: string;
  amount: number;
  currency: string;
  status: RefundStatus;
  requestedAt: Date | null;
  refundedAt: Date | null;
  /** Why it failed (the provider's answer): for staff only. */
  error: string | null;
}

/** Attempts to reach the provider (network errors, 5xx) before the refund is given up as failed: about 3 hours. */
const MAX_ATTEMPTS = 12;
const RETRY_INTERVAL_MS = 5_000;
/** A pending refund is looked at again after 1 min, 2 min… (at most hourly): its callback may have been lost. */
const CHECK_INTERVAL_MS = 60_000;

const takesPayments = new WeakMap<ServiceDefinition, boolean>();

/** Whether ending at `step` refunds what the application paid (only services with a payment step can have paid). */
export function refundsOnEnding(definition: ServiceDefinition, step: Step | undefined): boolean {
  if (step?.kind !== "final") return false;
  let paying = takesPayments.get(definition);
  if (paying === undefined) takesPayments.set(definition, (paying = Object.values(definition.steps).some((s) => s.kind === "payment")));
  return paying && (step.refund ?? step.outcome !== "approved");
}

/**
 * The statements of the ending that ask for the refunds: one `refund` job per paid payment not refunded yet
 * (its id and key derive from the payment: never two), and the payments marked `requested`. Nothing when the
 * application paid nothing.
 */
export function requestRefunds(applicationId: string, now: Date): Statement[] {
  return [
    {
      sql: `INSERT INTO "Job" ("id", "kind", "applicationId", "step", "stepEntry", "payload", "runAt", "attempts", "maxAttempts", "status", "idempotencyKey", "createdAt", "updatedAt")
        SELECT 'refund-' || "id", 'refund', "applicationId", "step", "stepEntry", '{"paymentId":"' || "id" || '"}', ?, 0, ${MAX_ATTEMPTS}, 'pending', 'refund:' || "id", ?, ?
        FROM "Payment" WHERE "applicationId" = ? AND "status" = 'paid' AND "refundStatus" IS NULL
        ON CONFLICT DO NOTHING`,
      params: [now, now, now, applicationId],
    },
    {
      sql: `UPDATE "Payment" SET "refundStatus" = 'requested', "refundDue" = TRUE, "refundAmount" = "amount", "refundRequestedAt" = ? WHERE "applicationId" = ? AND "status" = 'paid' AND "refundStatus" IS NULL`,
      params: [now, applicationId],
    },
  ];
}

/** "230,00 грн" (Intl's uk-UA symbol is ₴, which the portal does not use) / "UAH 230.00". */
export function formatMoney(amount: number, currency: string, language: "uk" | "en"): string {
  if (language === "en") return new Intl.NumberFormat("en-GB", { style: "currency", currency, currencyDisplay: "code" }).format(amount);
  const number = new Intl.NumberFormat("uk-UA", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
  return `${number} ${currency === "UAH" ? "грн" : currency}`;
}

type PaymentRow = NonNullable<Awaited<ReturnType<Db["payment"]["findUnique"]>>>;

/** The provider's idempotency key of a payment's refund: one refund per payment, whoever asks and how often. */
export const refundKeyOf = (payment: { orderId: string }) => `refund:${payment.orderId}`;

class AlreadySettled extends Error {}

/** A refund callback is answered as a payment callback is (the provider sends both to one endpoint). */
export type RefundCallbackResult = PaymentCallbackResult;

export class RuntimeRefunds {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly transitions: Transitions,
    private readonly config?: PaymentsConfig,
    private readonly logger?: Pick<HandlerLogger, "warn">,
  ) {}

  /** The refunds of an application's payments, oldest first. */
  async ofApplication(applicationId: string): Promise<RefundView[]> {
    const rows = await this.db.payment.findMany({ where: { applicationId, refundStatus: { not: null } }, orderBy: { createdAt: "asc" } });
    return rows.map((row) => ({
      orderId: row.orderId,
      amount: row.refundAmount ?? row.amount,
      currency: row.currency,
      status: row.refundStatus as RefundStatus,
      requestedAt: row.refundRequestedAt,
      refundedAt: row.refundedAt,
      error: row.refundError,
    }));
  }

  /** Runs a `refund` job claimed by worker `owner`: asks the provider, settles, or schedules the next look. */
  async run(job: JobRecord, owner: string): Promise<void> {
    const { paymentId } = JSON.parse(job.payload) as { paymentId: string };
    const row = await this.db.payment.findUnique({ where: { id: paymentId } });
    if (row?.refundStatus !== "requested") return this.finishJob(job, owner, "done");
    if (!this.config) {
      await this.settle(row, "failed", { error: "No payment provider is configured: refund it by hand" });
      return this.finishJob(job, owner, "failed");
    }
    let answer: { refund: ProviderRefundStatus } | { refused: string };
    try {
      answer = await this.ask(row);
    } catch (error) {
      return this.retry(job, owner, row, (error as Error).message);
    }
    if ("refused" in answer) {
      await this.settle(row, "failed", { error: answer.refused });
      return this.finishJob(job, owner, "done");
    }
    const mismatch = this.mismatch(row, answer.refund);
    if (mismatch) return this.retry(job, owner, row, mismatch);
    if (answer.refund.status === "success" || answer.refund.status === "failure") {
      await this.apply(row, answer.refund);
      return this.finishJob(job, owner, "done");
    }
    // Pending at the provider: its callback settles it; looking again makes up for a lost one.
    if (answer.refund.refundId && !row.providerRefundId) {
      await this.db.payment.updateMany({ where: { id: row.id, refundStatus: "requested" }, data: { providerRefundId: answer.refund.refundId } });
    }
    const checks = (JSON.parse(job.payload) as { checks?: number }).checks ?? 0;
    const now = this.clock.now();
    await this.db.job.updateMany({
      where: { id: job.id, leaseOwner: owner, status: "running" },
      data: {
        status: "pending", attempts: 0, leaseOwner: null, leaseUntil: null, updatedAt: now,
        runAt: new Date(now.getTime() + retryDelay(checks + 1, CHECK_INTERVAL_MS, "exponential")),
        payload: JSON.stringify({ paymentId, checks: checks + 1 }),
      },
    });
  }

  /** The provider's signed refund callback (verified by the payments client): settles the refund once. */
  async callback(message: ProviderRefundStatus): Promise<RefundCallbackResult> {
    const row = typeof message.orderId === "string" ? await this.db.payment.findUnique({ where: { orderId: message.orderId } }) : null;
    if (!row || row.providerPaymentId !== message.paymentId || message.refundKey !== refundKeyOf(row) || !row.refundStatus) {
      return { status: 400, accepted: false, applied: false, error: "unknown refund" };
    }
    const mismatch = this.mismatch(row, message);
    if (mismatch) return { status: 400, accepted: false, applied: false, error: mismatch };
    const applied = message.status === "success" || message.status === "failure" ? await this.apply(row, message) : false;
    return { status: 200, accepted: true, applied, outcome: message.status, applicationId: row.applicationId };
  }

  /**
   * A payment settled as paid after its application had ended (the citizen paid on a checkout left open when it
   * was cancelled): refunded as the ending would have had it been paid before.
   */
  async afterLatePayment(applicationId: string): Promise<void> {
    await this.transitions.change<boolean>(applicationId, {}, () => {}, (app, version) => {
      if (!hasEnded(app.status)) return undefined;
      const definition = version.compiled.definition;
      const step = definition.steps[app.currentStep];
      // Cancelled where it stood (not at a final step), or ended at a final step that refunds.
      const refunds = step?.kind === "final" ? refundsOnEnding(definition, step) : app.status === "cancelled";
      if (!refunds) return undefined;
      return { statements: requestRefunds(app.id, this.clock.now()), result: true, createdJobs: true };
    });
  }

  /** Asks the provider for the full refund (idempotent by the payment's refund key). */
  private async ask(row: PaymentRow): Promise<{ refund: ProviderRefundStatus } | { refused: string }> {
    const config = this.config!;
    const response = await fetch(`${config.providerUrl}/refunds`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${config.apiKey}` },
      body: JSON.stringify({ paymentId: row.providerPaymentId, refundKey: refundKeyOf(row), amount: row.refundAmount ?? row.amount, callbackUrl: config.callbackUrl }),
      redirect: "manual",
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    if (response.status === 200 || response.status === 201) return { refund: JSON.parse(text) as ProviderRefundStatus };
    // A refusal no retry changes (not paid, refunded already, a reused key); anything else is tried again.
    if (response.status >= 400 && response.status < 500 && ![401, 403, 408, 429].includes(response.status)) {
      return { refused: `The payment provider refused the refund (${response.status}): ${text.slice(0, 500)}` };
    }
    throw new Error(`The payment provider answered ${response.status}: ${text.slice(0, 500)}`);
  }

  /** Why a provider's refund is not this payment's (then nothing is settled). */
  private mismatch(row: PaymentRow, refund: ProviderRefundStatus): string | undefined {
    if (refund.orderId !== row.orderId || refund.paymentId !== row.providerPaymentId) return "the refund is for another payment";
    if (refund.amount !== (row.refundAmount ?? row.amount) || refund.currency !== row.currency) return "amount or currency differs from the refund asked for";
    return undefined;
  }

  private apply(row: PaymentRow, refund: ProviderRefundStatus): Promise<boolean> {
    return refund.status === "success"
      ? this.settle(row, "refunded", { refundId: refund.refundId, at: refund.settledAt })
      : this.settle(row, "failed", { refundId: refund.refundId, error: "The payment provider could not return the money (the refund failed)" });
  }

  /**
   * Settles a requested refund once: the Payment row, an audit event and (money back) the citizen's inbox
   * message, in one change of the application. False when it was settled already (a failed one can still
   * become refunded, never the reverse).
   */
  private async settle(row: PaymentRow, status: Exclude<RefundStatus, "requested">, outcome: { refundId?: string; at?: string; error?: string }): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.transitions.change<boolean>(row.applicationId, {}, () => {}, (app, version) => {
          const now = this.clock.now();
          const seq = app.version + 1;
          const detail = { orderId: row.orderId, refundId: outcome.refundId ?? row.providerRefundId, amount: row.refundAmount ?? row.amount, currency: row.currency, ...(outcome.error ? { error: outcome.error } : {}) };
          const statements: Statement[] = [
            {
              // From requested; the provider's word that the money went back also overrides our giving up on it
              // (its answers were lost, the refund was made): finance must not return it a second time.
              sql: `UPDATE "Payment" SET "refundStatus" = ?, "refundedAt" = ?, "providerRefundId" = COALESCE(?, "providerRefundId"), "refundError" = ? WHERE "id" = ? AND "refundStatus" IN (?, ?)`,
              params: [status, status === "refunded" ? now : null, outcome.refundId ?? null, outcome.error?.slice(0, 2000) ?? null, row.id, "requested", status === "refunded" ? "failed" : "requested"],
              expectOne: () => new AlreadySettled(),
            },
            updateApplication(app.id, app.version, { currentStep: app.currentStep, stepEntry: app.stepEntry, status: app.status, version: seq, updatedAt: now, finishedAt: app.finishedAt }, () => new RuntimeError("stale_version", "The application changed meanwhile")),
            insertAudit({ id: `${row.id}:refund`, applicationId: app.id, seq, actor: "payments", event: `refund.${status}`, fromStep: app.currentStep, toStep: app.currentStep, at: now, dataHash: "", detail: JSON.stringify(detail) }),
          ];
          if (status === "refunded") statements.push(this.notification(app, version.compiled.definition, row, now));
          return { statements, result: true, createdJobs: false };
        });
      } catch (error) {
        if (error instanceof AlreadySettled) return false;
        if (isRuntimeError(error, "stale_version") && attempt < 5) continue;
        throw error;
      }
    }
  }

  /** "The money is back" in the citizen's inbox, in the application's language. */
  private notification(app: ApplicationRecord, definition: ServiceDefinition, row: PaymentRow, now: Date): Statement {
    const data = JSON.parse(app.data) as { application?: { language?: string } };
    const language = data.application?.language ?? definition.languages[0] ?? "uk";
    const uk = language === "uk";
    const amount = formatMoney(row.refundAmount ?? row.amount, row.currency, uk ? "uk" : "en");
    const service = localize(definition.title, language, definition.languages[0]);
    const title = uk ? "Кошти повернуто" : "Your payment was refunded";
    const message = uk
      ? `Кошти повернуто: ${amount} за заяву «${service}». Гроші надійдуть на картку, з якої ви платили, зазвичай протягом кількох днів.`
      : `Refunded: ${amount} for your application “${service}”. The money goes back to the card you paid with, usually within a few days.`;
    return {
      sql: `INSERT INTO "Notification" ("id", "applicantId", "applicationId", "title", "message", "channels", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
      params: [`ntf-refund-${row.id}`, app.applicantId, app.id, title, message, JSON.stringify(["inbox"]), now],
    };
  }

  /** Not reached (a network error, a 5xx): tried again with backoff; after the last attempt the refund fails, audited. */
  private async retry(job: JobRecord, owner: string, row: PaymentRow, error: string): Promise<void> {
    if (job.attempts >= job.maxAttempts) {
      this.logger?.warn("refund not requested after all attempts", { payment: row.id, error });
      await this.settle(row, "failed", { error: `Not requested after ${job.attempts} attempts: ${error}` });
      return this.finishJob(job, owner, "failed", error);
    }
    const now = this.clock.now();
    await this.db.job.updateMany({
      where: { id: job.id, leaseOwner: owner, status: "running" },
      data: { status: "pending", runAt: new Date(now.getTime() + retryDelay(job.attempts, RETRY_INTERVAL_MS, "exponential")), leaseOwner: null, leaseUntil: null, lastError: error.slice(0, 2000), updatedAt: now },
    });
  }

  /** Settles the job while this worker holds its lease (a worker that lost it leaves it to the new owner). */
  private async finishJob(job: JobRecord, owner: string, status: "done" | "failed", error?: string): Promise<void> {
    await this.db.job.updateMany({
      where: { id: job.id, leaseOwner: owner, status: "running" },
      data: { status, leaseUntil: null, updatedAt: this.clock.now(), ...(error ? { lastError: error.slice(0, 2000) } : {}) },
    });
  }
}
