/** "Who read my data": the registry calls made for the citizen's applications and the officers' views, with purposes. */
import { viewsOf, type Runtime } from "../../../runtime";
import type { Catalog } from "../../../engine";
import type { CitizenUser } from "../auth/types";
import type { Lang } from "../i18n/lang";
import { hasMessage, t, type MessageKey } from "../i18n/messages";

export interface RegistryRead {
  at: string;
  registry: string;
  operation: string;
  purpose: string;
  result: string;
  /** The registry's own outcome code, shown as it is (no words for it in our catalogs). */
  resultIsCode: boolean;
  /** False when the request was sent and no answer is recorded (in flight, or cut off by a crash): the read may have happened. */
  finished: boolean;
  applicationId: string;
}

/** A registry call's outcome in words where we have them (found, notFound, error…), else its code. */
function resultOf(entry: { finished?: boolean; status?: string | null }, lang: Lang): { result: string; resultIsCode: boolean } {
  if (entry.finished === false) return { result: t(lang, "registryResult_unfinished"), resultIsCode: false };
  const key = `registryResult_${entry.status ?? ""}`;
  return hasMessage(key) ? { result: t(lang, key), resultIsCode: false } : { result: entry.status ?? "", resultIsCode: true };
}

export interface OfficerRead {
  at: string;
  who: string;
  action: string;
  purpose: string;
  applicationId: string;
}

/** Registry and operation titles from the catalog (the server process hands it over in the load context). */
function catalogTitles(catalog: Pick<Catalog, "registries"> | undefined) {
  const titles = { registries: {} as Record<string, string>, operations: {} as Record<string, string> };
  for (const [id, registry] of Object.entries(catalog?.registries ?? {})) {
    titles.registries[id] = registry.title ?? id;
    for (const [op, info] of Object.entries(registry.operations ?? {})) titles.operations[`${id}.${op}`] = (info as { title?: string }).title ?? op;
  }
  return titles;
}

export async function whoReadMyData(runtime: Runtime, user: CitizenUser, lang: Lang, catalog?: Pick<Catalog, "registries">): Promise<{ registries: RegistryRead[]; officers: OfficerRead[] }> {
  const entries = await runtime.dataAccessLog(user.applicantId, { language: lang, take: 300 });
  const names = catalogTitles(catalog);
  const officerIds = [...new Set(entries.filter((e) => e.kind === "access").map((e) => String(e.who ?? "").replace(/^officer:/, "")))];
  const accounts = await viewsOf(runtime).staffAccounts.summaries(officerIds);
  const byId = new Map(accounts.map((a) => [a.id, `${a.displayName} (${(JSON.parse(a.roles) as string[]).join(", ")})`]));
  const registries: RegistryRead[] = [];
  const officers: OfficerRead[] = [];
  for (const entry of entries) {
    const at = new Date(entry.at).toISOString();
    if (entry.kind === "registry") {
      registries.push({
        at,
        registry: names.registries[entry.who] ?? entry.who,
        operation: names.operations[`${entry.who}.${entry.what}`] ?? entry.what,
        purpose: entry.why ?? "",
        ...resultOf(entry, lang),
        finished: entry.finished !== false,
        applicationId: entry.applicationId,
      });
    } else {
      const who = String(entry.who ?? "");
      officers.push({
        at,
        who: byId.get(who.replace(/^officer:/, "")) ?? who,
        action: t(lang, `action_${entry.what}` as MessageKey),
        purpose: entry.why ?? "",
        applicationId: entry.applicationId,
      });
    }
  }
  return { registries, officers };
}
