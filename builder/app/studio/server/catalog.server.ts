/** The catalog the studio validates against, from the server process (builder/server/studio-services.ts). */
import type { AppLoadContext } from "@remix-run/node";
import type { Catalog } from "../../../../engine";

export function studioCatalog(context: AppLoadContext): Catalog {
  return context.studio.catalog();
}
