/**
 * Publishes the example services (service-definitions/*) on start. Publishing content identical to the
 * latest version is a no-op in the runtime, so a restart publishes nothing new.
 */
import { loadDefinition } from "../../engine";
import type { Runtime } from "../../runtime";
import { exampleCatalog, exampleServices } from "../../service-definitions";

export interface SeedResult {
  published: string[];
  unchanged: string[];
  failed: { id: string; error: string }[];
}

export async function publishExampleServices(runtime: Runtime, by = "examples"): Promise<SeedResult> {
  const result: SeedResult = { published: [], unchanged: [], failed: [] };
  const catalog = exampleCatalog();
  for (const service of exampleServices()) {
    const { definition } = loadDefinition(service.text, { catalog });
    if (!definition) {
      result.failed.push({ id: service.id, error: "the service.yaml does not load" });
      continue;
    }
    try {
      const version = await runtime.publish(definition, by);
      (version.unchanged ? result.unchanged : result.published).push(`${version.serviceId} v${version.number}`);
    } catch (error) {
      result.failed.push({ id: service.id, error: (error as Error).message });
    }
  }
  return result;
}
