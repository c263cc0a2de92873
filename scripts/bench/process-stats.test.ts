import net from "node:net";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { databaseUrlFor } from "@shop/config";
import { commandLine, fixedProcess, peakRssKb, pidListeningOn, postgresGroup, readProcess, sampleGroups, usageBetween } from "./process-stats.ts";

/** Spins until this process has used `milliseconds` of CPU (not wall time: the machine may be busy). */
function burnCpu(milliseconds: number): void {
  const start = process.cpuUsage();
  let x = 0;
  for (;;) {
    for (let i = 0; i < 10_000; i++) x += Math.sqrt(x + i);
    const used = process.cpuUsage(start);
    if (used.user + used.system >= milliseconds * 1000) return;
  }
}

describe("reading /proc", () => {
  it("sees this process's CPU time grow with work, and its peak memory", () => {
    const before = readProcess(process.pid)!;
    burnCpu(300);
    const after = readProcess(process.pid)!;
    expect(after.comm.length).toBeGreaterThan(0);
    expect(after.cpuMicros - before.cpuMicros).toBeGreaterThanOrEqual(280_000);
    expect(peakRssKb(process.pid)).toBeGreaterThan(10_000);
    expect(readProcess(2 ** 22 + 1)).toBeNull();
  });

  it("finds the process listening on a port, and nobody on a closed one", async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    expect(pidListeningOn(port)).toBe(process.pid);
    await new Promise((resolve) => server.close(resolve));
    expect(pidListeningOn(port)).toBeNull();
  });

  it("turns two samples into CPU %, CPU per request and peak RSS", () => {
    const group = fixedProcess("me", process.pid);
    const before = sampleGroups([group]);
    const started = performance.now();
    burnCpu(300);
    const wallMicros = (performance.now() - started) * 1000;
    const [usage] = usageBetween(before, sampleGroups([group]), wallMicros, 100);
    expect(usage!.name).toBe("me");
    expect(usage!.processes).toBe(1);
    // 300 ms of CPU over 100 requests, give or take /proc's 10 ms ticks; at most one core busy.
    expect(usage!.cpuMicrosPerRequest).toBeGreaterThan(2_700);
    expect(usage!.cpuMicrosPerRequest).toBeLessThan(4_000);
    expect(usage!.cpuPercent).toBeCloseTo((usage!.cpuMicrosPerRequest * 100 * 100) / wallMicros, 5);
    expect(usage!.cpuPercent).toBeLessThan(110);
    expect(usage!.peakRssMb).toBeGreaterThan(10);
  });
});

describe("usageBetween", () => {
  it("counts a process that started between the samples from zero", () => {
    const before = { postgres: { cpuMicrosByPid: { 10: 1_000 }, peakRssKb: 2048, processes: 1 } };
    const after = { postgres: { cpuMicrosByPid: { 10: 3_000, 11: 500 }, peakRssKb: 4096, processes: 2 } };
    expect(usageBetween(before, after, 10_000, 5)).toEqual([{ name: "postgres", cpuPercent: 25, cpuMicrosPerRequest: 500, peakRssMb: 4, processes: 2 }]);
  });
});

describe("postgresGroup", () => {
  const client = new pg.Client({ connectionString: databaseUrlFor("users") });
  afterAll(() => client.end());

  it("counts the backends of the prefix's databases and not those of other databases", async () => {
    await client.connect();
    const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const backend = rows[0]!.pid;
    const port = Number(new URL(databaseUrlFor("users")).port || 5432);
    const server = pidListeningOn(port);
    expect(server).not.toBeNull();
    expect(readProcess(backend)!.ppid).toBe(server);
    expect(commandLine(backend)).toContain(`${process.env.DATABASE_PREFIX}_users`);
    const pids = postgresGroup(process.env.DATABASE_PREFIX!, port).pids();
    expect(pids).toContain(backend);
    expect(pids).toContain(server);
    expect(pids.every((pid) => pid === server || readProcess(pid)?.ppid === server)).toBe(true);
    expect(postgresGroup("no_such_prefix", port).pids()).not.toContain(backend);
  });
});
