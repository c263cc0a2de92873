// `npm start`: the whole supergraph on this machine. Without database settings it runs an
// embedded PostgreSQL (data in .data/postgres); without REDIS_URL it runs every service in one
// process on an in-process event bus, otherwise each service as its own process on Redis.
// Builds the Prisma clients, applies the migrations, seeds demo data, prints where everything
// is, and on Ctrl-C or SIGTERM stops the services, then the embedded database.
// `npm run dev` is the same with `--watch`: each service restarts when its code changes.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { laptopKeys, loadStartConfig, METRICS_PORTS, SUBGRAPHS, subgraphUrlFor, usesExternalDatabase, usesRedis, type SubgraphName } from "@shop/config";

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

// Stopped in this order: the services, then the database they use.
const serviceChildren: ChildProcess[] = [];
let database: ChildProcess | undefined;
let stopping = false;

function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log("\nstopping all services…");
  await Promise.all(serviceChildren.map(stopChild));
  await stopChild(database);
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
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on("line", (line) => console.log(`[${name.padEnd(13)}] ${line}`));
  }
  child.once("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[${name}] exited unexpectedly (${signal ?? `code ${code}`})`);
      void stopAll(1);
    }
  });
  return child;
}

/** Runs an npm script to completion (not spawnSync: a signal meanwhile must still stop everything). */
function npmRun(script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", script], { cwd: root, env, stdio: "inherit" });
    child.once("exit", (status) => (status === 0 ? resolve() : reject(new Error(`npm run ${script} exited with ${status}`))));
  });
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
  // The Prisma clients are generated while the database starts.
  const [postgresUrl] = await Promise.all([embeddedDatabase ? startEmbeddedDatabase() : undefined, npmRun("build")]);
  if (postgresUrl) env.POSTGRES_URL = postgresUrl;
  await npmRun("db:migrate");
  // Only now: seeding loads the subgraphs' Prisma clients, which the build step generates.
  const { DEMO_CUSTOMER, seedDatabases, seedOrders } = await import("./seed.ts");

  if (singleProcess) {
    serviceChildren.push(supervise("supergraph", [...SERVICE_ENTRY, "scripts/single-process.ts"], root, { OTEL_SERVICE_NAME: env.OTEL_SERVICE_NAME || "supergraph" }));
  } else {
    for (const { name } of services) serviceChildren.push(supervise(name, [...SERVICE_ENTRY, "src/main.ts"], `${root}/${name === "gateway" ? "gateway" : `subgraphs/${name}`}`));
  }
  // The demo customer and catalogue go straight into the databases while the services start;
  // the demo orders then go through the gateway.
  const deadline = Date.now() + 60_000;
  await Promise.all([seedDatabases(env), ...services.map(({ url }) => waitUntilReady(url, deadline))]);
  await seedOrders(gatewayUrl, admin);
  if (!stopping) printReady(DEMO_CUSTOMER);
} catch (error) {
  if (!stopping) {
    console.error(`start failed: ${(error as Error).message}`);
    await stopAll(1);
  }
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
