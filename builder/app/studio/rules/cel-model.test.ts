import { describe, expect, it } from "vitest";
import { evaluate } from "../../../../engine";
import { OPERATORS, readCondition, readValue, writeComparison, writeCondition, writeValue, type Comparison, type ConditionGroup, type ValueModel } from "./cel-model";

const samples: Record<(typeof OPERATORS)[number], Comparison> = {
  "==": { field: "vehicle.months", op: "==", value: 12 },
  "!=": { field: "vehicle.kind", op: "!=", value: "truck" },
  "<": { field: "applicant.age", op: "<", value: 18 },
  "<=": { field: "a.b", op: "<=", value: 2.5 },
  ">": { field: "a.b", op: ">", value: -3 },
  ">=": { field: "a.b", op: ">=", value: 0 },
  contains: { field: "a.name", op: "contains", value: "ков" },
  startsWith: { field: "a.plate", op: "startsWith", value: "AA" },
  empty: { field: "a.note", op: "empty" },
  notEmpty: { field: "a.items", op: "notEmpty" },
  in: { field: "a.region", op: "in", value: ["kyiv", "lviv"] },
};

describe("condition CEL", () => {
  it.each(OPERATORS)("writes and reads back %s", (op) => {
    const group: ConditionGroup = { join: "and", items: [samples[op]] };
    const cel = writeCondition(group);
    expect(readCondition(cel)).toEqual(group);
  });

  it.each(OPERATORS)("writes and reads back %s of an optional answer (read after has())", (op) => {
    const group: ConditionGroup = { join: "or", items: [{ ...samples[op], guard: true }, samples["=="]] };
    const cel = writeCondition(group);
    expect(cel).toContain(`has(${samples[op].field})`);
    expect(readCondition(cel)).toEqual(group);
    expect(readCondition(writeComparison({ ...samples[op], guard: true }))).toEqual({ join: "and", items: [{ ...samples[op], guard: true }] });
  });

  it("an absent optional answer is not equal, empty, and nothing else", () => {
    const absent = { a: {} };
    expect(evaluate(writeComparison({ field: "a.x", op: "==", value: 1, guard: true }), absent)).toBe(false);
    expect(evaluate(writeComparison({ field: "a.x", op: "!=", value: 1, guard: true }), absent)).toBe(true);
    expect(evaluate(writeComparison({ field: "a.x", op: "empty", guard: true }), absent)).toBe(true);
    expect(evaluate(writeComparison({ field: "a.x", op: "notEmpty", guard: true }), absent)).toBe(false);
    expect(evaluate(writeComparison({ field: "a.x", op: "in", value: [1, 2], guard: true }), { a: { x: 2 } })).toBe(true);
    expect(writeComparison({ field: "a.x", op: "==", value: 1, guard: true })).toBe("(has(a.x) && a.x == 1)");
  });

  it("writes what CEL people expect", () => {
    expect(writeComparison(samples["=="])).toBe("vehicle.months == 12");
    expect(writeComparison(samples.contains)).toBe('a.name.contains("ков")');
    expect(writeComparison(samples.empty)).toBe("size(a.note) == 0");
    expect(writeComparison(samples.in)).toBe('a.region in ["kyiv", "lviv"]');
    expect(writeComparison({ field: "a.ok", op: "==", value: true })).toBe("a.ok == true");
  });

  it("round-trips and/or groups nested one level", () => {
    const group: ConditionGroup = {
      join: "and",
      items: [samples["=="], { join: "or", items: [samples["!="], samples.contains, samples.in] }, samples.empty],
    };
    const cel = writeCondition(group);
    expect(cel).toBe('vehicle.months == 12 && (vehicle.kind != "truck" || a.name.contains("ков") || a.region in ["kyiv", "lviv"]) && size(a.note) == 0');
    expect(readCondition(cel)).toEqual(group);
    const or: ConditionGroup = { join: "or", items: [samples["<"], { join: "and", items: [samples[">"], samples["<="]] }] };
    expect(readCondition(writeCondition(or))).toEqual(or);
  });

  it("reads spacing it did not write, and leaves other CEL to the custom editor", () => {
    expect(readCondition("vehicle.months==12&&a.b>0")).toEqual({ join: "and", items: [samples["=="], { field: "a.b", op: ">", value: 0 }] });
    expect(readCondition("a.b + 1 > 2")).toBeUndefined();
    expect(readCondition("has(a.b) && a.b > 1")).toBeUndefined();
    expect(readCondition("(a.x == 1 || (a.y == 2 && (a.z == 3 || a.w == 4)))")).toBeUndefined();
    expect(readCondition("a.x ==")).toBeUndefined();
    expect(readCondition("")).toEqual({ join: "and", items: [] });
  });

  it("evaluates as written", () => {
    const cel = writeCondition({ join: "or", items: [samples["=="], samples.in] });
    expect(evaluate(cel, { vehicle: { months: 3 }, a: { region: "lviv" } })).toBe(true);
    expect(evaluate(cel, { vehicle: { months: 3 }, a: { region: "odesa" } })).toBe(false);
  });
});

describe("value CEL", () => {
  const table: ValueModel = { kind: "table", field: "permit.months", rows: [{ when: 1, value: 150 }, { when: 3, value: 400 }, { when: 12, value: 900 }], otherwise: 0 };

  it("writes the fee table as a chain of conditions and reads it back", () => {
    const cel = writeValue(table);
    expect(cel).toBe("permit.months == 1 ? 150 : permit.months == 3 ? 400 : permit.months == 12 ? 900 : 0");
    expect(readValue(cel)).toEqual(table);
    expect(evaluate(cel, { permit: { months: 3 } })).toBe(400);
    expect(evaluate(cel, { permit: { months: 12 } })).toBe(900);
    expect(evaluate(cel, { permit: { months: 7 } })).toBe(0);
  });

  it("a table by an optional answer gives otherwise when it is absent", () => {
    const guarded: ValueModel = { ...table, guard: true } as ValueModel;
    const cel = writeValue(guarded);
    expect(cel).toBe("!has(permit.months) ? 0 : permit.months == 1 ? 150 : permit.months == 3 ? 400 : permit.months == 12 ? 900 : 0");
    expect(readValue(cel)).toEqual(guarded);
    expect(evaluate(cel, { permit: {} })).toBe(0);
    expect(evaluate(cel, { permit: { months: 3 } })).toBe(400);
    expect(readValue("!has(permit.months) ? 5 : permit.months == 1 ? 150 : 0")).toBeUndefined();
  });

  it("tables by text answers, with text values", () => {
    const text: ValueModel = { kind: "table", field: "a.kind", rows: [{ when: "car", value: "Легковий" }, { when: "truck", value: "Вантажний" }], otherwise: "" };
    expect(readValue(writeValue(text))).toEqual(text);
    expect(evaluate(writeValue(text), { a: { kind: "truck" } })).toBe("Вантажний");
  });

  it("round-trips fixed values, copies and calculations", () => {
    const models: ValueModel[] = [
      { kind: "fixed", value: 150 },
      { kind: "fixed", value: "Київ" },
      { kind: "fixed", value: true },
      { kind: "field", field: "vehicle.plate" },
      { kind: "arithmetic", first: { field: "a.count" }, rest: [{ op: "*", operand: { number: 150 } }, { op: "+", operand: { number: 20.5 } }] },
      { kind: "arithmetic", first: { number: 100 }, rest: [{ op: "-", operand: { field: "a.discount" } }, { op: "/", operand: { number: 2 } }] },
    ];
    for (const model of models) expect(readValue(writeValue(model))).toEqual(model);
    expect(writeValue(models[4])).toBe("double(a.count) * 150.0 + 20.5");
    expect(evaluate(writeValue(models[4]), { a: { count: 2 } })).toBe(320.5);
  });

  it("a number given as a number is a fixed value; CEL it did not write is custom", () => {
    expect(readValue(400)).toEqual({ kind: "fixed", value: 400 });
    expect(readValue("(double(a.x) + 1.0) * 2.0")).toBeUndefined();
    expect(readValue("a.x > 1 ? 2 : 3")).toBeUndefined();
    expect(readValue("size(a.list)")).toBeUndefined();
    expect(readValue("a.months == 1 ? 150 : b.months == 3 ? 400 : 0")).toBeUndefined();
  });
});
