import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");

/** Starts `runtime/worker-main.ts` as a real process (node --import tsx), so SIGKILL hits the worker itself. */
export function spawnWorker(env: Record<string, string>, nodeArgs: string[] = []): ChildProcess {
  return spawnProcess(join(root, "runtime", "worker-main.ts"), env, nodeArgs);
}

/**
 * Starts a TypeScript entry point as a real process (node --import tsx); DEBUG_WORKERS=1 shows its output.
 * `nodeArgs` go to node itself (e.g. --cpu-prof, which NODE_OPTIONS refuses).
 */
export function spawnProcess(script: string, env: Record<string, string>, nodeArgs: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", script], {
    cwd: root,
    env: { ...process.env, CIVIC_WORKER_SETUP: join(here, "worker-setup.ts"), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr?.on("data", (chunk) => process.env.DEBUG_WORKERS && process.stderr.write(chunk));
  child.stdout?.on("data", (chunk) => process.env.DEBUG_WORKERS && process.stdout.write(chunk));
  return child;
}

/** Resolves when the process prints a line matching `pattern` on stdout (e.g. its "ready" line). */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => finish(new Error(`No line matching ${pattern} within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split("\n").find((candidate) => pattern.test(candidate));
      if (line) finish(undefined, line);
    };
    const onExit = (code: number | null) => finish(new Error(`The process exited (${code}) before printing ${pattern}`));
    function finish(error?: Error, line?: string) {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve(line!);
    }
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
  });
}

/** SIGKILL, and waits until the process is gone. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
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
