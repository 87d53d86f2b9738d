import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ServiceDefinition } from "../../../engine";
import { answerGroups } from "./applications.server";

const load = (id: string) => parse(readFileSync(new URL(`../../../service-definitions/${id}/service.yaml`, import.meta.url), "utf8")) as ServiceDefinition;
const submitted = (...steps: string[]) => steps.map((step, i) => ({ seq: i + 1, event: "submit", fromStep: step, toStep: "x", at: new Date("2026-12-02T09:00:00Z"), actor: "citizen", detail: null }));

describe("answerGroups: what the citizen answered, read back", () => {
  it("a form with a confirmation shows its answers without the ticked confirmation", () => {
    const data = { reason: { licence: "ВХХ 578221", reason: "damaged", serviceCentre: "8041", accurate: true } };
    const [group] = answerGroups(load("driver-licence-replacement"), data, submitted("reason"), "uk");
    expect(group.lines.map((line) => line.value)).toEqual(expect.arrayContaining(["ВХХ 578221", "Пошкодження посвідчення"]));
    expect(group.lines.map((line) => line.label).join(" ")).not.toContain("Підтверджую");
  });

  it("a form of only a confirmation shows nothing", () => {
    expect(answerGroups(load("criminal-record-certificate"), { confirm: { accurate: true } }, submitted("confirm"), "uk")).toEqual([]);
  });
});
