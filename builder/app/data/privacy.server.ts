/** "Who read my data": the registry calls made for the citizen's applications and the officers' views, with purposes. */
import type { Runtime } from "../../../runtime";
import { exampleCatalog } from "../../../service-definitions";
import type { CitizenUser } from "../auth/types";
import type { Lang } from "../i18n/lang";
import { t, type MessageKey } from "../i18n/messages";
import { accessEventsOfApplicant, registryCallsOfApplicant } from "./access-log.server";

export interface RegistryRead {
  at: string;
  registry: string;
  operation: string;
  purpose: string;
  result: string;
  applicationId: string;
}

export interface OfficerRead {
  at: string;
  who: string;
  action: string;
  purpose: string;
  applicationId: string;
}

let titles: { registries: Record<string, string>; operations: Record<string, string> } | undefined;
function catalogTitles() {
  if (!titles) {
    const catalog = exampleCatalog();
    titles = { registries: {}, operations: {} };
    for (const [id, registry] of Object.entries(catalog.registries ?? {})) {
      titles.registries[id] = registry.title ?? id;
      for (const [op, info] of Object.entries(registry.operations ?? {})) titles.operations[`${id}.${op}`] = (info as { title?: string }).title ?? op;
    }
  }
  return titles;
}

export async function whoReadMyData(runtime: Runtime, user: CitizenUser, lang: Lang): Promise<{ registries: RegistryRead[]; officers: OfficerRead[] }> {
  const db = runtime.database.prisma;
  const [calls, reads] = await Promise.all([registryCallsOfApplicant(db, user.applicantId), accessEventsOfApplicant(db, user.applicantId)]);
  const names = catalogTitles();
  const officerIds = [...new Set(reads.map((r) => r.actor.replace(/^officer:/, "")))];
  const accounts = officerIds.length ? await db.staffAccount.findMany({ where: { id: { in: officerIds } }, select: { id: true, displayName: true, roles: true } }) : [];
  const byId = new Map(accounts.map((a) => [a.id, `${a.displayName} (${(JSON.parse(a.roles) as string[]).join(", ")})`]));
  return {
    registries: calls.map((call) => ({
      at: call.at.toISOString(),
      registry: names.registries[call.registry] ?? call.registry,
      operation: names.operations[`${call.registry}.${call.operation}`] ?? call.operation,
      purpose: call.purpose ?? "",
      result: call.status,
      applicationId: call.applicationId,
    })),
    officers: reads.map((read) => ({
      at: read.at.toISOString(),
      who: byId.get(read.actor.replace(/^officer:/, "")) ?? read.actor,
      action: t(lang, `action_${read.action}` as MessageKey),
      purpose: read.purpose ?? "",
      applicationId: read.applicationId,
    })),
  };
}
