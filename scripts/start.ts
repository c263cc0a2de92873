// `npm start`: the whole supergraph on this machine. Without database settings it runs an
// embedded PostgreSQL (data in .data/postgres); without REDIS_URL it runs every service in one
// process on an in-process event bus, otherwise each service as its own process on Redis.
// Builds the Prisma clients, applies the migrations, seeds demo data, prints where everything
// is, and on Ctrl-C or SIGTERM stops the services, then the embedded database.
// `npm run dev` is the same with `--watch`: each service restarts when its code changes.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { databaseUrlFor, laptopKeys, loadStartConfig, METRICS_PORTS, serviceNodeOptions, SUBGRAPHS, subgraphUrlFor, usesExternalDatabase, usesRedis, type SubgraphName } from "@shop/config";
import { checkEmbeddedPostgresReachable, checkPortsFree, checkPostgresAnswers, checkRedisAnswers, migrationError, StartError, type PortUse } from "./start-checks.ts";

const startedAt = performance.now();
const root = fileURLToPath(new URL("..", import.meta.url));
const { values: flags } = parseArgs({ options: { watch: { type: "boolean", default: false } } });

// A developer's .env (see .env.example) fills in what the shell does not set.
if (existsSync(`${root}/.env`)) process.loadEnvFile(`${root}/.env`);

// Local-development defaults; any of them can be overridden from the environment. The keys are
// this checkout's own, generated on the first start (no key is written in the repository).
const env: Record<string, string | undefined> = {
  ...process.env,
  ...laptopKeys(`${root}/.data/keys.json`),
  ADMIN_EMAIL: process.env.ADMIN_EMAIL || "admin@shop.local",
  ADMIN_PASSWORD: process.env.ADMIN_PASSWORD || "admin-password",
  APOLLO_TELEMETRY_DISABLED: "1",
  // Built by `npm run build` below (turbo caches it) and served by the gateway at /.
  STOREFRONT_DIR: process.env.STOREFRONT_DIR || fileURLToPath(new URL("../examples/storefront/dist", import.meta.url)),
};
const admin = { email: env.ADMIN_EMAIL!, password: env.ADMIN_PASSWORD! };
const gatewayUrl = `http://localhost:${env.GATEWAY_PORT || 4000}/graphql`;
const embeddedDatabase = !usesExternalDatabase(env);
const singleProcess = !usesRedis(env);
const embedded = loadStartConfig(env);

const subgraphs = (Object.keys(SUBGRAPHS) as SubgraphName[]).map((name) => ({ name, url: subgraphUrlFor(name, env) }));
const services = [...subgraphs, { name: "gateway", url: gatewayUrl }];
// Each service's Prometheus endpoint (<NAME>_METRICS_PORT), in either mode.
const metricsUrl = (name: keyof typeof METRICS_PORTS) => `http://localhost:${env[`${name.toUpperCase()}_METRICS_PORT`] || METRICS_PORTS[name]}/metrics`;

// Stopped in this order: a build or migration step still running, the services, then the database they use.
const steps = new Set<ChildProcess>();
const serviceChildren: ChildProcess[] = [];
let database: ChildProcess | undefined;
let stopping = false;

/** SIGTERM, then the child's exit (a service relays the signal itself, after draining). */
function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/**
 * Stops a step's whole process group (npm, turbo and what turbo runs): npm exits at once on
 * SIGTERM, turbo lets its tasks finish first, so the group is awaited, and killed after 5 s.
 */
async function stopStep(step: ChildProcess): Promise<void> {
  const signalGroup = (signal: NodeJS.Signals | 0) => {
    try {
      process.kill(-step.pid!, signal);
      return true;
    } catch {
      return false; // no process left in the group
    }
  };
  if (!signalGroup("SIGTERM")) return;
  const killAt = Date.now() + 5000;
  while (signalGroup(0)) {
    // After SIGKILL only zombies can remain, which nobody here can reap: stop waiting.
    if (Date.now() > killAt) return void signalGroup("SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Stops everything started, then exits; a failure's one sentence is the last line printed. */
async function stopAll(code: number, failure?: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (!failure) console.log("\nstopping all services…");
  else if (steps.size > 0 || database) console.log("\nstopping what was started…");
  await Promise.all([...steps].map(stopStep));
  await Promise.all(serviceChildren.map(stopChild));
  await stopChild(database);
  if (failure) console.error(`\n${failure}`);
  process.exit(code);
}

// SIGHUP: the terminal went away. (package.json `exec`s this script, so npm's signals land here.)
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stopAll(0));

// The gateway reads the composed supergraph (SUPERGRAPH_PATH), not code: with --watch,
// `npm run compose` restarts it too.
const supergraphPath = env.SUPERGRAPH_PATH || fileURLToPath(new URL("../schema/supergraph.graphql", import.meta.url));
// Services load tracing before anything else (it instruments the modules imported after it).
// tsx as a loader, not its CLI: one process per service, and signals reach it unrelayed. With
// --watch, tsx's CLI watches every file the service imports and restarts it (SIGTERM, so it
// drains first) on a change; it relays the supervisor's SIGTERM the same way.
const SERVICE_ENTRY = flags.watch
  ? [createRequire(import.meta.url).resolve("tsx/cli"), "watch", "--clear-screen=false", "--include", supergraphPath, "--import", "@shop/tracing/register"]
  : ["--import", "tsx", "--import", "@shop/tracing/register"];

/**
 * Starts a supervised child. Own process group: Ctrl-C reaches only this supervisor, which
 * stops each child once, in order.
 */
function supervise(name: string, args: string[], cwd = root, extraEnv: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, args, { cwd, env: { ...env, ...extraEnv }, detached: true, stdio: ["pipe", "pipe", "pipe"] });
  // A part that cannot start says so in a line "<part> could not start: <cause>; <fix>".
  let cannotStart: string | undefined;
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on("line", (line) => {
      if (/ could not start: /.test(line)) cannotStart = line;
      console.log(`[${name.padEnd(13)}] ${line}`);
    });
  }
  child.once("exit", (code, signal) => {
    if (!stopping) void stopAll(1, cannotStart ?? `The ${name} process exited unexpectedly (${signal ?? `code ${code}`}); its output above says why.`);
  });
  return child;
}

/**
 * Runs an npm script to completion (not spawnSync: a signal meanwhile must still stop everything),
 * in a process group of its own so that stopping it stops its children too. Rejects with the
 * last line its stderr printed.
 */
function npmRun(script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", script], { cwd: root, env, detached: true, stdio: ["ignore", "inherit", "pipe"] });
    steps.add(child);
    let lastError: string | undefined;
    createInterface({ input: child.stderr! }).on("line", (line) => {
      if (line.trim()) lastError = line;
      console.error(line);
    });
    child.once("exit", (status) => {
      steps.delete(child);
      if (status === 0) resolve();
      else reject(Object.assign(new Error(`npm run ${script} exited with ${status}`), { lastError }));
    });
  });
}

/** Each port a service would listen on must be free, and each server it would use must answer. */
async function checkBeforeStarting(): Promise<void> {
  const upper = (name: string) => name.toUpperCase();
  const ports: PortUse[] = [
    { part: "the gateway", port: Number(env.GATEWAY_PORT || 4000), variable: "GATEWAY_PORT" },
    ...subgraphs.map(({ name }) => ({ part: `the ${name} subgraph`, port: Number(env[`${upper(name)}_PORT`] || SUBGRAPHS[name]), variable: `${upper(name)}_PORT` })),
    ...(Object.keys(METRICS_PORTS) as (keyof typeof METRICS_PORTS)[]).map((name) => ({
      part: `the ${name} metrics endpoint`,
      port: Number(env[`${upper(name)}_METRICS_PORT`] || METRICS_PORTS[name]),
      variable: `${upper(name)}_METRICS_PORT`,
    })),
    ...(embeddedDatabase ? [{ part: "the embedded PostgreSQL", port: embedded.embeddedPostgresPort, variable: "EMBEDDED_POSTGRES_PORT" }] : []),
  ];
  await checkPortsFree(ports, env.HOST || "127.0.0.1");
  if (embeddedDatabase) {
    await checkEmbeddedPostgresReachable(resolvePath(root, embedded.embeddedPostgresDir));
  } else {
    // One check per server and user, named by the variable that chose it.
    const servers = new Map<string, { url: string; variable: string }>();
    for (const name of Object.keys(SUBGRAPHS) as SubgraphName[]) {
      const url = databaseUrlFor(name, env);
      const { username, host } = new URL(url);
      const variable = env[`${upper(name)}_DATABASE_URL`] ? `${upper(name)}_DATABASE_URL` : "POSTGRES_URL";
      if (!servers.has(`${username}@${host}`)) servers.set(`${username}@${host}`, { url, variable });
    }
    await Promise.all([...servers.values()].map(({ url, variable }) => checkPostgresAnswers(url, variable)));
  }
  if (!singleProcess) await checkRedisAnswers(env.REDIS_URL!);
}

/** The embedded PostgreSQL's URL, once it accepts connections. */
function startEmbeddedDatabase(): Promise<string> {
  database = supervise("postgres", ["--import", "tsx", "scripts/embedded-postgres.ts"]);
  return new Promise((resolve, reject) => {
    createInterface({ input: database!.stdout! }).on("line", (line) => {
      const ready = /^embedded PostgreSQL ready (\S+)$/.exec(line);
      if (ready) resolve(ready[1]!);
    });
    database!.once("exit", () => reject(new Error("the embedded PostgreSQL did not start")));
  });
}

async function waitUntilReady(url: string, deadline: number): Promise<void> {
  const readyz = url.replace(/\/graphql$/, "/readyz");
  while (Date.now() < deadline) {
    if (stopping) throw new Error("stopped");
    const ok = await fetch(readyz, { signal: AbortSignal.timeout(2000) }).then((response) => response.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${readyz} did not become ready`);
}

try {
  await checkBeforeStarting();
  // The Prisma clients are generated while the database starts.
  const [postgresUrl] = await Promise.all([embeddedDatabase ? startEmbeddedDatabase() : undefined, npmRun("build")]);
  if (postgresUrl) env.POSTGRES_URL = postgresUrl;
  await npmRun("db:migrate").catch((error: { lastError?: string }) => {
    throw migrationError(error.lastError?.startsWith("db:migrate: ") ? error.lastError : undefined);
  });
  // Only now: seeding loads the subgraphs' Prisma clients, which the build step generates.
  const { DEMO_CUSTOMER, seedDatabases, seedOrders } = await import("./seed.ts");

  if (singleProcess) {
    serviceChildren.push(supervise("supergraph", [...SERVICE_ENTRY, "scripts/single-process.ts"], root, { OTEL_SERVICE_NAME: env.OTEL_SERVICE_NAME || "supergraph" }));
  } else {
    // One process per service, each with a heap limit (SERVICE_HEAP_LIMIT_MB); laptop mode's one process holds all five and gets none.
    const nodeOptions = serviceNodeOptions(env.NODE_OPTIONS);
    for (const { name } of services) {
      serviceChildren.push(supervise(name, [...SERVICE_ENTRY, "src/main.ts"], `${root}/${name === "gateway" ? "gateway" : `subgraphs/${name}`}`, { NODE_OPTIONS: nodeOptions }));
    }
  }
  // The demo customer and catalogue go straight into the databases while the services start;
  // the demo orders then go through the gateway.
  const deadline = Date.now() + 60_000;
  await Promise.all([seedDatabases(env), ...services.map(({ url }) => waitUntilReady(url, deadline))]);
  await seedOrders(gatewayUrl, admin);
  if (!stopping) printReady(DEMO_CUSTOMER);
} catch (error) {
  // A StartError is the whole sentence already.
  if (!stopping) await stopAll(1, error instanceof StartError ? error.message : `npm start failed: ${(error as Error).message}`);
}

function printReady(customer: { email: string; password: string }): void {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.log(`
  Supergraph ready in ${seconds} s.
    Gateway + Apollo Sandbox   ${gatewayUrl}
    Storefront                 ${gatewayUrl.replace(/graphql$/, "")}
${subgraphs.map(({ name, url }) => `    ${`${name} subgraph`.padEnd(27)}${url}`).join("\n")}
    Health                     /healthz and /readyz on every service
    Metrics (Prometheus)
${(Object.keys(METRICS_PORTS) as (keyof typeof METRICS_PORTS)[]).map((name) => `      ${name.padEnd(25)}${metricsUrl(name)}`).join("\n")}

  Mode
    database   ${embeddedDatabase ? `embedded PostgreSQL on 127.0.0.1:${embedded.embeddedPostgresPort}, data in ${embedded.embeddedPostgresDir} (set POSTGRES_URL to use your own server)` : "external PostgreSQL (POSTGRES_URL / <NAME>_DATABASE_URL)"}
    reload     ${flags.watch ? "on: a service restarts when its code or the composed supergraph changes (npm run compose after an SDL change)" : "off (npm run dev restarts a service when its code changes)"}
    events     ${singleProcess ? "in-process bus: single-process mode, every service in one process; replicas need Redis (set REDIS_URL)" : `Redis at ${redact(env.REDIS_URL!)}: multi-process mode, each service its own process`}

  Demo logins
    admin      ${admin.email} / ${admin.password}
    customer   ${customer.email} / ${customer.password}

  Ctrl-C stops everything${embeddedDatabase ? ", the embedded database included" : ""}.
`);
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
