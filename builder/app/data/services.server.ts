/** Published services as the portal shows them: the latest version of each, localised, searchable. */
import { localize, type ServiceDefinition } from "../../../engine";
import type { Database } from "../../../runtime";
import type { Lang } from "../i18n/lang";

type Db = Database["prisma"];

export interface CatalogEntry {
  id: string;
  version: number;
  title: string;
  description: string;
  owner: string;
  category: string | null;
  tags: string[];
}

// Published versions are immutable: their parsed definitions are cached by version id.
const definitions = new Map<string, ServiceDefinition>();

export async function definitionOfVersion(db: Db, versionId: string): Promise<ServiceDefinition | null> {
  const hit = definitions.get(versionId);
  if (hit) return hit;
  const row = await db.serviceVersion.findUnique({ where: { id: versionId }, select: { definition: true } });
  if (!row) return null;
  const definition = JSON.parse(row.definition) as ServiceDefinition;
  definitions.set(versionId, definition);
  return definition;
}

async function latestVersions(db: Db) {
  const versions = await db.serviceVersion.findMany({ select: { id: true, serviceId: true, number: true }, orderBy: [{ serviceId: "asc" }, { number: "desc" }] });
  const latest = new Map<string, { id: string; number: number }>();
  for (const v of versions) if (!latest.has(v.serviceId)) latest.set(v.serviceId, { id: v.id, number: v.number });
  return latest;
}

const texts = (text: unknown): string[] => (typeof text === "string" ? [text] : text && typeof text === "object" ? Object.values(text as Record<string, string>) : []);

function entry(definition: ServiceDefinition, version: number, lang: Lang): CatalogEntry {
  const main = definition.languages[0];
  return {
    id: definition.id,
    version,
    title: localize(definition.title, lang, main),
    description: localize(definition.description, lang, main),
    owner: definition.owner,
    category: definition.category ?? null,
    tags: definition.tags ?? [],
  };
}

/** Every published service, matching `query` (words in the title, description, owner or tags, in either language). */
export async function catalog(db: Db, lang: Lang, query = ""): Promise<CatalogEntry[]> {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const result: CatalogEntry[] = [];
  for (const [, version] of await latestVersions(db)) {
    const definition = await definitionOfVersion(db, version.id);
    if (!definition) continue;
    if (words.length) {
      const haystack = [
        ...texts(definition.title),
        ...texts(definition.description),
        definition.owner,
        ...(definition.tags ?? []),
        definition.id,
      ]
        .join(" ")
        .toLowerCase();
      if (!words.every((word) => haystack.includes(word))) continue;
    }
    result.push(entry(definition, version.number, lang));
  }
  return result.sort((a, b) => a.title.localeCompare(b.title, lang));
}

export async function catalogEntry(db: Db, serviceId: string, lang: Lang): Promise<CatalogEntry | null> {
  const latest = await db.serviceVersion.findFirst({ where: { serviceId }, orderBy: { number: "desc" }, select: { id: true, number: true } });
  if (!latest) return null;
  const definition = await definitionOfVersion(db, latest.id);
  return definition ? entry(definition, latest.number, lang) : null;
}
