/**
 * Over HTTP (DESIGN.md section 8): complete applications through the JSON API, driven by autocannon on
 * loopback against the production server in its own process (bench/http-bench-server.ts: the built app,
 * a throwaway SQLite database; the stand-in registries in a process of their own, bench/http-bench-registries.ts).
 *
 * Citizens sign in as a browser does (the stand-in BankID page) and trade their session for a bearer token
 * (POST /api/v1/tokens), as a mobile app would. Each of the 50 connections then loops: start an application
 * of the bench service, answer its form with `Prefer: wait=10` (the answer comes once the worker has called
 * the population register over X-Road and decided), and read it again, also with `Prefer: wait`, for as long
 * as it is still processing. An application counts when it is seen approved.
 * The server's resident memory is sampled from /proc/<pid>/status while the load runs.
 *
 * BENCH_HTTP_PROFILE=<dir>: the server runs with --cpu-prof and writes its profile there on exit.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { demoPeople } from "../stand-ins/data/people";
import type { BenchRow } from "./measure";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const SERVICE = "bench-address-check";
const CONNECTIONS = 50;
/**
 * The server's V8 old-space limit. With the default (several GB) V8 collects lazily: under this load the heap
 * grew to ~380 MB with ~125 MB live and RSS passed 540 MB. About twice the live set under load bounds the heap
 * at a small cost in collections (the same flag belongs in a deployment's NODE_OPTIONS, sized to its memory).
 */
const SERVER_HEAP_MB = 256;
/** Reads of one application before the connection gives up on it and starts another. */
const MAX_READS = 30;

interface Options {
  connections?: number;
  seconds?: number;
  citizens?: number;
  /** Build the app first when it is stale (as `npm start` and the browser tests do). */
  build?: boolean;
}

export async function benchHttp(options: Options = {}): Promise<BenchRow[]> {
  const { connections = CONNECTIONS, seconds = 20, citizens = 20, build = true } = options;
  if (build) execFileSync("npx", ["tsx", "builder/scripts/prepare-start.ts"], { cwd: repo, stdio: ["ignore", "ignore", "inherit"] });
  const dir = mkdtempSync(join(tmpdir(), "bench-http-"));
  const server = await startServer(dir);
  try {
    const tokens: string[] = [];
    for (const person of demoPeople().slice(0, citizens)) tokens.push(await bearerToken(server.url, person.taxId));

    await applications(server.url, tokens, { connections: 10, seconds: 3 }); // warm-up: schemas, machines, JIT
    const memory = sampleRss(server.child.pid!);
    const cpuBefore = cpuMsOf(server.child.pid!);
    await server.eventLoop();
    const load = await applications(server.url, tokens, { connections, seconds });
    const serverCpuMs = cpuMsOf(server.child.pid!) - cpuBefore;
    const eventLoop = await server.eventLoop();
    const peakMb = memory.stop();
    const catalog = await autocannon({ url: `${server.url}/`, connections, duration: 8, headers: { "accept-language": "uk" } });

    const perSecond = load.completed / load.seconds;
    const p99 = load.result.latency.p99;
    const failed = load.result.non2xx + load.result.errors + load.result.timeouts;
    return [
      {
        what: `HTTP: complete applications/s (JSON API, SQLite, ${connections} connections)`,
        value: `${perSecond.toFixed(0)}/s (${load.completed} in ${load.seconds.toFixed(0)} s, ${load.result.requests.total} requests${failed ? `, ${failed} failed` : ""}, start→final median ${load.medianMs.toFixed(0)} ms; server CPU ${(serverCpuMs / load.completed).toFixed(1)} ms per application, ${((100 * serverCpuMs) / (load.seconds * 1000)).toFixed(0)}% of a core, event loop ${(100 * eventLoop.utilisation).toFixed(0)}% busy, ${(eventLoop.commits / load.completed).toFixed(2)} commits per application carrying ${(eventLoop.changes / Math.max(1, eventLoop.commits)).toFixed(1)} changes each; stand-in registries in their own process)`,
        target: "≥ 300/s",
        ok: perSecond >= 300 && failed === 0,
      },
      { what: "HTTP: p99 latency of those requests", value: `${p99} ms (p50 ${load.result.latency.p50} ms, max ${load.result.latency.max} ms)`, target: "< 250 ms", ok: p99 < 250 },
      { what: "HTTP: server memory under that load (peak RSS)", value: `${peakMb.toFixed(0)} MB (--max-old-space-size=${SERVER_HEAP_MB}; ${server.startMb.toFixed(0)} MB before${eventLoop.memory ? `; at the end: V8 heap ${eventLoop.memory.heapUsed} MB used of ${eventLoop.memory.heapTotal} MB, external ${eventLoop.memory.external} MB` : ""})`, target: "≤ 400 MB", ok: peakMb <= 400 },
      {
        what: `HTTP: catalog page (GET /, ${connections} connections)`,
        value: `${catalog.requests.average.toFixed(0)} req/s (p99 ${catalog.latency.p99} ms${catalog.non2xx + catalog.errors ? `, ${catalog.non2xx + catalog.errors} failed` : ""})`,
        target: "-",
        ok: catalog.non2xx + catalog.errors === 0,
      },
    ];
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Server {
  url: string;
  child: ChildProcess;
  startMb: number;
  /** The server's event-loop utilisation and SQLite commits since the previous call. */
  eventLoop(): Promise<LoopReport>;
  stop(): Promise<void>;
}

async function startServer(dir: string): Promise<Server> {
  const profile = process.env.BENCH_HTTP_PROFILE;
  const registries = spawn(process.execPath, ["--import", "tsx", "bench/http-bench-registries.ts"], { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
  let registriesUrl: string;
  try {
    registriesUrl = await announced(registries, /^registries (http:\S+)$/m, "the stand-in registries");
  } catch (error) {
    registries.kill("SIGKILL");
    throw error;
  }
  const child = spawn(process.execPath, [`--max-old-space-size=${SERVER_HEAP_MB}`, "--import", "tsx", ...(profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : []), "bench/http-bench-server.ts"], {
    cwd: repo,
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: "0",
      DATABASE_URL: `file:${join(dir, "bench.db")}`,
      // The default registries config, pointed at the stand-ins' own process.
      STAND_INS: "0",
      XROAD_SECURITY_SERVER_URL: registriesUrl,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let url: string;
  try {
    url = await announced(child, /^listening (http:\S+)$/m, "the bench server");
  } catch (error) {
    registries.kill("SIGKILL");
    throw error;
  }
  // Keep draining its output so a chatty server never blocks on a full pipe.
  child.stderr!.resume();
  registries.stdout!.resume();
  registries.stderr!.resume();
  let answered: ((report: LoopReport) => void) | undefined;
  child.stdout!.on("data", (chunk: Buffer) => {
    const line = String(chunk).match(/^event-loop (\{.*\})$/m)?.[1];
    if (line) answered?.(JSON.parse(line) as LoopReport);
  });
  return {
    url,
    child,
    startMb: rssMb(child.pid!),
    eventLoop: () =>
      new Promise((resolve) => {
        answered = resolve;
        child.kill("SIGUSR2");
        setTimeout(() => resolve({ utilisation: Number.NaN, commits: 0, changes: 0 }), 5_000).unref();
      }),
    async stop() {
      registries.kill("SIGTERM");
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

/** What the bench server says on SIGUSR2 about the time since the previous one. */
interface LoopReport {
  /** The event loop's utilisation, 0–1. */
  utilisation: number;
  /** SQLite commits of the direct connection and the changes they carried. */
  commits: number;
  changes: number;
  /** process.memoryUsage() in MB when it answered. */
  memory?: Record<string, number>;
}

/** Resolves with the first match of `pattern` in the process's output (its URL), rejects if it exits first. */
function announced(child: ChildProcess, pattern: RegExp, what: string): Promise<string> {
  let output = "";
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start in time:\n${output}`)), 180_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = output.match(pattern);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off("data", onData);
        child.stderr!.off("data", onData);
        child.off("exit", onExit);
        resolve(match[1]);
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}):\n${output}`));
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", onExit);
  });
}

/** CPU time (user + system) a process has used, in ms, from /proc/<pid>/stat (clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMb(pid: number): number {
  const kb = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+)\s+kB/m)?.[1];
  return Number(kb ?? 0) / 1024;
}

function sampleRss(pid: number) {
  let peak = rssMb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssMb(pid));
    },
  };
}

type Answer = { status: number; headers: Headers; body: string };

async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, { ...init, redirect: "manual" });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

const cookieOf = (answer: Answer, name: string) =>
  answer.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(";")[0];
const FORM = "application/x-www-form-urlencoded";

/** Signs a citizen in through the stand-in BankID page as a browser does, then trades the session for a bearer token. */
async function bearerToken(base: string, taxId: string): Promise<string> {
  const page = await send(`${base}/signin`);
  const anonymous = cookieOf(page, "cf_csrf");
  const csrf = page.body.match(/name="csrf" value="([^"]+)"/)?.[1];
  if (!anonymous || !csrf) throw new Error(`no CSRF token on /signin (${page.status})`);
  const begin = await send(`${base}/signin`, {
    method: "POST",
    headers: { cookie: anonymous, "content-type": FORM, origin: base },
    body: new URLSearchParams({ csrf, provider: "bankid", returnTo: "/applications" }),
  });
  const authorize = new URL(begin.headers.get("location") ?? "", base);
  const chosen = await send(authorize.href, {
    method: "POST",
    headers: { cookie: anonymous, "content-type": FORM, origin: base },
    body: new URLSearchParams({ csrf, state: authorize.searchParams.get("state") ?? "", taxId }),
  });
  const callback = await send(new URL(chosen.headers.get("location") ?? "/", base).href, { headers: { cookie: String(cookieOf(begin, "cf_signin")) } });
  const session = cookieOf(callback, "cf_session");
  if (!session) throw new Error(`sign-in of ${taxId} failed: ${begin.status} ${chosen.status} ${callback.status}`);
  const me = JSON.parse((await send(`${base}/api/v1/me`, { headers: { cookie: session } })).body) as { csrfToken: string };
  const token = await send(`${base}/api/v1/tokens`, { method: "POST", headers: { cookie: session, "x-csrf-token": me.csrfToken } });
  if (token.status !== 201) throw new Error(`no bearer token for ${taxId}: ${token.status} ${token.body}`);
  return (JSON.parse(token.body) as { token: string }).token;
}

interface Ctx {
  token?: string;
  id?: string;
  startedAt?: number;
  final?: boolean;
}

/**
 * Each connection: POST /applications, POST …/answers, then GET … until final. A request whose setupRequest
 * returns null makes autocannon start the connection's sequence over (a fresh context): that is how the
 * reads stop once the application is final.
 */
async function applications(base: string, tokens: string[], { connections, seconds }: { connections: number; seconds: number }) {
  let next = 0;
  let completed = 0;
  const times: number[] = [];
  const auth = (ctx: Ctx) => ({ authorization: `Bearer ${ctx.token}`, "content-type": "application/json", accept: "application/json", prefer: "wait=10" });
  const settle = (ctx: Ctx, status: number, body: string) => {
    if (status !== 200) return;
    const app = JSON.parse(body) as { status: string };
    if (app.status === "processing" || app.status === "draft") return;
    ctx.final = true;
    if (app.status === "done") {
      completed++;
      times.push(performance.now() - ctx.startedAt!);
    }
  };
  const read: autocannon.Request = {
    method: "GET",
    setupRequest: (req, context) => {
      const ctx = context as Ctx;
      return ctx.final || !ctx.id ? (null as unknown as autocannon.Request) : { ...req, path: `/api/v1/applications/${ctx.id}?lang=en`, headers: auth(ctx) };
    },
    onResponse: (status, body, context) => settle(context as Ctx, status, body),
  };
  const requests: autocannon.Request[] = [
    {
      method: "POST",
      path: "/api/v1/applications",
      setupRequest: (req, context) => {
        const ctx = context as Ctx;
        ctx.token = tokens[next++ % tokens.length];
        ctx.startedAt = performance.now();
        return { ...req, headers: auth(ctx), body: JSON.stringify({ serviceId: SERVICE }) };
      },
      onResponse: (status, body, context) => {
        if (status === 201) (context as Ctx).id = (JSON.parse(body) as { applicationId: string }).applicationId;
      },
    },
    {
      method: "POST",
      setupRequest: (req, context) => {
        const ctx = context as Ctx;
        if (!ctx.id) return null as unknown as autocannon.Request;
        return { ...req, path: `/api/v1/applications/${ctx.id}/answers?lang=en`, headers: auth(ctx), body: JSON.stringify({ step: "ask", answers: { purpose: "bench" } }) };
      },
      onResponse: (status, body, context) => settle(context as Ctx, status, body),
    },
    ...Array.from({ length: MAX_READS }, () => read),
  ];
  const started = performance.now();
  const result = await autocannon({ url: base, connections, duration: seconds, requests, timeout: 30 });
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return { result, completed, seconds: elapsed, medianMs: times[Math.floor(times.length / 2)] ?? Number.NaN };
}

const isMain = process.argv[1] && import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const { printTable } = await import("./measure");
  printTable(await benchHttp({ build: process.env.BENCH_HTTP_BUILD !== "0" }));
}
