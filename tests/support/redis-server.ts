import { spawn, type ChildProcess } from "node:child_process";
import { freePort, isListening } from "./ports.ts";

/**
 * A Redis server of the test's own (`redis-server` as a child process, keeping nothing on
 * disk), so that a test can restart it, empty, without touching the machine's shared Redis.
 */
export async function startRedisServer() {
  const port = await freePort();
  let child: ChildProcess | undefined;

  async function start() {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    const deadline = Date.now() + 10_000;
    while (!(await isListening(port))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start on port ${port} (is it installed? apt-get install redis-server)`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function stop() {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    // As a crash: nothing is saved, every connection drops at once.
    running.kill("SIGKILL");
    await exited;
  }

  await start();
  return { url: `redis://127.0.0.1:${port}`, port, stop, start };
}
