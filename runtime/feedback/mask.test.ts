import { describe, expect, it } from "vitest";
import { cpuMs } from "../../engine/test-fixtures/cpu-time";
import { demoPeople } from "../../stand-ins/data/people";
import { MASK_TOKENS, maskPersonalData, nameList } from "./mask";

const register = nameList(demoPeople().flatMap((person) => [person.name.uk, person.name.en].flatMap((name) => [name.firstName, name.lastName, name.middleName ?? ""])));
const mask = (text: string) => maskPersonalData(text, { names: register });

describe("maskPersonalData", () => {
  it.each([
    ["tax number", "Мій РНОКПП 3012345678, перевірте", "Мій РНОКПП [tax number], перевірте"],
    ["e-mail", "пишіть на olena.k+cf@example.com.ua будь ласка", "пишіть на [e-mail] будь ласка"],
    ["e-mail (Cyrillic domain)", "адреса іван@пошта.укр", "адреса [e-mail]"],
    ["phone +380", "дзвоніть +380 67 123 45 67 або +380671234567.", "дзвоніть [phone] або [phone]."],
    ["phone 0XX", "тел. 067-123-45-67, (044) 123 45 67 чи 0501234567", "тел. [phone], [phone] чи [phone]"],
    ["passport booklet", "паспорт МЕ 123456 та FA123456", "паспорт [passport] та [passport]"],
    ["ID card", "ID-картка 001234567 видана", "ID-картка [passport] видана"],
    ["IBAN", "рахунок UA213223130000026007233566001 та UA21 3223 1300 0002 6007 2335 6600 1 і DE89 3704 0044 0532 0130 00", "рахунок [IBAN] та [IBAN] і [IBAN]"],
    ["card", "карта 4149 4393 1234 5678 або 5375414112345678", "карта [card] або [card]"],
    ["record number", "УНЗР 19900115-01234", "УНЗР [record number]"],
  ])("masks a %s", (_kind, text, expected) => {
    expect(mask(text)).toBe(expected);
  });

  it("masks names from the register, inflected too, and keeps the sentence's first word", () => {
    expect(mask("Дякую Олені Шевченко за допомогу")).toBe("Дякую [name] за допомогу");
    expect(mask("Оксана допомогла мені")).toBe("[name] допомогла мені");
    expect(mask("Thanks to Olena Shevchenko, it was quick")).toBe("Thanks to [name], it was quick");
  });

  it("masks patronymics, surname shapes, titles and initials without a list", () => {
    const masked = (text: string) => maskPersonalData(text);
    expect(masked("Ігор Петрович відповів швидко")).toBe("[name] відповів швидко");
    expect(masked("Це зробила Петрук у ЦНАП")).toBe("Це зробила [name] у ЦНАП");
    expect(masked("інспектор Гаврилюк був ввічливий")).toBe("інспектор [name] був ввічливий");
    expect(masked("пані Зоя сказала прийти ще раз")).toBe("пані [name] сказала прийти ще раз");
    expect(masked("Підписав О. В. Дорошенко")).toBe("Підписав [name]");
    expect(masked("Mr Smith at the desk was rude")).toBe("Mr [name] at the desk was rude");
  });

  it("leaves text without personal data alone", () => {
    const plain = [
      "Київ, ЦНАП на Хрещатику: черга 2 години, форма з 12 кроків, 3 помилки. Оплатив 85,50 грн за 5 хвилин!",
      "Реєстр не відповідав з 10:00 до 12:30 2026-12-01; довелося чекати 14 днів.",
      "The Service Centre in Lviv was fine. Step 3 asks for the same data twice.",
      "Звук не працював, Дія показала помилку 500.",
    ];
    for (const text of plain) expect(mask(text)).toBe(text);
  });

  it("masks a two-letter name from the list as written, not as a stem", () => {
    expect(mask("Ян Ковальський приймав документи")).toBe("[name] приймав документи");
    expect(mask("Янтар у вітрині")).toBe("Янтар у вітрині");
  });

  it("stays linear on long hostile text (no quadratic scans)", () => {
    const hostile = ["a".repeat(100_000), "1".repeat(100_000), "a.".repeat(50_000), "Аа ".repeat(40_000), "Пан ".repeat(30_000), "О. ".repeat(40_000)];
    const started = cpuMs();
    for (const text of hostile) maskPersonalData(text, { names: register });
    // Each is well under 100 ms; a quadratic scan of 100,000 characters takes minutes.
    expect(cpuMs() - started).toBeLessThan(5_000);
  });

  it("is pure: the same input gives the same output, and masking twice changes nothing more", () => {
    const text = "Олена, тел. 0671234567, olena@example.com, ІПН 3012345678";
    const once = mask(text);
    expect(mask(text)).toBe(once);
    expect(mask(once)).toBe(once);
    expect(once).not.toMatch(/\d{5}/);
    expect(Object.values(MASK_TOKENS).some((token) => once.includes(token))).toBe(true);
  });
});
