/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: initdb + pg_ctl from Debian's
 * `postgresql` package on a free port, in a temporary folder, removed on stop.
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PostgresCluster {
  url: string;
  /** The postmaster's process id: it and its children are the cluster's processes (for CPU accounting). */
  pid: number;
  /** A connection URL for a new, empty database in this cluster. */
  createDatabase(name: string): Promise<string>;
  stop(): void;
}

export function postgresBinDir(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (process.env.PG_BIN && existsSync(join(process.env.PG_BIN, "initdb"))) return process.env.PG_BIN;
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(root, v, "bin", "initdb"))) return join(root, v, "bin");
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ClusterOptions {
  /** Extra server settings (`-c name=value`), e.g. shared_preload_libraries=pg_stat_statements. */
  settings?: Record<string, string>;
}

export async function startPostgresCluster(clusterOptions: ClusterOptions = {}): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("PostgreSQL binaries not found (apt-get install -y postgresql)");
  const dir = mkdtempSync(join(tmpdir(), "civic-pg-"));
  const dataDir = join(dir, "data");
  // initdb refuses to run as root: run the cluster as the `postgres` system user then.
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileSync("runuser", ["-u", "postgres", "--", join(bin, cmd), ...args], { stdio: "pipe" })
      : execFileSync(join(bin, cmd), args, { stdio: "pipe" });
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  run("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on -c shared_buffers=64MB${Object.entries(clusterOptions.settings ?? {})
    .map(([name, value]) => ` -c ${name}=${value}`)
    .join("")}`;
  run("pg_ctl", ["-D", dataDir, "-o", options, "-l", join(dir, "log.txt"), "-w", "start"]);
  const base = `postgresql://postgres@127.0.0.1:${port}`;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.once("exit", stop);
  const pid = Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  return {
    url: `${base}/postgres`,
    pid,
    async createDatabase(name) {
      const pg = await import("pg");
      const client = new pg.default.Client({ connectionString: `${base}/postgres` });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/[^a-zA-Z0-9_]/g, "_")}"`);
      } finally {
        await client.end();
      }
      return `${base}/${name.replace(/[^a-zA-Z0-9_]/g, "_")}`;
    },
    stop,
  };
}
