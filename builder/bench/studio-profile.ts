/**
 * Where the studio's time goes on a large service (not part of `npm run bench`): opens a generated
 * service in the production build and adds steps as studio-bench.ts does, reading the page's
 * main-thread busy time from Chromium (CDP Performance metrics: CPU time of the page's thread, so
 * less moved by other processes' load than wall time) and, with PROFILE=dir, writing a CPU profile of
 * the opening and of the edits there. `npx tsx builder/bench/studio-profile.ts [steps] [edits]`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { generateLargeService } from "../../engine";
import { launchChromium } from "../e2e/browser";
import { startServerProcess } from "../e2e/server-process";
import { ANALYSTS, signInToStudio } from "../e2e/studio-page";
import { importDraft, timeEdit, timeOpen } from "./studio-bench";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const steps = Number(process.argv[2] ?? 1000);
const edits = Number(process.argv[3] ?? 6);
const out = process.env.PROFILE;

execFileSync("npx", ["tsx", "builder/scripts/prepare-start.ts"], { cwd: repoRoot, stdio: "ignore" });
const server = await startServerProcess({ databaseUrl: `file:${join(mkdtempSync(join(tmpdir(), "civic-studio-prof-")), "p.db")}` });
const browser = await launchChromium();
try {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await signInToStudio(page, server.url, ANALYSTS.marta);
  const url = await importDraft(page, server.url, `generated ${steps}`, stringify(generateLargeService(steps), { lineWidth: 0 }));
  await page.goto("about:blank");
  const cdp = await page.context().newCDPSession(page);
  const browserCdp = await browser.newBrowserCDPSession();
  // CPU time of the renderer processes (the page's main thread and its workers): less moved by the machine's load than durations.
  const rendererCpu = async () => {
    const { processInfo } = (await browserCdp.send("SystemInfo.getProcessInfo")) as { processInfo: { type: string; cpuTime: number }[] };
    return processInfo.filter((p) => p.type === "renderer").reduce((sum, p) => sum + p.cpuTime, 0) * 1000;
  };
  await cdp.send("Performance.enable");
  await cdp.send("Profiler.enable");
  const busy = async () => {
    const { metrics } = await cdp.send("Performance.getMetrics");
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    return { task: m.TaskDuration * 1000, script: m.ScriptDuration * 1000, layout: (m.LayoutDuration + m.RecalcStyleDuration) * 1000 };
  };
  const delta = (a: Awaited<ReturnType<typeof busy>>, b: Awaited<ReturnType<typeof busy>>) =>
    `main thread busy ${(b.task - a.task).toFixed(0)} ms (script ${(b.script - a.script).toFixed(0)}, style+layout ${(b.layout - a.layout).toFixed(0)})`;
  if (out) {
    mkdirSync(out, { recursive: true });
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
  }
  let before = await busy();
  let cpuBefore = await rendererCpu();
  const openMs = await timeOpen(page, url);
  let after = await busy();
  console.log(`open ${openMs} ms, renderer CPU ${((await rendererCpu()) - cpuBefore).toFixed(0)} ms, ${delta(before, after)}`);
  if (out) writeFileSync(join(out, "open.cpuprofile"), JSON.stringify((await cdp.send("Profiler.stop")).profile));
  await timeEdit(page); // the first edit also pays for compiling
  if (out) await cdp.send("Profiler.start");
  const cpus: number[] = [];
  for (let i = 0; i < edits; i++) {
    // timeEdit waits for the page to be quiet first; the busy time is read just before the click.
    await page.locator("[data-testid=problems][data-validating=false]").waitFor();
    await page.locator("[data-testid=save-status].save-saved").waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    before = await busy();
    cpuBefore = await rendererCpu();
    const t = await timeEdit(page);
    const cpu = (await rendererCpu()) - cpuBefore;
    after = await busy();
    cpus.push(cpu);
    console.log(`edit: node ${t.drawn.toFixed(0)} ms, checked ${t.checked.toFixed(0)} ms (worker ${t.validationMs}), renderer CPU ${cpu.toFixed(0)} ms, ${delta(before, after)}`);
  }
  console.log(`median renderer CPU per edit ${[...cpus].sort((a, b) => a - b)[cpus.length >> 1].toFixed(0)} ms`);
  if (out) writeFileSync(join(out, "edits.cpuprofile"), JSON.stringify((await cdp.send("Profiler.stop")).profile));
} finally {
  await browser.close();
  await server.stop();
}
