/** The refund's money and date as the portal and the office print them (Intl, Kyiv time). */
import { describe, expect, it } from "vitest";
import { formatRefundDate, formatRefundMoney } from "./Refunds";

const spaces = (text: string) => text.replace(/\s/g, " "); // Intl separates with no-break spaces

describe("refund texts", () => {
  it("money: hryvnias in Ukrainian as the portal writes them, the currency code in English", () => {
    expect(formatRefundMoney(123, "UAH", "uk")).toBe("123,00 грн");
    expect(spaces(formatRefundMoney(1234.5, "UAH", "uk"))).toBe("1 234,50 грн");
    expect(spaces(formatRefundMoney(1234.5, "UAH", "en"))).toBe("UAH 1,234.50");
    expect(spaces(formatRefundMoney(10, "EUR", "uk"))).toBe("10,00 EUR");
  });

  it("dates: day and month in Kyiv time, the year only when it is not this year's", () => {
    const now = new Date("2026-12-02T12:00:00Z");
    expect(formatRefundDate("2026-12-01T22:30:00Z", "uk", now)).toBe("2 грудня"); // already the 2nd in Kyiv
    expect(formatRefundDate("2026-12-02T08:00:00Z", "en", now)).toBe("2 December");
    expect(formatRefundDate("2025-12-30T08:00:00Z", "uk", now)).toMatch(/^30 грудня 2025/);
    expect(formatRefundDate(null, "uk", now)).toBe("");
  });
});
