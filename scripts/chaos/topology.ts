// What `npm run chaos` runs: its own embedded PostgreSQL and redis-server, two replicas of every
// subgraph and of the gateway, and HAProxy in front of each service (deploy/haproxy). Every
// part can be stopped, killed and started again on the same port, which is what the phases do.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { laptopKeys, serviceNodeOptions, SUBGRAPHS, type SubgraphName } from "@shop/config";
import { freePort } from "../../tests/support/ports.ts";
import { startTcpProxy } from "../../tests/support/tcp-proxy.ts";
import { startChild, stopChild, waitForLine, waitUntil, type Child } from "./processes.ts";

export const SERVICES = [...(Object.keys(SUBGRAPHS) as SubgraphName[]), "gateway"] as const;
export type ServiceName = (typeof SERVICES)[number];
export const REPLICAS = 2;

export const ADMIN = { email: "admin@chaos.local", password: "chaos-admin-password" };
// Behind HAProxy: unready this long before draining; HAProxy takes a replica out after 3 failed
// checks (deploy/haproxy/chaos.cfg.template). Less than half of SHUTDOWN_GRACE_MS, as it must be.
const DRAIN_DELAY_MS = 4_500;
const SHUTDOWN_GRACE_MS = 12_000;

export interface Replica {
  service: ServiceName;
  index: number;
  /** HAProxy's name for it (`<service>-<n>`). */
  server: string;
  port: number;
  child?: Child;
}

export async function startTopology(options: { root: string; runDir: string; reservationTtlMs: number }) {
  const { root, runDir } = options;
  const logDir = `${runDir}/logs`;
  mkdirSync(logDir, { recursive: true });
  const spawnOptions = (env: Record<string, string | undefined>, cwd = root) => ({ cwd, env, logDir });

  const ports = {
    postgres: await freePort(),
    redis: await freePort(),
    stats: await freePort(),
    frontends: Object.fromEntries(await Promise.all(SERVICES.map(async (name) => [name, await freePort()] as const))) as Record<ServiceName, number>,
  };
  const replicas: Replica[] = [];
  for (const service of SERVICES) {
    for (let index = 0; index < REPLICAS; index++) replicas.push({ service, index, server: `${service}-${index + 1}`, port: await freePort() });
  }

  // --- PostgreSQL: the embedded one, a cluster of this run's own (never the machine's server).
  let postgres: Child | undefined;
  const postgresEnv = { ...process.env, EMBEDDED_POSTGRES_DIR: `${runDir}/postgres`, EMBEDDED_POSTGRES_PORT: String(ports.postgres) };
  let postgresUrl = "";
  async function startPostgres() {
    postgres = startChild("postgres", process.execPath, ["--import", "tsx", "scripts/embedded-postgres.ts"], spawnOptions(postgresEnv));
    postgresUrl = (await waitForLine(postgres, /embedded PostgreSQL ready (\S+)/, 120_000))[1]!;
  }

  // --- Redis: no persistence, as the brief of this run has it: a restart loses what it held.
  let redis: Child | undefined;
  async function startRedis() {
    redis = startChild("redis", "redis-server", ["--port", String(ports.redis), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], spawnOptions(process.env));
    await waitForLine(redis, /Ready to accept connections/, 30_000);
  }

  // --- The fault injector of the slow phase: every service reaches products through it.
  const productsDelay = await startTcpProxy({ host: "127.0.0.1", port: ports.frontends.products });

  await Promise.all([startPostgres(), startRedis()]);
  const subgraphUrl = (name: SubgraphName) => `http://127.0.0.1:${name === "products" ? productsDelay.port : ports.frontends[name]}/graphql`;
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...laptopKeys(`${runDir}/keys.json`),
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    APOLLO_TELEMETRY_DISABLED: "1",
    POSTGRES_URL: postgresUrl,
    DATABASE_PREFIX: "chaos",
    REDIS_URL: `redis://127.0.0.1:${ports.redis}`,
    EVENTS_NAMESPACE: "chaos",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    OPERATION_SAFELIST: "true",
    CORS_ORIGINS: "http://localhost:5173",
    SHUTDOWN_GRACE_MS: String(SHUTDOWN_GRACE_MS),
    SHUTDOWN_DRAIN_DELAY_MS: String(DRAIN_DELAY_MS),
    // A reservation with no order is released after this; the closing check waits that long.
    RESERVATION_TTL_MS: String(options.reservationTtlMs),
    RECONCILE_INTERVAL_MS: "2000",
    // The load comes from a few addresses only: sign-ups and logins are not what is measured.
    AUTH_LIMIT_PER_ADDRESS: "10000",
    ...Object.fromEntries((Object.keys(SUBGRAPHS) as SubgraphName[]).map((name) => [`${name.toUpperCase()}_URL`, subgraphUrl(name)])),
  };

  execFileSync("npm", ["run", "--silent", "db:migrate"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  const { seedDatabases } = await import("../seed.ts");
  await seedDatabases(env);

  // --- The replicas.
  async function startReplica(replica: Replica) {
    const upper = replica.service.toUpperCase();
    const cwd = replica.service === "gateway" ? `${root}/gateway` : `${root}/subgraphs/${replica.service}`;
    replica.child = startChild(replica.server, process.execPath, ["--import", "tsx", "--import", "@shop/tracing/register", "src/main.ts"], spawnOptions({
      ...env,
      [`${upper}_PORT`]: String(replica.port),
      [`${upper}_METRICS_PORT`]: "0",
      OTEL_SERVICE_NAME: replica.server,
      NODE_OPTIONS: serviceNodeOptions(env.NODE_OPTIONS),
    }, cwd));
    await waitUntil(`${replica.server} did not answer /readyz`, async () => (await fetch(`http://127.0.0.1:${replica.port}/readyz`, { signal: AbortSignal.timeout(1000) })).ok, 180_000, 250);
  }
  // Subgraphs first: the gateways load the supergraph and call them as soon as they serve.
  await Promise.all(replicas.filter((replica) => replica.service !== "gateway").map(startReplica));
  await Promise.all(replicas.filter((replica) => replica.service === "gateway").map(startReplica));

  // --- HAProxy, from the template in deploy/haproxy.
  const template = readFileSync(`${root}/deploy/haproxy/chaos.cfg.template`, "utf8");
  const config = template
    .replace(/^(\s*)@SERVERS (\w+)$/gm, (_, indent: string, service: string) =>
      replicas
        .filter((replica) => replica.service === service)
        .flatMap((replica) => [`${indent}server ${replica.server} 127.0.0.1:${replica.port}`, `${indent}server ${replica.server}-fallback 127.0.0.1:${replica.port} backup no-check`])
        .join("\n"),
    )
    .replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(name === "stats" ? ports.stats : ports.frontends[name as ServiceName]));
  writeFileSync(`${runDir}/haproxy.cfg`, config);
  const haproxy = startChild("haproxy", "haproxy", ["-f", `${runDir}/haproxy.cfg`, "-db"], spawnOptions(process.env));

  /** HAProxy's view of each server, from its stats page (`status` column: UP, DOWN, ...). */
  async function serverStates(): Promise<Map<string, string>> {
    const csv = await (await fetch(`http://127.0.0.1:${ports.stats}/stats;csv`, { signal: AbortSignal.timeout(1000) })).text();
    const [header, ...rows] = csv.trim().split("\n").map((line) => line.split(","));
    const column = (name: string) => header!.indexOf(name === "pxname" ? "# pxname" : name);
    return new Map(rows.filter((row) => row[column("svname")] !== "FRONTEND" && row[column("svname")] !== "BACKEND").map((row) => [row[column("svname")]!, row[column("status")]!]));
  }
  async function waitUntilUp(servers: string[], timeoutMs = 60_000) {
    await waitUntil(`HAProxy did not see ${servers.join(", ")} up`, async () => {
      const states = await serverStates();
      return servers.every((server) => states.get(server) === "UP");
    }, timeoutMs, 250);
  }
  await waitUntilUp(replicas.map((replica) => replica.server), 30_000);

  return {
    ports,
    replicas,
    gatewayUrl: `http://127.0.0.1:${ports.frontends.gateway}/graphql`,
    databaseUrl: (name: SubgraphName) => `${postgresUrl}/chaos_${name}`,
    productsDelay,
    serverStates,
    waitUntilUp,
    /** SIGTERM (graceful, as a rolling restart does) or SIGKILL, then started again and back in HAProxy. */
    async restartReplica(replica: Replica, signal: "SIGTERM" | "SIGKILL") {
      await stopChild(replica.child!, signal);
      // Not fatal: the phase's figures show what a replica slow to come back cost.
      await startReplica(replica)
        .then(() => waitUntilUp([replica.server], 120_000))
        .catch((error: Error) => console.log(`chaos: ${error.message}`));
    },
    async restartRedis(downMs: number) {
      await stopChild(redis!, "SIGTERM");
      await sleep(downMs);
      await startRedis();
    },
    async restartPostgres(downMs: number) {
      await stopChild(postgres!, "SIGTERM", 30_000);
      await sleep(downMs);
      await startPostgres();
    },
    async stop() {
      await Promise.all(replicas.map((replica) => replica.child && stopChild(replica.child)));
      await stopChild(haproxy);
      await productsDelay.close();
      await Promise.all([postgres && stopChild(postgres, "SIGTERM", 30_000), redis && stopChild(redis)]);
    },
  };
}

export type Topology = Awaited<ReturnType<typeof startTopology>>;
