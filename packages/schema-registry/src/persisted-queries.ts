// Apollo's persisted query manifest: the registered operations as the gateway's safelist and as
// the ids Apollo Client sends (`generatePersistedQueryIdsFromManifest` from @apollo/persisted-query-lists).
// Kept free of GraphQL tooling so that the gateway can load it at run time.
import { createHash } from "node:crypto";
import { compareText } from "./text.ts";

export type OperationType = "query" | "mutation" | "subscription";

export interface PersistedQueryManifestOperation {
  /** sha256 (hex) of `body`, as @apollo/generate-persisted-query-manifest and Apollo Server's APQ compute it. */
  id: string;
  name: string;
  type: OperationType;
  /** The document exactly as a client sends it. */
  body: string;
}

export interface PersistedQueryManifest {
  format: "apollo-persisted-query-manifest";
  version: 1;
  operations: PersistedQueryManifestOperation[];
}

const OPERATION_TYPES: readonly string[] = ["query", "mutation", "subscription"] satisfies OperationType[];

export function persistedQueryId(body: string): string {
  return createHash("sha256").update(body).digest("hex");
}

/** The manifest of the given operations, ordered by name so that the file diffs well. */
export function buildPersistedQueryManifest(operations: readonly Omit<PersistedQueryManifestOperation, "id">[]): PersistedQueryManifest {
  return {
    format: "apollo-persisted-query-manifest",
    version: 1,
    operations: [...operations]
      .sort((a, b) => compareText(a.name, b.name))
      .map(({ name, type, body }) => ({ id: persistedQueryId(body), name, type, body })),
  };
}

export function printPersistedQueryManifest(manifest: PersistedQueryManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Reads a manifest, refusing one whose ids are not the hashes of their bodies. */
export function parsePersistedQueryManifest(text: string): PersistedQueryManifest {
  const manifest = JSON.parse(text) as Partial<PersistedQueryManifest>;
  if (manifest.format !== "apollo-persisted-query-manifest" || manifest.version !== 1 || !Array.isArray(manifest.operations)) {
    throw new Error("Not an apollo-persisted-query-manifest, version 1");
  }
  for (const operation of manifest.operations) {
    const valid =
      typeof operation.name === "string" &&
      typeof operation.body === "string" &&
      OPERATION_TYPES.includes(operation.type) &&
      operation.id === persistedQueryId(operation.body);
    if (!valid) throw new Error(`Persisted query manifest: operation ${JSON.stringify(operation.name)} is malformed or its id is not the sha256 of its body`);
  }
  return manifest as PersistedQueryManifest;
}

/** Which operations publishing adds, removes, or changes the body of; by name. */
export function compareManifests(before: PersistedQueryManifest | null, after: PersistedQueryManifest) {
  const previous = new Map((before?.operations ?? []).map((operation) => [operation.name, operation.id]));
  const next = new Map(after.operations.map((operation) => [operation.name, operation.id]));
  return {
    added: [...next.keys()].filter((name) => !previous.has(name)),
    removed: [...previous.keys()].filter((name) => !next.has(name)),
    changed: [...next.keys()].filter((name) => previous.has(name) && previous.get(name) !== next.get(name)),
  };
}
