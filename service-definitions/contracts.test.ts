/**
 * One catalog for the CLI, the studio and publish, and what its contracts catch. The reproduction of
 * issue 10: a parking permit paid for, then a document step whose data lacks a field the template needs;
 * it validated and published, and applications failed after the citizen had paid. Now the CLI and
 * publishing refuse it alike.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { composeCatalog, loadDefinition, type Catalog, type ServiceDefinition } from "../engine";
import { EXIT_NO_CATALOG, main } from "../engine/cli/main";
import { Runtime } from "../runtime";
import { tempDbUrl } from "../runtime/testing/fixtures";
import { createIntegratedRuntime } from "../runtime/wiring/integrated-runtime";
import { createStudioServices } from "../builder/server/studio-services";
import { exampleCatalog } from "./index";

const parkingPermit = `schemaVersion: 1
id: parking-permit
title: { uk: Дозвіл на паркування, en: Parking permit }
languages: [uk, en]
owner: City council
start: ask
steps:
  ask:
    kind: form
    title: { uk: Автомобіль, en: Car }
    schema:
      type: object
      required: [plate]
      properties:
        plate: { type: string, title: { uk: Номер, en: Plate } }
    next: pay
  pay:
    kind: payment
    amount: 200
    purpose: { uk: Плата за дозвіл, en: Permit fee }
    on: { paid: permit, failed: unpaid }
  permit:
    kind: document
    template: parking-permit
    data: { plate: ask.plate }
    next: done
  done: { kind: final, outcome: approved }
  unpaid: { kind: final, outcome: rejected }
`;

/** The example catalog with a parking-permit template whose data needs the plate and the zone. */
const catalog: Catalog = composeCatalog({
  ...exampleCatalog(),
  templates: {
    ...exampleCatalog().templates,
    "parking-permit": {
      title: { uk: "Дозвіл на паркування", en: "Parking permit" },
      data: { type: "object", required: ["plate", "zone"], properties: { plate: { type: "string" }, zone: { type: "string" } } },
    },
  },
});

async function cli(...argv: string[]) {
  const err: string[] = [];
  const code = await main(argv, { out: () => {}, err: (line) => err.push(line) });
  return { code, err: err.join("\n") };
}

const runtimes: Runtime[] = [];
afterAll(async () => {
  for (const runtime of runtimes) await runtime.close();
});

describe("the parking-permit reproduction", () => {
  it("does not validate: the document's data lacks the template's required zone", () => {
    const { issues, definition } = loadDefinition(parkingPermit, { catalog });
    expect(definition).toBeUndefined();
    expect(issues).toEqual([
      expect.objectContaining({ code: "document.missing-field", severity: "error", line: 25, column: 11, message: expect.stringContaining('"zone"') }),
    ]);
    // Given the zone, it is fine.
    expect(loadDefinition(parkingPermit.replace("data: { plate: ask.plate }", 'data: { plate: ask.plate, zone: \'"A"\' }'), { catalog }).issues).toEqual([]);
  });

  it("civic validate reports it and exits 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "civic-parking-"));
    writeFileSync(join(dir, "service.yaml"), parkingPermit);
    writeFileSync(join(dir, "catalog.yaml"), stringify(catalog));
    const result = await cli("validate", dir);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/service\.yaml:25:11 error document\.missing-field Template "parking-permit" cannot be issued without "zone"/);
  });

  it("publishing refuses it", async () => {
    const { handlers: _handlers, ...publishCatalog } = catalog;
    const runtime = await Runtime.create({ databaseUrl: tempDbUrl("parking"), worker: false, email: false, catalog: publishCatalog });
    runtimes.push(runtime);
    const definition = loadDefinition(parkingPermit).definition as ServiceDefinition; // no catalog: parses
    await expect(runtime.publish(definition, "analyst")).rejects.toMatchObject({ code: "invalid_definition", message: expect.stringContaining('"zone"') });
    expect(await runtime.versions("parking-permit")).toEqual([]);
  });
});

describe("civic without a catalog", () => {
  it("warns on stderr and validate exits 3, not 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "civic-nocatalog-"));
    writeFileSync(join(dir, "service.yaml"), parkingPermit);
    const result = await cli("validate", dir);
    expect(result.code).toBe(EXIT_NO_CATALOG);
    expect(result.err).toMatch(/WARNING .*no catalog found.*NOT checked/);
  });
});

describe("one catalog for publish and the studio", () => {
  it("is the snapshot's, with discovered registries and the registered handlers", async () => {
    const world = await createIntegratedRuntime({
      runtime: { databaseUrl: tempDbUrl("one-catalog"), worker: false, email: false },
      fallbackCatalog: exampleCatalog(),
      env: { STAND_INS_PORT: "0", PAYMENT_STAND_IN: "0" },
      log: () => {},
    });
    runtimes.push(world.runtime);
    expect(world.catalogSource).toBe("discovery");
    const published = world.runtime.catalog()!;
    const snapshot = exampleCatalog();
    expect(published.registries).toEqual(snapshot.registries);
    expect(published.templates).toEqual(snapshot.templates);
    expect(published.roles).toEqual(snapshot.roles);
    expect(published.payments).toEqual(snapshot.payments);
    expect(published.handlers).toEqual(snapshot.handlers);
    expect(createStudioServices(world.runtime).catalog()).toEqual(published);
  }, 30_000);
});
