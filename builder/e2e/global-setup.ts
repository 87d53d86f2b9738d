/** Builds the app when stale and starts the real server for the browser tests; stops it afterwards. */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startServerProcess, type ServerProcess } from "./server-process";

let server: ServerProcess | undefined;

export default async function setup(project: TestProject) {
  // E2E_BASE_URL: test a server that is already running (e.g. `npm run dev`) instead of starting one.
  if (process.env.E2E_BASE_URL) {
    project.provide("baseUrl", process.env.E2E_BASE_URL.replace(/\/$/, ""));
    project.provide("dataDir", mkdtempSync(join(tmpdir(), "civic-e2e-")));
    return;
  }
  execFileSync("npx", ["tsx", "builder/scripts/prepare-start.ts"], { stdio: "inherit" });
  const dataDir = mkdtempSync(join(tmpdir(), "civic-e2e-"));
  server = await startServerProcess({ databaseUrl: `file:${join(dataDir, "e2e.db")}` });
  project.provide("baseUrl", server.url);
  project.provide("dataDir", dataDir);
  return async () => {
    await server?.stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    dataDir: string;
  }
}
