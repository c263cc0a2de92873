// The supergraph under test: started by the bench through `npm start`'s script in the
// production shape (NODE_ENV=production, the operation safelist on, one process per service
// on Redis) or in laptop mode (every service in one process), on free ports and the bench's own
// databases and event namespace; or a running one the bench attaches to (BENCH_URL).
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { applyMigrations, DOMAINS, domainDatabase, ensureDatabase } from "@shop/db";
import { databaseUrlFor, METRICS_PORTS, SUBGRAPHS } from "@shop/config";
import { freePort } from "../../tests/support/ports.ts";
import { fixedProcess, LOAD_GENERATOR, pidListeningOn, postgresGroup, type ProcessGroup } from "./process-stats.ts";

type Env = Record<string, string | undefined>;

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SERVICES = ["gateway", ...Object.keys(SUBGRAPHS)] as (keyof typeof METRICS_PORTS)[];
const START_TIMEOUT_MS = 300_000;

export type StackMode = "production" | "laptop" | "attach";

export interface Stack {
  mode: StackMode;
  gatewayUrl: string;
  metricsUrls: string[];
  /** The processes whose CPU and memory are reported. */
  processes: ProcessGroup[];
  /** Processes that could not be found (attached to a supergraph on another machine, say). */
  missing: string[];
  stop(): Promise<void>;
}

/** The databases the bench seeds and the services use: never a developer's `shop_*` or the tests'. */
export async function migrateDatabases(env: Env): Promise<void> {
  for (const domain of DOMAINS) {
    const database = domainDatabase(domain, env);
    await ensureDatabase(database.connectionString);
    await applyMigrations(database);
  }
}

/** Every service's process, found by the port it listens on; services sharing one process (laptop mode) are one "supergraph". */
function serviceProcesses(ports: Record<string, number>): { groups: ProcessGroup[]; missing: string[] } {
  const byPid = new Map<number, string[]>();
  const missing: string[] = [];
  for (const [name, port] of Object.entries(ports)) {
    const pid = pidListeningOn(port);
    if (pid === null) missing.push(`${name} (nothing of ours listens on port ${port})`);
    else byPid.set(pid, [...(byPid.get(pid) ?? []), name]);
  }
  const groups = [...byPid].map(([pid, names]) => fixedProcess(names.length > 1 ? `supergraph (${names.join(", ")})` : names[0]!, pid));
  return { groups, missing };
}

/** PostgreSQL (the server on POSTGRES_URL's port), the Redis server the services use (the one listening on REDIS_URL's port, when it is on this machine) and the bench itself. */
function sharedProcesses(env: Env, withRedis: boolean): ProcessGroup[] {
  const redisPid = withRedis && env.REDIS_URL ? pidListeningOn(Number(new URL(env.REDIS_URL).port || 6379)) : null;
  const postgresPort = Number(new URL(databaseUrlFor("users", env)).port || 5432);
  return [postgresGroup(env.DATABASE_PREFIX!, postgresPort), ...(redisPid !== null ? [fixedProcess("redis", redisPid)] : []), fixedProcess(LOAD_GENERATOR, process.pid)];
}

/** Attaches to a running supergraph: its services' ports and metrics ports are the usual variables (GATEWAY_PORT, USERS_METRICS_PORT, …). */
export function attachStack(gatewayUrl: string, env: Env): Stack {
  const ports = Object.fromEntries(
    SERVICES.map((name) => [name, name === "gateway" ? Number(new URL(gatewayUrl).port || 80) : Number(env[`${name.toUpperCase()}_PORT`] || SUBGRAPHS[name as keyof typeof SUBGRAPHS])]),
  );
  const { groups, missing } = serviceProcesses(ports);
  const host = new URL(gatewayUrl).hostname;
  return {
    mode: "attach",
    gatewayUrl,
    metricsUrls: SERVICES.map((name) => `http://${host}:${env[`${name.toUpperCase()}_METRICS_PORT`] || METRICS_PORTS[name]}/metrics`),
    processes: [...groups, ...sharedProcesses(env, groups.length > 1)],
    missing,
    stop: async () => {},
  };
}

/** Starts the supergraph with scripts/start.ts (build, migrations, demo seed, services) and waits until it says it is ready. */
export async function startStack(mode: "production" | "laptop", env: Env): Promise<Stack> {
  const ports: Record<string, number> = {};
  const childEnv: Env = { ...env, NODE_ENV: "production", OPERATION_SAFELIST: "true", CORS_ORIGINS: env.CORS_ORIGINS || "http://localhost:5173" };
  for (const name of SERVICES) {
    const upper = name.toUpperCase();
    ports[name] = await freePort();
    childEnv[`${upper}_PORT`] = String(ports[name]);
    childEnv[`${upper}_METRICS_PORT`] = String(await freePort());
    delete childEnv[`${upper}_URL`];
  }
  if (mode === "laptop") delete childEnv.REDIS_URL;

  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { cwd: ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  const recent: string[] = [];
  let ready = false;
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the supergraph was not ready within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on("line", (line) => {
        // Kept for a failure's message only: the services' own logs are not the bench's output.
        recent.push(line);
        if (recent.length > 40) recent.shift();
        if (!ready && /Supergraph ready in/.test(line)) {
          ready = true;
          clearTimeout(timer);
          resolve();
        }
      });
    }
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`the supergraph stopped before it was ready (${signal ?? `code ${code}`}); its last lines:\n${recent.join("\n")}`));
    });
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  try {
    await started;
  } catch (error) {
    await stop();
    throw error;
  }

  const { groups, missing } = serviceProcesses(ports);
  return {
    mode,
    gatewayUrl: `http://localhost:${ports.gateway}/graphql`,
    metricsUrls: SERVICES.map((name) => `http://localhost:${childEnv[`${name.toUpperCase()}_METRICS_PORT`]}/metrics`),
    processes: [...groups, ...sharedProcesses(childEnv, mode === "production")],
    missing,
    stop,
  };
}
