// `npm start` when a part cannot start: the real command as a child process, each time with one
// real cause (a port taken, a PostgreSQL or Redis that refuses, a migration that fails, an
// embedded PostgreSQL that cannot be initialised). Each must print one sentence naming the part,
// the cause and the fix (no stack trace), stop what it started and exit non-zero within seconds.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { dropDatabase } from "@shop/db";
import { freePort, isListening } from "../support/ports.ts";
import { processesWithEnv, runFailingStartCommand, SERVICE_PORTS } from "../support/start-command.ts";

// A few seconds on an idle machine; generous for a loaded CI machine. A start that hangs (the
// bug this guards against) never ends.
const LIMIT_SECONDS = 30;
const TEST_TIMEOUT_MS = 60_000;
const postgresUrl = process.env.POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432";
const folder = mkdtempSync(join(tmpdir(), "shop-start-failures-"));
chmodSync(folder, 0o755); // run as root, the embedded PostgreSQL's user must get through it
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Fails to start with `env` on free ports; asserts the exit, the time, the last line printed (the sentence) and nothing left behind. */
async function failedStart(env: Record<string, string | undefined>, sentence: string | RegExp): Promise<void> {
  const ports = Object.fromEntries(await Promise.all([...SERVICE_PORTS, "EMBEDDED_POSTGRES_PORT"].map(async (name) => [name, String(await freePort())])));
  const marker = `start-failures-${process.pid}-${Date.now()}`;
  const run = await runFailingStartCommand({ ...process.env, ...ports, LOG_LEVEL: "warn", START_COMMAND_TEST_MARKER: marker, ...env }, LIMIT_SECONDS);
  expect(run.code, run.output).not.toBe(0);
  expect(run.code, "killed at the time limit: the start hung").not.toBeNull();
  expect(run.seconds).toBeLessThan(LIMIT_SECONDS);
  expect(run.output).not.toMatch(/^\s+at /m);
  expect(processesWithEnv(marker)).toEqual([]);
  for (const [name, port] of Object.entries(ports)) {
    if (!(name in env)) expect(await isListening(Number(port)), `${name} ${port} still open`).toBe(false);
  }
  if (typeof sentence === "string") expect(run.lastLine, run.output).toBe(sentence);
  else expect(run.lastLine, run.output).toMatch(sentence);
}

it("names a port that is taken, and its variable", async () => {
  const taken = net.createServer();
  const port = await freePort();
  await new Promise<void>((resolve) => taken.listen(port, "127.0.0.1", resolve));
  try {
    await failedStart({ POSTGRES_URL: postgresUrl, ORDERS_METRICS_PORT: String(port) }, `The orders metrics endpoint could not start: port ${port} on 127.0.0.1 is already in use; stop what listens there or set ORDERS_METRICS_PORT to a free port.`);
  } finally {
    await new Promise((resolve) => taken.close(resolve));
  }
}, TEST_TIMEOUT_MS);

it("names a PostgreSQL where nothing listens", async () => {
  const port = await freePort();
  await failedStart({ POSTGRES_URL: `postgresql://postgres@127.0.0.1:${port}` }, `PostgreSQL at 127.0.0.1:${port} refused the connection (nothing listens there); start PostgreSQL there or set POSTGRES_URL to a server that answers.`);
}, TEST_TIMEOUT_MS);

it("names a PostgreSQL that refuses the user", async () => {
  const url = new URL(postgresUrl);
  url.username = "no_such_shop_user";
  url.password = "";
  // Refused as an unknown role (trust) or by its password (scram-sha-256), as the server's pg_hba.conf says.
  await failedStart({ POSTGRES_URL: url.toString() }, new RegExp(`^PostgreSQL at ${url.hostname}:${url.port || 5432} refused (user|the password of user) "no_such_shop_user".*; fix the user or password in POSTGRES_URL\\.$`));
}, TEST_TIMEOUT_MS);

it("names a Redis that does not answer", async () => {
  const port = await freePort();
  await failedStart({ POSTGRES_URL: postgresUrl, REDIS_URL: `redis://127.0.0.1:${port}` }, `Redis at 127.0.0.1:${port} refused the connection (nothing listens there); start it there or set REDIS_URL to a Redis that answers (or unset it to run on the in-process bus).`);
}, TEST_TIMEOUT_MS);

it("names the database whose migrations fail, after stopping the steps it started", async () => {
  // A users database that already holds a "users" table Prisma did not make: its migrations refuse it.
  const prefix = `${process.env.DATABASE_PREFIX}_startfail`;
  const usersDatabase = new URL(postgresUrl);
  usersDatabase.pathname = `/${prefix}_users`;
  await dropDatabase(usersDatabase.toString());
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${prefix}_users"`).finally(() => admin.end());
  const users = new pg.Client({ connectionString: usersDatabase.toString() });
  await users.connect();
  await users.query(`CREATE TABLE "users" (id int)`).finally(() => users.end());
  try {
    await failedStart({ POSTGRES_URL: postgresUrl, DATABASE_PREFIX: prefix }, new RegExp(`^The database migrations could not be applied: users \\(.*/${prefix}_users\\): The database schema is not empty\\..*; fix that database \\(or the migration\\) and run npm start again\\.$`));
  } finally {
    await dropDatabase(usersDatabase.toString());
  }
}, TEST_TIMEOUT_MS);

it("names an embedded PostgreSQL data folder its user cannot reach", async () => {
  // Run as root, PostgreSQL runs as the postgres user, who cannot enter a folder only root can
  // (as /root is). Run as anyone else, a folder without write permission stops it the same way.
  const locked = join(folder, "locked");
  mkdirSync(locked, { mode: process.getuid?.() === 0 ? 0o700 : 0o500 });
  await failedStart(
    { EMBEDDED_POSTGRES_DIR: join(locked, "postgres"), POSTGRES_URL: undefined, REDIS_URL: undefined },
    process.getuid?.() === 0
      ? `PostgreSQL could not start: the postgres user cannot enter ${locked}, on the way to its data in ${join(locked, "postgres")}; choose an EMBEDDED_POSTGRES_DIR it can reach or run npm start as a regular user.`
      : /^PostgreSQL could not start: .+; .*EMBEDDED_POSTGRES_DIR.*\.$/,
  );
}, TEST_TIMEOUT_MS);

it("stops the build it started when the embedded PostgreSQL fails meanwhile", async () => {
  // Not a cluster and not empty: found only once the database process runs, beside the build.
  const occupied = join(folder, "occupied");
  mkdirSync(occupied);
  writeFileSync(join(occupied, "notes.txt"), "not a database");
  await failedStart({ EMBEDDED_POSTGRES_DIR: occupied, POSTGRES_URL: undefined, REDIS_URL: undefined }, `PostgreSQL could not start: ${occupied} is not empty and holds no PostgreSQL cluster; empty it or choose another EMBEDDED_POSTGRES_DIR.`);
}, TEST_TIMEOUT_MS);
