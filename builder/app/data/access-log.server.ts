/**
 * Reads of a citizen's data that are not transitions: an officer opening an application, a decision, a
 * download. Together with the runtime's registry call records this is "who read my data".
 */
import { randomUUID } from "node:crypto";
import type { Database } from "../../../runtime";

type Db = Database["prisma"];

export async function recordAccess(db: Db, entry: { applicationId: string; applicantId: string; actor: string; action: "view" | "decide" | "download"; purpose?: string }): Promise<void> {
  await db.accessEvent.create({ data: { id: randomUUID(), ...entry, purpose: entry.purpose ?? null, at: new Date() } });
}

export async function accessEventsOfApplicant(db: Db, applicantId: string, take = 200) {
  return db.accessEvent.findMany({ where: { applicantId }, orderBy: { at: "desc" }, take });
}

export async function accessEventsOfApplication(db: Db, applicationId: string) {
  return db.accessEvent.findMany({ where: { applicationId }, orderBy: { at: "asc" } });
}

export async function registryCallsOfApplicant(db: Db, applicantId: string, take = 200) {
  return db.registryCall.findMany({ where: { applicantId }, orderBy: { at: "desc" }, take });
}

export async function registryCallsOfApplication(db: Db, applicationId: string) {
  return db.registryCall.findMany({ where: { applicationId }, orderBy: { at: "asc" } });
}
