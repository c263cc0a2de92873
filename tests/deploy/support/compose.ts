// docker-compose.yml as the deploy tests read it, and the small helpers they share.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const root = fileURLToPath(new URL("../../../", import.meta.url));
export const read = (path: string) => readFileSync(`${root}${path}`, "utf8");

export interface ComposeService {
  image?: string;
  build?: unknown;
  ports?: string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string }>;
  command?: string[] | string;
  working_dir?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  stop_grace_period?: string;
  [key: string]: unknown;
}

// Compose resolves `<<` merge keys (the file uses them to share settings), so the tests do too.
export const compose = parse(read("docker-compose.yml"), { merge: true }) as { services: Record<string, ComposeService> };
export const services = compose.services;

/** `depends_on` in either of its forms, as service -> condition. */
export function dependencies(service: ComposeService): Record<string, string> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, "service_started"]));
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep.condition ?? "service_started"]));
}

/** "postgres:16.10-alpine" -> "16.10-alpine"; a registry port ("host:5000/x") is not a tag. */
export function tagOf(image: string): string | undefined {
  const name = image.split("@")[0]!;
  const lastPart = name.slice(name.lastIndexOf("/") + 1);
  return lastPart.includes(":") ? lastPart.slice(lastPart.indexOf(":") + 1) : undefined;
}

/** A compose duration ("15s", "1m30s", "500ms") in milliseconds. */
export function durationMs(value: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== value) throw new Error(`not a duration: ${value}`);
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * units[unit!]!, 0);
}

/** deploy/prometheus/prometheus.yml's targets of the `shop` job, as service -> "host:port". */
export function scrapeTargets(): Record<string, string> {
  const config = parse(read("deploy/prometheus/prometheus.yml")) as {
    scrape_configs: { job_name: string; static_configs: { targets: string[]; labels?: Record<string, string> }[] }[];
  };
  const job = config.scrape_configs.find((scrape) => scrape.job_name === "shop");
  if (!job) throw new Error("prometheus.yml has no `shop` job");
  return Object.fromEntries(job.static_configs.flatMap(({ targets, labels }) => targets.map((target) => [labels?.service ?? "", target])));
}
