import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileDefinition, engineSteps, loadDefinition, parseScenario, runScenario, stepOutlets } from "..";
import { simulationValues } from "../simulate/simulate";
import { DEMO_PARTY } from "./invite";

const source = readFileSync(new URL("../validation/fixtures/party.unknown-role.yaml", import.meta.url), "utf8").replace("role: partnr", "role: partner");

describe("invite step", () => {
  it("has three ways out: accepted (next), declined, expired (the deadline's timeout)", () => {
    const outlets = stepOutlets("i", { kind: "invite", next: "a", declined: "b", expired: "c" });
    expect(outlets.map((o) => [o.outcome, o.to, o.event])).toEqual([
      ["accepted", "a", "outcome.accepted"],
      ["declined", "b", "outcome.declined"],
      ["expired", "c", "outcome.timeout"],
    ]);
  });

  it("simulate: the scenario replies as the party; the tax number must evaluate to a text", () => {
    const step = { kind: "invite" as const, role: "partner", taxId: "ask.taxId", deadline: "P7D", next: "a", declined: "b", expired: "c" };
    const ctx = (input: unknown, data: Record<string, unknown> = { ask: { taxId: "3012345678" } }) => ({ id: "i", data, language: "uk", input, values: simulationValues("t") });
    expect(engineSteps.invite.simulate(step, ctx(undefined))).toEqual({ needs: "reply" });
    expect(engineSteps.invite.simulate(step, ctx({ outcome: "accepted" }))).toEqual({ outcome: "accepted", data: { role: "partner", status: "accepted", respondedAt: "2026-01-01T09:00:01.000Z", person: DEMO_PARTY } });
    const person = { taxId: "1", firstName: "A", lastName: "B" };
    expect(engineSteps.invite.simulate(step, ctx({ outcome: "accepted", data: { person } }))).toMatchObject({ data: { person } });
    expect(engineSteps.invite.simulate(step, ctx({ outcome: "declined" }))).toEqual({ outcome: "declined", data: { role: "partner", status: "declined", respondedAt: "2026-01-01T09:00:01.000Z" } });
    expect(engineSteps.invite.simulate(step, ctx({ outcome: "expired" }))).toEqual({ outcome: "expired" });
    expect(engineSteps.invite.simulate(step, ctx({ outcome: "maybe" }))).toMatchObject({ failure: expect.stringMatching(/no outcome "maybe"/) });
    expect(engineSteps.invite.simulate(step, ctx({ outcome: "accepted" }, { ask: { taxId: 5 } }))).toMatchObject({ failure: expect.stringMatching(/not a text/) });
  });

  it("a service with a party plays each outcome in scenarios", () => {
    const loaded = loadDefinition(source);
    expect(loaded.issues).toEqual([]);
    const compiled = compileDefinition(loaded.definition!);
    const play = (outcome: string) =>
      runScenario(compiled, parseScenario(`name: ${outcome}\nanswers: { ask: { partnerTaxId: "3012345678" } }\nreplies: { invite: { outcome: ${outcome} } }\nexpect: { final: ${outcome === "accepted" ? "done" : "rejected"} }\n`).scenario!);
    for (const outcome of ["accepted", "declined", "expired"]) expect(play(outcome).problems, outcome).toEqual([]);
  });

  it("the invitee's tax number is type-checked like any expression", () => {
    const loaded = loadDefinition(source.replace("taxId: ask.partnerTaxId", "taxId: ask.partnerTaxID"));
    expect(loaded.issues.map((i) => i.code)).toContain("expression.unknown-property");
  });
});
