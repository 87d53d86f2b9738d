/**
 * Vite + Remix for the web app. The app lives in builder/app and builds to builder/build
 * (gitignored). The config is rooted at builder/ so it works from any working directory.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

const builderDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(builderDir, "..");

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  // Remix reads the root package.json, so Vite is rooted at the repository.
  root: repoRoot,
  // The app imports the engine (../engine) for live validation in the browser.
  server: { fs: { allow: [repoRoot] } },
  resolve: {
    alias: [
      // monaco-editor's exports map hides esm/vs/…, which monaco-yaml's worker and the studio import.
      { find: /^monaco-editor\/esm\/vs\/(.*)$/, replacement: `${repoRoot}/node_modules/monaco-editor/esm/vs/$1` },
    ],
  },
  plugins: [
    remix({
      appDirectory: resolve(builderDir, "app"),
      buildDirectory: resolve(builderDir, "build"),
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
  build: { chunkSizeWarningLimit: 5000 },
  worker: { format: "es" },
  optimizeDeps: { include: ["react", "react-dom", "react-dom/client"] },
  logLevel: process.env.VITE_LOG_LEVEL === "silent" ? "silent" : "info",
});
