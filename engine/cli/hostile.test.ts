import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "./main";
import { HOSTILE } from "../validation/hostile/expected";
import { chainText, diamondLoopText } from "../validation/hostile/generate";
import { cpuMs } from "../test-fixtures/cpu-time";

const hostile = fileURLToPath(new URL("../validation/hostile/", import.meta.url));
const catalog = fileURLToPath(new URL("../../service-definitions/catalog.yaml", import.meta.url));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const started = cpuMs();
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n"), ms: cpuMs() - started };
}

const stackTrace = /^\s+at |Error: .*\n\s+at /m;

describe("civic answers hostile definitions with issues, in time, never with a stack trace", () => {
  for (const [file, code] of Object.entries(HOSTILE)) {
    for (const command of ["validate", "paths", "test"]) {
      it(`${command} ${file}`, async () => {
        const r = await run(command, hostile + file, "--catalog", catalog);
        expect(r.code).toBe(1);
        expect(r.err).toMatch(new RegExp(`${file}:\\d+:\\d+ error ${code.replace(".", "\\.")} `));
        expect(r.err + r.out).not.toMatch(stackTrace);
        expect(r.ms).toBeLessThan(5_000);
      });
    }
  }

  describe("generated: long chains, deep nesting, exponentially many paths", () => {
    const dir = mkdtempSync(join(tmpdir(), "civic-hostile-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    copyFileSync(catalog, join(dir, "catalog.yaml"));
    const service = (name: string, text: string) => {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, "service.yaml"), text);
      return join(dir, name);
    };
    const chain = service("chain", chainText(10_000));
    const loop = service("diamonds", diamondLoopText(40));
    const deep = service("deep", "- ".repeat(10_000) + "x\n");

    it("paths on a 10,000-step chain: listed up to the cap, with a note, no stack overflow", async () => {
      const r = await run("paths", chain);
      expect(r.err + r.out).not.toMatch(stackTrace);
      expect(r.out).toMatch(/long-chain: 0\/0 scenarios pass; 0\/1201 paths covered \(path list truncated: only the first \d+ were listed; every transition is checked\)/);
      expect(r.code).toBe(1);
      expect(r.ms).toBeLessThan(5_000);
    });

    it("paths and test on a loop of 40 diamonds end, and say the list is truncated", async () => {
      for (const command of ["paths", "test"]) {
        const r = await run(command, loop);
        expect(r.out).toMatch(/paths covered \(path list truncated/);
        expect(r.out).toMatch(/0\/200 transitions covered/);
        expect(r.ms).toBeLessThan(5_000);
      }
    });

    it("validate on a 10,000-deep list: yaml.too-deep", async () => {
      const r = await run("validate", deep);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/service\.yaml:1:201 error yaml\.too-deep /);
    });
  });

  it("the installed command (spawned): bytes that are not UTF-8 get an issue and exit 1, no stack trace", () => {
    const cli = fileURLToPath(new URL("./civic.mjs", import.meta.url));
    const r = spawnSync(process.execPath, [cli, "validate", hostile + "invalid-utf8.yaml", "--catalog", catalog], { encoding: "utf8", timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/invalid-utf8\.yaml:11:18 error yaml\.invalid-character /);
    expect(r.stderr).not.toMatch(stackTrace);
  }, 30_000);
});
