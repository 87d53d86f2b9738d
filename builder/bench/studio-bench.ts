/**
 * The studio's responsiveness, measured in Chromium on the real app: for the criminal-record example
 * and generated 300- and 1,000-step services, the time until the canvas is drawn after opening the
 * draft, and the time an edit on the canvas (a step added) takes to show its whole result: the new
 * node drawn and the problems list showing the validation worker's check of the new text (the first
 * frame where both are on the screen). The time until the node alone is drawn is given beside it.
 * `benchStudio()` returns rows for `npm run bench`'s table (bench/measure.ts).
 *
 * It builds the app if needed and starts the server on a free port with a throwaway SQLite database
 * (or uses STUDIO_BENCH_URL), then signs in as the demo analyst.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { stringify } from "yaml";
import { generateLargeService } from "../../engine";
import { launchChromium } from "../e2e/browser";
import { startServerProcess } from "../e2e/server-process";
import { ANALYSTS, signInToStudio } from "../e2e/studio-page";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export interface StudioMeasurement {
  service: string;
  steps: number;
  /** Opening the draft's page until the canvas shows its steps and the problems panel its count (median). */
  openMs: number;
  /** A step added on the canvas until its node is drawn (median). */
  editMs: number;
  /** A step added on the canvas until its node is drawn and the problems list shows the new text's check (median). */
  checkMs: number;
  /** Parse + validation of the new text in the worker, as the problems panel reports it (median). */
  validationMs: number;
  /** The surgical YAML edit itself (comments and layout kept). */
  applyMs: number;
}

/** The same shape as bench/measure.ts's BenchRow (kept structural so builder/ does not import bench/). */
export interface StudioBenchRow {
  what: string;
  value: string;
  target: string;
  ok: boolean;
}

/** Opening within 3 s; an edit's whole result (node and problems) within 150 ms, where it still feels immediate. */
export const STUDIO_TARGETS = { openMs: 3000, editMs: 150 };

export async function measureStudio(options: { runs?: number; largeSteps?: number[] } = {}): Promise<StudioMeasurement[]> {
  const runs = options.runs ?? 3;
  let stop = async () => {};
  let base = process.env.STUDIO_BENCH_URL?.replace(/\/$/, "");
  if (!base) {
    execFileSync("npx", ["tsx", "builder/scripts/prepare-start.ts"], { cwd: repoRoot, stdio: "ignore" });
    const dir = mkdtempSync(join(tmpdir(), "civic-studio-bench-"));
    const server = await startServerProcess({ databaseUrl: `file:${join(dir, "bench.db")}` });
    base = server.url;
    stop = server.stop;
  }
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await signInToStudio(page, base, ANALYSTS.marta);
    const services = [
      { name: "criminal-record-certificate", text: readFileSync(join(repoRoot, "service-definitions/criminal-record-certificate/service.yaml"), "utf8") },
      ...(options.largeSteps ?? [300, 1000]).map((n) => ({ name: `generated ${n}-step service`, text: stringify(generateLargeService(n), { lineWidth: 0 }) })),
    ];
    const results: StudioMeasurement[] = [];
    for (const service of services) {
      const url = await importDraft(page, base, service.name, service.text);
      const opens: number[] = [];
      const edits: number[] = [];
      const checks: number[] = [];
      const validations: number[] = [];
      let applyMs = 0;
      let steps = 0;
      for (let i = 0; i < runs; i++) {
        opens.push(await timeOpen(page, url));
        steps = Number(await page.getByTestId("canvas").getAttribute("data-steps"));
        // A few edits per opening: the first ones after opening also pay for the browser's compiling.
        for (let edit = 0; edit < 3; edit++) {
          const timed = await timeEdit(page);
          edits.push(timed.drawn);
          checks.push(timed.checked);
          validations.push(timed.validationMs);
          applyMs = timed.applyMs;
        }
      }
      results.push({ service: service.name, steps, openMs: median(opens), editMs: median(edits), checkMs: median(checks), validationMs: median(validations), applyMs });
    }
    return results;
  } finally {
    await browser.close();
    await stop();
  }
}

/** Rows for the bench table. */
export async function benchStudio(options?: { runs?: number; largeSteps?: number[] }): Promise<StudioBenchRow[]> {
  const rows: StudioBenchRow[] = [];
  for (const m of await measureStudio(options)) {
    rows.push({ what: `studio: open ${m.service} (${m.steps} steps) until drawn`, value: `${m.openMs.toFixed(0)} ms`, target: `< ${STUDIO_TARGETS.openMs} ms`, ok: m.openMs < STUDIO_TARGETS.openMs });
    rows.push({
      what: `studio: add a step to ${m.service}, node and problems list shown`,
      value: `${m.checkMs.toFixed(0)} ms (node ${m.editMs.toFixed(0)}, worker check ${m.validationMs.toFixed(0)})`,
      target: `< ${STUDIO_TARGETS.editMs} ms`,
      ok: m.checkMs < STUDIO_TARGETS.editMs,
    });
  }
  return rows;
}

export async function importDraft(page: Page, base: string, name: string, text: string): Promise<string> {
  await page.goto(`${base}/studio`);
  await page.locator("input[type=file][name=file]").setInputFiles({ name: `${name}.yaml`, mimeType: "text/yaml", buffer: Buffer.from(text) });
  await Promise.all([page.waitForURL(/\/studio\/drafts\//), page.getByRole("button", { name: "Import", exact: true }).click()]);
  return page.url();
}

export async function timeOpen(page: Page, url: string): Promise<number> {
  await page.goto("about:blank");
  const started = Date.now();
  await page.goto(url);
  await page.locator("[data-testid=canvas] .react-flow__node").first().waitFor({ timeout: 60_000 });
  await page.locator(".problems h2").waitFor();
  return Date.now() - started;
}

/**
 * Clicks a palette item and watches, inside the page, every frame (before it is painted): when the
 * new node is in it, and when both the node and the problems panel's check of the new text are (what
 * the analyst sees, not when the worker answered). Waits first for the previous check and
 * for the page to be quiet (autosave, the new step's panels), so the edits do not mix. (A string, not
 * a function: tsx's helpers would not exist in the page.)
 */
export async function timeEdit(page: Page): Promise<{ drawn: number; checked: number; validationMs: number; applyMs: number }> {
  await page.locator("[data-testid=problems][data-validating=false]").waitFor({ timeout: 60_000 });
  await page.locator("[data-testid=save-status].save-saved").waitFor({ timeout: 60_000 });
  await page.waitForTimeout(500);
  return page.evaluate(`new Promise((resolve, reject) => {
    const count = () => document.querySelectorAll("[data-testid=canvas] .react-flow__node[data-id^=notification]").length;
    const panel = () => document.querySelector("[data-testid=problems]");
    const before = count();
    const revision = Number(panel().getAttribute("data-revision"));
    const button = document.querySelector('.palette-item[data-kind="notification"]');
    if (!button) return reject(new Error("no palette"));
    const started = performance.now();
    let drawn = 0;
    button.click();
    const check = () => {
      const now = performance.now() - started;
      if (!drawn && count() > before) drawn = now;
      const p = panel();
      if (drawn && Number(p.getAttribute("data-revision")) > revision && p.getAttribute("data-validating") === "false") {
        resolve({ drawn, checked: now, validationMs: Number(p.getAttribute("data-validation-ms")), applyMs: Number(p.getAttribute("data-apply-ms")) });
      }
      else if (now > 30000) reject(new Error("the edit did not show"));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`) as Promise<{ drawn: number; checked: number; validationMs: number; applyMs: number }>;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// `npx tsx builder/bench/studio-bench.ts` prints the measurements on their own.
// STUDIO_BENCH_STEPS=300,1000 picks the generated sizes; STUDIO_BENCH_RUNS the openings per service.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const largeSteps = process.env.STUDIO_BENCH_STEPS?.split(",").map(Number);
  const runs = process.env.STUDIO_BENCH_RUNS ? Number(process.env.STUDIO_BENCH_RUNS) : undefined;
  for (const row of await benchStudio({ largeSteps, runs })) console.log(`${row.what.padEnd(80)} ${row.value.padEnd(30)} ${row.target.padEnd(10)} ${row.ok ? "ok" : "SLOW"}`);
}
