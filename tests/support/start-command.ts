// `npm start` (scripts/start.ts) as a real child process, for the start-command tests.
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, onTestFinished } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

const SERVICES = ["GATEWAY", "USERS", "PRODUCTS", "ORDERS", "NOTIFICATIONS"] as const;
/** Every port the start command's services listen on: GraphQL and /metrics of each. */
export const SERVICE_PORTS = SERVICES.flatMap((name) => [`${name}_PORT`, `${name}_METRICS_PORT`]);

/**
 * Starts the start command (of this checkout, or of the project at `cwd`; with `watch`, as
 * `npm run dev` does) and resolves once it printed "Supergraph ready" (fails the test otherwise).
 */
export async function runStartCommand(env: Record<string, string | undefined>, { cwd = root, watch = false }: { cwd?: string; watch?: boolean } = {}) {
  const startedAt = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", ...(watch ? ["--watch"] : [])], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // A test that fails half way must not leave a supergraph running on the shared test databases
  // (its outbox relay would take the next tests' events).
  onTestFinished(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGINT");
    await exited;
  });
  const ready = new Promise<void>((resolve) => {
    const check = () => (output.includes("Supergraph ready") ? resolve() : undefined);
    child.stdout.on("data", check);
    void exited.then(() => resolve());
  });
  await Promise.race([ready, new Promise((resolve) => setTimeout(resolve, 150_000))]);
  expect(output, "the start command did not report ready").toContain("Supergraph ready");
  const secondsToReady = (performance.now() - startedAt) / 1000;
  return {
    output: () => output,
    secondsToReady,
    /** Ctrl-C, then the exit code. */
    async interrupt() {
      child.kill("SIGINT");
      return exited;
    },
  };
}

/**
 * A fresh clone of this repository's committed HEAD with its dependencies installed, as a
 * newcomer has it after `git clone` and `npm install`: nothing built or generated yet.
 */
export function freshClone(folder: string): string {
  const clone = `${folder}/shop`;
  const run = (command: string, args: string[], cwd: string) => {
    const result = spawnSync(command, args, { cwd, encoding: "utf8", timeout: 300_000 });
    if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  };
  run("git", ["clone", "--quiet", root, clone], folder);
  // The npm cache of the machine is warm (CI has just installed the same lockfile).
  run("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], clone);
  return clone;
}

/** Processes whose environment holds `marker` (the start command and all it started), with their command lines. */
export function processesWithEnv(marker: string): { pid: number; command: string }[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, "latin1").includes(marker);
      } catch {
        return false; // gone meanwhile
      }
    })
    .map((pid) => ({ pid: Number(pid), command: readCommand(pid) }));
}

function readCommand(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "latin1").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

/**
 * Runs a start command that is expected to fail, to its exit (killed after `limitSeconds`):
 * its exit code, how long it took and everything it printed.
 */
export async function runFailingStartCommand(env: Record<string, string | undefined>, limitSeconds: number) {
  const startedAt = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const limit = setTimeout(() => child.kill("SIGKILL"), limitSeconds * 1000);
  const closed = new Promise((resolve) => child.once("close", resolve));
  const code = await new Promise<number | null>((resolve) => child.once("exit", (exitCode) => resolve(exitCode)));
  clearTimeout(limit);
  // The last output, unless something it started still holds the pipes (the test then fails on that).
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1000))]);
  return { code, seconds: (performance.now() - startedAt) / 1000, output, lastLine: output.trim().split("\n").at(-1) ?? "" };
}
