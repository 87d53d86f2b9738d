import type { ServiceDefinition } from "../../engine";

/** form → registry → task → document → final: four jobs per application, one with an outside effect. */
export const loadService: ServiceDefinition = {
  schemaVersion: 1,
  id: "load-test",
  title: "Load test",
  languages: ["en"],
  owner: "Tests",
  start: "ask",
  steps: {
    ask: { kind: "form", schema: { type: "object", required: ["case"], properties: { case: { type: "string" } } }, next: "lookup" },
    lookup: {
      kind: "registry", registry: "population", operation: "getPerson", input: { taxId: "applicant.taxId" }, saveAs: "person",
      timeout: "2s", retry: { maxAttempts: 5, backoff: "exponential", interval: "200ms" },
      on: { found: "fee", notFound: "rejected", error: "failed" },
    },
    fee: { kind: "task", handler: "fee-calculation", version: 1, params: { fees: { urgent: 100 }, default: 50 }, input: { case: "ask.case" }, on: { calculated: "issue", free: "issue", error: "failed" } },
    issue: { kind: "document", template: "receipt", data: { amount: "fee.amount" }, next: "done" },
    done: { kind: "final", outcome: "approved" },
    rejected: { kind: "final", outcome: "rejected" },
    failed: { kind: "final", outcome: "failed" },
  },
} as ServiceDefinition;
