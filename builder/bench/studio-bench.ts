/**
 * The studio's responsiveness, measured in Chromium on the real app: for the criminal-record example
 * and generated 300- and 1,000-step services, the time until the canvas is drawn after opening the
 * draft, the time from an edit on the canvas (a step added) until the new node is drawn (the YAML is
 * edited by then), and until the validation worker's problems for the new text are shown.
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
  /** A step added on the canvas until the problems panel shows the new text's check (median). */
  checkMs: number;
  /** Parse + validation of the text in the browser, as the problems panel reports it. */
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

/**
 * Opening within 3 s; an edit drawn within 150 ms, where it still feels immediate; its problems
 * (checked in the worker, the canvas does not wait for them) within 1.5 s.
 */
export const STUDIO_TARGETS = { openMs: 3000, editMs: 150, checkMs: 1500 };

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
      let validationMs = 0;
      let applyMs = 0;
      let steps = 0;
      for (let i = 0; i < runs; i++) {
        opens.push(await timeOpen(page, url));
        steps = Number(await page.getByTestId("canvas").getAttribute("data-steps"));
        const edit = await timeEdit(page);
        edits.push(edit.drawn);
        checks.push(edit.checked);
        validationMs = Number(await page.getByTestId("problems").getAttribute("data-validation-ms"));
        applyMs = Number(await page.getByTestId("problems").getAttribute("data-apply-ms"));
      }
      results.push({ service: service.name, steps, openMs: median(opens), editMs: median(edits), checkMs: median(checks), validationMs, applyMs });
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
    rows.push({ what: `studio: add a step to ${m.service}, node drawn, YAML edited`, value: `${m.editMs.toFixed(0)} ms (YAML edit ${m.applyMs.toFixed(0)})`, target: `< ${STUDIO_TARGETS.editMs} ms`, ok: m.editMs < STUDIO_TARGETS.editMs });
    rows.push({ what: `studio: add a step to ${m.service}, problems shown (worker)`, value: `${m.checkMs.toFixed(0)} ms (check ${m.validationMs.toFixed(0)})`, target: `< ${STUDIO_TARGETS.checkMs} ms`, ok: m.checkMs < STUDIO_TARGETS.checkMs });
  }
  return rows;
}

async function importDraft(page: Page, base: string, name: string, text: string): Promise<string> {
  await page.goto(`${base}/studio`);
  await page.locator("input[type=file][name=file]").setInputFiles({ name: `${name}.yaml`, mimeType: "text/yaml", buffer: Buffer.from(text) });
  await Promise.all([page.waitForURL(/\/studio\/drafts\//), page.getByRole("button", { name: "Import", exact: true }).click()]);
  return page.url();
}

async function timeOpen(page: Page, url: string): Promise<number> {
  await page.goto("about:blank");
  const started = Date.now();
  await page.goto(url);
  await page.locator("[data-testid=canvas] .react-flow__node").first().waitFor({ timeout: 60_000 });
  await page.locator(".problems h2").waitFor();
  return Date.now() - started;
}

/**
 * Clicks a palette item and waits, inside the page, for the new node (drawn), then for the problems
 * panel to show the check of the new text (checked). Waits first for the opening's check, so the two
 * do not mix. (A string, not a function: tsx's helpers would not exist in the page.)
 */
async function timeEdit(page: Page): Promise<{ drawn: number; checked: number }> {
  await page.locator("[data-testid=problems][data-validating=false]").waitFor({ timeout: 60_000 });
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
      if (drawn && Number(p.getAttribute("data-revision")) > revision && p.getAttribute("data-validating") === "false") resolve({ drawn, checked: now });
      else if (now > 30000) reject(new Error("the edit did not show"));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`) as Promise<{ drawn: number; checked: number }>;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// `npx tsx builder/bench/studio-bench.ts` prints the measurements on their own.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  for (const row of await benchStudio()) console.log(`${row.what.padEnd(80)} ${row.value.padEnd(30)} ${row.target.padEnd(10)} ${row.ok ? "ok" : "SLOW"}`);
}
