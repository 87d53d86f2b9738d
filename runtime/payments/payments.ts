/**
 * The merchant side of payments: starts a checkout for an application and applies the provider's signed
 * callbacks exactly once. The order id is derived from the step's idempotency key, so a retried job finds
 * the same order (and the provider the same payment): nobody is charged twice, and a repeated callback
 * changes nothing.
 */
import { createHash, randomUUID } from "node:crypto";
import { systemClock, type Clock } from "../clock";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, validCallbackSignature } from "./signature";

export type PaymentStatus = "pending" | "paid" | "failed" | "expired";

export interface PaymentRecord {
  id: string;
  orderId: string;
  applicationId: string;
  providerPaymentId: string;
  amount: number;
  currency: string;
  purpose: string;
  checkoutUrl: string;
  status: PaymentStatus;
  createdAt: string;
  settledAt: string | null;
}

export interface PaymentStore {
  byOrder(orderId: string): Promise<PaymentRecord | undefined>;
  /** Inserts unless the order exists; returns the stored record either way. */
  insert(record: PaymentRecord): Promise<PaymentRecord>;
  /** Compare-and-set from pending: true only for the one call that settled it. */
  settle(orderId: string, status: Exclude<PaymentStatus, "pending">, at: string): Promise<boolean>;
}

export class InMemoryPaymentStore implements PaymentStore {
  readonly records = new Map<string, PaymentRecord>();
  async byOrder(orderId: string) {
    const found = this.records.get(orderId);
    return found && { ...found };
  }
  async insert(record: PaymentRecord) {
    if (!this.records.has(record.orderId)) this.records.set(record.orderId, { ...record });
    return { ...this.records.get(record.orderId)! };
  }
  async settle(orderId: string, status: Exclude<PaymentStatus, "pending">, at: string) {
    const record = this.records.get(orderId);
    if (record?.status !== "pending") return false;
    record.status = status;
    record.settledAt = at;
    return true;
  }
}

export interface PaymentsOptions {
  providerUrl: string;
  apiKey: string;
  callbackSecret: string;
  /** Where the provider sends callbacks (our public endpoint). */
  callbackUrl: string;
  store: PaymentStore;
  clock?: Clock;
  /** Callbacks older or newer than this are refused (replay protection). Default 300 s. */
  maxSkewSeconds?: number;
}

/** The payment step's outcomes. */
export type PaymentOutcome = "paid" | "failed" | "timeout";

export interface CallbackResult {
  accepted: boolean;
  /** True only the first time a callback settles the payment: feed the outcome to the application then. */
  applied: boolean;
  outcome?: PaymentOutcome;
  payment?: PaymentRecord;
  /** A refund's completion (the provider signs it like a payment's callback): applied by runtime/payments/refunds.ts. */
  refund?: ProviderRefundStatus;
  error?: string;
}

const OUTCOME: Record<string, { status: Exclude<PaymentStatus, "pending">; outcome: PaymentOutcome }> = {
  success: { status: "paid", outcome: "paid" },
  failure: { status: "failed", outcome: "failed" },
  // The citizen abandoned the checkout and it expired.
  expired: { status: "expired", outcome: "timeout" },
};

export function createPayments(options: PaymentsOptions) {
  const clock = options.clock ?? systemClock;
  const skew = options.maxSkewSeconds ?? 300;

  return {
    /** Starts (or finds again) the checkout for one payment step; idempotent per key. */
    async start(request: { applicationId: string; amount: number; currency?: string; purpose: string; idempotencyKey: string; returnUrl?: string }): Promise<PaymentRecord> {
      const orderId = `ord_${createHash("sha256").update(request.idempotencyKey).digest("hex").slice(0, 24)}`;
      const known = await options.store.byOrder(orderId);
      if (known) return known;
      const response = await fetch(`${options.providerUrl}/checkout`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${options.apiKey}` },
        body: JSON.stringify({
          orderId,
          amount: request.amount,
          currency: request.currency ?? "UAH",
          description: request.purpose,
          callbackUrl: options.callbackUrl,
          returnUrl: request.returnUrl,
        }),
        redirect: "manual",
      });
      if (response.status !== 200 && response.status !== 201) {
        throw new Error(`The payment provider answered ${response.status}: ${await response.text()}`);
      }
      const created = (await response.json()) as { paymentId: string; checkoutUrl: string };
      return options.store.insert({
        id: randomUUID(),
        orderId,
        applicationId: request.applicationId,
        providerPaymentId: created.paymentId,
        amount: request.amount,
        currency: request.currency ?? "UAH",
        purpose: request.purpose,
        checkoutUrl: created.checkoutUrl,
        status: "pending",
        createdAt: clock.now().toISOString(),
        settledAt: null,
      });
    },

    /** Verifies and applies a callback. Safe to receive any number of times. */
    async handleCallback(body: string, headers: Record<string, string | string[] | undefined>): Promise<CallbackResult> {
      const header = (name: string) => {
        const value = headers[name] ?? headers[name.toLowerCase()];
        return Array.isArray(value) ? value[0] : value;
      };
      const timestamp = header(TIMESTAMP_HEADER) ?? "";
      const signature = header(SIGNATURE_HEADER) ?? "";
      if (!validCallbackSignature(options.callbackSecret, timestamp, body, signature)) {
        return { accepted: false, applied: false, error: "bad signature" };
      }
      if (!/^\d+$/.test(timestamp) || Math.abs(clock.now().getTime() / 1000 - Number(timestamp)) > skew) {
        return { accepted: false, applied: false, error: "stale callback" };
      }
      let message: ProviderOrderStatus & { type?: unknown };
      try {
        message = JSON.parse(body);
      } catch {
        return { accepted: false, applied: false, error: "not JSON" };
      }
      if (message?.type === "refund") return { accepted: true, applied: false, refund: message as ProviderRefundStatus };
      return settleFrom(message);
    },

    /** The provider's current status of an order (undefined: the provider does not know it). */
    status,

    /**
     * Asks the provider for the order's status and settles it as its callback would have (a callback lost
     * while we were down). Safe to repeat and to race with the callback: the order settles once.
     */
    async reconcile(orderId: string): Promise<CallbackResult> {
      const found = await status(orderId);
      if (!found) return { accepted: false, applied: false, error: "unknown payment" };
      return settleFrom(found);
    },
  };

  async function status(orderId: string): Promise<ProviderOrderStatus | undefined> {
    const response = await fetch(`${options.providerUrl}/orders/${encodeURIComponent(orderId)}`, {
      headers: { authorization: `Bearer ${options.apiKey}` },
      redirect: "manual",
    });
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw new Error(`The payment provider answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as ProviderOrderStatus;
  }

  /** One path for a callback's message and a status lookup's answer: checked against the order, settled once. */
  async function settleFrom(message: ProviderOrderStatus): Promise<CallbackResult> {
    const payment = message.orderId ? await options.store.byOrder(message.orderId) : undefined;
    if (!payment || payment.providerPaymentId !== message.paymentId) return { accepted: false, applied: false, error: "unknown payment" };
    if (payment.amount !== message.amount || payment.currency !== message.currency) {
      return { accepted: false, applied: false, error: "amount or currency differs from the order" };
    }
    const mapped = OUTCOME[message.status ?? ""];
    if (!mapped) return { accepted: true, applied: false, payment };
    const applied = await options.store.settle(payment.orderId, mapped.status, clock.now().toISOString());
    const current = (await options.store.byOrder(payment.orderId))!;
    return { accepted: true, applied, outcome: applied ? mapped.outcome : undefined, payment: current };
  }
}

/** What the provider says about an order, in a callback or a status lookup. */
export interface ProviderOrderStatus {
  paymentId?: string;
  orderId?: string;
  /** created (not paid yet), success, failure or expired. */
  status?: string;
  amount?: number;
  currency?: string;
}

/** What the provider says about a refund, in its callback or a status lookup. */
export interface ProviderRefundStatus {
  refundId?: string;
  refundKey?: string;
  paymentId?: string;
  orderId?: string;
  /** pending, success or failure. */
  status?: string;
  amount?: number;
  currency?: string;
  settledAt?: string;
}

export type Payments = ReturnType<typeof createPayments>;
