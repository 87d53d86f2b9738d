/** The small service the insight tests drive through the runtime (SQLite and PostgreSQL). */
import type { ServiceDefinition } from "../../engine";

/** form → registry (found / notFound) → officer review (P5D) → payment (P3D) → approved, rejected or failed. */
export function insightService(applyTitle = "Apply"): ServiceDefinition {
  return {
    schemaVersion: 1,
    id: "insight-test",
    title: { uk: "Тест", en: "Insight test" },
    languages: ["en"],
    owner: "Tests",
    start: "apply",
    steps: {
      apply: {
        kind: "form",
        title: { en: applyTitle },
        schema: { type: "object", required: ["name"], properties: { name: { type: "string", minLength: 2 }, address: { type: "object", properties: { postcode: { type: "string", pattern: "^[0-9]{5}$" } } } } },
        next: "lookup",
      },
      lookup: {
        kind: "registry", title: { en: "Lookup" }, registry: "population", operation: "getPerson", purpose: { en: "Check" }, input: { taxId: "applicant.taxId" },
        timeout: "5s", retry: { maxAttempts: 1 }, on: { found: "decide", notFound: "rejected", error: "failed" },
      },
      decide: { kind: "review", title: { en: "Decide" }, role: "officer", deadline: "P5D", on: { approve: "pay", reject: "rejected", timeout: "failed" } },
      pay: { kind: "payment", title: { en: "Pay" }, amount: 100, purpose: { en: "Fee" }, deadline: "P3D", on: { paid: "done", failed: "failed", timeout: "failed" } },
      done: { kind: "final", title: { en: "Approved" }, outcome: "approved" },
      rejected: { kind: "final", title: { en: "Rejected" }, outcome: "rejected" },
      failed: { kind: "final", title: { en: "Failed" }, outcome: "failed" },
    },
  } as unknown as ServiceDefinition;
}

