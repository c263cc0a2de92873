import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaContainer, SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { MigrationAdapterFactory } from "./migration-adapter.ts";

export type { SchemaEngine };

// The ES2023 lib has no WebAssembly declarations, and the DOM lib would bring in browser globals.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
  RuntimeError: new () => Error;
};

export interface SchemaEngineOptions {
  schemaPath: string;
  connectionString: string;
  /** Receives the engine's log messages, e.g. "Applying `20250101000000_init`". */
  log?: (message: string) => void;
}

export interface SchemaEngineSession {
  engine: SchemaEngine;
  /** The schema file in the shape the engine's diff targets take. */
  schemaFiles: SchemaContainer[];
  close(): Promise<void>;
}

// The engine's setTimeout calls (e.g. its 10 s advisory-lock timeout) are never cleared and would
// keep the process alive after the work is done, so they are tracked and cleared once no engine is open.
const pendingTimers = new Set<NodeJS.Timeout>();
let openEngines = 0;
let lastPanic: string | undefined;

function engineSetTimeout(callback: () => void, ms: number): NodeJS.Timeout {
  const timer = setTimeout(() => {
    pendingTimers.delete(timer);
    callback();
  }, ms >>> 0);
  pendingTimers.add(timer);
  return timer;
}

let loading: Promise<typeof bindings.SchemaEngine> | undefined;

/**
 * The package's entry point imports the .wasm file as an ES module, which Node cannot load, so this
 * does what that entry point would: instantiate the bytes against the JS glue and start it. Once.
 */
function loadSchemaEngine(): Promise<typeof bindings.SchemaEngine> {
  loading ??= (async () => {
    const glue = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(join(dirname(glue), "schema_engine_bg.wasm"));
    const imports = Object.fromEntries(
      Object.entries(bindings).map(([name, value]) => [name, name.startsWith("__wbg_setTimeout_") ? engineSetTimeout : value]),
    );
    // A Rust panic reports its message here just before the wasm traps with a bare "unreachable".
    // @prisma/client installs a registry of its own that serves as well, so an existing one is kept.
    const panics = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
    panics.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (message) => (lastPanic = message) };
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": imports });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings.SchemaEngine;
  })();
  return loading;
}

/** Opens a schema engine on one schema file and database. Call `close()` when done. */
export async function openSchemaEngine({ schemaPath, connectionString, log }: SchemaEngineOptions): Promise<SchemaEngineSession> {
  const [SchemaEngineClass, content] = await Promise.all([loadSchemaEngine(), readFile(schemaPath, "utf8")]);
  const adapters = new MigrationAdapterFactory(connectionString);
  // Each log line is JSON: {"level":"INFO","fields":{"message":"…",…},"target":"…"}.
  const onLog = (line: string) => log?.((JSON.parse(line) as { fields?: { message?: string } }).fields?.message ?? line);
  let engine: SchemaEngine;
  try {
    engine = await SchemaEngineClass.new(
      { datamodels: [[schemaPath, content]] },
      onLog,
      bindMigrationAwareSqlAdapterFactory(adapters),
    );
  } catch (error) {
    await adapters.close();
    throw error;
  }
  openEngines++;
  return {
    engine,
    schemaFiles: [{ path: schemaPath, content }],
    async close() {
      engine.free();
      try {
        await adapters.close();
      } finally {
        if (--openEngines === 0) {
          for (const timer of pendingTimers) clearTimeout(timer);
          pendingTimers.clear();
        }
      }
    },
  };
}

/** Runs `use` with an open engine and closes it afterwards, turning a wasm trap into the panic's message. */
export async function withSchemaEngine<T>(
  options: SchemaEngineOptions,
  use: (session: SchemaEngineSession) => Promise<T>,
): Promise<T> {
  const session = await openSchemaEngine(options);
  try {
    return await use(session);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError && lastPanic) {
      throw new Error(`The Prisma schema engine panicked: ${lastPanic}`, { cause: error });
    }
    throw error;
  } finally {
    await session.close();
  }
}
