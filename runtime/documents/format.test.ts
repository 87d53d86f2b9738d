import { describe, expect, it } from "vitest";
import { addDuration, endSentence, formatAddress, formatDateLong, formatDateShort, formatMoney, formatName } from "./format";

describe("document formatters", () => {
  it("writes dates short and long, in Ukrainian and English", () => {
    expect(formatDateShort("2026-12-06")).toBe("06.12.2026");
    expect(formatDateShort("2026-03-01T10:00:00.000Z")).toBe("01.03.2026");
    expect(formatDateLong("2026-12-06", "uk")).toBe("6 грудня 2026 р.");
    expect(formatDateLong("2026-01-31", "en")).toBe("31 January 2026");
    expect(formatDateShort("невідомо")).toBe("невідомо");
  });

  it("never ends a sentence with a double dot", () => {
    expect(endSentence(`Дійсний до ${formatDateLong("2026-12-06", "uk")}`)).toBe("Дійсний до 6 грудня 2026 р.");
    expect(endSentence(`Valid until ${formatDateLong("2026-12-06", "en")}`)).toBe("Valid until 6 December 2026.");
  });

  it("writes money with two decimals", () => {
    expect(formatMoney(170)).toBe("170.00 UAH");
    expect(formatMoney({ amount: 1234.5, currency: "UAH" })).toBe("1234.50 UAH");
    expect(formatMoney(1234567.891, "uk")).toBe("1 234 567,89 грн");
    expect(formatMoney(1234.5, "en")).toBe("UAH 1,234.50");
    expect(formatMoney({ amount: 10, currency: "EUR" }, "uk")).toBe("10,00 EUR");
    expect(formatMoney(-5, "en")).toBe("-UAH 5.00");
    expect(formatMoney("n/a")).toBe("n/a");
  });

  it("reads the house number from building or house, and the flat from apartment or flat", () => {
    expect(formatAddress({ region: "Київська обл.", city: "Бровари", street: "вул. Київська", building: "3", apartment: "14" }))
      .toBe("Київська обл., Бровари, вул. Київська, 3, кв. 14");
    expect(formatAddress({ city: "Львів", street: "вул. Городоцька", house: "7", flat: "21" }, "en")).toBe("Львів, вул. Городоцька, 7, apt. 21");
    expect(formatAddress("м. Київ, вул. Хрещатик, 1")).toBe("м. Київ, вул. Хрещатик, 1");
  });

  it("writes names from their parts", () => {
    expect(formatName({ firstName: "Олена", lastName: "Коваленко", middleName: "Іванівна" })).toBe("Коваленко Олена Іванівна");
    expect(formatName({ firstName: "John", lastName: "Smith" })).toBe("Smith John");
    expect(formatName("Бондар Ольга")).toBe("Бондар Ольга");
  });

  it("computes validity in calendar terms", () => {
    const at = (iso: string) => new Date(iso);
    expect(addDuration(at("2026-03-01T10:00:00Z"), "P12M").toISOString()).toBe("2027-03-01T10:00:00.000Z");
    expect(addDuration(at("2026-03-01T10:00:00Z"), "P1Y").toISOString()).toBe("2027-03-01T10:00:00.000Z");
    expect(addDuration(at("2026-03-01T10:00:00Z"), "P10D").toISOString()).toBe("2026-03-11T10:00:00.000Z");
    expect(addDuration(at("2026-01-31T00:00:00Z"), "P1M").toISOString()).toBe("2026-02-28T00:00:00.000Z");
    expect(addDuration(at("2028-01-31T00:00:00Z"), "P1M").toISOString()).toBe("2028-02-29T00:00:00.000Z");
    expect(addDuration(at("2024-02-29T00:00:00Z"), "P1Y").toISOString()).toBe("2025-02-28T00:00:00.000Z");
    expect(addDuration(at("2026-11-15T00:00:00Z"), "P1Y2M1W1DT1H30M").toISOString()).toBe("2028-01-23T01:30:00.000Z");
    expect(addDuration(at("2026-03-01T00:00:00Z"), "30d").toISOString()).toBe("2026-03-31T00:00:00.000Z");
  });
});
