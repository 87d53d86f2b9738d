/**
 * A reply the test run offers when a step needs data the analyst should not have to type as JSON: a `book`
 * step's slot (a week ahead at 10:00, at its fixed office or the first of the provider's offices that offers
 * the service). The analyst can still edit it, or pick a scenario's reply instead.
 */
import type { Catalog, ScenarioReply, Step } from "../../../../engine";

export function sampleReply(step: Step, catalog: Catalog | undefined, now = new Date()): ScenarioReply | undefined {
  if (step.kind !== "book") return undefined;
  const date = new Date(now.getTime() + 7 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  const offices = catalog?.slots?.[step.provider]?.offices ?? {};
  const office = step.office === undefined ? Object.entries(offices).find(([, o]) => o.services.includes(step.service))?.[0] : undefined;
  return { outcome: "booked", data: { date, time: "10:00", ...(office ? { office } : {}) } };
}
