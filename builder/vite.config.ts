/**
 * Vite + Remix for the web app. The app lives in builder/app and builds to builder/build
 * (gitignored). The config is rooted at builder/ so it works from any working directory.
 */
import { realpathSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig, type Plugin } from "vite";
import { serviceWorkerPlugin } from "./app/offline/vite-plugin";

const builderDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(builderDir, "..");

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * Node-only packages the engine loads on demand (type generation): the browser bundle gets a stub
 * that says so instead of a copy of prettier and friends.
 */
function serverOnlyInBrowser(ids: string[]): Plugin {
  return {
    name: "civic-flow:server-only-in-browser",
    enforce: "pre",
    resolveId(id, _importer, options) {
      return ids.includes(id) && !options?.ssr ? `\0server-only:${id}` : null;
    },
    load(id) {
      if (!id.startsWith("\0server-only:")) return null;
      return `export function compile() { throw new Error("${id.slice(13)} runs on the server only"); }`;
    },
  };
}

export default defineConfig({
  // Remix reads the root package.json, so Vite is rooted at the repository.
  root: repoRoot,
  // The app imports the engine (../engine) for live validation in the browser.
  server: { fs: { allow: [repoRoot, realpathSync(resolve(repoRoot, "node_modules"))] } },
  plugins: [
    serverOnlyInBrowser(["json-schema-to-typescript"]),
    // /sw.js: the portal's service worker (documents offline).
    serviceWorkerPlugin(),
    remix({
      appDirectory: resolve(builderDir, "app"),
      buildDirectory: resolve(builderDir, "build"),
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        // Off: lazy discovery watches every DOM insertion for links, and a studio canvas of 1,000 steps
        // inserts thousands of elements (~0.3–1.3 s of its opening). The whole route manifest is small.
        v3_lazyRouteDiscovery: false,
      },
    }),
  ],
  build: { chunkSizeWarningLimit: 5000 },
  worker: { format: "es" },
  optimizeDeps: {
    include: ["react", "react-dom", "react-dom/client", "monaco-yaml", "@xyflow/react", "@rjsf/core", "@rjsf/validator-ajv8", "@dagrejs/dagre"],
    // Monaco is hundreds of ES modules imported one by one: served as they are in development.
    exclude: ["monaco-editor"],
  },
  logLevel: process.env.VITE_LOG_LEVEL === "silent" ? "silent" : "info",
});
