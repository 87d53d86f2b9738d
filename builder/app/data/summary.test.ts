import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ServiceDefinition } from "../../../engine";
import { straightTo } from "./summary";

const load = (id: string) => parse(readFileSync(new URL(`../../../service-definitions/${id}/service.yaml`, import.meta.url), "utf8")) as ServiceDefinition;

describe("straightTo: a review goes straight to the provider's page", () => {
  it("through a decision that may only end the application (the driving licence's name check)", () => {
    const licence = load("driver-licence-replacement");
    expect(licence.steps.reason).toMatchObject({ kind: "form", next: "checkName" });
    expect(straightTo(licence, "reason")).toBe("sign");
    // The correction after a send-back is no review: it goes back to the officer.
    expect(straightTo(licence, "correction")).toBeUndefined();
  });

  it("not when a decision may lead to another step the citizen or the service rests at", () => {
    const licence = load("driver-licence-replacement");
    const checkName = licence.steps.checkName as Extract<ServiceDefinition["steps"][string], { kind: "decision" }>;
    const forked: ServiceDefinition = { ...licence, steps: { ...licence.steps, checkName: { ...checkName, branches: [{ ...checkName.branches[0], next: "review" }] } } };
    expect(straightTo(forked, "reason")).toBeUndefined();
  });

  it("a summary followed by a signature, and a confirmed amount followed by a payment", () => {
    expect(straightTo(load("criminal-record-certificate"), "confirm")).toBe("sign");
    const fine = load("traffic-fine-payment");
    const confirmed = Object.entries(fine.steps).find(([id]) => straightTo(fine, id) === "payment");
    expect(confirmed).toBeDefined();
  });
});
