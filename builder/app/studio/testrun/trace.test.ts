import { describe, expect, it } from "vitest";
import { compileDefinition, loadDefinition, Simulation, type PlayedStep, type ServiceDefinition } from "../../../../engine";
import { computedValues, traceStep, valueLabel } from "./trace";

const source = `schemaVersion: 1
id: trace-probe
title: { uk: Проба, en: Probe }
owner: Тест
languages: [uk, en]
start: ask
steps:
  ask:
    kind: form
    title: { uk: Питання, en: Question }
    schema:
      type: object
      required: [months, name]
      properties:
        months: { type: integer }
        name: { type: string }
    prefill:
      name: 'applicant.lastName + " " + applicant.firstName'
    next: route
  route:
    kind: decision
    branches:
      - when: 'ask.months > 6'
        next: payLong
    otherwise: payShort
  payLong:
    kind: payment
    amount: 'ask.months * 100'
    purpose: { uk: Збір, en: Fee }
    on: { paid: issue, failed: done }
  payShort:
    kind: payment
    amount: 50
    purpose: { uk: Збір, en: Fee }
    on: { paid: issue, failed: done }
  issue:
    kind: document
    template: certificate
    data:
      holder: ask.name
      months: ask.months
    next: done
  done:
    kind: final
    outcome: approved
`;

describe("what a test run computed at each step", () => {
  it("shows a form's prefill, a decision's conditions, a payment's amount, a document's data and what each saved", () => {
    const { definition, issues } = loadDefinition(source);
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const played: PlayedStep[] = [];
    const sim = new Simulation(compileDefinition(definition as ServiceDefinition), { onStep: (p) => played.push(p) });
    expect(computedValues("ask", definition!.steps.ask, sim.data)).toEqual([{ label: "prefill.name", expr: 'applicant.lastName + " " + applicant.firstName', value: "Коваленко Олена" }]);
    sim.give({ months: 12, name: "Коваленко Олена" });
    sim.give({ outcome: "paid", data: { paidAt: "now" } });
    const trace = played.map((p) => traceStep(definition!, p));
    expect(trace.map((t) => t.step)).toEqual(["ask", "route", "payLong", "issue"]);
    expect(trace.map((t) => t.outcome)).toEqual(["next", "branch 0", "paid", "issued"]);
    expect(trace[0].saved).toEqual({ name: "ask", value: { months: 12, name: "Коваленко Олена" } });
    expect(trace[1].computed).toEqual([{ label: "branch 1 (when)", expr: "ask.months > 6", value: true }]);
    expect(trace[2].computed).toContainEqual({ label: "amount", expr: "ask.months * 100", value: 1200 });
    expect(trace[2].given).toEqual({ outcome: "paid", data: { paidAt: "now" } });
    expect(trace[3].computed).toEqual([
      { label: "data.holder", expr: "ask.name", value: "Коваленко Олена" },
      { label: "data.months", expr: "ask.months", value: 12 },
    ]);
    expect(trace[3].saved?.value).toMatchObject({ template: "certificate", data: { holder: "Коваленко Олена", months: 12 } });
    // A fixed amount is shown too, with the currency.
    expect(computedValues("payShort", definition!.steps.payShort, sim.data)).toEqual([
      { label: "amount", expr: "50", value: 50 },
      { label: "currency", expr: '"UAH"', value: "UAH" },
    ]);
  });

  it("an expression that fails is shown as its error", () => {
    const { definition } = loadDefinition(source);
    const values = computedValues("issue", definition!.steps.issue, { applicant: {} });
    expect(values[0].error).toBeTruthy();
  });

  it("names the amount, the currency and a decision's branches in the studio's language; other places as written", () => {
    expect(["amount", "currency", "branch 2 (when)", "input.taxId"].map((l) => valueLabel(l, "uk"))).toEqual(["Сума", "Валюта", "гілка 2 (умова)", "input.taxId"]);
    expect(["amount", "currency", "branch 2 (when)", "prefill.name"].map((l) => valueLabel(l, "en"))).toEqual(["Amount", "Currency", "branch 2 (when)", "prefill.name"]);
    expect(valueLabel("amount.cases", "uk")).toBe("Сума.cases");
  });
});
