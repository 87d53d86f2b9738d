/**
 * The template store on SQLite: drafts (revisions, limits, problems), published immutable versions, the YAML
 * diff, the PDF preview, the built-in files published once on start, pinning at service publish and issuing
 * with the pinned version, and a studio-made template used by a service.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ServiceDefinition } from "../../engine";
import { ManualClock } from "../clock";
import { pdfText } from "../documents/pdf-text";
import { signerFromKey } from "../documents/signing";
import { sampleData, TEMPLATES_DIR } from "../documents/templates";
import { isRuntimeError, type RuntimeError } from "../errors";
import { Runtime, type RuntimeOptions } from "../runtime";
import { applicant, tempDbUrl } from "../testing/fixtures";
import type { TemplateDefinition } from "./contract";
import { lineDiff, TEMPLATE_LIMITS } from "./templates";

/** A template id no file publishes (service-definitions/templates/parking-permit.yaml is a built-in file). */
const ID = "visitor-permit";
const signer = signerFromKey(generateKeyPairSync("ed25519").privateKey);
/** The built-in files: service-definitions/templates/<id>.yaml. */
const BUILTIN_IDS = readdirSync(TEMPLATES_DIR)
  .filter((name) => name.endsWith(".yaml"))
  .map((name) => name.replace(/\.yaml$/, ""))
  .sort();
const runtimes: Runtime[] = [];
afterEach(async () => {
  for (const runtime of runtimes.splice(0)) await runtime.close();
});

async function create(options: RuntimeOptions = {}): Promise<Runtime> {
  const runtime = await Runtime.create({
    databaseUrl: tempDbUrl(),
    clock: new ManualClock("2026-03-02T09:00:00Z"),
    worker: { autoStart: false },
    email: false,
    catalog: { registries: {}, templates: {}, roles: {} },
    // The PAdES seal is not what these tests are about.
    documents: { signer, publicBaseUrl: "https://civic.example.gov.ua", seal: false },
    ...options,
  });
  runtimes.push(runtime);
  return runtime;
}

async function expectError(promise: Promise<unknown>, code: RuntimeError["code"]): Promise<RuntimeError> {
  const error = await promise.then(() => undefined, (e) => e);
  expect(isRuntimeError(error), String(error)).toBe(true);
  expect((error as RuntimeError).code, (error as Error).message).toBe(code);
  return error as RuntimeError;
}

/** A template as an analyst makes it in the studio; `label` is the plate row's Ukrainian label. */
function permit(label: string, id = ID): TemplateDefinition {
  return {
    id,
    version: 1,
    title: { uk: "Дозвіл на паркування", en: "Parking permit" },
    numberPrefix: "PP",
    validFor: "P12M",
    data: {
      type: "object",
      properties: { holder: { type: "string" }, plate: { type: "string" } },
      required: ["holder", "plate"],
    },
    sections: [
      {
        rows: [
          { key: "holder", uk: "Власник", en: "Holder", required: true },
          { key: "plate", uk: label, en: "Number plate", required: true },
        ],
      },
    ],
    card: ["plate"],
  };
}

/** form → document (`template`) → final. */
function permitService(template = ID): ServiceDefinition {
  return {
    schemaVersion: 1,
    id: "parking",
    title: { uk: "Дозвіл на паркування", en: "Parking permit" },
    languages: ["uk", "en"],
    owner: "City council",
    start: "car",
    steps: {
      car: {
        kind: "form",
        title: { uk: "Автомобіль", en: "Car" },
        schema: { type: "object", required: ["plate"], properties: { plate: { type: "string", title: { uk: "Номер", en: "Plate" }, minLength: 2 } } },
        next: "issue",
      },
      issue: { kind: "document", template, data: { holder: "applicant.lastName", plate: "car.plate" }, next: "done" },
      done: { kind: "final", outcome: "approved" },
    },
  } as ServiceDefinition;
}

async function publishTemplate(runtime: Runtime, definition: TemplateDefinition, by = "analyst") {
  const draft = await runtime.templates.draft(definition.id, by);
  await runtime.templates.saveDraft(definition.id, { definition, expectedRevision: draft.revision, by });
  return runtime.templates.publish(definition.id, by);
}

/** Starts an application, submits the plate, runs the worker; the issued document's row and PDF text. */
async function issue(runtime: Runtime, holder: string, plate: string) {
  const started = await runtime.start("parking", applicant(holder));
  await runtime.submit(started.applicationId, { step: "car", data: { plate }, applicantId: holder });
  await runtime.worker!.runUntilIdle();
  const view = await runtime.view(started.applicationId, { kind: "system", id: "t" });
  expect(view.status, JSON.stringify(view.step)).toBe("done");
  const [document] = await runtime.documents(holder);
  const { pdf } = await runtime.downloadDocument(document.id, holder);
  const row = await runtime.database.prisma.document.findUniqueOrThrow({ where: { id: document.id } });
  return { document, row, text: await pdfText(pdf) };
}

describe("template drafts", () => {
  it("a new id starts from a blank but valid template, saved with revisions; a stale save is refused", async () => {
    const runtime = await create();
    const blank = await runtime.templates.draft(ID, "anna");
    expect(blank).toMatchObject({ id: ID, revision: 0, basedOn: null, problems: [] });
    expect(blank.definition).toMatchObject({ id: ID, version: 1, sections: [{ rows: [{ key: "fullName" }] }] });
    expect(await runtime.templates.list()).not.toContainEqual(expect.objectContaining({ id: ID })); // reading writes nothing

    const first = await runtime.templates.saveDraft(ID, { definition: permit("Номерний знак"), expectedRevision: 0, by: "anna" });
    expect(first).toMatchObject({ revision: 1, updatedBy: "anna", problems: [] });
    const second = await runtime.templates.saveDraft(ID, { definition: { ...permit("Номер"), numberPrefix: "PK" }, expectedRevision: 1, by: "anna" });
    expect(second.revision).toBe(2);

    const stale = await expectError(runtime.templates.saveDraft(ID, { definition: permit("x"), expectedRevision: 1, by: "boris" }), "stale_version");
    expect(stale.message).toContain("anna");
    expect(stale.details.current).toMatchObject({ revision: 2, updatedBy: "anna" });
    await expectError(runtime.templates.saveDraft(ID, { definition: permit("x"), expectedRevision: 0, by: "boris" }), "stale_version");
    expect((await runtime.templates.draft(ID, "boris")).definition.numberPrefix).toBe("PK");
    expect(await runtime.templates.list()).toContainEqual(expect.objectContaining({ id: ID, latestVersion: null, draftRevision: 2, updatedBy: "anna" }));
  });

  it("refuses non-objects, oversized definitions and bad ids; keeps invalid work with its problems, and will not publish it", async () => {
    const runtime = await create();
    for (const definition of [null, "text", [1, 2], 42]) {
      await expectError(runtime.templates.saveDraft(ID, { definition, expectedRevision: 0, by: "anna" }), "invalid_data");
    }
    const huge = { ...permit("x"), padding: "x".repeat(TEMPLATE_LIMITS.definitionBytes) };
    await expectError(runtime.templates.saveDraft(ID, { definition: huge, expectedRevision: 0, by: "anna" }), "payload_too_large");
    for (const id of ["Parking", "p", "1permit", "parking_permit", "a".repeat(65)]) await expectError(runtime.templates.draft(id, "anna"), "invalid_data");

    const broken = { ...permit("x"), card: ["nowhere"], numberPrefix: "pp" };
    const saved = await runtime.templates.saveDraft(ID, { definition: broken, expectedRevision: 0, by: "anna" });
    expect(saved.revision).toBe(1);
    expect(saved.problems.length).toBeGreaterThan(0);
    const misnamed = await runtime.templates.saveDraft(ID, { definition: { ...permit("x"), id: "other-permit" }, expectedRevision: 1, by: "anna" });
    expect(misnamed.problems.join("\n")).toContain('"other-permit"');

    await runtime.templates.saveDraft(ID, { definition: broken, expectedRevision: 2, by: "anna" });
    const refused = await expectError(runtime.templates.publish(ID, "anna"), "invalid_definition");
    expect((refused.details.problems as string[]).length).toBeGreaterThan(0);
    await expectError(runtime.templates.version(ID), "not_found");
    await expectError(runtime.templates.publish("no-draft-here", "anna"), "not_found");
  });
});

describe("published template versions", () => {
  it("publishing makes version 1, then 2; published versions never change; the draft is used up", async () => {
    const runtime = await create();
    const v1 = await publishTemplate(runtime, permit("Номерний знак v1"));
    expect(v1).toMatchObject({ id: ID, version: 1, publishedBy: "analyst" });
    expect(v1.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await runtime.templates.list()).find((t) => t.id === ID)).toMatchObject({ latestVersion: 1, draftRevision: null });
    const storedV1 = await runtime.database.prisma.documentTemplateVersion.findUniqueOrThrow({ where: { id_version: { id: ID, version: 1 } } });

    const draft = await runtime.templates.draft(ID, "boris");
    expect(draft).toMatchObject({ revision: 0, basedOn: 1, definition: { version: 2 } });
    const v2 = await publishTemplate(runtime, permit("Номерний знак v2"), "boris");
    expect(v2).toMatchObject({ version: 2, publishedBy: "boris", definition: { version: 2 } });
    // Publishing the very same content again is still a new version: versions are never rewritten.
    const v3 = await publishTemplate(runtime, permit("Номерний знак v2"), "boris");
    expect(v3.version).toBe(3);

    const after = await runtime.database.prisma.documentTemplateVersion.findUniqueOrThrow({ where: { id_version: { id: ID, version: 1 } } });
    expect(after).toEqual(storedV1);
    expect(Buffer.from(after.definition).equals(Buffer.from(storedV1.definition))).toBe(true);
    expect((await runtime.templates.version(ID, 1)).definition.sections).toEqual(permit("Номерний знак v1").sections);
    expect((await runtime.templates.version(ID)).version).toBe(3);
    expect((await runtime.templates.versions(ID)).map((v) => v.version)).toEqual([1, 2, 3]);
    await expectError(runtime.templates.version(ID, 9), "not_found");
    await expectError(runtime.templates.publish(ID, "boris"), "not_found"); // no draft left
  });

  it("a draft published twice at once becomes one version", async () => {
    const runtime = await create();
    await runtime.templates.saveDraft(ID, { definition: permit("a"), expectedRevision: 0, by: "anna" });
    const results = await Promise.allSettled([runtime.templates.publish(ID, "anna"), runtime.templates.publish(ID, "boris")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await runtime.templates.versions(ID)).toHaveLength(1);
  });

  it("diffs two versions, and a version with the draft, line by line as YAML", async () => {
    const runtime = await create();
    await publishTemplate(runtime, permit("Номерний знак v1"));
    await publishTemplate(runtime, permit("Номерний знак v2"));
    const diff = await runtime.templates.diff(ID, 1, 2);
    expect(diff.filter((line) => line.change === "removed").map((line) => line.text.trim())).toEqual(["version: 1", "uk: Номерний знак v1"]);
    expect(diff.filter((line) => line.change === "added").map((line) => line.text.trim())).toEqual(["version: 2", "uk: Номерний знак v2"]);
    expect(diff.some((line) => line.change === "same" && line.text.includes("numberPrefix: PP"))).toBe(true);

    await runtime.templates.saveDraft(ID, { definition: { ...permit("Номерний знак v2"), version: 3, numberPrefix: "PK" }, expectedRevision: 0, by: "anna" });
    const toDraft = await runtime.templates.diff(ID, 2, "draft");
    expect(toDraft.filter((line) => line.change !== "same").map((line) => `${line.change} ${line.text.trim()}`)).toEqual([
      "removed version: 2",
      "added version: 3",
      "removed numberPrefix: PP",
      "added numberPrefix: PK",
    ]);
    expect(lineDiff("a\nb\nc\n", "a\nc\nd\n")).toEqual([
      { change: "same", text: "a" },
      { change: "removed", text: "b" },
      { change: "same", text: "c" },
      { change: "added", text: "d" },
    ]);
  });

  it("previews the real PDF with sample data from the schema (or the data given)", async () => {
    const runtime = await create();
    const definition = permit("Номерний знак");
    const sample = sampleData(definition);
    const text = await pdfText(await runtime.templates.preview(definition));
    expect(text).toContain("PREVIEW");
    expect(text).toContain("Дозвіл на паркування");
    expect(text).toContain(String(sample.plate));
    const given = await pdfText(await runtime.templates.preview(definition, { holder: "Шевченко", plate: "AA 1234 BB" }));
    expect(given).toContain("AA 1234 BB");
    await expectError(runtime.templates.preview({ ...definition, card: ["nowhere"] }), "invalid_definition");
  });
});

describe("built-in template files", () => {
  it("are published once as their version by system; a second start on the same database publishes nothing", async () => {
    const databaseUrl = tempDbUrl();
    const first = await create({ databaseUrl });
    const rows = await first.database.prisma.documentTemplateVersion.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((row) => row.id)).toEqual(BUILTIN_IDS);
    expect(BUILTIN_IDS).toContain("driver-licence");
    expect(rows.every((row) => row.publishedBy === "system" && row.version === 1)).toBe(true);
    expect(first.catalog()!.templates["driver-licence"]).toMatchObject({ title: { en: expect.any(String) }, data: { type: "object" } });
    await first.close();
    runtimes.splice(runtimes.indexOf(first), 1);

    const second = await create({ databaseUrl });
    expect(await second.templates.publishBuiltins()).toEqual({ published: [], differing: [], invalid: [] });
    expect(await second.database.prisma.documentTemplateVersion.findMany({ orderBy: { id: "asc" } })).toEqual(rows);
  });

  it("two processes starting together publish each file once", async () => {
    const databaseUrl = tempDbUrl();
    const [a, b] = await Promise.all([create({ databaseUrl }), create({ databaseUrl })]);
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(await a.database.prisma.documentTemplateVersion.count()).toBe(BUILTIN_IDS.length);
  });

  it("a file changed under a published version number is not published over it: the stored one is kept, with a warning", async () => {
    const warnings: string[] = [];
    const runtime = await create({ worker: { autoStart: false, logger: { info: () => {}, warn: (message) => warnings.push(message) } } });
    const before = await runtime.database.prisma.documentTemplateVersion.findUniqueOrThrow({ where: { id_version: { id: "driver-licence", version: 1 } } });
    const dir = mkdtempSync(join(tmpdir(), "civic-templates-"));
    writeFileSync(join(dir, "driver-licence.yaml"), readFileSync(join(TEMPLATES_DIR, "driver-licence.yaml"), "utf8").replace(/numberPrefix: \w+/, "numberPrefix: XX"));
    // A broken file and one with problems are not published, and do not stop the others.
    writeFileSync(join(dir, "broken.yaml"), "id: [unclosed");
    writeFileSync(join(dir, "visitor-permit.yaml"), JSON.stringify({ ...permit("x"), card: ["nowhere"] }));
    writeFileSync(join(dir, "garden-permit.yaml"), JSON.stringify(permit("x", "garden-permit")));
    expect(await runtime.templates.publishBuiltins(dir)).toEqual({ published: ["garden-permit@1"], differing: ["driver-licence@1"], invalid: ["broken.yaml", "visitor-permit.yaml"] });
    expect(warnings.join("\n")).toContain("driver-licence.yaml differs from the published version 1");
    expect(warnings.join("\n")).toContain("visitor-permit.yaml has problems and is not published");
    expect(await runtime.database.prisma.documentTemplateVersion.findUniqueOrThrow({ where: { id_version: { id: "driver-licence", version: 1 } } })).toEqual(before);
    await expectError(runtime.templates.version(ID), "not_found");
  });
});

describe("service versions pin template versions", () => {
  it("a service published while v1 was newest issues with v1 after v2 is published; a new service version pins v2", async () => {
    const runtime = await create();
    await publishTemplate(runtime, permit("Номерний знак v1"));
    const service1 = await runtime.publish(permitService(), "analyst");
    expect((await runtime.versions("parking"))[0].templates).toBe(`{"${ID}":1}`);

    await publishTemplate(runtime, permit("Номерний знак v2"));
    const first = await issue(runtime, "p-1", "AA 1111 AA");
    expect(first.text).toContain("Номерний знак v1");
    expect(first.text).not.toContain("Номерний знак v2");
    expect(first.text).toContain("AA 1111 AA");
    expect(first.row.templateVersion).toBe(1);

    // The same definition with a newer template is a new service version, pinning v2.
    const service2 = await runtime.publish(permitService(), "analyst");
    expect(service2).toMatchObject({ number: service1.number + 1, unchanged: false });
    expect((await runtime.versions("parking"))[1].templates).toBe(`{"${ID}":2}`);
    expect(await runtime.publish(permitService(), "analyst")).toMatchObject({ number: service2.number, unchanged: true });
    const second = await issue(runtime, "p-2", "BB 2222 BB");
    expect(second.text).toContain("Номерний знак v2");
    expect(second.row.templateVersion).toBe(2);
  });

  it("a service version published before pins existed issues with the newest version at issue time", async () => {
    const runtime = await create();
    await publishTemplate(runtime, permit("Номерний знак v1"));
    await runtime.publish(permitService(), "analyst");
    await runtime.database.prisma.serviceVersion.updateMany({ where: { serviceId: "parking" }, data: { templates: null } });
    await publishTemplate(runtime, permit("Номерний знак v2"));
    const issued = await issue(runtime, "p-1", "CC 3333 CC");
    expect(issued.text).toContain("Номерний знак v2");
    expect(issued.row.templateVersion).toBe(2);
  });

  it("a catalog template without a layout is not pinned (data-only documents); an unknown template is refused", async () => {
    const runtime = await create({ catalog: { registries: {}, templates: { "test-pass": { title: "Test pass" } }, roles: {} } });
    const dataOnly = permitService();
    (dataOnly.steps.issue as { template: string }).template = "test-pass";
    await runtime.publish(dataOnly, "analyst");
    expect((await runtime.versions("parking"))[0].templates).toBe("{}");
    const started = await runtime.start("parking", applicant("p-1"));
    await runtime.submit(started.applicationId, { step: "car", data: { plate: "DD 4444 DD" }, applicantId: "p-1" });
    await runtime.worker!.runUntilIdle();
    const [document] = await runtime.documents("p-1");
    expect(document).toMatchObject({ template: "test-pass", pdfSha256: null, templateVersion: null });

    const unknown = permitService();
    (unknown.steps.issue as { template: string }).template = "no-such-template";
    await expectError(runtime.publish(unknown, "analyst"), "invalid_definition");
    // A template that is not published (nor in the catalog) is refused the same way.
    await expectError(runtime.publish({ ...permitService(), id: "parking-2" }, "analyst"), "invalid_definition");
  });
});

describe("a studio-made template", () => {
  it("parking-permit, published from the studio, is in the catalog, so a service using it validates, publishes and issues it", async () => {
    const runtime = await create();
    // service-definitions/templates/parking-permit.yaml is published on start as version 1; the studio's is the next.
    const before = (await runtime.templates.newestVersion("parking-permit"))?.version ?? 0;
    const studio = { ...permit("Номерний знак (студія)", "parking-permit"), title: { uk: "Дозвіл на паркування мешканця", en: "Resident parking permit" } };
    const published = await publishTemplate(runtime, studio);
    expect(published.version).toBe(before + 1);
    const entry = runtime.catalog()!.templates["parking-permit"];
    expect(entry).toMatchObject({ title: { uk: "Дозвіл на паркування мешканця", en: "Resident parking permit" }, data: { required: ["holder", "plate"] } });

    // The data mapping is checked against the newest version's data schema: a missing required key is an error.
    const missing = permitService("parking-permit");
    (missing.steps.issue as { data: Record<string, string> }).data = { holder: "applicant.lastName" };
    await expectError(runtime.publish(missing, "analyst"), "invalid_definition");

    await runtime.publish(permitService("parking-permit"), "analyst");
    expect((await runtime.versions("parking"))[0].templates).toBe(`{"parking-permit":${published.version}}`);
    const issued = await issue(runtime, "p-1", "KA 0001 AA");
    expect(issued.document).toMatchObject({ template: "parking-permit", status: "valid" });
    expect(issued.document.number).toMatch(/^PP-/);
    expect(issued.row.templateVersion).toBe(published.version);
    expect(issued.text).toContain("Дозвіл на паркування мешканця");
    expect(issued.text).toContain("Номерний знак (студія)");
    expect(issued.text).toContain("KA 0001 AA");
    expect(issued.row.expiresAt!.toISOString()).toBe("2027-03-02T09:00:00.000Z");
    expect(await runtime.verifyDocument(issued.document.number)).toMatchObject({ valid: true, document: { title: { en: "Resident parking permit" } } });
    // The share card shows the card's rows of the version it was issued with.
    const share = await runtime.shareDocument(issued.document.id, "p-1");
    const shown = await runtime.verifySharedDocument(share.code);
    expect(shown).toMatchObject({ valid: true });
    expect(JSON.stringify(shown.card)).toContain("KA 0001 AA");
  });
});
