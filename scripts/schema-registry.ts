// The schema registry as it lives in this repository (schema/), and the check and publish
// flows over it. scripts/schema-check.ts and scripts/schema-publish.ts are their command lines.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  changelogEntry,
  checkSchema,
  compareManifests,
  composeSubgraphs,
  parseApprovals,
  parsePersistedQueryManifest,
  parseRegistryConfig,
  RegistryInputError,
  type CheckInput,
  type CheckOutcome,
  type PersistedQueryManifest,
  type PublishedState,
  type SubgraphSchema,
} from "@shop/schema-registry";
import { candidateSubgraphs, defaultSubgraphUrl, ROOT } from "./supergraph.ts";

/** Where each part of the registry lives, relative to the repository root. */
export const REGISTRY = {
  subgraphs: "schema/subgraphs",
  supergraph: "schema/supergraph.graphql",
  operations: "schema/operations",
  manifest: "schema/persisted-query-manifest.json",
  approvals: "schema/approvals.json",
  config: "schema/registry.json",
  changelog: "schema/CHANGELOG.md",
} as const;

const CHANGELOG_HEADER = `# Schema changelog

Written by \`npm run schema:publish\`, one entry per publication, oldest first: every change to the
API schema with its level (and who approved a breaking one), and the registered operations that changed.
`;

/** Files of the repository, in the working tree or at a git revision; null for a file that is not there. */
export interface FileSource {
  read(path: string): string | null;
  /** Names of the files in a directory that end with the extension. */
  list(directory: string, extension: string): string[];
}

export function workingTree(root: string): FileSource {
  return {
    read: (path) => (existsSync(join(root, path)) ? readFileSync(join(root, path), "utf8") : null),
    list: (directory, extension) =>
      existsSync(join(root, directory)) ? readdirSync(join(root, directory)).filter((name) => name.endsWith(extension)).sort() : [],
  };
}

/** Read-only: `git show` and `git ls-tree` at the revision. */
export function gitRevision(root: string, revision: string): FileSource {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  try {
    git("rev-parse", "--verify", "--quiet", `${revision}^{commit}`);
  } catch {
    throw new RegistryInputError(`${revision} is not a git revision here (in CI, fetch it first)`);
  }
  const orNull = (read: () => string) => {
    try {
      return read();
    } catch {
      return null;
    }
  };
  return {
    read: (path) => orNull(() => git("show", `${revision}:${path}`)),
    list: (directory, extension) =>
      (orNull(() => git("ls-tree", "--name-only", `${revision}:${directory}`)) ?? "")
        .split("\n")
        .filter((name) => name.endsWith(extension))
        .sort(),
  };
}

function publishedSubgraphs(source: FileSource): SubgraphSchema[] {
  return source.list(REGISTRY.subgraphs, ".graphql").map((file) => ({
    name: file.slice(0, -".graphql".length),
    sdl: source.read(`${REGISTRY.subgraphs}/${file}`)!,
  }));
}

/**
 * The published subgraphs and the API they give. Composed from the published SDL rather than read
 * from schema/supergraph.graphql, which `npm run compose` also writes; before the first
 * publication there is only that file.
 */
function publishedState(source: FileSource): PublishedState {
  const subgraphs = publishedSubgraphs(source);
  if (subgraphs.length === 0) return { subgraphs, supergraphSdl: source.read(REGISTRY.supergraph) };
  const composition = composeSubgraphs(subgraphs.map((subgraph) => ({ ...subgraph, url: defaultSubgraphUrl(subgraph.name) })));
  if (!composition.ok) throw new RegistryInputError(`the published subgraphs do not compose: ${composition.errors.map((error) => error.message).join("; ")}`);
  return { subgraphs, supergraphSdl: composition.supergraphSdl };
}

function readJson(source: FileSource, path: string, fallback: unknown): unknown {
  const text = source.read(path);
  if (text === null) return fallback;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RegistryInputError(`${path}: ${(error as Error).message}`);
  }
}

/** Everything the check needs from the working tree; the published state from `published`. */
function checkInput(root: string, published: FileSource): CheckInput {
  const tree = workingTree(root);
  return {
    published: publishedState(published),
    candidate: candidateSubgraphs(root),
    operations: tree.list(REGISTRY.operations, ".graphql").map((file) => {
      const path = `${REGISTRY.operations}/${file}`;
      return { file: path, source: tree.read(path)! };
    }),
    approvals: parseApprovals(readJson(tree, REGISTRY.approvals, [])),
    config: parseRegistryConfig(readJson(tree, REGISTRY.config, {})),
  };
}

export interface CheckOptions {
  root?: string;
  /**
   * Compare with the schema published at this git revision (a pull request's base) instead of
   * the working tree's; the working tree must then hold the candidate's publication.
   */
  base?: string;
}

export async function checkRepository({ root = ROOT, base }: CheckOptions = {}): Promise<CheckOutcome> {
  const tree = workingTree(root);
  const input = checkInput(root, base ? gitRevision(root, base) : tree);
  return checkSchema({
    ...input,
    committed: {
      persistedQueryManifest: tree.read(REGISTRY.manifest),
      ...(base ? { supergraphSdl: tree.read(REGISTRY.supergraph), subgraphs: publishedSubgraphs(tree) } : {}),
    },
  });
}

export type PublishResult =
  | { status: "refused"; outcome: CheckOutcome }
  | { status: "unchanged"; outcome: CheckOutcome }
  | { status: "published"; outcome: CheckOutcome; files: string[] };

/** Writes the candidate as the published state and appends the changelog, if the check passes. */
export async function publishRepository({ root = ROOT, now = new Date() }: { root?: string; now?: Date } = {}): Promise<PublishResult> {
  const tree = workingTree(root);
  const input = checkInput(root, tree);
  const outcome = await checkSchema(input);
  if (!outcome.report.passed || outcome.supergraphSdl === null) return { status: "refused", outcome };

  const files = new Map<string, string>([
    ...input.candidate.map(({ name, sdl }) => [`${REGISTRY.subgraphs}/${name}.graphql`, sdl] as const),
    [REGISTRY.supergraph, outcome.supergraphSdl],
    [REGISTRY.manifest, outcome.persistedQueryManifest],
  ]);
  const removed = input.published.subgraphs
    .map(({ name }) => `${REGISTRY.subgraphs}/${name}.graphql`)
    .filter((path) => !files.has(path));
  const changed = [...files].filter(([path, text]) => tree.read(path) !== text);
  if (changed.length === 0 && removed.length === 0) return { status: "unchanged", outcome };

  const operations = compareManifests(previousManifest(tree), parsePersistedQueryManifest(outcome.persistedQueryManifest));
  for (const [path, text] of changed) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  for (const path of removed) rmSync(join(root, path));
  const changelog = tree.read(REGISTRY.changelog) ?? CHANGELOG_HEADER;
  writeFileSync(join(root, REGISTRY.changelog), `${changelog.trimEnd()}\n\n${changelogEntry(outcome.report, operations, now)}`);
  return { status: "published", outcome, files: [...changed.map(([path]) => path), ...removed, REGISTRY.changelog] };
}

/** The manifest publishing last wrote; none if there is none or it was damaged (publishing replaces it). */
function previousManifest(tree: FileSource): PersistedQueryManifest | null {
  const text = tree.read(REGISTRY.manifest);
  try {
    return text === null ? null : parsePersistedQueryManifest(text);
  } catch {
    return null;
  }
}
