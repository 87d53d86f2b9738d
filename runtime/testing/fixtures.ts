import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ServiceDefinition } from "../../engine";

export const tempDbUrl = (name = "t") => `file:${join(mkdtempSync(join(tmpdir(), "civic-rt-")), `${name}.db`)}`;

export const applicant = (id = "p-1") => ({
  id,
  taxId: "3012345678",
  firstName: "Олена",
  lastName: "Коваленко",
  birthDate: "1990-04-12",
});

/** form → registry → decision → review (10-day deadline) → document (valid 30 days) → final. */
export function certificateService(overrides: Partial<ServiceDefinition> = {}): ServiceDefinition {
  return {
    schemaVersion: 1,
    id: "test-certificate",
    title: { uk: "Тестова довідка", en: "Test certificate" },
    languages: ["uk", "en"],
    owner: "Test ministry",
    limits: { openApplicationsPerApplicant: 1 },
    start: "purpose",
    steps: {
      purpose: {
        kind: "form",
        title: { uk: "Мета", en: "Purpose" },
        schema: {
          type: "object",
          required: ["reason"],
          properties: {
            reason: { type: "string", title: { uk: "Причина", en: "Reason" }, minLength: 3 },
            urgent: { type: "boolean" },
          },
        },
        prefill: { reason: '"work"' },
        next: "lookup",
      },
      lookup: {
        kind: "registry",
        registry: "population",
        operation: "getPerson",
        purpose: { uk: "Перевірка особи", en: "Identity check" },
        input: { taxId: "applicant.taxId" },
        saveAs: "person",
        timeout: "5s",
        retry: { maxAttempts: 3, backoff: "exponential", interval: "1s" },
        on: { found: "check", notFound: "rejected", error: "failed" },
      },
      check: { kind: "decision", branches: [{ when: "person.convictions > 0", next: "review" }], otherwise: "issue" },
      review: {
        kind: "review",
        role: "officer",
        deadline: "P10D",
        on: { approve: "issue", reject: "rejected", sendBack: "purpose", timeout: "failed" },
      },
      issue: { kind: "document", template: "certificate", data: { name: "applicant.lastName", reason: "purpose.reason" }, validFor: "P30D", next: "notify" },
      notify: { kind: "notification", message: { uk: "Довідка готова", en: "Your certificate is ready" }, next: "done" },
      done: { kind: "final", outcome: "approved" },
      rejected: { kind: "final", outcome: "rejected" },
      failed: { kind: "final", outcome: "failed" },
    },
    ...overrides,
  } as ServiceDefinition;
}
