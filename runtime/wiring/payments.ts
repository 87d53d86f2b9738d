/**
 * The `payment` step on a payment provider (runtime/payments: the merchant client; the stand-in provider in
 * development and tests). The citizen asks for a checkout while the application is at a payment step: the
 * order id derives from the step's entry, so asking again (or a retried request) finds the same order and
 * the provider's same payment. The provider's signed callback settles the order once (a conditional update
 * of the Payment row) and feeds `paid` / `failed` / `timeout` (abandoned) to the application, applied only
 * while it is still in that entry of that step: a repeated callback never moves it twice, and nobody is
 * charged twice. A checkout nobody pays ends by the step's own deadline job (its `timeout` edge), or by the
 * provider's expiry callback, whichever comes first. Callbacks that never arrived (the app was down) are made up
 * for by reconciliation: pending orders are asked of the provider at start and periodically, and what it says is
 * applied through the same settle-once, feed-once path.
 */
import { localize } from "../../engine";
import { paymentAmount } from "../applications/enter-step";
import { raiseIncident } from "../applications/incidents";
import { earlierPayment, paidData } from "../steps/payment";
import { StaleStepError, type Transitions } from "../applications/transition";
import { isFinished } from "../applications/status";
import type { Clock } from "../clock";
import type { Db } from "../db/open";
import { isRuntimeError, RuntimeError } from "../errors";
import type { HandlerLogger } from "../handlers/define";
import { createPayments, type PaymentRecord, type PaymentStatus, type PaymentStore } from "../payments/payments";
import type { RuntimeRefunds } from "../payments/refunds";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from "../payments/signature";
import type { ServiceVersions } from "../services/versions";

export interface PaymentsConfig {
  /** The provider's API (the stand-in's URL in development). */
  providerUrl: string;
  apiKey: string;
  /** The shared secret of the provider's HMAC-signed callbacks. */
  callbackSecret: string;
  /** Where the provider sends callbacks: the web app's endpoint that forwards to runtime.paymentCallback. */
  callbackUrl: string;
  /** Callbacks older or newer than this are refused (replay protection). Default 300 s. */
  maxSkewSeconds?: number;
  /**
   * Pending orders are asked of the provider at start and then this often (default 60 s; 0: at start only), so
   * a callback lost while the app was down still moves the application.
   */
  reconcileEveryMs?: number;
}

/** A callback's signature: the provider's headers as received, or the two values. */
export type PaymentCallbackSignature = Record<string, string | string[] | undefined> | { signature: string; timestamp: string };

export interface PaymentCallbackResult {
  /** The HTTP status to answer the provider with: 200 accepted (also for repeats), 400 refused. */
  status: 200 | 400;
  accepted: boolean;
  /** True only when this callback moved the application (never for a repeat). */
  applied: boolean;
  outcome?: string;
  applicationId?: string;
  error?: string;
}

export interface Checkout {
  orderId: string;
  checkoutUrl: string;
  amount: number;
  currency: string;
  status: PaymentStatus;
}

type PaymentRow = NonNullable<Awaited<ReturnType<Db["payment"]["findUnique"]>>>;

function toRecord(row: PaymentRow): PaymentRecord {
  return {
    id: row.id,
    orderId: row.orderId,
    applicationId: row.applicationId,
    providerPaymentId: row.providerPaymentId,
    amount: row.amount,
    currency: row.currency,
    purpose: row.purpose,
    checkoutUrl: row.checkoutUrl,
    status: row.status as PaymentStatus,
    createdAt: row.createdAt.toISOString(),
    settledAt: row.settledAt?.toISOString() ?? null,
  };
}

/** Payment orders in the Payment table; `step` is the payment step entry a new order belongs to. */
export class PrismaPaymentStore implements PaymentStore {
  constructor(
    private readonly db: Db,
    private readonly step?: { step: string; stepEntry: number },
  ) {}

  async byOrder(orderId: string): Promise<PaymentRecord | undefined> {
    const row = await this.db.payment.findUnique({ where: { orderId } });
    return row ? toRecord(row) : undefined;
  }

  async insert(record: PaymentRecord): Promise<PaymentRecord> {
    if (!this.step) throw new Error("A new payment order needs its step");
    try {
      await this.db.payment.create({
        data: {
          ...record,
          ...this.step,
          createdAt: new Date(record.createdAt),
          settledAt: record.settledAt ? new Date(record.settledAt) : null,
        },
      });
    } catch (error) {
      // Two checkouts of one step at once: the order id is unique, the first one's row is the order.
      if (!(await this.byOrder(record.orderId))) throw error;
    }
    return (await this.byOrder(record.orderId))!;
  }

  async settle(orderId: string, status: Exclude<PaymentStatus, "pending">, at: string): Promise<boolean> {
    const updated = await this.db.payment.updateMany({ where: { orderId, status: "pending" }, data: { status, settledAt: new Date(at) } });
    return updated.count === 1;
  }
}

const OUTCOME_OF: Record<string, string> = { paid: "paid", failed: "failed", expired: "timeout" };

export class RuntimePayments {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly versions: ServiceVersions,
    private readonly transitions: Transitions,
    private readonly config: PaymentsConfig,
    /** Refund callbacks come to the same endpoint; a payment settled after its application ended is refunded. */
    private readonly refunds?: RuntimeRefunds,
  ) {}

  private client(store: PaymentStore) {
    return createPayments({ ...this.config, store, clock: this.clock });
  }

  /**
   * The checkout for the application's current payment step (started once per step entry; the same one
   * again on every call). Only the applicant's own application, only at a payment step.
   */
  async checkout(applicationId: string, applicantId: string, options: { returnUrl?: string; language?: string } = {}): Promise<Checkout> {
    const app = await this.db.application.findUnique({ where: { id: applicationId } });
    if (!app || app.applicantId !== applicantId) throw new RuntimeError("not_found", `No application "${applicationId}" of this applicant`);
    const version = await this.versions.get(app.serviceVersionId);
    const definition = version.compiled.definition;
    const step = definition.steps[app.currentStep];
    if (isFinished(app.status) || step?.kind !== "payment") {
      throw new RuntimeError("event_not_allowed", `The application is at step "${app.currentStep}", which takes no payment`, { step: app.currentStep });
    }
    const data = JSON.parse(app.data) as Record<string, unknown>;
    const amount = paymentAmount(step, data);
    if (amount === undefined || !Number.isFinite(amount) || amount <= 0) {
      // Nothing the citizen can fix: operators see it as an incident (and the citizen that it is being looked at).
      const message = `The amount of payment step "${app.currentStep}" did not evaluate to a positive number`;
      await raiseIncident({ clock: this.clock, transitions: this.transitions }, {
        applicationId, step: app.currentStep, stepEntry: app.stepEntry, error: message, actor: "payments",
      });
      throw new RuntimeError("internal", message);
    }
    // Paid this step already (the application came back after a send-back): no new charge, the step is settled.
    const earlier = await earlierPayment(this.db, applicationId, app.currentStep, step, data);
    if (earlier) {
      await this.transitions
        .apply({
          applicationId,
          event: { type: "outcome.paid", data: { ...paidData(earlier), alreadyPaid: true } },
          actor: "payments",
          expectStep: { step: app.currentStep, entry: app.stepEntry },
          detail: { orderId: earlier.orderId, payment: earlier.providerPaymentId, alreadyPaid: true },
        })
        .catch((error) => {
          if (!(error instanceof StaleStepError)) throw error; // settled meanwhile (by the step's settle job)
        });
      return { orderId: earlier.orderId, checkoutUrl: options.returnUrl ?? earlier.checkoutUrl, amount: earlier.amount, currency: earlier.currency, status: "paid" };
    }
    const language = options.language ?? definition.languages[0];
    const store = new PrismaPaymentStore(this.db, { step: app.currentStep, stepEntry: app.stepEntry });
    const record = await this.client(store).start({
      applicationId,
      amount: Math.round(amount * 100) / 100,
      currency: step.currency ?? "UAH",
      purpose: localize(step.purpose, language, definition.languages[0]) || localize(definition.title, language, definition.languages[0]),
      idempotencyKey: `${applicationId}:${app.stepEntry}:payment`,
      returnUrl: options.returnUrl,
    });
    return { orderId: record.orderId, checkoutUrl: record.checkoutUrl, amount: record.amount, currency: record.currency, status: record.status };
  }

  /** The orders of an application, newest first. */
  async ofApplication(applicationId: string) {
    return this.db.payment.findMany({ where: { applicationId }, orderBy: { createdAt: "desc" } });
  }

  /**
   * A callback from the provider: signature and freshness checked, the order settled once, the outcome fed to
   * the application while it is still in the order's step entry. Safe to receive any number of times.
   */
  async callback(body: string, signature: PaymentCallbackSignature): Promise<PaymentCallbackResult> {
    const headers: Record<string, string | string[] | undefined> =
      "signature" in signature && "timestamp" in signature && typeof signature.signature === "string"
        ? { [SIGNATURE_HEADER]: signature.signature, [TIMESTAMP_HEADER]: signature.timestamp as string }
        : Object.fromEntries(Object.entries(signature).map(([name, value]) => [name.toLowerCase(), value]));
    const result = await this.client(new PrismaPaymentStore(this.db)).handleCallback(body, headers);
    if (result.refund) return this.refunds ? this.refunds.callback(result.refund) : { status: 400, accepted: false, applied: false, error: "refunds are not taken here" };
    if (!result.accepted || !result.payment) return { status: result.accepted ? 200 : 400, accepted: result.accepted, applied: false, error: result.error };
    return this.feedSettled(result.payment.orderId);
  }

  /**
   * Reconciliation: asks the provider about every pending order and applies what it says exactly as its callback
   * would have (the same settle-once and feed-once path), so a callback lost while the app was down or
   * unreachable does not leave a paid application waiting. Also feeds orders settled here whose outcome never
   * reached their application (a crash between the two). Returns how many applications it moved.
   */
  async reconcile(): Promise<{ checked: number; applied: number }> {
    const client = this.client(new PrismaPaymentStore(this.db));
    const pending = await this.db.payment.findMany({ where: { status: "pending" }, orderBy: { createdAt: "asc" }, select: { orderId: true } });
    let applied = 0;
    for (const { orderId } of pending) {
      const settled = await client.reconcile(orderId);
      if (settled.accepted && settled.payment && settled.payment.status !== "pending") {
        if ((await this.feedSettled(orderId)).applied) applied++;
      }
    }
    // Settled, yet the application still waits in that step entry.
    const unfed = await this.db.$queryRawUnsafe<{ orderId: string }[]>(
      `SELECT p."orderId" FROM "Payment" p JOIN "Application" a ON a."id" = p."applicationId"
       WHERE p."status" <> 'pending' AND a."currentStep" = p."step" AND a."stepEntry" = p."stepEntry" AND a."status" IN ('draft', 'processing')`,
    );
    for (const { orderId } of unfed) if ((await this.feedSettled(orderId)).applied) applied++;
    return { checked: pending.length, applied };
  }

  private reconciling?: NodeJS.Timeout;
  private reconcileRun?: Promise<unknown>;

  /** Reconciles now and then every `everyMs` (0: only now); one run at a time; failures are logged and retried next time. */
  startReconciling(everyMs: number, logger?: Pick<HandlerLogger, "warn">): void {
    const run = () => {
      this.reconcileRun ??= this.reconcile()
        .catch((error) => logger?.warn("payment reconciliation failed", { error: (error as Error).message }))
        .finally(() => (this.reconcileRun = undefined));
    };
    run();
    if (everyMs > 0) this.reconciling = setInterval(run, everyMs).unref();
  }

  /** Stops reconciling and waits for a run in progress (before the database closes). */
  async stopReconciling(): Promise<void> {
    clearInterval(this.reconciling);
    this.reconciling = undefined;
    await this.reconcileRun;
  }

  /** Feeds a settled order's outcome to its application, while it is still in the order's step entry. */
  private async feedSettled(orderId: string): Promise<PaymentCallbackResult> {
    const row = await this.db.payment.findUniqueOrThrow({ where: { orderId } });
    const outcome = OUTCOME_OF[row.status];
    if (!outcome) return { status: 200, accepted: true, applied: false, applicationId: row.applicationId };
    // Fed whether or not this callback settled it: a repeat after a crash between the two finishes the job;
    // the step-entry condition makes sure the application moves at most once.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.feed(row, outcome);
      } catch (error) {
        if (isRuntimeError(error, "stale_version") && attempt < 5) continue; // another change won the race: read again
        throw error;
      }
    }
  }

  private async feed(row: PaymentRow, outcome: string): Promise<PaymentCallbackResult> {
    try {
      await this.transitions.apply({
        applicationId: row.applicationId,
        event: {
          type: `outcome.${outcome}`,
          data: {
            status: row.status,
            transactionId: row.providerPaymentId,
            orderId: row.orderId,
            amount: row.amount,
            currency: row.currency,
            paidAt: row.status === "paid" ? row.settledAt?.toISOString() ?? null : null,
          },
        },
        actor: "payments",
        expectStep: { step: row.step, entry: row.stepEntry },
        detail: { orderId: row.orderId, payment: row.providerPaymentId },
      });
      return { status: 200, accepted: true, applied: true, outcome, applicationId: row.applicationId };
    } catch (error) {
      if (error instanceof StaleStepError) {
        if (row.status === "paid") await this.refunds?.afterLatePayment(row.applicationId); // paid after it ended: the money goes back
        return { status: 200, accepted: true, applied: false, outcome, applicationId: row.applicationId };
      }
      if (isRuntimeError(error, "event_not_allowed") || isRuntimeError(error, "internal")) {
        // No edge for the outcome, or a condition after it that throws: the application becomes an incident
        // (the provider is answered 200: its callback was taken, a redelivery would change nothing).
        const message = isRuntimeError(error, "internal") ? error.message : `The payment step has no "${outcome}" edge`;
        await raiseIncident({ clock: this.clock, transitions: this.transitions }, { applicationId: row.applicationId, step: row.step, stepEntry: row.stepEntry, error: message, actor: "payments" });
        return { status: 200, accepted: true, applied: false, outcome, applicationId: row.applicationId, error: message };
      }
      throw error;
    }
  }
}
