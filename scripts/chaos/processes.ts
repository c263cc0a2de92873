// The children of `npm run chaos`: started, stopped (SIGTERM or SIGKILL) and started again, each
// with its output in a log file of its own under .data/chaos/<run>/logs.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

export interface Child {
  name: string;
  process: ChildProcess;
  /** Resolves when it has exited, however. */
  exited: Promise<void>;
}

const children = new Set<Child>();

/**
 * Every child still running is stopped: the script is ending, however. SIGTERM first, so the
 * embedded PostgreSQL's wrapper stops its server too; SIGKILL for what is left after 5 s.
 */
export async function stopChildren(): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child, "SIGTERM", 5_000)));
}

export function startChild(name: string, command: string, args: string[], options: { cwd: string; env: Record<string, string | undefined>; logDir: string }): Child {
  const log = createWriteStream(`${options.logDir}/${name}.log`, { flags: "a" });
  // stdin is a pipe: the embedded PostgreSQL stops itself when it closes (the script died).
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const started = { name, process: child, exited };
  children.add(started);
  void exited.then(() => children.delete(started));
  return started;
}

function running(child: Child): boolean {
  return child.process.exitCode === null && child.process.signalCode === null;
}

/** SIGTERM (a graceful stop) or SIGKILL (a crash); resolves once it is gone. */
export async function stopChild(child: Child, signal: "SIGTERM" | "SIGKILL" = "SIGTERM", graceMs = 15_000): Promise<void> {
  if (!running(child)) return;
  child.process.kill(signal);
  const gone = await Promise.race([child.exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!gone) {
    child.process.kill("SIGKILL");
    await child.exited;
  }
}

/** Resolves with the first line of the child's output that matches, or rejects when it exits first. */
export function waitForLine(child: Child, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => fail(new Error(`${child.name} did not print ${pattern} within ${timeoutMs / 1000} s`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = pattern.exec(buffer);
      if (match) done(() => resolve(match));
    };
    const onExit = () => fail(new Error(`${child.name} exited before it was ready (see its log)`));
    const done = (settle: () => void) => {
      clearTimeout(timer);
      child.process.stdout!.off("data", onData);
      child.process.off("exit", onExit);
      settle();
    };
    const fail = (error: Error) => done(() => reject(error));
    child.process.stdout!.on("data", onData);
    child.process.once("exit", onExit);
  });
}

/** Polls `ready` until it is true; throws after `timeoutMs`. */
export async function waitUntil(what: string, ready: () => Promise<boolean>, timeoutMs: number, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return;
    await sleep(intervalMs);
  }
  throw new Error(`${what} within ${timeoutMs / 1000} s`);
}
