/** A decision: guarded transitions the machine takes at once; the application never rests here. */
import { noView } from "./shared";
import type { RuntimeStepModule } from "./types";

export const decisionStep: RuntimeStepModule<"decision"> = {
  kind: "decision",
  status: () => "processing",
  work: "none",
  waitsFor: "service",
  citizenCancels: false,
  enter: () => ({ jobs: [] }),
  view: noView,
  timeline: {},
};
