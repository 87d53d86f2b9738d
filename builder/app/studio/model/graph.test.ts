import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { buildGraph, type GraphCache } from "./graph";

const marriage = parse(readFileSync(new URL("../../../../service-definitions/marriage-registration/service.yaml", import.meta.url), "utf8"));

describe("the canvas shows which party acts at each step", () => {
  it("names the invitee, the party a form is addressed to, the co-signers and the document holders, in the studio's language", () => {
    const graph = buildGraph(marriage, [], undefined, "en");
    const actors = Object.fromEntries(graph.steps.filter((s) => s.actors).map((s) => [s.kind, s.actors]));
    const partner = marriage.parties.partner.title.en;
    expect(actors).toEqual({ invite: [partner], form: [partner], sign: [partner], document: [partner] });
    const applicantForm = graph.steps.find((s) => s.kind === "form" && !marriage.steps[s.id].party);
    expect(applicantForm?.actors).toBeUndefined();
    expect(buildGraph(marriage, [], undefined, "uk").steps.find((s) => s.kind === "invite")?.actors).toEqual([marriage.parties.partner.title.uk]);
  });

  it("a renamed role title reaches steps whose own YAML did not change", () => {
    const cache: GraphCache = new Map();
    buildGraph(marriage, [], undefined, "en", cache);
    const renamed = { ...marriage, parties: { partner: { ...marriage.parties.partner, title: { uk: "Подружжя", en: "Spouse" } } } };
    const invite = buildGraph(renamed, [], undefined, "en", cache).steps.find((s) => s.kind === "invite");
    expect(invite?.actors).toEqual(["Spouse"]);
  });

  it("a service without parties shows none, and an unknown role is left to the validator", () => {
    const value = { steps: { a: { kind: "form", party: "partner", next: "b" }, b: { kind: "final", outcome: "approved" } } };
    expect(buildGraph(value, [], undefined, "en").steps.every((s) => s.actors === undefined)).toBe(true);
    const unknown = { ...value, parties: { buyer: { title: { uk: "Покупець", en: "Buyer" } } } };
    expect(buildGraph(unknown, [], undefined, "en").steps.every((s) => s.actors === undefined)).toBe(true);
  });
});
