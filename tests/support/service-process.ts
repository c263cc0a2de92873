// A service as its own process, started exactly as `npm start` and the containers start it;
// JSON log lines on stdout.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { serviceNodeOptions } from "@shop/config";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The contract's entry command, run from the service's workspace folder. */
export const SERVICE_COMMAND = ["--import", "tsx", "--import", "@shop/tracing/register", "src/main.ts"];

export type LogLine = Record<string, unknown> & { msg?: string };

export interface ServiceProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  /** stdout and stderr so far. */
  output(): string;
  /** Every JSON line written so far (anything else, e.g. a stack trace on stderr, is skipped). */
  lines(): LogLine[];
  /** Resolves with the first raw line matching `pattern`, as soon as it is written. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the first JSON line `matches` accepts, as soon as it is written. */
  waitForLog(matches: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** The GraphQL URL from the service's "<name> ready" line. */
  ready(name: string, timeoutMs?: number): Promise<string>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

function parseLine(line: string): LogLine[] {
  try {
    return [JSON.parse(line) as LogLine];
  } catch {
    return [];
  }
}

/** `folder` is the workspace folder: `gateway`, `subgraphs/orders`, ... */
export function spawnService(folder: string, env: Record<string, string | undefined>): ServiceProcess {
  const child = spawn(process.execPath, SERVICE_COMMAND, {
    cwd: `${root}${folder}`,
    env: { ...process.env, NODE_OPTIONS: serviceNodeOptions(process.env.NODE_OPTIONS), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk;
    for (const listener of listeners) listener();
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const lines = () => output.split("\n").flatMap(parseLine);

  /** Resolves with the first value `find` returns; fails with the output so far on exit or timeout. */
  function waitFor<T>(find: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found === undefined) return;
        done();
        resolve(found);
      };
      const fail = () => {
        done();
        reject(new Error(`${folder}: no ${what} within ${timeoutMs} ms or before it exited; output:\n${output}`));
      };
      const timer = setTimeout(fail, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
        child.off("exit", onExit);
      };
      // The last output may arrive just before the exit: look once more, then give up.
      const onExit = () => setImmediate(() => (find() === undefined ? fail() : check()));
      listeners.add(check);
      child.once("exit", onExit);
      check();
    });
  }

  const waitForLog = (matches: (line: LogLine) => boolean, timeoutMs = 30_000) => waitFor(() => lines().find(matches), "such log line", timeoutMs);
  return {
    child,
    exited,
    output: () => output,
    lines,
    waitForLine: (pattern, timeoutMs = 30_000) => waitFor(() => output.split("\n").find((line) => pattern.test(line)), `line matching ${pattern}`, timeoutMs),
    waitForLog,
    async ready(name, timeoutMs) {
      return (await waitForLog((line) => line.msg === `${name} ready`, timeoutMs)).url as string;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
