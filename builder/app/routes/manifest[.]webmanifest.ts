/** The web app manifest: the portal installs as an app that opens on the citizen's documents (offline/app-manifest.ts). */
import { webAppManifest } from "../offline/app-manifest";

export const loader = () =>
  new Response(JSON.stringify(webAppManifest()), { headers: { "content-type": "application/manifest+json; charset=utf-8", "cache-control": "public, max-age=3600" } });
