// The schema registry as it lives in a repository (schema/), and the check and publish flows
// over it. scripts/schema-check.ts and scripts/schema-publish.ts are their command lines.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseApprovals } from "./approvals.ts";
import { changelogEntry } from "./changelog.ts";
import { checkSchema, type CheckInput, type CheckOutcome, type PublishedState } from "./check.ts";
import { composeSubgraphs } from "./compose.ts";
import { parseRegistryConfig } from "./config.ts";
import { gitRevision, workingTree, type FileSource } from "./file-source.ts";
import { RegistryInputError } from "./input.ts";
import { compareManifests, parsePersistedQueryManifest, type PersistedQueryManifest } from "./persisted-queries.ts";
import type { CandidateSubgraph, SubgraphSchema } from "./subgraphs.ts";

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

/**
 * A repository as the registry sees it. The caller knows its layout: which subgraphs there are,
 * where their SDL lives, and where the gateway reaches them.
 */
export interface Repository {
  root: string;
  /** Each subgraph's SDL from its code: what a check compares and a publication writes. */
  candidate: CandidateSubgraph[];
  /** The URL a published subgraph composes with (the committed supergraph's local default). */
  subgraphUrl(name: string): string;
}

const CHANGELOG_HEADER = `# Schema changelog

Written by \`npm run schema:publish\`, one entry per publication, oldest first: every change to the
API schema with its level (and who approved a breaking one), and the registered operations that changed.
`;

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
function publishedState(source: FileSource, subgraphUrl: Repository["subgraphUrl"]): PublishedState {
  const subgraphs = publishedSubgraphs(source);
  if (subgraphs.length === 0) return { subgraphs, supergraphSdl: source.read(REGISTRY.supergraph) };
  const composition = composeSubgraphs(subgraphs.map((subgraph) => ({ ...subgraph, url: subgraphUrl(subgraph.name) })));
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
function checkInput({ root, candidate, subgraphUrl }: Repository, published: FileSource): CheckInput {
  const tree = workingTree(root);
  return {
    published: publishedState(published, subgraphUrl),
    candidate,
    operations: tree.list(REGISTRY.operations, ".graphql").map((file) => {
      const path = `${REGISTRY.operations}/${file}`;
      return { file: path, source: tree.read(path)! };
    }),
    approvals: parseApprovals(readJson(tree, REGISTRY.approvals, [])),
    config: parseRegistryConfig(readJson(tree, REGISTRY.config, {})),
  };
}

export interface CheckOptions {
  /**
   * Compare with the schema published at this git revision (a pull request's base) instead of
   * the working tree's; the working tree must then hold the candidate's publication.
   */
  base?: string;
}

export async function checkRepository(repository: Repository, { base }: CheckOptions = {}): Promise<CheckOutcome> {
  const tree = workingTree(repository.root);
  const input = checkInput(repository, base ? gitRevision(repository.root, base) : tree);
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
export async function publishRepository(repository: Repository, { now = new Date() }: { now?: Date } = {}): Promise<PublishResult> {
  const { root } = repository;
  const tree = workingTree(root);
  const input = checkInput(repository, tree);
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
