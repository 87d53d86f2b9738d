/** Test helpers: a registries config and a client pointed at a running stand-in. */
import type { RegistryCallRecord } from "./call-record";
import { DEFAULT_CONFIG_PATH, loadRegistriesConfig, type Dialect, type RegistriesConfig } from "./config";
import { parseClientId } from "./identifiers";
import { RegistryClient, type RegistryCallRequest } from "./registry-client";

export function standInConfig(
  url: string,
  options: { client?: string; dialect?: Dialect; attempts?: number; timeoutMs?: number } = {},
): RegistriesConfig {
  const config = loadRegistriesConfig(DEFAULT_CONFIG_PATH, { XROAD_SECURITY_SERVER_URL: url, XROAD_USERID_SECRET: "test-secret" });
  if (options.client) config.client = parseClientId(options.client);
  for (const entry of Object.values(config.registries)) {
    if (entry.kind === "xroad" && options.dialect) entry.securityServer.dialect = options.dialect;
    if (options.attempts) entry.retry = { attempts: options.attempts, backoffMs: 5 };
    if (options.timeoutMs) entry.timeoutMs = options.timeoutMs;
  }
  return config;
}

export function standInClient(url: string, options: Parameters<typeof standInConfig>[1] = {}) {
  const records: RegistryCallRecord[] = [];
  const client = new RegistryClient(standInConfig(url, options), { sink: (record) => void records.push(record), sleep: async () => {} });
  let counter = 0;
  const call = (registry: string, operation: string, input: Record<string, unknown>, extra: Partial<RegistryCallRequest> = {}) =>
    client.call({
      registry,
      operation,
      input,
      purpose: "Перевірка даних заявника",
      applicationId: "APP-2026-000123",
      applicantId: "applicant-42",
      idempotencyKey: `key-${++counter}-${Date.now()}`,
      ...extra,
    });
  return { client, records, call };
}
