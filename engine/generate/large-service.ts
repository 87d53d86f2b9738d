import type { ServiceDefinition, Step } from "../definition/schema";

/**
 * A synthetic service of about `size` steps, shaped like real ones: forms, registry calls, decisions
 * and reviews in a chain with early exits. For benchmarks and the studio's stress test.
 */
export function generateLargeService(size: number): ServiceDefinition {
  const steps: Record<string, Step> = {
    approved: { kind: "final", outcome: "approved", title: { uk: "Готово", en: "Done" } },
    rejected: { kind: "final", outcome: "rejected", title: { uk: "Відмова", en: "Rejected" } },
  };
  const blocks = Math.max(1, Math.floor((size - 2) / 4));
  const id = (kind: string, i: number) => `${kind}${i}`;
  for (let i = 0; i < blocks; i++) {
    const next = i + 1 < blocks ? id("form", i + 1) : "approved";
    const text = (uk: string, en: string) => ({ uk: `${uk} ${i}`, en: `${en} ${i}` });
    steps[id("form", i)] = {
      kind: "form",
      title: text("Крок", "Step"),
      schema: {
        type: "object",
        required: ["amount"],
        properties: {
          amount: { type: "integer", minimum: 0, title: text("Сума", "Amount") },
          note: { type: "string", maxLength: 200, title: text("Примітка", "Note") },
        },
      },
      next: id("lookup", i),
    };
    steps[id("lookup", i)] = {
      kind: "registry",
      registry: "population",
      operation: "getPerson",
      purpose: text("Перевірка", "Check"),
      input: { taxId: "applicant.taxId" },
      on: { found: id("check", i), notFound: "rejected", error: "rejected" },
    };
    steps[id("check", i)] = {
      kind: "decision",
      branches: [{ when: `${id("form", i)}.amount > 1000`, next: id("review", i) }],
      otherwise: next,
    };
    steps[id("review", i)] = {
      kind: "review",
      role: "mvs-officer",
      deadline: "P10D",
      on: { approve: next, reject: "rejected", timeout: "rejected" },
    };
  }
  return {
    schemaVersion: 1,
    id: `generated-${size}`,
    title: { uk: `Згенерована послуга на ${size} кроків`, en: `Generated ${size}-step service` },
    languages: ["uk", "en"],
    owner: "Benchmark",
    start: id("form", 0),
    steps,
  };
}
