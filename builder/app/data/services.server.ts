/** Published services as the portal shows them: the latest version of each, localised, searchable. */
import { localize, type ServiceDefinition } from "../../../engine";
import { viewsOf, type ViewSource } from "../../../runtime";
import type { Lang } from "../i18n/lang";


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
const versions = new Map<string, { definition: ServiceDefinition; number: number }>();

/** A published version's definition and number (null for an unknown id). */
export async function versionOf(source: ViewSource, versionId: string): Promise<{ definition: ServiceDefinition; number: number } | null> {
  const hit = versions.get(versionId);
  if (hit) return hit;
  const stored = await viewsOf(source).services.definitionOf(versionId);
  if (stored === null) return null;
  const version = { definition: JSON.parse(stored.definition) as ServiceDefinition, number: stored.number };
  versions.set(versionId, version);
  return version;
}

export async function definitionOfVersion(source: ViewSource, versionId: string): Promise<ServiceDefinition | null> {
  return (await versionOf(source, versionId))?.definition ?? null;
}

const texts = (text: unknown): string[] => (typeof text === "string" ? [text] : text && typeof text === "object" ? Object.values(text as Record<string, string>) : []);

function entry(definition: ServiceDefinition, version: number, lang: Lang): CatalogEntry {
  const main = definition.languages[0];
  return {
    id: definition.id,
    version,
    title: localize(definition.title, lang, main),
    description: localize(definition.description, lang, main),
    owner: localize(definition.owner, lang, main),
    category: definition.category ?? null,
    tags: definition.tags ?? [],
  };
}

/** Every published service, matching `query` (words in the title, description, owner or tags, in either language). */
export async function catalog(source: ViewSource, lang: Lang, query = ""): Promise<CatalogEntry[]> {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const result: CatalogEntry[] = [];
  for (const [, version] of await viewsOf(source).services.latestVersions()) {
    const definition = await definitionOfVersion(source, version.id);
    if (!definition) continue;
    if (words.length) {
      const haystack = [
        ...texts(definition.title),
        ...texts(definition.description),
        ...texts(definition.owner),
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

export async function catalogEntry(source: ViewSource, serviceId: string, lang: Lang): Promise<CatalogEntry | null> {
  const latest = await viewsOf(source).services.version(serviceId);
  if (!latest) return null;
  const definition = await definitionOfVersion(source, latest.id);
  return definition ? entry(definition, latest.number, lang) : null;
}
