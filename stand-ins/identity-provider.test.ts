import { describe, expect, it } from "vitest";
import { createStandInIdentityProvider } from "./identity-provider";

const OLENA = "3297410129";

describe("the stand-in identity provider", () => {
  it("knows only its own providers, not names inherited from Object.prototype", () => {
    const idp = createStandInIdentityProvider();
    expect(idp.isProvider("bankid")).toBe(true);
    for (const name of ["toString", "constructor", "__proto__", "hasOwnProperty"]) expect(idp.isProvider(name)).toBe(false);
  });

  it("gives a code once, for its state only", () => {
    const idp = createStandInIdentityProvider();
    const code = idp.authorize("bankid", OLENA, "state-1234567890abcdef")!;
    expect(idp.exchangeCode(code, "another-state-1234567")).toBeUndefined();
    const again = idp.authorize("bankid", OLENA, "state-1234567890abcdef")!;
    expect(idp.exchangeCode(again, "state-1234567890abcdef")?.taxId).toBe(OLENA);
    expect(idp.exchangeCode(again, "state-1234567890abcdef")).toBeUndefined();
  });

  it("does not accept a code another instance issued", () => {
    const code = createStandInIdentityProvider().authorize("bankid", OLENA, "state-1234567890abcdef")!;
    expect(createStandInIdentityProvider().exchangeCode(code, "state-1234567890abcdef")).toBeUndefined();
  });

  it("keeps a bounded number of pending codes (the page is public)", () => {
    const idp = createStandInIdentityProvider();
    const now = 1_000_000;
    let issued = 0;
    for (let i = 0; i < 10_050; i++) if (idp.authorize("bankid", OLENA, "state-1234567890abcdef", now)) issued++;
    expect(issued).toBe(10_000);
    // Expired codes make room again.
    expect(idp.authorize("bankid", OLENA, "state-1234567890abcdef", now + 61_000)).toBeDefined();
  });
});
