// What `npm start` checks before it starts anything: every part that would fail to start says
// so here in one sentence (the part, the cause, the fix), instead of a stack trace half way
// through the start. A StartError's message is that sentence.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import { dirname, parse, resolve } from "node:path";
import { Redis } from "ioredis";
import pg from "pg";

/** A part of the start command cannot start; the message is one sentence naming the part, the cause and the fix. */
export class StartError extends Error {}

export interface PortUse {
  /** What listens there, e.g. "the gateway" or "the orders metrics endpoint". */
  part: string;
  port: number;
  /** The variable that chooses the port. */
  variable: string;
}

/** Every port must be free on `host`, where the services listen (0: any free port, nothing to check). */
export async function checkPortsFree(uses: PortUse[], host: string): Promise<void> {
  for (const { part, port, variable } of uses) {
    if (port === 0) continue;
    const error = await new Promise<NodeJS.ErrnoException | undefined>((done) => {
      const server = net.createServer();
      server.once("error", done);
      server.listen(port, host, () => server.close(() => done(undefined)));
    });
    if (error) {
      const cause = error.code === "EADDRINUSE" ? `port ${port} on ${host} is already in use` : `port ${port} on ${host} cannot be used (${error.code})`;
      throw new StartError(`${capitalise(part)} could not start: ${cause}; stop what listens there or set ${variable} to a free port.`);
    }
  }
}

/**
 * Run as root, the embedded PostgreSQL runs its binaries as the `postgres` user (PostgreSQL
 * refuses root), who must reach them and the data folder: a checkout under /root, say, it cannot.
 */
export async function checkEmbeddedPostgresReachable(dataDir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const user = postgresUser();
  const binaries = await embeddedPostgresBinaries();
  const blocked = firstUnreachable(user, binaries);
  if (blocked) {
    throw new StartError(
      `PostgreSQL could not start: the postgres user cannot enter ${blocked}, which holds its binaries (${binaries}); clone the project where other users can read it (not under /root) or run npm start as a regular user.`,
    );
  }
  const blockedData = firstUnreachable(user, nearestExisting(dataDir));
  if (blockedData) {
    throw new StartError(`PostgreSQL could not start: the postgres user cannot enter ${blockedData}, on the way to its data in ${dataDir}; choose an EMBEDDED_POSTGRES_DIR it can reach or run npm start as a regular user.`);
  }
  // A new folder is created and handed to the postgres user; an existing cluster must already be its.
  if (existsSync(`${dataDir}/PG_VERSION`) && !runsAs(user, ["-w", dataDir])) {
    throw new StartError(`PostgreSQL could not start: the postgres user cannot write ${dataDir}; choose another EMBEDDED_POSTGRES_DIR or give the folder to the postgres user (chown -R postgres ${dataDir}).`);
  }
}

/** The PostgreSQL server of `connectionString` answers and lets its user in (checked on its `postgres` database). */
export async function checkPostgresAnswers(connectionString: string, variable: string): Promise<void> {
  const url = new URL(connectionString);
  url.pathname = "/postgres";
  const where = `${url.hostname}:${url.port || 5432}`;
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 3000 });
  // A connection that fails after connecting (the server going away) must not crash the check.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new StartError(`PostgreSQL at ${where} ${postgresRefusal(error, url)}; ${postgresFix(error, variable)}.`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The Redis server of `url` answers PING. */
export async function checkRedisAnswers(url: string): Promise<void> {
  const parsed = new URL(url);
  const where = `${parsed.hostname}:${parsed.port || 6379}`;
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // connect() rejects with "Connection is closed"; the socket's own error says why.
  let socketError: unknown;
  redis.on("error", (error) => (socketError = error));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    const cause = connectionCause(socketError ?? error) ?? `did not answer (${firstLine(socketError ?? error)})`;
    throw new StartError(`Redis at ${where} ${cause}; start it there or set REDIS_URL to a Redis that answers (or unset it to run on the in-process bus).`);
  } finally {
    redis.disconnect();
  }
}

/**
 * The migrations step failed: `failure` is db:migrate's own line ("db:migrate: <domain> (<url>):
 * <cause>"), when it printed one.
 */
export function migrationError(failure: string | undefined): StartError {
  const cause = failure?.replace(/^db:migrate: /, "") ?? "see the db:migrate output above";
  return new StartError(`The database migrations could not be applied: ${cause.replace(/\.$/, "")}; fix that database (or the migration) and run npm start again.`);
}

function postgresRefusal(error: unknown, url: URL): string {
  const code = (error as { code?: string }).code;
  const user = decodeURIComponent(url.username) || "(default)";
  if (code === "28P01") return `refused the password of user "${user}"`;
  if (code === "28000") return `refused user "${user}" (${firstLine(error)})`;
  if (code === "3D000") return `has no "postgres" database to connect to`;
  return connectionCause(error) ?? `refused the connection (${firstLine(error)})`;
}

function postgresFix(error: unknown, variable: string): string {
  const code = (error as { code?: string }).code;
  return code?.startsWith("28") ? `fix the user or password in ${variable}` : `start PostgreSQL there or set ${variable} to a server that answers`;
}

/** Why a TCP connection failed, in words; undefined for an error that is not about connecting. */
function connectionCause(error: unknown): string | undefined {
  const errors = error instanceof AggregateError ? error.errors : [error];
  const codes = errors.map((each) => (each as { code?: string }).code);
  if (codes.includes("ECONNREFUSED")) return "refused the connection (nothing listens there)";
  if (codes.includes("ENOTFOUND") || codes.includes("EAI_AGAIN")) return "cannot be found (the host name does not resolve)";
  if (codes.includes("ETIMEDOUT") || /timeout/i.test(firstLine(error))) return "did not answer within 3 seconds";
  return undefined;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!.trim();
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

interface User {
  uid: number;
  gid: number;
}

function postgresUser(): User {
  const id = (flag: string) => spawnSync("id", [flag, "postgres"], { encoding: "utf8" });
  const [uid, gid] = [id("-u"), id("-g")];
  if (uid.status !== 0 || gid.status !== 0) {
    throw new StartError("PostgreSQL could not start: run as root, it needs a `postgres` user to run as and there is none; create one (useradd --system postgres) or run npm start as a regular user.");
  }
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

/** The embedded PostgreSQL's bin folder, as embedded-postgres finds it (its platform package). */
async function embeddedPostgresBinaries(): Promise<string> {
  const fromEmbeddedPostgres = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  const entry = fromEmbeddedPostgres.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  const { initdb } = (await import(entry)) as { initdb: string };
  return dirname(initdb);
}

/** The first folder from / down to `path` (included) that `user` cannot enter, if any. */
function firstUnreachable(user: User, path: string): string | undefined {
  const folders: string[] = [];
  for (let folder = resolve(path); ; folder = dirname(folder)) {
    folders.unshift(folder);
    if (folder === parse(folder).root) break;
  }
  return folders.find((folder) => !runsAs(user, ["-x", folder]));
}

function nearestExisting(path: string): string {
  let folder = resolve(path);
  while (!existsSync(folder)) folder = dirname(folder);
  return folder;
}

/** `test <args>` as `user`, as embedded-postgres spawns PostgreSQL (uid and gid, no supplementary groups). */
function runsAs(user: User, args: string[]): boolean {
  return spawnSync("test", args, { uid: user.uid, gid: user.gid, cwd: "/" }).status === 0;
}
