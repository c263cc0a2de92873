// `npm run dev` (the start command with --watch): the supergraph restarts when a file it reads
// changes, here the composed supergraph the gateway serves (a copy, so the repository's stays
// as it is), keeps serving, and Ctrl-C leaves nothing running. The configured PostgreSQL, no
// Redis (one process on the in-process bus), free ports.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { SUPERGRAPH_PATH } from "../../scripts/supergraph.ts";
import { dataOf, gql } from "../support/client.ts";
import { freePort, isListening } from "../support/ports.ts";
import { processesWithEnv, runStartCommand, SERVICE_PORTS } from "../support/start-command.ts";

const folder = mkdtempSync(join(tmpdir(), "shop-dev-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

it("restarts the supergraph when the composed supergraph changes, serves again, and stops everything on SIGINT", async () => {
  const ports = Object.fromEntries(await Promise.all(SERVICE_PORTS.map(async (name) => [name, String(await freePort())])));
  const marker = `dev-command-${process.pid}-${Date.now()}`;
  const supergraph = join(folder, "supergraph.graphql");
  copyFileSync(SUPERGRAPH_PATH, supergraph);
  const { REDIS_URL: _redis, ...withoutRedis } = process.env;
  const run = await runStartCommand(
    {
      ...withoutRedis,
      ...ports,
      POSTGRES_URL: process.env.POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432",
      SUPERGRAPH_PATH: supergraph,
      LOG_LEVEL: "warn",
      START_COMMAND_TEST_MARKER: marker,
    },
    { watch: true },
  );
  expect(run.output()).toContain("reload     on: a service restarts when its code or the composed supergraph changes");
  const gatewayUrl = `http://localhost:${ports.GATEWAY_PORT}/graphql`;
  const catalogue = async () => dataOf(await gql(gatewayUrl, `{ products(first: 1) { edges { node { name } } } }`)).products.edges;
  expect(await catalogue()).toHaveLength(1);
  // The watcher (tsx's CLI), and the supergraph process it runs and restarts.
  const supergraphProcesses = () => {
    const processes = processesWithEnv(marker).filter(({ command }) => command.endsWith("scripts/single-process.ts"));
    const isWatcher = ({ command }: { command: string }) => command.includes("tsx/dist/cli.mjs watch");
    return { watchers: processes.filter(isWatcher).map(({ pid }) => pid), running: processes.filter((process) => !isWatcher(process)).map(({ pid }) => pid) };
  };
  const before = supergraphProcesses();
  expect(before.watchers).toHaveLength(1);
  expect(before.running).toHaveLength(1);

  writeFileSync(supergraph, `${readFileSync(supergraph, "utf8")}\n# composed again\n`);
  await expect.poll(() => run.output(), { timeout: 10_000 }).toMatch(/\[tsx\] change in .*supergraph\.graphql Restarting/);
  await expect.poll(() => supergraphProcesses().running, { timeout: 30_000, interval: 250 }).toEqual([expect.not.toBeOneOf(before.running)]);
  expect(supergraphProcesses().watchers).toEqual(before.watchers);
  await expect.poll(() => catalogue().catch(() => []), { timeout: 60_000, interval: 500 }).toHaveLength(1);
  expect(run.output()).not.toContain("exited unexpectedly");

  expect(await run.interrupt()).toBe(0);
  for (const port of Object.values(ports)) expect(await isListening(Number(port))).toBe(false);
  expect(processesWithEnv(marker)).toEqual([]);
}, 240_000);
