import { afterEach, describe, expect, it } from "vitest";
import { authorize, enabledProviders, exchangeCode, isProvider } from "./identity.server";

const OLENA = "3297410129";

describe("the stand-in identity provider", () => {
  afterEach(() => {
    delete process.env.STAND_IN_IDENTITY;
  });

  it("knows only its own providers, not names inherited from Object.prototype", () => {
    expect(isProvider("bankid")).toBe(true);
    for (const name of ["toString", "constructor", "__proto__", "hasOwnProperty"]) expect(isProvider(name)).toBe(false);
  });

  it("is switched off by STAND_IN_IDENTITY=0: no provider to choose, none accepted", () => {
    process.env.STAND_IN_IDENTITY = "0";
    expect(enabledProviders()).toEqual([]);
    expect(isProvider("bankid")).toBe(false);
    expect(isProvider("diia-id")).toBe(false);
  });

  it("gives a code once, for its state only", () => {
    const code = authorize("bankid", OLENA, "state-1234567890abcdef")!;
    expect(exchangeCode(code, "another-state-1234567")).toBeUndefined();
    const again = authorize("bankid", OLENA, "state-1234567890abcdef")!;
    expect(exchangeCode(again, "state-1234567890abcdef")?.taxId).toBe(OLENA);
    expect(exchangeCode(again, "state-1234567890abcdef")).toBeUndefined();
  });

  it("keeps a bounded number of pending codes (the page is public)", () => {
    const now = 1_000_000;
    let issued = 0;
    for (let i = 0; i < 10_050; i++) if (authorize("bankid", OLENA, "state-1234567890abcdef", now)) issued++;
    expect(issued).toBe(10_000);
    // Expired codes make room again.
    expect(authorize("bankid", OLENA, "state-1234567890abcdef", now + 61_000)).toBeDefined();
  });
});
