// A service as production runs it: its own process from its entry point, JSON log lines on stdout.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

export type LogLine = Record<string, unknown> & { msg?: string };

export function spawnService(entry: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", entry], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  /** Every JSON line written so far (anything else, e.g. a stack trace on stderr, is skipped). */
  const lines = (): LogLine[] =>
    output.split("\n").flatMap((line) => {
      try {
        return [JSON.parse(line) as LogLine];
      } catch {
        return [];
      }
    });
  /** Waits for a log line; fails with the output so far if the process exits or time runs out. */
  async function waitForLine(matches: (line: LogLine) => boolean, timeoutMs = 30_000): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = lines().find(matches);
      if (line) return line;
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`No such log line from ${entry}; output:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    child,
    exited,
    output: () => output,
    lines,
    waitForLine,
    /** The GraphQL URL from the service's "<name> ready" line. */
    async ready(name: string): Promise<string> {
      return (await waitForLine((line) => line.msg === `${name} ready`)).url as string;
    },
  };
}
