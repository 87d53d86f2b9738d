/**
 * What the studio needs from the server process besides the runtime: the catalog it validates against
 * and the example services to start from. Built here (Node, run by tsx) and handed to routes in the
 * load context, so the bundled app neither reads files relative to itself nor carries runtime code.
 */
import { composeCatalog, type Catalog } from "../../engine";
import type { Runtime } from "../../runtime";
import { exampleCatalog, exampleServices } from "../../service-definitions";

export interface ExampleService {
  id: string;
  /** service.yaml as written, comments included. */
  text: string;
  scenarios: { name: string; text: string }[];
}

export interface StudioServices {
  /** The catalog publishing validates against (the runtime's: discovered registries, templates, roles, payment providers, handlers). */
  catalog(): Catalog;
  examples(): ExampleService[];
}

export function createStudioServices(runtime: Runtime): StudioServices {
  // One source: what the studio checks is what publish checks. A runtime built without a catalog (some
  // tests) gets the committed snapshot with its own handlers, as the CLI would check.
  const snapshot = exampleCatalog();
  let examples: ExampleService[] | undefined;
  return {
    catalog: () => runtime.catalog() ?? composeCatalog(snapshot, { handlers: runtime.handlerCatalog() }),
    examples: () =>
      (examples ??= exampleServices().map((folder) => ({
        id: folder.id,
        text: folder.text,
        scenarios: folder.scenarios.map((s) => ({ name: s.file.split(/[\\/]/).pop()!, text: s.text })),
      }))),
  };
}
