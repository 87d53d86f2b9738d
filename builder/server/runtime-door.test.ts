/**
 * The web app reads through the runtime's typed views (runtime/views), never through its Prisma client:
 * the tables stay the runtime's to change.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const builder = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PRISMA = /\bdatabase\s*\.\s*prisma\b|Database\s*\[\s*["']prisma["']\s*\]/;

function productionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : productionFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe("the builder's door to the runtime", () => {
  it("recognises a Prisma reach-through", () => {
    expect(PRISMA.test("const db = context.runtime.database.prisma;")).toBe(true);
    expect(PRISMA.test('type Db = Database["prisma"];')).toBe(true);
    expect(PRISMA.test("viewsOf(runtime).sessions.find(id)")).toBe(false);
  });

  it("is the runtime's typed views: no database.prisma in builder/app or builder/server", () => {
    const offenders = [...productionFiles(join(builder, "app")), ...productionFiles(join(builder, "server"))]
      .filter((file) => PRISMA.test(readFileSync(file, "utf8")))
      .map((file) => relative(builder, file));
    expect(offenders).toEqual([]);
  });
});
