/** How the runtime reaches a government registry. The X-Road connector implements the same interface. */
export interface RegistryCallContext {
  /** The same for every attempt of one call: a registry that sees it twice must act once. */
  idempotencyKey: string;
  signal: AbortSignal;
  applicationId: string;
  applicantId: string;
  /** Why the citizen's data is read: shown to the citizen and logged by the registry. */
  purpose?: string;
}

export interface RegistryResult {
  outcome: string;
  data?: unknown;
}

export interface RegistryConnector {
  call(operation: string, input: Record<string, unknown>, ctx: RegistryCallContext): Promise<RegistryResult>;
}

export type Connectors = Record<string, RegistryConnector>;
