/**
 * The integrated runtime on a real PostgreSQL (throwaway cluster): registry calls over X-Road to the stand-ins
 * with their records, a payment on the stand-in provider, signed PDF documents in BYTEA, one-time shares,
 * the inbox. The same paths as integrated.test.ts (SQLite), fewer cases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleCatalog } from "../service-definitions";
import { ManualClock } from "./clock";
import { pdfText } from "./documents/pdf-text";
import { PERSONAS } from "../stand-ins";
import { postgresBinDir, startPostgresCluster, type PostgresCluster } from "./testing/postgres-cluster";
import { createIntegratedRuntime, type IntegratedRuntime } from "./wiring/integrated-runtime";
import { exampleDriver } from "./wiring/testing";
import { readdirSync } from "node:fs";
import { TEMPLATES_DIR } from "./documents/templates";
import { Runtime } from "./runtime";

const binaries = postgresBinDir();

describe.skipIf(!binaries)("integrated runtime on PostgreSQL", () => {
  const clock = new ManualClock("2026-03-02T09:00:00Z");
  let cluster: PostgresCluster;
  let world: IntegratedRuntime;
  let driver: Awaited<ReturnType<typeof exampleDriver>>;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const catalog = exampleCatalog();
    world = await createIntegratedRuntime({
      runtime: { databaseUrl: await cluster.createDatabase("integrated"), clock, worker: { autoStart: false }, email: false, documents: { publicBaseUrl: "https://civic.example.gov.ua" } },
      fallbackCatalog: { registries: catalog.registries, templates: catalog.templates, roles: catalog.roles },
      env: { STAND_INS_PORT: "0" },
      standIns: { now: () => clock.now().getTime() },
      paymentProvider: { now: () => clock.now().getTime() },
      log: () => {},
    });
    driver = await exampleDriver(world, clock);
  }, 120_000);
  afterAll(async () => {
    await world?.runtime.close();
    cluster?.stop();
  });

  it("a criminal-record certificate: registry evidence stored, the PDF downloaded, shared once", async () => {
    const olena = driver.applicantFor(PERSONAS.olena);
    const run = await driver.drive("criminal-record-certificate", olena, {
      answers: { request: { reasonId: "5", type: "full" }, personalData: { phone: "+380671234567" }, confirm: { accurate: true } },
    });
    expect(run.final, run.steps.join(" → ")).toBe("done");
    const runtime = world.runtime;
    const calls = (await runtime.dataAccessLog(olena.id)).filter((entry) => entry.kind === "registry");
    expect(calls).toHaveLength(3);
    expect(calls.every((call) => call.evidence!.xRoadId && call.evidence!.requestHash)).toBe(true);
    const [document] = await runtime.documents(olena.id);
    const { pdf } = await runtime.downloadDocument(document.id, olena.id);
    expect(await pdfText(pdf)).toContain("Коваленко Олена Іванівна");
    const verified = await runtime.verifyDocument(document.number, pdf);
    expect(verified, verified.problems.join("; ")).toMatchObject({ valid: true, seal: { valid: true } });
    const share = await runtime.shareDocument(document.id, olena.id);
    expect(await runtime.verifySharedDocument(share.code)).toMatchObject({ valid: true });
    expect(await runtime.verifySharedDocument(share.code)).toMatchObject({ valid: false });
    expect(await runtime.notifications(olena.id)).toHaveLength(2); // the platform's "document issued" and the service's "ready"
  });

  it("a driving licence: the fee paid once on the provider, a repeated callback ignored", async () => {
    const taras = driver.applicantFor(PERSONAS.taras);
    const run = await driver.drive("driver-licence-replacement", taras, { answers: { reason: { reason: "expired", serviceCentre: "8041", accurate: true } } });
    expect(run.final, run.steps.join(" → ")).toBe("done");
    const [payment] = await world.runtime.payments!.ofApplication(run.applicationId);
    expect(payment).toMatchObject({ status: "paid", amount: 230 });
    await fetch(`${world.paymentProvider!.url}/payments/${payment.providerPaymentId}/resend`, { method: "POST" });
    expect((await world.runtime.audit(run.applicationId)).filter((event) => event.event === "outcome.paid")).toHaveLength(1);
    expect(await world.runtime.documents(taras.id)).toMatchObject([{ template: "driver-licence", status: "valid" }]);
  });

  it("template versions: two processes starting together publish each built-in file once; a draft published twice at once is one version", async () => {
    const databaseUrl = await cluster.createDatabase("templates");
    const options = { databaseUrl, clock, worker: false as const, email: false as const, documents: false as const };
    const [a, b] = await Promise.all([Runtime.create(options), Runtime.create(options)]);
    try {
      const files = readdirSync(TEMPLATES_DIR).filter((name) => name.endsWith(".yaml"));
      expect(await a.database.prisma.documentTemplateVersion.count()).toBe(files.length);
      const draft = await a.templates.draft("visitor-permit", "anna");
      await a.templates.saveDraft("visitor-permit", { definition: { ...draft.definition, numberPrefix: "VP" }, expectedRevision: 0, by: "anna" });
      const results = await Promise.allSettled([a.templates.publish("visitor-permit", "anna"), b.templates.publish("visitor-permit", "boris")]);
      expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
      // The loser finds the draft changed (stale_version) or, if the winner had already committed, gone (not_found).
      expect(["stale_version", "not_found"]).toContain((results.find((result) => result.status === "rejected") as PromiseRejectedResult).reason.code);
      expect((await b.templates.versions("visitor-permit")).map((version) => version.version)).toEqual([1]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
