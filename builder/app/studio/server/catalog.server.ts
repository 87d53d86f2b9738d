/** The catalog the studio validates against: the runtime's registries, templates and roles, and its handlers. */
import type { Catalog } from "../../../../engine";
import type { Runtime } from "../../../../runtime";
import { exampleCatalog } from "../../../../service-definitions";

let base: Omit<Catalog, "handlers"> | undefined;

export function studioCatalog(runtime: Runtime): Catalog {
  if (!base) {
    const { registries, templates, roles } = exampleCatalog();
    base = { registries, templates, roles };
  }
  return { ...base, handlers: runtime.handlerCatalog() };
}
