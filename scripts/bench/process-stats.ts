// CPU time and peak memory of the processes a benchmark run involves, from /proc (Linux):
// utime + stime of /proc/<pid>/stat and VmHWM of /proc/<pid>/status.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

// USER_HZ: the unit of /proc/<pid>/stat's times; 100 on every Linux architecture Node runs on.
const CLOCK_TICKS_PER_SECOND = 100;
const MICROS_PER_TICK = 1_000_000 / CLOCK_TICKS_PER_SECOND;

export interface ProcessInfo {
  pid: number;
  ppid: number;
  comm: string;
  /** user + system CPU time of the process itself. */
  cpuMicros: number;
}

/** null when the process is gone. */
export function readProcess(pid: number): ProcessInfo | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // The command name is in parentheses and may itself contain spaces or parentheses.
  const close = stat.lastIndexOf(")");
  const comm = stat.slice(stat.indexOf("(") + 1, close);
  const fields = stat.slice(close + 2).split(" "); // fields[0] is field 3 (state)
  const tick = (field: number) => Number(fields[field - 3]) * MICROS_PER_TICK;
  return {
    pid,
    ppid: Number(fields[1]),
    comm,
    cpuMicros: tick(14) + tick(15),
  };
}

/** The process's peak resident set size (VmHWM) in kB; 0 when it is gone. */
export function peakRssKb(pid: number): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
  } catch {
    return "";
  }
}

export function allPids(): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

/** Socket inodes listening on `port` (IPv4 or IPv6, any address). */
export function listeningSocketInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const columns = line.trim().split(/\s+/);
      if (columns.length < 10) continue;
      const localPort = parseInt(columns[1]!.split(":")[1]!, 16);
      if (localPort === port && columns[3] === "0A") inodes.add(columns[9]!);
    }
  }
  return inodes;
}

/** The process listening on `port`, found through its open sockets; null if none (or not visible to us). */
export function pidListeningOn(port: number): number | null {
  const inodes = listeningSocketInodes(port);
  if (inodes.size === 0) return null;
  const wanted = new Set([...inodes].map((inode) => `socket:[${inode}]`));
  for (const pid of allPids()) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (wanted.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) return pid;
      } catch {
        // closed meanwhile
      }
    }
  }
  return null;
}

/** A named set of processes whose CPU and memory are reported together (e.g. PostgreSQL's backends). */
export interface ProcessGroup {
  name: string;
  /** Looked up at each sample: a group's processes may come and go. */
  pids(): number[];
}

export interface GroupSample {
  /** CPU time so far of each of the group's processes. */
  cpuMicrosByPid: Record<number, number>;
  peakRssKb: number;
  processes: number;
}

export type StatsSample = Record<string, GroupSample>;

export function sampleGroups(groups: readonly ProcessGroup[]): StatsSample {
  const sample: StatsSample = {};
  for (const group of groups) {
    const cpuMicrosByPid: Record<number, number> = {};
    let peak = 0;
    for (const pid of group.pids()) {
      const info = readProcess(pid);
      if (!info) continue;
      cpuMicrosByPid[pid] = info.cpuMicros;
      peak += peakRssKb(pid);
    }
    sample[group.name] = { cpuMicrosByPid, peakRssKb: peak, processes: Object.keys(cpuMicrosByPid).length };
  }
  return sample;
}

export interface GroupUsage {
  name: string;
  /** CPU time over wall time: 100 % is one core busy. */
  cpuPercent: number;
  cpuMicrosPerRequest: number;
  /** Peak since the process started (VmHWM), summed over the group. */
  peakRssMb: number;
  processes: number;
}

export function usageBetween(before: StatsSample, after: StatsSample, wallMicros: number, requests: number): GroupUsage[] {
  return Object.entries(after).map(([name, end]) => {
    // Per process: one that started meanwhile (a new backend) counts from zero; one that ended is not seen.
    const start = before[name]?.cpuMicrosByPid ?? {};
    const cpu = Object.entries(end.cpuMicrosByPid).reduce((sum, [pid, micros]) => sum + micros - (start[Number(pid)] ?? 0), 0);
    return {
      name,
      cpuPercent: (cpu / wallMicros) * 100,
      cpuMicrosPerRequest: requests > 0 ? cpu / requests : NaN,
      peakRssMb: end.peakRssKb / 1024,
      processes: end.processes,
    };
  });
}

/**
 * The processes of the PostgreSQL server on `port` (of this machine) that work for these
 * databases: the server, backends connected to a database
 * named `<prefix>_…` and the shared background ones (WAL writer, checkpointer, …), not the
 * backends of other databases on the same server.
 */
export function postgresGroup(databasePrefix: string, port: number): ProcessGroup {
  // The server listening on the databases' port: the machine may run other PostgreSQL servers too.
  const server = pidListeningOn(port);
  return {
    name: "postgres",
    pids() {
      if (server === null) return [];
      const children = allPids().filter((pid) => readProcess(pid)?.ppid === server);
      const ours = children.filter((pid) => {
        // A backend is "postgres: [cluster:] <user> <database> <client address(port)> <state>";
        // a background process ("postgres: 15/main: walwriter") names no client.
        const words = commandLine(pid).split(/\s+/);
        const client = words.findIndex((word) => /^\[local\]$|\(\d+\)$/.test(word));
        return client < 0 || words[client - 1]!.startsWith(`${databasePrefix}_`);
      });
      return [server, ...ours];
    },
  };
}

/** The bench's own process, reported with the others to show whether it, not the supergraph, was the limit. */
export const LOAD_GENERATOR = "load generator";

export function fixedProcess(name: string, pid: number): ProcessGroup {
  return { name, pids: () => [pid] };
}
