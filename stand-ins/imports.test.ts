/**
 * The simulated outside world stays outside: no production module imports stand-ins/. Only the composition
 * roots start them (when stand-ins are on); tests may use them freely. A type-only import is still an import
 * here: production code should depend on its own interfaces, not the stand-ins' shapes.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const standIns = join(root, "stand-ins");

/** Composition roots: they decide whether the stand-ins run. */
const ALLOWED = new Set(["runtime/wiring/integrated-runtime.ts", "builder/server/app-runtime.ts", "runtime/worker-main.ts"]);
const SCANNED = ["engine", "runtime", "builder/app", "builder/server"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ["node_modules", "generated", "build"].includes(entry.name) ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier of a file: `from "…"`, `import "…"`, `import("…")`. */
function specifiers(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map((m) => m[1]);
}

describe("the stand-ins' door", () => {
  it("finds import specifiers of every form", () => {
    expect(specifiers(`import { a } from "../x";\nexport * from './y';\nimport "./z";\nconst m = await import("../../w");`)).toEqual(["../x", "./y", "./z", "../../w"]);
  });

  it("is used by no production module except the composition roots", () => {
    const offenders: string[] = [];
    for (const folder of SCANNED) {
      for (const file of sourceFiles(join(root, folder))) {
        const name = relative(root, file);
        if (ALLOWED.has(name)) continue;
        for (const spec of specifiers(readFileSync(file, "utf8"))) {
          if (!spec.startsWith(".")) continue;
          const target = resolve(dirname(file), spec);
          if (target === standIns || target.startsWith(standIns + "/")) offenders.push(`${name} imports ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
