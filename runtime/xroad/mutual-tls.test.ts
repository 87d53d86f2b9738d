/** Mutual TLS between the connector and a security server (the "HTTPS" connection type). */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERSONAS, type StandInRegistries, startStandInRegistries } from "../../stand-ins";
import { parseRegistriesConfig, RegistryConfigError } from "./config";
import { RegistryCallError } from "./registry-call-error";
import { RegistryClient } from "./registry-client";

const certs = new URL("./test-certs/", import.meta.url);
const pem = (file: string) => readFileSync(new URL(file, certs), "utf8");
let standIns: StandInRegistries;

beforeAll(async () => {
  standIns = await startStandInRegistries({ tls: { cert: pem("server.crt"), key: pem("server.key"), ca: pem("ca.crt") } });
});
afterAll(() => standIns.close());

/** The config file lives next to the certificates, so relative paths resolve against it. */
function client(tls: string) {
  const source = new URL("registries.test.yaml", certs).pathname;
  const yaml = `client: SEVDEIR-TEST/GOV/10000000/CIVIC-FLOW
userId: { secret: s }
securityServers:
  ss: { url: "${standIns.url}", tls: ${tls} }
registries:
  population: { service: SEVDEIR-TEST/GOV/10000001/DMS-EDDR/population }
`;
  return new RegistryClient(parseRegistriesConfig(yaml, source));
}

const call = (c: RegistryClient) =>
  c.call({ registry: "population", operation: "getPerson", input: { taxId: PERSONAS.olena }, applicationId: "a", applicantId: "b", idempotencyKey: "k" });

describe("mutual TLS", () => {
  it("calls with our client certificate and checks the server against the configured CA", async () => {
    expect(standIns.url).toMatch(/^https:/);
    expect(await call(client("{ cert: client.crt, key: client.key, ca: ca.crt }"))).toMatchObject({ outcome: "found" });
  });

  it("is refused without a client certificate or with one the server does not trust", async () => {
    const without = (await call(client("{ ca: ca.crt }")).catch((e: unknown) => e)) as RegistryCallError;
    expect(without).toMatchObject({ code: "tls_error", transient: false });
    // With TLS 1.3 the server rejects a rogue certificate after the client's handshake is done: the client
    // only sees the connection reset, which it cannot tell from a network failure (so: transient).
    const rogue = (await call(client("{ cert: rogue.crt, key: rogue.key, ca: ca.crt }")).catch((e: unknown) => e)) as RegistryCallError;
    expect(rogue).toBeInstanceOf(RegistryCallError);
    expect(["tls_error", "network_error"]).toContain(rogue.code);
  });

  it("does not trust a server certificate from an unknown CA (permanent)", async () => {
    const error = (await call(client("{ cert: client.crt, key: client.key }")).catch((e: unknown) => e)) as RegistryCallError;
    expect(error).toMatchObject({ code: "tls_error", transient: false });
  });

  it("reports unreadable certificate files and a cert without its key in the config", () => {
    expect(() => client("{ cert: missing.crt, key: client.key }")).toThrow(/tls.cert: cannot read .*missing.crt/);
    expect(() => client("{ cert: client.crt }")).toThrow(RegistryConfigError);
  });
});
