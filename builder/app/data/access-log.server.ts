/**
 * Reads of a citizen's data that are not transitions: an officer opening an application, a decision, a
 * download. The runtime's dataAccessLog shows them to the citizen with the registry call records.
 */
import { randomUUID } from "node:crypto";
import type { Database } from "../../../runtime";

type Db = Database["prisma"];

export async function recordAccess(db: Db, entry: { applicationId: string; applicantId: string; actor: string; action: "view" | "decide" | "download"; purpose?: string }): Promise<void> {
  await db.accessEvent.create({ data: { id: randomUUID(), ...entry, purpose: entry.purpose ?? null, at: new Date() } });
}

export async function accessEventsOfApplication(db: Db, applicationId: string) {
  return db.accessEvent.findMany({ where: { applicationId }, orderBy: { at: "asc" } });
}

export async function registryCallsOfApplication(db: Db, applicationId: string) {
  return db.registryCall.findMany({ where: { applicationId }, orderBy: { at: "asc" } });
}
