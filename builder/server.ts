/**
 * The web app's one Node process: creates the runtime (SQLite under ./data by default, migrated on
 * open), publishes the example services, and serves the Remix app: through Vite in middleware mode
 * in development, from builder/build in production (NODE_ENV=production).
 *
 * Every request first gets the security headers and a CSP nonce, is refused cleanly if malformed or
 * cross-site, and has its body read within its path's limit before anything else runs (builder/server/*).
 *
 * Environment: PORT (3000), HOST (127.0.0.1), DATABASE_URL, NODE_ENV, SEED_EXAMPLES=0 to skip publishing,
 * PUBLIC_BASE_URL (the site in QR codes and e-mails; by default the address this server listens on).
 */
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createServer, type Server } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import type { Runtime } from "../runtime";
import { apiHandler } from "./server/api-handler";
import { createAppIdentity, createAppRuntime } from "./server/app-runtime";
import { bodyLimit } from "./server/body-limit";
import { errorHandler } from "./server/refuse";
import { remixHandler } from "./server/remix-handler";
import { requestChecks } from "./server/request-checks";
import { securityHeaders } from "./server/security-headers";
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
  // Behind a reverse proxy (TRUST_PROXY=1, as for secure cookies) the client's address is the proxy's
  // last X-Forwarded-For hop, so sign-in limits count per client and not per proxy.
  if (process.env.TRUST_PROXY === "1") app.set("trust proxy", 1);
  const server = createServer(app);
  // A request (headers and body) has a minute; a slow client holds its own connection only.
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  app.use(securityHeaders({ development: !production }));
  app.use(requestChecks());
  // Analysts only, for every request under /studio (pages, data, the studio's API); before its bodies are read.
  app.use("/studio", studioGuard(runtime));
  app.use(bodyLimit());
  const studio = createStudioServices(runtime);
  const identity = await createAppIdentity();
  const loadContext = () => ({ runtime, studio, ...identity });
  // The JSON API before static files and Remix: its calls need neither (builder/server/api-handler.ts).
  app.use("/api/v1", apiHandler(loadContext));
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
      // HMR's websocket on this server's own port (no second fixed port to collide on).
      server: { middlewareMode: true, hmr: { server } },
    });
    app.use(devServer.middlewares);
    build = () => devServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
    closeVite = () => devServer.close();
  }
  app.all("*", remixHandler({ build, mode: production ? "production" : "development", loadContext }));
  app.use(errorHandler());

  const port = options.port ?? Number(process.env.PORT ?? 3000);
  const host = options.host ?? process.env.HOST ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const url = `http://${urlHost(host)}:${typeof address === "object" && address ? address.port : port}`;
  // Share links, QR codes and e-mail links point here unless PUBLIC_BASE_URL says otherwise.
  runtime.issuedDocuments.listeningBaseUrl = url;
  runtime.inbox.listeningBaseUrl = url;
  return {
    url,
    runtime,
    server,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Open connections (a client still sending a body, keep-alive) would hold close() up.
      server.closeAllConnections();
      await closed;
      await closeVite();
      if (!options.runtime) await runtime.close();
    },
  };
}

/** A host for links: a wildcard address means this machine; IPv6 literals need brackets. */
function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
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
