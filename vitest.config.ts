import { defineConfig } from "vitest/config";
import { TEST_ENV } from "./tests/support/test-env.ts";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "subgraphs/*/src/**/*.test.ts", "gateway/src/**/*.test.ts", "tests/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    env: TEST_ENV,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    coverage: {
      provider: "v8",
      include: ["packages/*/src/**/*.ts", "subgraphs/*/src/**/*.ts", "gateway/src/**/*.ts"],
      // Entry points only wire a process together; everything they call is covered.
      exclude: ["**/generated/**", "**/*.test.ts", "**/main.ts"],
      reporter: ["text-summary", "text"],
      thresholds: { lines: 80 },
    },
  },
});
