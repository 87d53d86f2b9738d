/** The X-Road connector against the stand-in security server, over loopback. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createPublicKey, verify } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { exampleCatalog } from "../../service-definitions";
import { CallTimeout, PermanentFailure } from "../jobs/execute";
import { LIMITED_CLIENT, PERSONAS, type StandInRegistries, startStandInRegistries } from "../../stand-ins";
import { parseRegistriesConfig, RegistryConfigError } from "./config";
import { registryConnector } from "./connectors";
import { discoverRegistries } from "./discovery";
import { RegistryCallError } from "./registry-call-error";
import { RegistryClient } from "./registry-client";
import { standInClient, standInConfig } from "./testing";

let standIns: StandInRegistries;

beforeAll(async () => {
  standIns = await startStandInRegistries({ testControls: true, certificateDelayMs: 300 });
});
afterAll(() => standIns.close());
afterEach(() => standIns.faults.clear());

const failure = async (promise: Promise<unknown>): Promise<RegistryCallError> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryCallError);
    return error as RegistryCallError;
  }
  throw new Error("expected the call to fail");
};

describe("successful calls", () => {
  it("reads a person, sends the X-Road headers and records the evidence", async () => {
    const { call, records, client } = standInClient(standIns.url);
    const result = await call("population", "getPerson", { taxId: PERSONAS.olena });
    expect(result.outcome).toBe("found");
    expect((result.data as { name: { uk: { lastName: string } } }).name.uk.lastName).toBe("Коваленко");

    const [record] = records;
    const [logged] = standIns.log.byQueryId(record.xRoadId!);
    // Headers the security server received.
    expect(logged.xroadHeaders["x-road-client"]).toBe("SEVDEIR-TEST/GOV/10000000/CIVIC-FLOW");
    expect(logged.xroadHeaders["x-road-issue"]).toBe("APP-2026-000123");
    expect(logged.xroadHeaders["x-road-userid"]).toBe(client.userId("applicant-42"));
    expect(logged.xroadHeaders["x-road-userid"]).toMatch(/^UA[0-9a-f]{32}$/);
    expect(logged.xroadHeaders["x-road-userid"]).not.toContain("applicant-42");
    expect(logged.xroadHeaders["x-road-request-hash"]).toBeUndefined();
    expect(logged.path).toBe("/v1/persons/lookup");
    expect(logged.query).toBe(""); // the tax number travels in the body
    // The record matches the security server's message log.
    expect(record).toMatchObject({
      registry: "population",
      operation: "getPerson",
      purpose: "Перевірка даних заявника",
      applicantId: "applicant-42",
      applicationId: "APP-2026-000123",
      attempt: 1,
      transport: "xroad-r1",
      service: "SEVDEIR-TEST/GOV/10000001/DMS-EDDR/population",
      httpStatus: 200,
      status: "found",
      outcome: "found",
    });
    expect(record.xRoadRequestId).toBe(logged.xRequestId);
    expect(record.requestHash).toBe(logged.requestHash);
    expect(record.requestHash).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    expect(record.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("maps a registry's 404 to the notFound outcome", async () => {
    const { call, records } = standInClient(standIns.url);
    expect(await call("population", "getPerson", { taxId: "1234567890" })).toMatchObject({ outcome: "notFound" });
    expect(records[0].status).toBe("notFound");
  });

  it("orders criminal-record certificates: completed, accepted then ready, more than one in progress", async () => {
    const { call } = standInClient(standIns.url);
    const order = (taxId: string) =>
      call("criminal-records", "orderCertificate", {
        clientId: taxId,
        firstName: "Олена",
        lastName: "Коваленко",
        gender: "FEMALE",
        birthDate: "1990-04-12",
        type: "SHORT",
        purpose: "5",
      });
    const completed = await order(PERSONAS.olena);
    expect(completed.outcome).toBe("completed");
    expect(await order(PERSONAS.dmytro)).toMatchObject({ outcome: "moreThanOneInProgress" });

    const accepted = await order(PERSONAS.iryna);
    expect(accepted.outcome).toBe("accepted");
    const id = (accepted.data as { id: number }).id;
    expect(await order(PERSONAS.iryna)).toMatchObject({ outcome: "moreThanOneInProgress" });
    expect(await call("criminal-records", "getCertificate", { id })).toMatchObject({ outcome: "pending" });
    await new Promise((resolve) => setTimeout(resolve, 350));
    const ready = await call("criminal-records", "getCertificate", { id });
    expect(ready.outcome).toBe("ready");

    const { document, signature } = ready.data as { document: string; signature: string };
    const pdf = Buffer.from(document, "base64");
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const key = await call("criminal-records", "getSigningKey", {}).catch(() => undefined);
    expect(key).toBeUndefined(); // not a catalog operation: no contract until discovered
    const { publicKeyPem } = await import("../../stand-ins").then((m) => m.registrySigningKey());
    expect(verify(null, pdf, createPublicKey(publicKeyPem), Buffer.from(signature, "base64"))).toBe(true);

    expect(await call("criminal-records", "getCertificate", { id: 1 })).toMatchObject({ outcome: "notFound" });
  });

  it("percent-encodes path values per segment (a resolution number in Cyrillic with a space)", async () => {
    const { call } = standInClient(standIns.url);
    const found = await call("fines", "findFine", { taxId: PERSONAS.yurii });
    const fine = (found.data as { fines: { resolutionNumber: string; amount: number }[] }).fines[0];
    expect(fine.resolutionNumber).toMatch(/^ЕНА \d+$/);
    expect(await call("fines", "findFine", { resolutionNumber: fine.resolutionNumber })).toMatchObject({ outcome: "found" });

    const pay = { resolutionNumber: fine.resolutionNumber, paymentId: "PAY-1", amount: fine.amount };
    expect(await call("fines", "markPaid", pay)).toMatchObject({ outcome: "recorded" });
    expect(await call("fines", "markPaid", pay)).toMatchObject({ outcome: "recorded" }); // repeated callback
    expect(await call("fines", "findFine", { resolutionNumber: fine.resolutionNumber })).toMatchObject({ outcome: "alreadyPaid" });
    const logged = standIns.log.entries().filter((entry) => entry.path.endsWith("/payments"));
    expect(logged.at(-1)!.path).toBe(`/v1/fines/${encodeURIComponent(fine.resolutionNumber)}/payments`);
  });

  it("sends the idempotency key so that a repeated registration acts once", async () => {
    const { call } = standInClient(standIns.url);
    const input = { taxId: PERSONAS.kateryna, actualAddress: { country: "UKR", region: "Київська", city: "Ірпінь", street: "вул. Шевченка", house: "3" } };
    const first = await call("idp", "registerIdp", input, { idempotencyKey: "idp-once" });
    const again = await call("idp", "registerIdp", input, { idempotencyKey: "idp-once" });
    expect(first.outcome).toBe("registered");
    expect(again).toEqual(first);
    expect(await call("idp", "registerIdp", input)).toMatchObject({ outcome: "alreadyRegistered" });
  });

  it("looks an IDP registration up read-only: notFound before registering, found after", async () => {
    const { call } = standInClient(standIns.url);
    const taxId = PERSONAS.olena;
    expect(await call("idp", "findIdp", { taxId })).toMatchObject({ outcome: "notFound" });
    const address = { country: "UKR", region: "Київська", city: "Буча", street: "вул. Вокзальна", house: "1" };
    const registered = await call("idp", "registerIdp", { taxId, actualAddress: address, previousAddress: { ...address, region: "Донецька", city: "Бахмут" } });
    expect(registered.outcome).toBe("registered");
    const found = await call("idp", "findIdp", { taxId });
    expect(found).toMatchObject({ outcome: "found", data: { taxId, certificateNumber: (registered.data as { certificateNumber: string }).certificateNumber } });
  });
});

describe("replies carry what the example services read", () => {
  it("population: flat current name, unzr, birth place region, nulls for absent parts", async () => {
    const { call } = standInClient(standIns.url);
    const { data } = await call("population", "getPerson", { taxId: PERSONAS.olena });
    expect(data).toMatchObject({ lastName: "Коваленко", firstName: "Олена", middleName: "Іванівна", unzr: expect.stringMatching(/^19900412-\d{5}$/) });
    expect(data).toMatchObject({ birthPlace: { country: "UKR", region: "м. Київ", district: null, city: "Київ" }, registrationAddress: { district: null } });
    expect((await call("population", "getPerson", { taxId: PERSONAS.mykola })).data).toMatchObject({ birthPlace: null });
  });

  it("drivers: numeric status ids; a replacement returns the new licence itself", async () => {
    const { call } = standInClient(standIns.url);
    const { data } = await call("drivers", "getLicences", { rnokpp: PERSONAS.mariia });
    const licences = (data as { driverLicense: { id: string; status: { ID: number }; categories: { category: string; dopen: string }[] }[] }).driverLicense;
    expect(licences[0].status.ID).toBe(1);
    const issued = await call("drivers", "issueLicence", { rnokpp: PERSONAS.mariia, replacesLicenceId: licences[0].id, reason: "lost", categories: licences[0].categories });
    expect(issued.outcome).toBe("issued");
    expect(issued.data).toMatchObject({ status: { ID: 1, VALUE: "ISSUED" }, categories: licences[0].categories, replaced: { status: { ID: 7, VALUE: "LOST" } } });
    expect(await call("drivers", "issueLicence", { rnokpp: PERSONAS.mariia, replacesLicenceId: licences[0].id, reason: "lost" })).toMatchObject({ outcome: "rejected", data: { error: "notReplaceable" } });
  });

  it("criminal records: the ready certificate has the registry's result", async () => {
    const { call } = standInClient(standIns.url);
    const order = await call("criminal-records", "orderCertificate", { clientId: PERSONAS.taras, firstName: "Тарас", lastName: "Бондаренко", gender: "MALE", birthDate: "1985-09-30", type: "FULL", purpose: "5" });
    const ready = await call("criminal-records", "getCertificate", { id: (order.data as { id: number }).id, clientId: PERSONAS.taras });
    expect(ready).toMatchObject({ outcome: "ready", data: { result: { isCriminalRecord: true, isSuspicion: false, content: expect.stringContaining("судимість") } } });
  });

  it("fines: half the amount is accepted within 10 days of the resolution", async () => {
    const { call } = standInClient(standIns.url);
    const fine = [...standIns.state.fines.values()].find((f) => f.status === "UNPAID" && f.amount === 340)!;
    const paidAt = new Date(Date.parse(fine.issuedOn) + 5 * 86_400_000).toISOString();
    expect(await failure(call("fines", "markPaid", { resolutionNumber: fine.resolutionNumber, paymentId: "P-late", amount: 170, paidAt: new Date(Date.parse(fine.issuedOn) + 20 * 86_400_000).toISOString() }))).toMatchObject({ code: "provider_rejected", details: { httpStatus: 422 } });
    expect(await call("fines", "markPaid", { resolutionNumber: fine.resolutionNumber, paymentId: "P-half", amount: 170, paidAt })).toMatchObject({ outcome: "recorded", data: { fine: { status: "PAID" } } });
  });
});

describe("provider errors", () => {
  it("passes a registry's 5xx through as a transient provider error", async () => {
    const { call, records } = standInClient(standIns.url);
    standIns.faults.add({ kind: "provider-status", service: "population", status: 503, body: { error: "overloaded", message: "Реєстр перевантажено" }, times: 1 });
    const error = await failure(call("population", "getPerson", { taxId: PERSONAS.olena }));
    expect(error).toMatchObject({ code: "provider_error", transient: true });
    expect(error.details).toMatchObject({ httpStatus: 503, providerBody: { error: "overloaded", message: "Реєстр перевантажено" } });
    expect(error.details.xroadType).toBeUndefined();
    expect(records[0]).toMatchObject({ status: "error", errorCode: "provider_error", httpStatus: 503, transient: true });
  });

  it("treats an unexpected 4xx from the registry as permanent", async () => {
    const { call } = standInClient(standIns.url);
    const error = await failure(call("population", "getPerson", { taxId: "not-a-number" }));
    expect(error).toMatchObject({ code: "provider_rejected", transient: false, details: { httpStatus: 400 } });
  });

  it("business rejections are outcomes, not errors", async () => {
    const { call } = standInClient(standIns.url);
    const rejected = await call("population", "registerResidence", { taxId: PERSONAS.olena, address: { country: "UKR", region: "Донецька", city: "Маріуполь", street: "вул. Миру", house: "1" } });
    expect(rejected).toMatchObject({ outcome: "rejected", data: { error: "occupiedTerritory" } });
  });
});

describe("X-Road errors", () => {
  const cases: [string, boolean][] = [
    ["server.serverproxy.network_error", true],
    ["server.serverproxy.service_failed", true],
    ["server.serverproxy.timestamping_failed", true],
    ["server.clientproxy.maintenance_mode", true],
    ["server.serverproxy.database_error", true],
    ["server.clientproxy.global_conf_outdated", true],
    ["server.serverproxy.service_disabled", true],
    ["server.serverproxy.access_denied", false],
    ["server.serverproxy.unknown_service", false],
    ["server.serverproxy.service_type", false],
    ["server.serverproxy.service_failed.ssl_authentication_failed", false],
    ["server.clientproxy.invalid_client_identifier", false],
    ["client.bad_request", false],
    // ≤7.7 spelling
    ["Server.ServerProxy.NetworkError", true],
    ["Server.ServerProxy.ServiceFailed", true],
    ["Server.ClientProxy.OutdatedGlobalConf", true],
    ["Server.ServerProxy.AccessDenied", false],
    ["Server.ServerProxy.UnknownService", false],
    ["Client.BadRequest", false],
  ];

  it.each(cases)("%s is %s transient and retried only if so", async (type, transient) => {
    const { call, records } = standInClient(standIns.url, { attempts: 3 });
    standIns.faults.add({ kind: "xroad-error", service: "population", type });
    const error = await failure(call("population", "getPerson", { taxId: PERSONAS.olena }));
    expect(error).toMatchObject({ code: "xroad_error", transient, details: { xroadType: type, httpStatus: type.toLowerCase().startsWith("client.") ? 400 : 500 } });
    expect(records).toHaveLength(transient ? 3 : 1);
    expect(records.every((record) => record.xroadError === type && record.status === "error")).toBe(true);
    expect(records.map((record) => record.attempt)).toEqual(transient ? [1, 2, 3] : [1]);
  });

  it("recovers when a transient error passes before the attempts run out", async () => {
    const { call, records } = standInClient(standIns.url, { attempts: 3 });
    standIns.faults.add({ kind: "xroad-error", service: "population", type: "network_error", times: 2 });
    expect(await call("population", "getPerson", { taxId: PERSONAS.olena })).toMatchObject({ outcome: "found" });
    expect(records.map((record) => record.status)).toEqual(["error", "error", "found"]);
    expect(new Set(records.map((record) => record.xRoadId)).size).toBe(3); // a new message id per attempt
  });

  it("classifies by the X-Road-Error header, not by the status: a 500 without it is the registry's", async () => {
    const { call } = standInClient(standIns.url);
    standIns.faults.add({ kind: "provider-status", service: "population", status: 500, body: { type: "server.serverproxy.access_denied", message: "fake" } });
    expect(await failure(call("population", "getPerson", { taxId: PERSONAS.olena }))).toMatchObject({ code: "provider_error", transient: true });
  });

  it("reads errors in the 7.7 spelling from a legacy security server", async () => {
    const legacy = await startStandInRegistries({ legacyErrorCodes: true });
    try {
      const { call } = standInClient(legacy.url, { client: "SEVDEIR-TEST/GOV/10000000/NOBODY" });
      const error = await failure(call("population", "getPerson", { taxId: PERSONAS.olena }));
      expect(error).toMatchObject({ transient: false, details: { xroadType: "Server.ServerProxy.AccessDenied", xroadCode: "server.serverproxy.access_denied" } });
    } finally {
      await legacy.close();
    }
  });
});

describe("timeouts, outages and redirects", () => {
  it("gives up on a hanging registry after the configured timeout (transient)", async () => {
    const { call, records } = standInClient(standIns.url, { timeoutMs: 200 });
    standIns.faults.add({ kind: "hang", service: "drivers" });
    const started = Date.now();
    const error = await failure(call("drivers", "getLicences", { rnokpp: PERSONAS.olena }));
    expect(error).toMatchObject({ code: "timeout", transient: true });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(records[0]).toMatchObject({ status: "timeout", errorCode: "timeout" });
  });

  it("reports a provider that times out behind the security server as network_error (transient)", async () => {
    const { call } = standInClient(standIns.url);
    standIns.faults.add({ kind: "provider-timeout", service: "drivers", delayMs: 20 });
    expect(await failure(call("drivers", "getLicences", { rnokpp: PERSONAS.olena }))).toMatchObject({
      code: "xroad_error",
      transient: true,
      details: { xroadType: "server.serverproxy.network_error" },
    });
  });

  it("stops when the caller aborts", async () => {
    const { call } = standInClient(standIns.url);
    standIns.faults.add({ kind: "hang", service: "drivers" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(await failure(call("drivers", "getLicences", { rnokpp: PERSONAS.olena }, { signal: controller.signal }))).toMatchObject({ code: "aborted" });
  });

  it("counts a slow but answering registry as success", async () => {
    const { call, records } = standInClient(standIns.url, { timeoutMs: 2_000 });
    standIns.faults.add({ kind: "latency", service: "drivers", delayMs: 150, times: 1 });
    expect(await call("drivers", "getLicences", { rnokpp: PERSONAS.olena })).toMatchObject({ outcome: "found" });
    expect(records[0].durationMs).toBeGreaterThanOrEqual(140);
  });

  it("treats a cut connection and an unreachable security server as transient network errors", async () => {
    const { call } = standInClient(standIns.url);
    standIns.faults.add({ kind: "reset", service: "drivers", times: 1 });
    expect(await failure(call("drivers", "getLicences", { rnokpp: PERSONAS.olena }))).toMatchObject({ code: "network_error", transient: true });
    const nowhere = standInClient("http://127.0.0.1:9");
    expect(await failure(nowhere.call("drivers", "getLicences", { rnokpp: PERSONAS.olena }))).toMatchObject({ code: "network_error", transient: true });
  });

  it("does not follow redirects", async () => {
    let followed = 0;
    const elsewhere = createServer((_, res) => {
      followed++;
      res.end("{}");
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
    const location = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/steal`;
    try {
      const { call } = standInClient(standIns.url);
      standIns.faults.add({ kind: "redirect", service: "population", location });
      const error = await failure(call("population", "getPerson", { taxId: PERSONAS.olena }));
      expect(error).toMatchObject({ code: "redirect_refused", transient: false, details: { httpStatus: 302 } });
      expect(followed).toBe(0);
    } finally {
      await new Promise((resolve) => elsewhere.close(resolve));
    }
  });

  it("injects a fault for one request by header (test controls)", async () => {
    const response = await fetch(`${standIns.url}/r1/SEVDEIR-TEST/GOV/10000002/MVS-HSC/drivers/v1/licences/search`, {
      method: "POST",
      headers: { "X-Road-Client": "SEVDEIR-TEST/GOV/10000000/CIVIC-FLOW", "X-Stand-In-Fault": "xroad-error;type=timestamping_failed", "content-type": "application/json" },
      body: JSON.stringify({ rnokpp: PERSONAS.olena }),
    });
    expect(response.status).toBe(500);
    expect(response.headers.get("x-road-error")).toBe("server.serverproxy.timestamping_failed");
  });
});

describe("identifiers and access rights", () => {
  const yaml = (service: string, client = "SEVDEIR-TEST/GOV/10000000/CIVIC-FLOW") =>
    `client: ${client}\nuserId: { secret: s }\nsecurityServers: { local: { url: "${standIns.url}" } }\nregistries:\n  population: { service: "${service}" }\n`;

  it("rejects wrong identifiers in the configuration with a clear message", () => {
    expect(() => parseRegistriesConfig(yaml("SEVDEIR-TEST/GOV/10000001/DMS EDDR/population"))).toThrow(/subsystem code "DMS EDDR" is not a valid X-Road identifier/);
    expect(() => parseRegistriesConfig(yaml("SEVDEIR-TEST/GOV/10000001/population"))).toThrow(/must have 5 parts/);
    expect(() => parseRegistriesConfig(yaml("SEVDEIR-TEST/GOV/10000001/DMS-EDDR/population", "UA/GOV/1:2/X"))).toThrow(RegistryConfigError);
    expect(() => parseRegistriesConfig(yaml("SEVDEIR-TEST/GOV/10000001/DMS-EDDR/population", "UA/GOV"))).toThrow(/must have 3 or 4 parts/);
    expect(() => parseRegistriesConfig(yaml("SEVDEIR-TEST/GOV/10000001/DMS-EDDR/population", "UA/GOV/1"))).toThrow(/must be a subsystem/);
  });

  it("encodes identifier parts per segment and never the separators", async () => {
    const { call } = standInClient(standIns.url);
    const client = new RegistryClient(parseRegistriesConfig(yaml("SEVDEIR-TEST/GOV/10000001/DMS-EDDR/population,v2")), { sink: () => {} });
    const error = await failure(client.call({ registry: "population", operation: "getPerson", input: { taxId: PERSONAS.olena }, applicationId: "a", applicantId: "b", idempotencyKey: "k" }));
    // "population,v2" is a legal identifier; the stand-in does not know it.
    expect(error).toMatchObject({ code: "xroad_error", transient: false, details: { xroadType: "server.serverproxy.unknown_service" } });
    expect(standIns.log.entries().at(-1)!.service).toBe("SEVDEIR-TEST/GOV/10000001/DMS-EDDR/population%2Cv2");
    await call("population", "getPerson", { taxId: PERSONAS.olena });
  });

  it("an unknown registry member is permanent", async () => {
    const client = new RegistryClient(parseRegistriesConfig(yaml("SEVDEIR-TEST/GOV/99999999/NOPE/population")));
    expect(await failure(client.call({ registry: "population", operation: "getPerson", input: { taxId: PERSONAS.olena }, applicationId: "a", applicantId: "b", idempotencyKey: "k" }))).toMatchObject({
      transient: false,
      details: { xroadType: "server.clientproxy.unknown_member" },
    });
  });

  it("a client without access rights gets access_denied, permanently; endpoint-level rights apply", async () => {
    const { call } = standInClient(standIns.url, { client: LIMITED_CLIENT, attempts: 3 });
    expect(await call("population", "getPerson", { taxId: PERSONAS.olena })).toMatchObject({ outcome: "found" });
    const denied = await failure(call("drivers", "getLicences", { rnokpp: PERSONAS.olena }));
    expect(denied).toMatchObject({ code: "xroad_error", transient: false, details: { xroadType: "server.serverproxy.access_denied" } });
    const endpointDenied = await failure(call("population", "registerResidence", { taxId: PERSONAS.olena, address: {} }));
    expect(endpointDenied.details.xroadType).toBe("server.serverproxy.access_denied");
  });

  it("unknown registries and operations are configuration errors", async () => {
    const { call } = standInClient(standIns.url);
    expect(await failure(call("weather", "today", {}))).toMatchObject({ code: "configuration", transient: false });
    expect((await failure(call("population", "getPets", {}))).message).toMatch(/no operation "getPets" \(known: getPerson, registerResidence\)/);
    expect((await failure(call("criminal-records", "getCertificate", {}))).message).toMatch(/no "id"/);
  });
});

describe("the runtime's connector interface", () => {
  const ctx = (signal = new AbortController().signal) => ({ idempotencyKey: `k-${Math.random()}`, signal, applicationId: "APP-1", applicantId: "citizen-1", purpose: "Перевірка" });

  it("returns outcomes and translates failures to the job runner's classes", async () => {
    const client = new RegistryClient(standInConfig(standIns.url, { timeoutMs: 200 }));
    const population = registryConnector(client, "population");
    expect(await population.call("getPerson", { taxId: PERSONAS.olena }, ctx())).toMatchObject({ outcome: "found" });

    standIns.faults.add({ kind: "xroad-error", service: "population", type: "access_denied", times: 1 });
    await expect(population.call("getPerson", { taxId: PERSONAS.olena }, ctx())).rejects.toBeInstanceOf(PermanentFailure);
    standIns.faults.add({ kind: "xroad-error", service: "population", type: "network_error", times: 1 });
    await expect(population.call("getPerson", { taxId: PERSONAS.olena }, ctx())).rejects.toBeInstanceOf(RegistryCallError);
    standIns.faults.add({ kind: "hang", service: "population", times: 1 });
    await expect(population.call("getPerson", { taxId: PERSONAS.olena }, ctx())).rejects.toBeInstanceOf(CallTimeout);
  });

  it("fails the call when its record cannot be stored", async () => {
    const client = new RegistryClient(standInConfig(standIns.url), { sink: () => { throw new Error("disk full"); } });
    const error = await failure(client.call({ registry: "population", operation: "getPerson", input: { taxId: PERSONAS.olena }, applicationId: "a", applicantId: "b", idempotencyKey: "k" }));
    expect(error).toMatchObject({ code: "audit_failed", transient: true });
  });
});

describe("the Trembita UXP dialect", () => {
  it("calls /restapi with Uxp-* headers and classifies uxp-faultcode", async () => {
    const { call, records } = standInClient(standIns.url, { dialect: "trembita-uxp" });
    expect(await call("population", "getPerson", { taxId: PERSONAS.olena })).toMatchObject({ outcome: "found" });
    const logged = standIns.log.entries().at(-1)!;
    expect(logged.xroadHeaders["uxp-client"]).toBe("SEVDEIR-TEST/GOV/10000000/CIVIC-FLOW");
    expect(logged.xroadHeaders["uxp-service"]).toBe("SEVDEIR-TEST/GOV/10000001/DMS-EDDR/population");
    expect(logged.xroadHeaders["uxp-issue"]).toBe("APP-2026-000123");
    expect(logged.xroadHeaders["x-road-client"]).toBeUndefined();
    expect(records[0]).toMatchObject({ transport: "trembita-uxp", xRoadId: logged.queryId });

    standIns.faults.add({ kind: "xroad-error", service: "population", type: "service_failed", times: 1 });
    expect(await failure(call("population", "getPerson", { taxId: PERSONAS.olena }))).toMatchObject({ code: "xroad_error", transient: true });
  });
});

describe("discovery", () => {
  it("builds the catalog's registries from allowedMethods and getOpenAPI, matching catalog.yaml", async () => {
    const client = new RegistryClient(standInConfig(standIns.url));
    const { registries, problems } = await discoverRegistries(client);
    expect(problems).toEqual([]);
    // The committed snapshot the CLI validates against is exactly what publish discovers.
    expect(registries).toEqual(exampleCatalog().registries);
    expect(registries.population.operations.getPerson.input).toMatchObject({ required: ["taxId"] });
    expect(registries.population.operations.getPerson.output).toMatchObject({ required: expect.arrayContaining(["recordNumber"]) });
    // Results differ per outcome: notFound carries the registry's error body.
    expect(registries.population.operations.getPerson.outputs?.notFound).toMatchObject({ required: ["error", "message"] });
    expect(registries.idp.operations.findIdp).toMatchObject({ outcomes: ["found", "notFound"], input: { required: ["taxId"] } });
    expect(registries["criminal-records"].operations.getCertificate.input).toMatchObject({ required: ["id"] });
    // Operations the registry offers beyond our contracts become callable with generic outcomes.
    expect(registries["criminal-records"].operations.getSigningKey.outcomes).toEqual(["ok"]);
    const { publicKey } = (await client.call({ registry: "criminal-records", operation: "getSigningKey", input: {}, applicationId: "a", applicantId: "b", idempotencyKey: "k" })).data as { publicKey: string };
    expect(publicKey).toContain("BEGIN PUBLIC KEY");
  });

  it("takes a plain REST registry's contracts, schemas included, from the config", async () => {
    const config = parseRegistriesConfig(`
client: UA/GOV/1/CIVIC
userId: { secret: s }
registries:
  permits:
    rest: { url: "http://127.0.0.1:9" }
    operations:
      findPermit:
        method: POST
        path: /permits/search
        title: A parking permit by plate
        input: { type: object, required: [plate], properties: { plate: { type: string } } }
        output: { type: object, properties: { permitNumber: { type: string } } }
        outcomes: [{ status: 200, outcome: found }, { status: 404, outcome: notFound }]
`);
    const { registries, problems } = await discoverRegistries(new RegistryClient(config));
    expect(problems).toEqual([]);
    expect(registries.permits.operations.findPermit).toEqual({
      title: "A parking permit by plate",
      outcomes: ["found", "notFound"],
      input: { type: "object", required: ["plate"], properties: { plate: { type: "string" } } },
      output: { type: "object", properties: { permitNumber: { type: "string" } } },
    });
  });

  it("leaves out what our client may not call", async () => {
    const client = new RegistryClient(standInConfig(standIns.url, { client: LIMITED_CLIENT }));
    const { registries, problems } = await discoverRegistries(client);
    expect(Object.keys(registries)).toEqual(["population"]);
    expect(Object.keys(registries.population.operations)).toEqual(["getPerson"]);
    expect(problems.some((problem) => problem.startsWith("drivers: our client may not call"))).toBe(true);
    expect(problems.some((problem) => problem.startsWith("population.registerResidence"))).toBe(true);
  });
});
