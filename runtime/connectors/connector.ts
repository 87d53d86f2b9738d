/** How the runtime reaches a government registry. The X-Road connector implements the same interface. */
import type { Text } from "../../engine";

export interface RegistryCallContext {
  /** The same for every attempt of one call: a registry that sees it twice must act once. */
  idempotencyKey: string;
  signal: AbortSignal;
  applicationId: string;
  applicantId: string;
  /** Why the citizen's data is read: shown to the citizen and logged by the registry. */
  purpose?: string;
  /** The definition's purpose in every language (for the citizen's "who read my data and why"). */
  purposeText?: Text;
  /** The job making the call, its attempt (1, 2…) and the step it belongs to: for the call records. */
  jobId?: string;
  attempt?: number;
  step?: string;
}

export interface RegistryResult {
  outcome: string;
  data?: unknown;
}

export interface RegistryConnector {
  call(operation: string, input: Record<string, unknown>, ctx: RegistryCallContext): Promise<RegistryResult>;
  /**
   * True when the connector stores a call record for every attempt itself (the X-Road connector does, with
   * the security server's evidence); the worker then stores none, so no call is recorded twice.
   */
  readonly recordsCalls?: boolean;
}

export type Connectors = Record<string, RegistryConnector>;
