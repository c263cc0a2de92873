// Static checks of the container setup: docker-compose.yml, deploy/docker/Dockerfile and friends.
// Nothing here needs a Docker engine; it reads the files and checks the rules they must keep.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SUBGRAPHS } from "@shop/config";

const root = fileURLToPath(new URL("../../", import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, "utf8");

interface Service {
  image?: string;
  build?: unknown;
  ports?: unknown[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string }>;
  command?: string[] | string;
  [key: string]: unknown;
}

// Compose resolves `<<` merge keys (the file uses them to share settings), so the test does too.
const compose = parse(read("docker-compose.yml"), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const subgraphs = Object.keys(SUBGRAPHS);
const dockerfile = read("deploy/docker/Dockerfile");

/** `depends_on` in either of its forms, as service -> condition. */
function dependencies(service: Service): Record<string, string> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, "service_started"]));
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep.condition ?? "service_started"]));
}

// One-shot services are those something waits on to complete (the migration); the rest run for good.
const oneShot = new Set(
  Object.values(services).flatMap((service) =>
    Object.entries(dependencies(service))
      .filter(([, condition]) => condition === "service_completed_successfully")
      .map(([name]) => name),
  ),
);
const longRunning = Object.keys(services).filter((name) => !oneShot.has(name));
// The app services are the ones built from this repository's Dockerfile.
const appServices = Object.keys(services).filter((name) => services[name]!.build !== undefined);

/** "postgres:16.10-alpine" -> "16.10-alpine"; a registry port ("host:5000/x") is not a tag. */
function tagOf(image: string): string | undefined {
  const name = image.split("@")[0]!;
  const lastPart = name.slice(name.lastIndexOf("/") + 1);
  return lastPart.includes(":") ? lastPart.slice(lastPart.indexOf(":") + 1) : undefined;
}

describe("docker-compose.yml", () => {
  it("parses, and every service has an image or a build", () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(["postgres", "redis", "migrate", "gateway", ...subgraphs]));
    for (const [name, service] of Object.entries(services)) {
      expect(service.image ?? service.build, `${name} has neither image nor build`).toBeDefined();
    }
  });

  it("pins every image to a tag other than latest", () => {
    for (const [name, service] of Object.entries(services)) {
      if (!service.image) continue;
      const tag = tagOf(service.image);
      expect(tag, `${name}: ${service.image} has no tag`).toBeTruthy();
      expect(tag, `${name}: ${service.image}`).not.toBe("latest");
    }
  });

  it("gives every long-running service a healthcheck, and the app services one on /readyz", () => {
    expect(oneShot).toEqual(new Set(["migrate"]));
    for (const name of longRunning) {
      const check = services[name]!.healthcheck;
      expect(check?.test, `${name} has no healthcheck`).toBeDefined();
      expect(check?.disable, name).not.toBe(true);
      if (appServices.includes(name)) expect(JSON.stringify(check!.test), name).toContain("/readyz");
    }
  });

  it("runs the migration once postgres is healthy, and starts no subgraph before it completed", () => {
    expect(services.migrate!.command).toEqual(["npm", "run", "db:migrate"]);
    expect(dependencies(services.migrate!)).toMatchObject({ postgres: "service_healthy" });
    for (const name of subgraphs) {
      expect(dependencies(services[name]!), name).toMatchObject({
        postgres: "service_healthy",
        migrate: "service_completed_successfully",
      });
    }
  });

  it("starts the gateway only once every subgraph and redis (subscriptions) are healthy", () => {
    expect(dependencies(services.gateway!)).toEqual(Object.fromEntries([...subgraphs, "redis"].map((name) => [name, "service_healthy"])));
  });

  it("gives the gateway the subgraphs' JWT secret and Redis, for subscriptions", () => {
    const gateway = services.gateway!.environment as Record<string, string>;
    for (const name of subgraphs) {
      const subgraph = services[name]!.environment as Record<string, string>;
      expect(gateway.JWT_SECRET, name).toBe(subgraph.JWT_SECRET);
      expect(gateway.REDIS_URL, name).toBe(subgraph.REDIS_URL);
    }
  });

  it("publishes only the gateway's port", () => {
    const publishing = Object.keys(services).filter((name) => (services[name]!.ports ?? []).length > 0);
    expect(publishing).toEqual(["gateway"]);
    expect(services.gateway!.ports).toEqual([expect.stringMatching(/:4000$/)]);
  });

  it("reads only variables that .env.example lists into the app services", () => {
    const listed = new Set([...read(".env.example").matchAll(/^\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]));
    // ${VAR}, ${VAR:-default}, ${VAR:?message} and $VAR; `$$` is an escaped dollar, not a variable.
    const used = appServices.flatMap((name) =>
      [...JSON.stringify(services[name]).matchAll(/(?<!\$)\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]!),
    );
    expect(used.length).toBeGreaterThan(0);
    expect([...new Set(used)].filter((variable) => !listed.has(variable))).toEqual([]);
  });

  it("creates one database per subgraph on postgres' first start", () => {
    const init = read("deploy/docker/postgres-init.sql");
    for (const name of subgraphs) expect(init).toMatch(new RegExp(`CREATE DATABASE shop_${name};`));
    expect(JSON.stringify(services.postgres!.volumes)).toContain("deploy/docker/postgres-init.sql:/docker-entrypoint-initdb.d/");
  });
});

describe("deploy/docker/Dockerfile", () => {
  const instructions = dockerfile
    .replace(/\\\n/g, " ") // line continuations
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  const args = (keyword: string) =>
    instructions.filter((line) => line.toUpperCase().startsWith(`${keyword} `)).map((line) => line.slice(keyword.length + 1).trim());

  it("has several stages, and every base image that is not a stage is pinned", () => {
    const froms = args("FROM").map((from) => from.split(/\s+/));
    expect(froms.length).toBeGreaterThan(1);
    const stages = new Set(froms.filter((parts) => parts[1]?.toUpperCase() === "AS").map((parts) => parts[2]));
    const external = froms.map((parts) => parts[0]!).filter((image) => !stages.has(image));
    expect(external).toContain("node:20.20.2-bookworm-slim");
    for (const image of external) {
      expect(tagOf(image), image).toBeTruthy();
      expect(tagOf(image), image).not.toBe("latest");
    }
  });

  it("runs as a non-root user, in production mode, with a HEALTHCHECK", () => {
    const user = args("USER").at(-1);
    expect(user).toBeDefined();
    expect(["root", "0"]).not.toContain(user!.split(":")[0]);
    expect(args("ENV").join(" ")).toMatch(/NODE_ENV=production/);
    expect(args("ENV").join(" ")).toMatch(/APOLLO_TELEMETRY_DISABLED=1/);
    const healthcheck = args("HEALTHCHECK").join(" ");
    expect(healthcheck).toContain("/healthz");
    expect(healthcheck).not.toMatch(/^NONE/i);
  });

  it("leaves dependencies, generated code and secrets out of the build context", () => {
    const ignored = read(".dockerignore").split("\n").map((line) => line.trim());
    for (const entry of ["**/node_modules", "**/src/data/generated", "coverage", ".turbo", ".git", ".env"]) {
      expect(ignored, entry).toContain(entry);
    }
  });
});
