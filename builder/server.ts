/**
 * The web app's one Node process: creates the runtime (SQLite under ./data by default, migrated on
 * open), publishes the example services, and serves the Remix app: through Vite in middleware mode
 * in development, from builder/build in production (NODE_ENV=production).
 *
 * Environment: PORT (3000), HOST (127.0.0.1), DATABASE_URL, NODE_ENV, SEED_EXAMPLES=0 to skip publishing.
 */
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Server } from "node:http";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import type { Runtime } from "../runtime";
import { createAppRuntime } from "./server/app-runtime";
import { publishExampleServices } from "./server/seed-examples";
import { studioGuard } from "./server/studio-guard";
import { createStudioServices } from "./server/studio-services";

const builderDir = dirname(fileURLToPath(import.meta.url));

export interface AppServerOptions {
  port?: number;
  host?: string;
  production?: boolean;
  runtime?: Runtime;
  seed?: boolean;
  log?: (line: string) => void;
}

export interface AppServer {
  url: string;
  runtime: Runtime;
  server: Server;
  close(): Promise<void>;
}

export async function startAppServer(options: AppServerOptions = {}): Promise<AppServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const production = options.production ?? process.env.NODE_ENV === "production";
  const runtime = options.runtime ?? (await createAppRuntime());
  if (options.seed ?? process.env.SEED_EXAMPLES !== "0") {
    const seeded = await publishExampleServices(runtime);
    if (seeded.published.length) log(`published ${seeded.published.join(", ")}`);
    for (const failure of seeded.failed) log(`example ${failure.id} not published: ${failure.error}`);
  }

  const app = express();
  app.disable("x-powered-by");
  // Analysts only, for every request under /studio (pages, data, the studio's API).
  app.use("/studio", studioGuard(runtime));
  let build: ServerBuild | (() => Promise<ServerBuild>);
  let closeVite = async () => {};
  if (production) {
    const client = join(builderDir, "build/client");
    app.use("/assets", express.static(join(client, "assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(client, { maxAge: "1h" }));
    build = (await import(pathToFileURL(join(builderDir, "build/server/index.js")).href)) as ServerBuild;
  } else {
    const vite = await import("vite");
    const devServer = await vite.createServer({
      configFile: join(builderDir, "vite.config.ts"),
      server: { middlewareMode: true },
    });
    app.use(devServer.middlewares);
    build = () => devServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
    closeVite = () => devServer.close();
  }
  const studio = createStudioServices(runtime);
  app.all("*", createRequestHandler({ build, mode: production ? "production" : "development", getLoadContext: () => ({ runtime, studio }) }));

  const port = options.port ?? Number(process.env.PORT ?? 3000);
  const host = options.host ?? process.env.HOST ?? "127.0.0.1";
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(port, host, () => resolve(listening)).on("error", reject);
  });
  const address = server.address();
  const url = `http://${host}:${typeof address === "object" && address ? address.port : port}`;
  return {
    url,
    runtime,
    server,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await closeVite();
      if (!options.runtime) await runtime.close();
    },
  };
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const app = await startAppServer();
  console.log(`civic-flow at ${app.url} (studio: ${app.url}/studio)`);
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
