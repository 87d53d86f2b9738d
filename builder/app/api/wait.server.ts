/**
 * `Prefer: wait=<seconds>` (RFC 7240) on reading an application or answering its form: while the service works
 * on it (status "processing"), the answer is held until the application changes or the seconds pass (at most
 * 10), so a client learns of the registry's reply and the decision without polling. One timer per runtime looks
 * at every held application in one query every few milliseconds; it stops when nothing is held.
 */
import { viewsOf, type Runtime } from "../../../runtime";

const TICK_MS = 10;
export const MAX_WAIT_SECONDS = 10;
/** Held answers per process: past this, a request is answered at once (a flood of waits costs no more than reads). */
export const MAX_HELD = 2000;

/** The wait the request prefers, in ms (0: none), capped at MAX_WAIT_SECONDS. */
export function preferredWaitMs(request: Request): number {
  const wait = request.headers.get("prefer")?.match(/(?:^|[\s,;])wait\s*=\s*"?(\d{1,6})"?/i)?.[1];
  return wait ? Math.min(Number(wait), MAX_WAIT_SECONDS) * 1000 : 0;
}

interface Held {
  id: string;
  version: number;
  until: number;
  done: () => void;
}

class ChangeWatch {
  private held = new Set<Held>();
  private timer?: NodeJS.Timeout;

  constructor(private runtime: Runtime) {}

  get size(): number {
    return this.held.size;
  }

  /** Resolves when the application is no longer at `version` or processing, when `ms` pass, or on abort. */
  wait(id: string, version: number, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const entry: Held = {
        id,
        version,
        until: Date.now() + ms,
        done: () => {
          this.held.delete(entry);
          signal?.removeEventListener("abort", entry.done);
          resolve();
        },
      };
      if (signal?.aborted) return resolve();
      signal?.addEventListener("abort", entry.done, { once: true });
      this.held.add(entry);
      this.schedule();
    });
  }

  private schedule() {
    if (this.timer || !this.held.size) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tick()
        .catch(() => {
          for (const entry of this.held) entry.done(); // answer with what is there rather than hang
        })
        .finally(() => this.schedule());
    }, TICK_MS);
    this.timer.unref();
  }

  private async tick() {
    const now = Date.now();
    const changes = await viewsOf(this.runtime).applications.changes([...new Set([...this.held].map((entry) => entry.id))]);
    for (const entry of this.held) {
      const current = changes.get(entry.id);
      if (!current || current.version !== entry.version || current.status !== "processing" || now >= entry.until) entry.done();
    }
  }
}

const watches = new WeakMap<Runtime, ChangeWatch>();

/** Waits (see above) for an application the caller may read, at `version`, if it is processing and a wait was asked for. */
export async function waitWhileProcessing(
  runtime: Runtime,
  request: Request,
  application: { id: string; version: number; status: string },
  maxHeld = MAX_HELD,
): Promise<boolean> {
  const ms = preferredWaitMs(request);
  if (!ms || application.status !== "processing") return false;
  let watch = watches.get(runtime);
  if (!watch) watches.set(runtime, (watch = new ChangeWatch(runtime)));
  if (watch.size >= maxHeld) return false;
  await watch.wait(application.id, application.version, ms, request.signal);
  return true;
}
