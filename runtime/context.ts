import type { Clock } from "./clock";
import type { Database } from "./db/open";
import type { Transitions } from "./applications/transition";
import type { ServiceVersions } from "./services/versions";
import type { RuntimeTemplates } from "./templates/templates";

/** What the runtime's modules share. */
export interface RuntimeContext {
  database: Database;
  clock: Clock;
  versions: ServiceVersions;
  transitions: Transitions;
  /** The largest accepted submission (JSON bytes). */
  maxPayloadBytes: number;
  /** Published document template versions (the document step issues with the pinned one). */
  templates?: RuntimeTemplates;
}
