/**
 * The runtime's view of the registries: one RegistryConnector per configured registry (the interface in
 * runtime/connectors/connector.ts). Failures are translated to the job runner's classes: permanent ones
 * to PermanentFailure (straight to the step's error outcome), timeouts to CallTimeout, transient ones are
 * thrown as RegistryCallError and retried with backoff by the job.
 */
import type { Connectors, RegistryCallContext, RegistryConnector, RegistryResult } from "../connectors/connector";
import { CallTimeout, PermanentFailure } from "../jobs/execute";
import type { CallRecordSink } from "./call-record";
import { loadRegistriesConfig, type RegistriesConfig } from "./config";
import { RegistryCallError } from "./registry-call-error";
import { RegistryClient } from "./registry-client";

export function registryConnectors(client: RegistryClient): Connectors {
  const connectors: Connectors = {};
  for (const registry of Object.keys(client.config.registries)) {
    connectors[registry] = registryConnector(client, registry);
  }
  return connectors;
}

export function registryConnector(client: RegistryClient, registry: string): RegistryConnector {
  return {
    async call(operation: string, input: Record<string, unknown>, ctx: RegistryCallContext): Promise<RegistryResult> {
      try {
        return await client.call({
          registry,
          operation,
          input,
          purpose: ctx.purpose,
          applicationId: ctx.applicationId,
          applicantId: ctx.applicantId,
          idempotencyKey: ctx.idempotencyKey,
          signal: ctx.signal,
        });
      } catch (error) {
        throw toRuntimeError(error);
      }
    },
  };
}

export function toRuntimeError(error: unknown): Error {
  if (!(error instanceof RegistryCallError)) return error as Error;
  if (error.code === "timeout") return new CallTimeout(error.message, { cause: error });
  if (!error.transient) return new PermanentFailure(error.message, { cause: error });
  return error;
}

/** Connectors from REGISTRIES_CONFIG (or the default file), with call records sent to the sink. */
export function connectorsFromConfig(options: { config?: RegistriesConfig; sink?: CallRecordSink } = {}): { client: RegistryClient; connectors: Connectors } {
  const client = new RegistryClient(options.config ?? loadRegistriesConfig(), { sink: options.sink });
  return { client, connectors: registryConnectors(client) };
}
