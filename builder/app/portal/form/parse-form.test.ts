import { describe, expect, it } from "vitest";
import { answerLines, fieldLabel, isConfirmation } from "./answers";
import { fieldName } from "./ids";
import { answersFromForm } from "./parse-form";

const schema = {
  type: "object",
  properties: {
    reason: { type: "string", title: "Причина", oneOf: [{ const: "lost", title: "Втрата" }, { const: "damaged", title: "Пошкодження" }] },
    count: { type: "integer", title: "Кількість" },
    accurate: { type: "boolean", const: true, title: "Підтверджую" },
    place: { type: "object", title: "Місце", properties: { country: { type: "string", title: "Країна" }, city: { type: "string", title: "Місто" } } },
    countries: { type: "array", title: "Громадянство", items: { type: "string" } },
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
        ["answers[__proto__][polluted]", "yes"],
      ]),
      schema,
    );
    expect(answers).toEqual({ reason: "damaged", count: 3, accurate: true, place: { country: "Україна" }, countries: ["UKR", "POL"] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("leaves empty and unticked fields out, so the schema's required reports them", () => {
    expect(answersFromForm(form([[fieldName(["reason"]), ""]]), schema)).toEqual({});
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
