/**
 * Builds the service worker (service-worker.ts and what it imports) into one classic script at /sw.js: emitted
 * into builder/build/client by the client build (served there by builder/server.ts's static files), and made
 * on each request by the development server. At the root, its scope is the whole site with no
 * Service-Worker-Allowed header; a classic script (not a module) runs in every browser that has service workers.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Plugin } from "vite";

const ENTRY = resolve(dirname(fileURLToPath(import.meta.url)), "service-worker.ts");

export async function bundleServiceWorker(minify: boolean): Promise<string> {
  const result = await build({ entryPoints: [ENTRY], bundle: true, format: "iife", target: "es2022", write: false, minify, legalComments: "none", logLevel: "silent" });
  return result.outputFiles[0].text;
}

export function serviceWorkerPlugin(): Plugin {
  let ssr = false;
  return {
    name: "civic-flow:service-worker",
    configResolved(config) {
      ssr = !!config.build.ssr;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.method !== "GET" || req.url?.split("?")[0] !== "/sw.js") return next();
        bundleServiceWorker(false).then((code) => {
          res.setHeader("Content-Type", "text/javascript; charset=utf-8");
          res.setHeader("Cache-Control", "no-cache");
          res.end(code);
        }, next);
      });
    },
    async generateBundle() {
      if (ssr) return;
      this.emitFile({ type: "asset", fileName: "sw.js", source: await bundleServiceWorker(true) });
    },
  };
}
