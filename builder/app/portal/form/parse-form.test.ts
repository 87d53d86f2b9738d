import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerLines, fieldLabel, isConfirmation } from "./answers";
import { fieldName } from "./ids";
import { answersFromForm, answersFromJson, MAX_DEPTH, MAX_ITEMS } from "./parse-form";
import { cpuMs } from "../../../../engine/test-fixtures/cpu-time";

const schema = {
  type: "object",
  properties: {
    reason: { type: "string", title: "Причина", oneOf: [{ const: "lost", title: "Втрата" }, { const: "damaged", title: "Пошкодження" }] },
    count: { type: "integer", title: "Кількість" },
    accurate: { type: "boolean", const: true, title: "Підтверджую" },
    place: { type: "object", title: "Місце", properties: { country: { type: "string", title: "Країна" }, city: { type: "string", title: "Місто" } } },
    countries: { type: "array", title: "Громадянство", items: { type: "string" } },
    children: { type: "array", maxItems: 3, items: { type: "object", properties: { name: { type: "string" }, age: { type: "integer" } } } },
  },
};

function form(entries: [string, string][]) {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
}

describe("a plain HTML form POST", () => {
  it("becomes typed answers by the schema", () => {
    const answers = answersFromForm(
      form([
        [fieldName(["reason"]), "damaged"],
        [fieldName(["count"]), "3"],
        [fieldName(["accurate"]), "on"],
        [fieldName(["place", "country"]), "Україна"],
        [fieldName(["place", "city"]), ""],
        [fieldName(["countries", 0]), "UKR"],
        [fieldName(["countries", 2]), "POL"],
        ["csrf", "x"],
      ]),
      schema,
    );
    expect(answers).toEqual({ reason: "damaged", count: 3, accurate: true, place: { country: "Україна" }, countries: ["UKR", "POL"] });
  });

  it("puts array items in index order and closes the holes of emptied items", () => {
    const answers = answersFromForm(
      form([
        [fieldName(["children", 2, "name"]), "Ivan"],
        [fieldName(["children", 0, "name"]), "Olha"],
        [fieldName(["children", 0, "age"]), "7"],
        [fieldName(["children", 1, "name"]), ""],
      ]),
      schema,
    );
    expect(answers).toEqual({ children: [{ name: "Olha", age: 7 }, { name: "Ivan" }] });
  });

  it("leaves empty and unticked fields out, so the schema's required reports them", () => {
    expect(answersFromForm(form([[fieldName(["reason"]), ""]]), schema)).toEqual({});
  });
});

/** The 400 the parser throws (a Response, like the CSRF check's 403), or null when it parsed. */
function refusal(entries: [string, string][]): number | null {
  try {
    answersFromForm(form(entries), schema);
    return null;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

describe("bounds on field names (the client chooses them)", () => {
  it("an index near 2^32 is refused at once instead of walking a sparse array for minutes", () => {
    const started = cpuMs();
    expect(refusal([["answers[x][4294967294]", "1"]])).toBe(400);
    expect(refusal([["answers[countries][4294967294]", "1"]])).toBe(400);
    expect(refusal([[`answers[countries][${"9".repeat(400)}]`, "1"]])).toBe(400);
    expect(cpuMs() - started).toBeLessThan(100);
  });

  it("indexes stay below the schema's maxItems, else below MAX_ITEMS", () => {
    expect(refusal([[fieldName(["children", 2, "name"]), "a"]])).toBeNull();
    expect(refusal([[fieldName(["children", 3, "name"]), "a"]])).toBe(400);
    expect(refusal([[fieldName(["countries", MAX_ITEMS - 1]), "UKR"]])).toBeNull();
    expect(refusal([[fieldName(["countries", MAX_ITEMS]), "UKR"]])).toBe(400);
  });

  it("nesting deeper than MAX_DEPTH, malformed names and names that are both a value and a group are refused", () => {
    expect(refusal([[fieldName(Array.from({ length: MAX_DEPTH + 1 }, (_, i) => `k${i}`)), "a"]])).toBe(400);
    expect(refusal([["answers[place]x[city]", "a"]])).toBe(400);
    expect(refusal([["answers[place][]", "a"]])).toBe(400);
    expect(refusal([[fieldName(["place"]), "a"], [fieldName(["place", "city"]), "b"]])).toBe(400);
    expect(refusal([[fieldName(["place", "city"]), "b"], [fieldName(["place"]), "a"]])).toBe(400);
    expect(refusal([[fieldName(["countries", 0]), "a"], [fieldName(["countries", "name"]), "b"]])).toBe(400);
  });

  it("__proto__, constructor and prototype are refused and pollute nothing", () => {
    for (const name of ["answers[__proto__][polluted]", "answers[constructor][prototype][polluted]", "answers[x][prototype]", "answers[x][__proto__][polluted]"]) {
      expect(refusal([[name, "yes"]])).toBe(400);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("fuzzed: never a crash, never over a second, never a polluted prototype", () => {
    const segment = fc.oneof(
      fc.constantFrom("reason", "count", "place", "city", "countries", "children", "name", "age", "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "", "0", "01", "2", "3", "99", "100", "4294967294", "4294967295", "1e3", "-1"),
      fc.nat({ max: 2 ** 32 }).map(String),
      fc.string({ maxLength: 6 }),
    );
    const name = fc.oneof(
      fc.array(segment, { minLength: 1, maxLength: MAX_DEPTH + 2 }).map((path) => `answers${path.map((p) => `[${p}]`).join("")}`),
      fc.string({ maxLength: 30 }).map((rest) => `answers[${rest}`),
      fc.string({ maxLength: 12 }),
    );
    const value = fc.oneof(fc.constantFrom("", "on", "true", "3", "1,5", "NaN", "<script>alert(1)</script>"), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(name, value), { maxLength: 40 }), (entries) => {
        const started = cpuMs();
        let answers: unknown;
        try {
          answers = answersFromForm(form(entries), schema);
        } catch (error) {
          expect(error).toBeInstanceOf(Response);
          expect((error as Response).status).toBe(400);
        }
        expect(cpuMs() - started).toBeLessThan(1000);
        if (answers !== undefined) expect(JSON.parse(JSON.stringify(answers))).toEqual(answers); // plain data, dense arrays
        for (const proto of [Object.prototype, Array.prototype, Function.prototype]) expect(Object.getOwnPropertyNames(proto)).not.toContain("polluted");
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  it("a large form of the right shape parses in linear time", () => {
    const entries: [string, string][] = [];
    for (let i = 0; i < 20_000; i++) entries.push([fieldName(["place", `f${i}`]), "x"]);
    const started = cpuMs();
    expect(Object.keys((answersFromForm(form(entries), schema).place as object) ?? {})).toHaveLength(20_000);
    expect(cpuMs() - started).toBeLessThan(1000);
  });
});

describe("answers sent as JSON by the form's script", () => {
  it("an object is taken, anything else leaves the named fields to count", () => {
    expect(answersFromJson(`{"note":"x","tags":["a"]}`)).toEqual({ note: "x", tags: ["a"] });
    for (const text of ["[1]", "3", "null", "{nope"]) expect(answersFromJson(text)).toBeUndefined();
  });

  it("nesting 20,000 deep is a 400 (it overflowed the stack further on: a 500)", () => {
    const started = cpuMs();
    try {
      answersFromJson(`{"note":${"[".repeat(20_000)}${"]".repeat(20_000)}}`);
      expect.unreachable();
    } catch (error) {
      expect((error as Response).status).toBe(400);
    }
    expect(cpuMs() - started).toBeLessThan(100);
  });
});

describe("answers as people read them", () => {
  it("labels, option titles, yes/no, nested objects", () => {
    const lines = answerLines(schema, { "ui:order": ["place", "reason"] }, { reason: "lost", accurate: true, place: { country: "UKR", city: "Київ" }, countries: ["UKR"] }, "uk");
    expect(lines.map((l) => `${l.label}=${l.value}`)).toEqual(["Країна=UKR", "Місто=Київ", "Причина=Втрата", "Підтверджую=Так", "Громадянство=UKR"]);
  });

  it("field labels for error summaries, array items numbered", () => {
    expect(fieldLabel(schema, ["place", "city"])).toBe("Місто");
    expect(fieldLabel(schema, ["countries", 1])).toBe("Громадянство 2");
  });

  it("a form asking for a boolean that must be true is a confirmation", () => {
    expect(isConfirmation(schema)).toBe(true);
    expect(isConfirmation({ type: "object", properties: { a: { type: "boolean" } } })).toBe(false);
  });
});
