import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceDefinition } from "../../engine";
import { Runtime } from "../runtime";
import { applicant, tempDbUrl } from "../testing/fixtures";

const service: ServiceDefinition = {
  schemaVersion: 1,
  id: "prefill-check",
  title: "Prefill",
  languages: ["en"],
  owner: "Test",
  start: "address",
  steps: {
    address: {
      kind: "form",
      schema: { type: "object", properties: { name: { type: "string" }, city: { type: "string" }, home: { type: "object" } } },
      prefill: {
        name: "applicant.firstName",
        city: "string(int(applicant.firstName))", // fails for this applicant (a name is no number): the field stays empty, the others are offered
        home: "{'street': 'Main', 'apartment': null}",
      },
      next: "done",
    },
    done: { kind: "final", outcome: "approved" },
  },
};

describe("form prefill", () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await Runtime.create({ databaseUrl: tempDbUrl("prefill"), worker: false });
    await runtime.publish(service, "test");
  });
  afterAll(() => runtime.close());

  it("is evaluated field by field and leaves unknown parts out", async () => {
    const { applicationId } = await runtime.start("prefill-check", applicant("p-prefill"));
    const view = await runtime.view(applicationId, { kind: "applicant", id: "p-prefill" });
    expect((view.step.form as { prefill: unknown }).prefill).toEqual({ name: "Олена", home: { street: "Main" } });
  });
});
