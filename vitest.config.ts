import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["engine/**/*.test.ts", "runtime/**/*.test.ts", "stand-ins/**/*.test.ts", "service-definitions/**/*.test.ts", "builder/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/*.e2e.test.ts"],
    testTimeout: 30_000,
  },
});
