/**
 * Loaded with `node --import tsx --import @shop/tracing/register src/main.ts`, before the
 * service's own modules, so the instrumentations are in place when express, graphql, pg
 * and ioredis are first loaded.
 */
import { register } from "node:module";
import { createAddHookMessageChannel } from "import-in-the-middle";
import { ConfigError } from "@shop/config";
import { readTracingSettings } from "./settings.ts";

try {
  const settings = readTracingSettings();
  if (settings.tracesUrl) {
    // Services are ES modules: a module they `import` (express, ioredis) never passes through
    // require(), so require hooks alone miss it and its spans (checked: none without this). The
    // ESM loader hook intercepts only the modules the instrumentations ask for.
    const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
    register("import-in-the-middle/hook.mjs", import.meta.url, registerOptions);
    // Only now: a process that traces nothing does not load the SDK at all.
    const { startTracing } = await import("./sdk.ts");
    startTracing(settings);
    await waitForAllMessagesAcknowledged();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
