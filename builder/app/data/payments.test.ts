import { describe, expect, it } from "vitest";
import type { Runtime } from "../../../runtime";
import { paymentCallback } from "./payments.server";

describe("the payment provider's callback", () => {
  it("is not found when no payment provider is configured (not a 500)", async () => {
    const request = new Request("http://localhost/payments/callback", { method: "POST", body: '{"orderId":"x"}' });
    expect(await paymentCallback({ payments: undefined } as unknown as Runtime, request)).toEqual({ status: 404, body: "no payment provider" });
  });
});
