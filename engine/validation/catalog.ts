/**
 * What a service may refer to outside itself: registries and their operations, custom step handlers,
 * document templates and officer roles. The runtime builds it from its connectors (and X-Road
 * discovery); the CLI and tests read service-definitions/catalog.yaml.
 */
export interface Catalog {
  registries: Record<string, RegistryInfo>;
  handlers: HandlerInfo[];
  templates: Record<string, { title?: string; fields?: string[] }>;
  roles: Record<string, { title?: string }>;
}

export interface RegistryInfo {
  title?: string;
  operations: Record<string, OperationInfo>;
}

export interface OperationInfo {
  title?: string;
  /** Business outcomes the operation reports (found, notFound…); error and timeout are always possible. */
  outcomes: string[];
  /** JSON Schema of the input and of the result, when known. */
  input?: Record<string, unknown>;
  output?: Record<string, unknown>;
}

export interface HandlerInfo {
  type: string;
  version: number;
  title?: string;
  description?: string;
  outcomes: string[];
  params?: Record<string, unknown>;
}

/** Outcomes every call-like step (registry, task, poll) can have whatever the operation says. */
export const TECHNICAL_OUTCOMES = ["error", "timeout"] as const;
