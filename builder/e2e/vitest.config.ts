/**
 * Browser tests: `npm run e2e`. The global setup builds the app if needed and starts the real server
 * (builder/server.ts, production mode) on a free port with a throwaway SQLite database; the tests
 * drive it with playwright-core in Debian's Chromium.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Files run in name order, always: they share one server and database, so a file that counts what citizens
 * did (insight) must not depend on the duration-based order vitest would pick.
 */
class ByName extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export default defineConfig({
  root: repoRoot,
  test: {
    include: ["builder/e2e/**/*.e2e.test.ts"],
    globalSetup: ["builder/e2e/global-setup.ts"],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    // One browser at a time: the machine has two shared cores.
    fileParallelism: false,
    // A second attempt for a browser test that lost a race with the two shared cores (a click during a
    // re-render): a real defect fails both attempts, and vitest reports every retried test.
    retry: 1,
    sequence: { sequencer: ByName },
  },
});
