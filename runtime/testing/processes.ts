import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");

/** Starts `runtime/worker-main.ts` as a real process (node --import tsx), so SIGKILL hits the worker itself. */
export function spawnWorker(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "runtime", "worker-main.ts")], {
    cwd: root,
    env: { ...process.env, CIVIC_WORKER_SETUP: join(here, "worker-setup.ts"), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr?.on("data", (chunk) => process.env.DEBUG_WORKERS && process.stderr.write(chunk));
  child.stdout?.on("data", (chunk) => process.env.DEBUG_WORKERS && process.stdout.write(chunk));
  return child;
}

export async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

export async function waitFor(condition: () => Promise<boolean>, timeoutMs: number, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`Timed out after ${timeoutMs} ms`);
}
