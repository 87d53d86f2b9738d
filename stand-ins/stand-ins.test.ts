/** The stand-in security server, spoken to directly over HTTP as a client information system would. */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPeople, PERSONAS } from "./data/people";
import { isValidRnokpp } from "./data/rnokpp";
import { LICENCE_STATUSES } from "./data/licences";
import { requestHash, retainedHeaders } from "./request-hash";
import { startStandInRegistries, type StandInRegistries } from "./server";

const CLIENT = "SEVDEIR-TEST/GOV/10000000/CIVIC-FLOW";
const POPULATION = "SEVDEIR-TEST/GOV/10000001/DMS-EDDR/population";
let standIns: StandInRegistries;

beforeAll(async () => {
  standIns = await startStandInRegistries();
});
afterAll(() => standIns.close());

/** A raw request with headers in a known order (fetch adds its own). */
function raw(method: string, path: string, headers: [string, string][], body?: string) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const url = new URL(standIns.url);
    const req = request({ host: url.hostname, port: url.port, method, path, headers: [["Host", url.host], ...headers].flat() as unknown as Record<string, string> }, (res) => {
      let text = "";
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const post = (path: string, body: unknown, extra: [string, string][] = []) =>
  raw("POST", path, [["X-Road-Client", CLIENT], ["Content-Type", "application/json"], ...extra], JSON.stringify(body));

describe("demo data", () => {
  it("has at least 50 deterministic people of every kind the services need", () => {
    const people = demoPeople();
    expect(people.length).toBeGreaterThanOrEqual(50);
    expect(demoPeople()).toEqual(people);
    expect(new Set(people.map((p) => p.taxId)).size).toBe(people.length);
    expect(people.every((p) => isValidRnokpp(p.taxId))).toBe(true);
    const count = (tag: string) => people.filter((p) => p.tags.includes(tag)).length;
    for (const tag of ["adult", "minor", "unknownBirthPlace", "foreigner", "idp", "nameChanged", "noRegistration"]) {
      expect(count(tag), tag).toBeGreaterThan(0);
    }
    expect(people.some((p) => p.birthPlace === null)).toBe(true);
    expect(people.some((p) => p.nationalities.some((n) => n !== "UKR"))).toBe(true);
    expect(people.some((p) => p.previousNames.length > 0)).toBe(true);
  });

  it("has licences in several registry statuses", () => {
    const statuses = new Set(standIns.state.licences.map((l) => Number(l.status.ID)));
    expect(statuses.size).toBeGreaterThan(4);
    for (const status of statuses) expect(LICENCE_STATUSES[status]).toBeDefined();
  });
});

describe("routing and validation", () => {
  it("serves a provider and adds the five X-Road response headers with a request hash", async () => {
    const body = JSON.stringify({ taxId: PERSONAS.olena });
    const headers: [string, string][] = [["X-Road-Client", CLIENT], ["X-Road-Id", "my-id-1"], ["Content-Type", "application/json"], ["X-Custom", "kept"]];
    const reply = await raw("POST", `/r1/${POPULATION}/v1/persons/lookup`, headers, body);
    expect(reply.status).toBe(200);
    expect(reply.headers["x-road-id"]).toBe("my-id-1");
    expect(reply.headers["x-road-client"]).toBe(CLIENT);
    expect(reply.headers["x-road-service"]).toBe(POPULATION);
    expect(reply.headers["x-road-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.headers["x-road-error"]).toBeUndefined();
    // The hash over the header part (Host, Content-Length… skipped) plus the request id, and the body.
    const sent = retainedHeaders(["Host", "x", ...headers.flat(), "Content-Length", String(body.length)]);
    sent.push(["X-Road-Request-Id", String(reply.headers["x-road-request-id"])]);
    expect(reply.headers["x-road-request-hash"]).toBe(requestHash("POST", `/r1/${POPULATION}/v1/persons/lookup`, sent, Buffer.from(body)));
  });

  it("generates X-Road-Id as {instance}-{uuid} when the client sends none", async () => {
    const reply = await post(`/r1/${POPULATION}/v1/persons/lookup`, { taxId: PERSONAS.olena });
    expect(reply.headers["x-road-id"]).toMatch(/^SEVDEIR-TEST-[0-9a-f-]{36}$/);
  });

  it("passes a provider's error through without X-Road-Error", async () => {
    const reply = await post(`/r1/${POPULATION}/v1/persons/lookup`, { taxId: "0000000000" });
    expect(reply.status).toBe(404);
    expect(reply.headers["x-road-error"]).toBeUndefined();
    expect(JSON.parse(reply.body)).toMatchObject({ error: "notFound" });
  });

  const xroadError = (reply: { status: number; headers: Record<string, unknown>; body: string }) => {
    const body = JSON.parse(reply.body) as { type: string; message: string; detail: string };
    expect(reply.headers["x-road-error"]).toBe(body.type);
    expect(body.detail).toMatch(/^[0-9a-f-]{36}$/);
    return { status: reply.status, ...body };
  };

  it("rejects other protocol versions, short service ids and illegal identifier characters", async () => {
    expect(xroadError(await post(`/r2/${POPULATION}/v1/persons/lookup`, {}))).toMatchObject({ status: 500, type: "server.clientproxy.invalid_protocol_version" });
    expect(xroadError(await post(`/r1/SEVDEIR-TEST/GOV/10000001/population`, {}))).toMatchObject({ type: "server.clientproxy.invalid_request" });
    expect(xroadError(await post(`/r1/SEVDEIR-TEST/GOV/10000001/DMS%20EDDR/population/v1/persons/lookup`, {})).message).toMatch(/Illegal characters/);
    expect(xroadError(await post(`/r1/SEVDEIR-TEST%2FGOV/10000001/DMS-EDDR/population/v1/persons/lookup`, {})).type).toBe("server.clientproxy.invalid_request");
    expect(xroadError(await post(`/r1/${POPULATION}/${"x".repeat(2100)}`, {})).message).toMatch(/longer than 2000/);
  });

  it("requires X-Road-Client (500, as the reference implementation answers) and takes the last one", async () => {
    const missing = await raw("POST", `/r1/${POPULATION}/v1/persons/lookup`, [["Content-Type", "application/json"]], "{}");
    expect(xroadError(missing)).toMatchObject({ status: 500, type: "server.clientproxy.invalid_client_identifier" });
    const twice = await raw("POST", `/r1/${POPULATION}/v1/persons/lookup`, [["X-Road-Client", "SEVDEIR-TEST/GOV/1/NOBODY"], ["X-Road-Client", CLIENT], ["Content-Type", "application/json"]], JSON.stringify({ taxId: PERSONAS.olena }));
    expect(twice.status).toBe(200);
  });

  it("denies by default, and knows unknown services from unknown members", async () => {
    const denied = await post(`/r1/${POPULATION}/v1/persons/lookup`, {}, [["X-Road-Client", "SEVDEIR-TEST/GOV/10000009/OTHER"]]);
    expect(xroadError(denied)).toMatchObject({ status: 500, type: "server.serverproxy.access_denied" });
    expect(xroadError(await post(`/r1/SEVDEIR-TEST/GOV/10000001/DMS-EDDR/pets/v1`, {})).type).toBe("server.serverproxy.unknown_service");
    expect(xroadError(await post(`/r1/SEVDEIR-TEST/GOV/1/NOPE/pets/v1`, {})).type).toBe("server.clientproxy.unknown_member");
  });

  it("answers errors in XML when Accept asks for it", async () => {
    const reply = await raw("GET", `/r1/${POPULATION}/v1`, [["Accept", "text/xml"]]);
    expect(reply.status).toBe(500);
    expect(reply.headers["content-type"]).toBe("text/xml;charset=utf-8");
    expect(reply.body).toMatch(/^<error><type>server\.clientproxy\.invalid_client_identifier<\/type><message>.*<\/message><detail>[0-9a-f-]{36}<\/detail><\/error>$/);
  });

  it("keeps a message log with the X-Road headers and hashes", async () => {
    await post(`/r1/${POPULATION}/v1/persons/lookup`, { taxId: PERSONAS.olena }, [["X-Road-Id", "logged-1"], ["X-Road-UserId", "UAabc"], ["X-Road-Issue", "APP-9"]]);
    const [entry] = standIns.log.byQueryId("logged-1");
    expect(entry).toMatchObject({ client: CLIENT, service: POPULATION, method: "POST", path: "/v1/persons/lookup", status: 200, error: null });
    expect(entry.xroadHeaders).toMatchObject({ "x-road-userid": "UAabc", "x-road-issue": "APP-9" });
    expect(entry.requestBodySha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("ignores the fault header and hides the control endpoints unless test controls are on", async () => {
    const reply = await post(`/r1/${POPULATION}/v1/persons/lookup`, { taxId: PERSONAS.olena }, [["X-Stand-In-Fault", "xroad-error;type=network_error"]]);
    expect(reply.status).toBe(200);
    expect((await raw("GET", "/__stand-in/log", [])).status).toBe(404);
  });
});

describe("metaservices", () => {
  const get = (path: string, client = CLIENT) => raw("GET", path, [["X-Road-Client", client], ["Accept", "application/json"]]);

  it("lists methods and allowed methods in the snake_case shape", async () => {
    const listed = JSON.parse((await get("/r1/SEVDEIR-TEST/GOV/10000002/MVS-IPS/listMethods")).body);
    expect(listed.service[0]).toMatchObject({
      object_type: "SERVICE",
      xroad_instance: "SEVDEIR-TEST",
      member_class: "GOV",
      member_code: "10000002",
      subsystem_code: "MVS-IPS",
      service_code: "criminal-records",
      service_type: "OPENAPI",
    });
    expect(listed.service[0].endpoint_list).toContainEqual({ method: "GET", path: "/v1/certificate-orders/*/document" });
    const portal = "SEVDEIR-TEST/GOV/10000009/PORTAL";
    expect(JSON.parse((await get("/r1/SEVDEIR-TEST/GOV/10000002/MVS-IPS/allowedMethods", portal)).body)).toEqual({ service: [] });
    const allowed = JSON.parse((await get("/r1/SEVDEIR-TEST/GOV/10000001/DMS-EDDR/allowedMethods", portal)).body);
    expect(allowed.service[0].endpoint_list).toEqual([{ method: "POST", path: "/v1/persons/lookup" }]);
  });

  it("returns a real OpenAPI 3 document per service", async () => {
    const reply = await get("/r1/SEVDEIR-TEST/GOV/10000001/DMS-EDDR/getOpenAPI?serviceCode=population");
    const doc = JSON.parse(reply.body);
    expect(doc.openapi).toBe("3.0.3");
    expect(doc.paths["/v1/persons/lookup"].post).toMatchObject({ operationId: "getPerson", requestBody: { required: true } });
    expect(doc.paths["/v1/persons/lookup"].post.responses["200"].content["application/json"].schema.required).toContain("taxId");
    expect(JSON.parse((await get("/r1/SEVDEIR-TEST/GOV/10000001/DMS-EDDR/getOpenAPI")).body).type).toBe("server.serverproxy.invalid_request");
  });

  it("lists clients", async () => {
    const reply = JSON.parse((await get("/listClients")).body);
    expect(reply.member).toContainEqual({
      id: { member_class: "GOV", member_code: "10000000", subsystem_code: "CIVIC-FLOW", object_type: "SUBSYSTEM", xroad_instance: "SEVDEIR-TEST" },
      name: "civic-flow runtime",
      subsystem_name: "civic-flow runtime",
    });
  });
});

describe("fault injection by configuration and control endpoint", () => {
  it("applies configured faults and ones posted to the test control endpoint", async () => {
    const faulty = await startStandInRegistries({ faults: [{ kind: "provider-status", service: "fines", status: 502, times: 1 }], testControls: true });
    try {
      const path = `/r1/SEVDEIR-TEST/GOV/10000002/MVS-FINES/fines/v1/fines/search`;
      const call = () => fetch(faulty.url + path, { method: "POST", headers: { "X-Road-Client": CLIENT, "content-type": "application/json" }, body: JSON.stringify({ taxId: PERSONAS.yurii }) });
      expect((await call()).status).toBe(502);
      expect((await call()).status).toBe(200);
      const posted = await fetch(`${faulty.url}/__stand-in/faults`, { method: "POST", body: JSON.stringify({ kind: "xroad-error", type: "maintenance_mode", times: 1 }) });
      expect(posted.status).toBe(201);
      const failed = await call();
      expect(failed.headers.get("x-road-error")).toBe("server.serverproxy.maintenance_mode");
      const bad = await fetch(`${faulty.url}/__stand-in/faults`, { method: "POST", body: JSON.stringify({ kind: "explode" }) });
      expect(bad.status).toBe(400);
      const log = (await (await fetch(`${faulty.url}/__stand-in/log`)).json()) as { entries: unknown[] };
      expect(log.entries).toHaveLength(3);
    } finally {
      await faulty.close();
    }
  });
});
