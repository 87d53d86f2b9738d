/**
 * `npm start`'s first half: makes a fresh clone runnable. Generates the Prisma clients when the schema
 * changed (prisma/generate.ts keeps a hash) and builds the web app when builder/build is missing or
 * older than any source the bundle is made from.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: repo, stdio: "inherit" });

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry === "build" || entry === "generated" || entry.startsWith(".")) continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

run("npx", ["tsx", "prisma/generate.ts"]);

const marker = join(repo, "builder/build/server/index.js");
const sources = ["builder/app", "builder/vite.config.ts", "engine", "package-lock.json"].map((p) => join(repo, p)).filter(existsSync);
const stale = !existsSync(marker) || sources.some((source) => newest(source) > statSync(marker).mtimeMs);
if (stale) {
  console.log("building the web app (builder/build)…");
  // Always React's production build: vitest's NODE_ENV=test would otherwise ship react-dom.development
  // (StrictMode's double effects, slower) to the browser tests and the studio bench.
  execFileSync("npx", ["remix", "vite:build", "--config", "builder/vite.config.ts"], { cwd: repo, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
} else {
  console.log("builder/build is up to date");
}
