import { describe, expect, it } from "vitest";
import type { Runtime } from "../../../runtime";
import { citizenRefunds, officeRefunds, paymentCallback } from "./payments.server";

describe("the payment provider's callback", () => {
  it("is not found when no payment provider is configured (not a 500)", async () => {
    const request = new Request("http://localhost/payments/callback", { method: "POST", body: '{"orderId":"x"}' });
    expect(await paymentCallback({ payments: undefined } as unknown as Runtime, request)).toEqual({ status: 404, body: "no payment provider" });
  });
});

describe("the refunds of an application for its pages", () => {
  const refund = { orderId: "ord_1", amount: 230, currency: "UAH", status: "refunded", requestedAt: new Date("2026-12-02T08:00:00Z"), refundedAt: new Date("2026-12-02T08:01:00Z"), error: null };
  const runtime = { refunds: { ofApplication: async (id: string) => (id === "app-1" ? [refund] : []) } } as unknown as Runtime;

  it("the applicant sees amount, status and dates (no order or error); a party viewing the application sees none", async () => {
    expect(await citizenRefunds(runtime, { id: "app-1", viewer: { kind: "applicant" } })).toEqual([
      { amount: 230, currency: "UAH", status: "refunded", requestedAt: "2026-12-02T08:00:00.000Z", refundedAt: "2026-12-02T08:01:00.000Z" },
    ]);
    expect(await citizenRefunds(runtime, { id: "app-1", viewer: { kind: "party" } })).toEqual([]);
  });

  it("the office sees the order and why a refund failed too", async () => {
    expect(await officeRefunds(runtime, "app-1")).toEqual([{ ...refund, requestedAt: "2026-12-02T08:00:00.000Z", refundedAt: "2026-12-02T08:01:00.000Z" }]);
    expect(await officeRefunds(runtime, "app-2")).toEqual([]);
  });
});
