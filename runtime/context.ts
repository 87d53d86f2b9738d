import type { Clock } from "./clock";
import type { Database } from "./db/open";
import type { Transitions } from "./applications/transition";
import type { ServiceVersions } from "./services/versions";

/** What the runtime's modules share. */
export interface RuntimeContext {
  database: Database;
  clock: Clock;
  versions: ServiceVersions;
  transitions: Transitions;
  /** The largest accepted submission (JSON bytes). */
  maxPayloadBytes: number;
}
