// The services as the start command runs them: separate processes from their entry points.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

function run(entry: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", entry], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe("service processes", () => {
  it("refuse to start with a clear message naming what is missing", async () => {
    const { exited, output } = run("subgraphs/users/src/main.ts", { NODE_ENV: "production", JWT_SECRET: "", USERS_PORT: "0" });
    expect(await exited).toBe(1);
    expect(output()).toContain("JWT_SECRET is missing");
    expect(output()).not.toMatch(/\n\s+at /);
  });

  it("name an invalid value", async () => {
    const { exited, output } = run("gateway/src/main.ts", { GATEWAY_PORT: "http" });
    expect(await exited).toBe(1);
    expect(output()).toContain("GATEWAY_PORT is invalid");
  });

  it("start, serve and stop cleanly on SIGTERM", async () => {
    const { child, exited, output } = run("subgraphs/products/src/main.ts", { PRODUCTS_PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" });
    const deadline = Date.now() + 20_000;
    while (!/products ready/.test(output()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const url = JSON.parse(output().split("\n").find((line) => line.includes("products ready"))!).url as string;
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ categories }" }) });
    expect(response.status).toBe(200);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output()).toContain("products stopped");
  });
});
