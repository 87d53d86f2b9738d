import { describe, expect, it } from "vitest";
import { evaluate } from "../../../../engine";
import { fitValue, integerArithmetic, OPERATORS, readCondition, readValue, sameRule, writeComparison, writeCondition, writeValue, type Comparison, type ConditionGroup, type ValueModel } from "./cel-model";

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
    expect(readCondition("has(a.b) && a.b")).toBeUndefined();
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

describe("CEL written another way opens in the builder when it means the same", () => {
  it("extra parentheses, spacing, single quotes, the literal first, && chains however grouped", () => {
    const kind = { field: "vehicle.kind", op: "==", value: "car" } as const;
    const months = { field: "vehicle.months", op: ">=", value: 3 } as const;
    const both: ConditionGroup = { join: "and", items: [kind, months] };
    for (const text of [
      "(vehicle.kind == 'car') && (vehicle.months >= 3)",
      "'car' == vehicle.kind && 3 <= vehicle.months",
      "((vehicle.kind=='car'&&vehicle.months>=3))",
      "vehicle.kind == \"car\" &&\n  vehicle.months >= 3",
    ]) expect(readCondition(text), text).toEqual(both);
    const three: ConditionGroup = { join: "and", items: [kind, months, { field: "a.ok", op: "==", value: true }] };
    expect(readCondition("vehicle.kind == 'car' && (vehicle.months >= 3 && a.ok == true)")).toEqual(three);
    expect(readCondition("(vehicle.kind == 'car' && vehicle.months >= 3) && a.ok == true")).toEqual(three);
    // An "any of" inside "all of", written with its own parentheses and reversed literals.
    expect(readCondition("a.ok == true && ('lviv' == a.region || 'kyiv' == a.region)")).toEqual({
      join: "and",
      items: [{ field: "a.ok", op: "==", value: true }, { join: "or", items: [{ field: "a.region", op: "==", value: "lviv" }, { field: "a.region", op: "==", value: "kyiv" }] }],
    });
    // An optional answer's guard without the parentheses the builder writes.
    expect(readCondition("has(a.note) && a.note == 'x' && a.ok == true")).toEqual({ join: "and", items: [{ field: "a.note", op: "==", value: "x", guard: true }, { field: "a.ok", op: "==", value: true }] });
    expect(readCondition("!has(a.note) || a.note != 'x'")).toEqual({ join: "and", items: [{ field: "a.note", op: "!=", value: "x", guard: true }] });
    // A value: a fee table written with single quotes and parentheses, a calculation with spaces.
    expect(readValue("(a.kind == 'car') ? 150 : ((a.kind == 'truck') ? 400 : 0)")).toEqual({ kind: "table", field: "a.kind", rows: [{ when: "car", value: 150 }, { when: "truck", value: 400 }], otherwise: 0 });
    expect(readValue("(double(a.count)*150.0)")).toEqual({ kind: "arithmetic", first: { field: "a.count" }, rest: [{ op: "*", operand: { number: 150 } }] });
  });

  it("what it cannot show, or shows with another meaning, stays custom", () => {
    expect(readCondition("a.x == 1 || a.y == 2 && a.z == 3")).toEqual({ join: "or", items: [{ field: "a.x", op: "==", value: 1 }, { join: "and", items: [{ field: "a.y", op: "==", value: 2 }, { field: "a.z", op: "==", value: 3 }] }] });
    expect(readCondition("(a.x == 1 || a.y == 2) && a.z == 3")).toEqual({ join: "and", items: [{ join: "or", items: [{ field: "a.x", op: "==", value: 1 }, { field: "a.y", op: "==", value: 2 }] }, { field: "a.z", op: "==", value: 3 }] });
    expect(readCondition("a.x == a.y")).toBeUndefined();
    expect(readCondition("1 == 1")).toBeUndefined();
    expect(readCondition("!(a.x == 1)")).toBeUndefined();
    expect(readValue("(double(a.x) + 1.0) * 2.0")).toBeUndefined();
    expect(sameRule("a == 'x'", "'x' == a")).toBe(true);
    expect(sameRule("a < 5", "5 < a")).toBe(false);
    expect(sameRule("a < 5", "5 > a")).toBe(true);
  });
});

describe("optional answers and whole numbers in values", () => {
  it("a copy of an optional answer reads it after has(), with a value for when it is absent", () => {
    const copy: ValueModel = { kind: "field", field: "car.note", otherwise: "" };
    expect(writeValue(copy)).toBe('has(car.note) ? car.note : ""');
    expect(readValue(writeValue(copy))).toEqual(copy);
    expect(evaluate(writeValue(copy), { car: {} })).toBe("");
    expect(evaluate(writeValue(copy), { car: { note: "ok" } })).toBe("ok");
  });

  it("a calculation counts an absent optional answer as 0", () => {
    const doubles: ValueModel = { kind: "arithmetic", first: { number: 100 }, rest: [{ op: "+", operand: { field: "a.extra", guard: true } }] };
    expect(writeValue(doubles)).toBe("100.0 + (has(a.extra) ? double(a.extra) : 0.0)");
    expect(readValue(writeValue(doubles))).toEqual(doubles);
    expect(evaluate(writeValue(doubles), { a: {} })).toBe(100);
    expect(evaluate(writeValue(doubles), { a: { extra: 2.5 } })).toBe(102.5);
    const ints: ValueModel = { kind: "arithmetic", first: { field: "a.count", guard: true }, rest: [{ op: "*", operand: { number: 150 } }], integer: true };
    expect(writeValue(ints)).toBe("(has(a.count) ? a.count : 0) * 150");
    expect(readValue(writeValue(ints))).toEqual(ints);
    expect(evaluate(writeValue(ints), { a: {} })).toBe(0);
  });

  it("integer fields stay whole numbers: no double(), no .0; a division or a fraction makes it decimal", () => {
    const model: Extract<ValueModel, { kind: "arithmetic" }> = { kind: "arithmetic", first: { field: "a.count" }, rest: [{ op: "*", operand: { number: 150 } }, { op: "+", operand: { number: 20 } }] };
    const isInteger = (f: string) => f === "a.count";
    expect(integerArithmetic(model, isInteger)).toBe(true);
    expect(integerArithmetic({ ...model, rest: [...model.rest, { op: "/", operand: { number: 2 } }] }, isInteger)).toBe(false);
    expect(integerArithmetic({ ...model, rest: [{ op: "+", operand: { number: 0.5 } }] }, isInteger)).toBe(false);
    expect(integerArithmetic({ ...model, first: { field: "a.price" } }, isInteger)).toBe(false);
    const cel = writeValue({ ...model, integer: true });
    expect(cel).toBe("a.count * 150 + 20");
    expect(readValue(cel)).toEqual({ ...model, integer: true });
    expect(evaluate(cel, { a: { count: 2 } })).toBe(320);
  });
});

describe("values fitted to the fields they read", () => {
  const facts = (path: string) => ({ "a.count": { type: "integer" }, "a.extra": { type: "integer", optional: true }, "a.price": { type: "number" }, "a.note": { type: "string", optional: true } })[path];

  it("optional copies get a fallback; calculations of integer fields stay whole; optional operands are guarded", () => {
    expect(fitValue({ kind: "field", field: "a.note" }, facts)).toEqual({ kind: "field", field: "a.note", otherwise: "" });
    expect(fitValue({ kind: "field", field: "a.note", otherwise: "—" }, facts)).toEqual({ kind: "field", field: "a.note", otherwise: "—" });
    expect(fitValue({ kind: "field", field: "a.count", otherwise: 0 }, facts)).toEqual({ kind: "field", field: "a.count" });
    const sum = fitValue({ kind: "arithmetic", first: { field: "a.count" }, rest: [{ op: "+", operand: { field: "a.extra" } }] }, facts);
    expect(writeValue(sum)).toBe("a.count + (has(a.extra) ? a.extra : 0)");
    expect(evaluate(writeValue(sum), { a: { count: 3 } })).toBe(3);
    const price = fitValue({ kind: "arithmetic", first: { field: "a.price" }, rest: [{ op: "*", operand: { field: "a.count" } }] }, facts);
    expect(writeValue(price)).toBe("double(a.price) * double(a.count)");
  });
});
