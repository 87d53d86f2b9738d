/**
 * Publishes the example services (service-definitions/*) on start. Publishing content identical to the
 * latest version is a no-op in the runtime, so a restart publishes nothing new.
 */
import { loadDefinition, parseScenario } from "../../engine";
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
      // The same gate as the studio's publish: every scenario passes, every outcome edge is covered or waived.
      const parsed = service.scenarios.map((file) => parseScenario(file.text).scenario);
      const scenarios = parsed.filter((s) => s !== undefined);
      if (scenarios.length < parsed.length) throw new Error("a scenario file does not parse");
      const version = await runtime.publish(definition, by, { scenarios });
      (version.unchanged ? result.unchanged : result.published).push(`${version.serviceId} v${version.number}`);
    } catch (error) {
      result.failed.push({ id: service.id, error: (error as Error).message });
    }
  }
  return result;
}
