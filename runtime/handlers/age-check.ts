import { defineStepHandler } from "./define";

/** Whole years between a birth date (YYYY-MM-DD) and a day. */
export function ageOn(birthDate: string, day: Date): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate);
  if (!match) throw new Error(`"${birthDate}" is not a date (YYYY-MM-DD)`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  let age = day.getUTCFullYear() - y;
  if (day.getUTCMonth() + 1 < m || (day.getUTCMonth() + 1 === m && day.getUTCDate() < d)) age--;
  return age;
}

/** Compares the applicant's age (or input `birthDate`) today with a minimum age. */
export const ageCheck = defineStepHandler<{ minimumAge: number }, { birthDate?: string }>({
  type: "age-check",
  version: 1,
  title: "Age check",
  description: "Compares the applicant's age (or a given birth date) with a minimum age.",
  outcomes: ["adult", "minor"],
  params: {
    type: "object",
    required: ["minimumAge"],
    additionalProperties: false,
    properties: { minimumAge: { type: "integer", minimum: 0, maximum: 150 } },
  },
  input: {
    type: "object",
    additionalProperties: false,
    properties: { birthDate: { type: "string", format: "date", description: "Instead of the applicant's birth date" } },
  },
  output: {
    type: "object",
    required: ["age", "minimumAge"],
    properties: { age: { type: ["integer", "null"] }, minimumAge: { type: "integer" }, reason: { type: "string" } },
  },
  execute({ params, input, application, clock }) {
    const applicant = application.data.applicant as { birthDate?: string } | undefined;
    const birthDate = input.birthDate ?? applicant?.birthDate;
    if (!birthDate) return { outcome: "minor", data: { age: null, minimumAge: params.minimumAge, reason: "no birth date" } };
    const age = ageOn(birthDate, clock.now());
    return { outcome: age >= params.minimumAge ? "adult" : "minor", data: { age, minimumAge: params.minimumAge } };
  },
});
