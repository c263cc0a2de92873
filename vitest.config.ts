import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";
import { TEST_ENV } from "./tests/support/test-env.ts";

export default defineConfig({
  // Node gives every external package (@apollo/gateway, graphql-ws) graphql's CommonJS build; our
  // code must get the same copy, or schemas and errors cross between two graphql-js realms.
  resolve: { alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve("graphql") }] },
  test: {
    include: ["packages/*/src/**/*.test.ts", "examples/*/src/**/*.test.ts", "subgraphs/*/src/**/*.test.ts", "gateway/src/**/*.test.ts", "tests/**/*.test.ts", "scripts/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    env: TEST_ENV,
    // The end-to-end stacks share the test databases: an outbox relay of one stack would
    // publish another's events into its own Redis namespace. One file at a time.
    fileParallelism: false,
    // Inlined so that it shares this process's copy of graphql-js with our code (vite resolves
    // `graphql` to its ESM build; Node, for an external package, to the CommonJS one).
    server: { deps: { inline: ["@graphql-inspector/core"] } },
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
