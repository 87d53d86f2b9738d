import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { createAppIdentity } from "../../server/app-runtime";
import { enabledProviders, isProvider } from "./identity.server";

const contextWith = async (env: Record<string, string | undefined>) => (await createAppIdentity(env)) as AppLoadContext;

describe("the portal's identity providers", () => {
  it("are the stand-in's by default, by own name only", async () => {
    const context = await contextWith({});
    expect(enabledProviders(context)).toEqual(["bankid", "diia-id"]);
    expect(context.standInIdentity).toBeDefined();
    expect(isProvider(context, "bankid")).toBe(true);
    expect(isProvider(context, "toString")).toBe(false);
  });

  it("are none with STAND_IN_IDENTITY=0: no provider to choose, none accepted, no stand-in page", async () => {
    const context = await contextWith({ STAND_IN_IDENTITY: "0" });
    expect(enabledProviders(context)).toEqual([]);
    expect(isProvider(context, "bankid")).toBe(false);
    expect(isProvider(context, "diia-id")).toBe(false);
    expect(context.standInIdentity).toBeUndefined();
  });
});
