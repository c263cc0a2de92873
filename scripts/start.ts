// `npm start`: the whole supergraph on this machine. Builds the Prisma clients, applies the
// migrations, seeds demo data, starts the four subgraphs and the gateway as separate
// processes, prints where everything is, and stops them all on Ctrl-C or SIGTERM.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { SUBGRAPHS, subgraphUrlFor, type SubgraphName } from "@shop/config";
import { DEMO_CUSTOMER, seedDatabases, seedOrders } from "./seed.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

// A developer's .env (see .env.example) fills in what the shell does not set.
if (existsSync(`${root}/.env`)) process.loadEnvFile(`${root}/.env`);

// Local-development defaults; any of them can be overridden from the environment.
const env: Record<string, string | undefined> = {
  ...process.env,
  ADMIN_EMAIL: process.env.ADMIN_EMAIL || "admin@shop.local",
  ADMIN_PASSWORD: process.env.ADMIN_PASSWORD || "admin-password",
  APOLLO_TELEMETRY_DISABLED: "1",
};
const admin = { email: env.ADMIN_EMAIL!, password: env.ADMIN_PASSWORD! };
const gatewayUrl = `http://localhost:${env.GATEWAY_PORT || 4000}/graphql`;

const processes = [
  ...(Object.keys(SUBGRAPHS) as SubgraphName[]).map((name) => ({ name, cwd: `subgraphs/${name}`, url: subgraphUrlFor(name, env) })),
  { name: "gateway", cwd: "gateway", url: gatewayUrl },
];

const children: ChildProcess[] = [];
let stopping = false;

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  console.log("\nstopping all services…");
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  if (running.length === 0) process.exit(code);
  let left = running.length;
  for (const child of running) {
    child.once("exit", () => {
      if (--left === 0) process.exit(code);
    });
    child.kill("SIGTERM");
  }
}

// SIGHUP: the terminal went away. (package.json `exec`s this script, so npm's signals land here.)
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => stopAll(0));

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

// Run here rather than chained in package.json, so that npm's signals reach this process.
for (const step of ["build", "db:migrate"]) {
  const { status } = spawnSync("npm", ["run", step], { cwd: root, env, stdio: "inherit" });
  if (status !== 0) {
    console.error(`start failed: npm run ${step} exited with ${status}`);
    process.exit(1);
  }
}

await seedDatabases(env);

for (const { name, cwd } of processes) {
  // Own process group: Ctrl-C reaches only this supervisor, which stops each child once, in order.
  // tsx as a loader, not its CLI: one process per service, and signals reach it unrelayed.
  const child = spawn(process.execPath, ["--import", "tsx", "--import", "@shop/tracing/register", "src/main.ts"], { cwd: `${root}/${cwd}`, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on("line", (line) => console.log(`[${name.padEnd(13)}] ${line}`));
  }
  child.once("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[${name}] exited unexpectedly (${signal ?? `code ${code}`})`);
      stopAll(1);
    }
  });
}

try {
  const deadline = Date.now() + 60_000;
  await Promise.all(processes.map(({ url }) => waitUntilReady(url, deadline)));
  await seedOrders(gatewayUrl, admin);
} catch (error) {
  console.error(`start failed: ${(error as Error).message}`);
  stopAll(1);
}

if (!stopping) {
  console.log(`
  Supergraph ready.
    Gateway + Apollo Sandbox   ${gatewayUrl}
${processes
  .filter(({ name }) => name !== "gateway")
  .map(({ name, url }) => `    ${`${name} subgraph`.padEnd(27)}${url}`)
  .join("\n")}
    Health                     /healthz and /readyz on every service

  Demo logins
    admin      ${admin.email} / ${admin.password}
    customer   ${DEMO_CUSTOMER.email} / ${DEMO_CUSTOMER.password}

  Ctrl-C stops everything.
`);
}
