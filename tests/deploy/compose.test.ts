// Static checks of the container setup: docker-compose.yml, deploy/docker/Dockerfile and friends.
// Nothing here needs a Docker engine; it reads the files and checks the rules they must keep.
import { describe, expect, it } from "vitest";
import { KEY_VARIABLES, PUBLISHED_SECRETS, SUBGRAPHS } from "@shop/config";
import { dependencies, durationMs, read, services, tagOf } from "./support/compose.ts";
import { ENTRY_COMMAND, METRICS_PORTS, SERVICES, SHUTDOWN_GRACE_MS_DEFAULT } from "./support/contracts.ts";
import { SERVICE_PORTS, variablesToSet } from "./support/service-env.ts";

const subgraphs = Object.keys(SUBGRAPHS);
const dockerfile = read("deploy/docker/Dockerfile");

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
const observability = ["prometheus", "grafana", "jaeger"];
const environment = (name: string) => (services[name]!.environment ?? {}) as Record<string, string>;

describe("docker-compose.yml", () => {
  it("parses, and every service has an image or a build", () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(["postgres", "redis", "migrate", ...SERVICES, ...observability]));
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
        jaeger: "service_healthy",
      });
    }
  });

  it("starts the gateway only once every subgraph, redis (subscriptions) and jaeger are healthy", () => {
    expect(dependencies(services.gateway!)).toEqual(
      Object.fromEntries([...subgraphs, "redis", "jaeger"].map((name) => [name, "service_healthy"])),
    );
  });

  it("starts grafana once its datasources, prometheus and jaeger, are healthy", () => {
    expect(dependencies(services.grafana!)).toEqual({ prometheus: "service_healthy", jaeger: "service_healthy" });
  });

  it("gives the gateway the subgraphs' public keys and Redis, for subscriptions", () => {
    const gateway = services.gateway!.environment as Record<string, string>;
    for (const name of subgraphs) {
      const subgraph = services[name]!.environment as Record<string, string>;
      expect(gateway.JWT_PUBLIC_KEYS, name).toBe(subgraph.JWT_PUBLIC_KEYS);
      expect(gateway.REDIS_URL, name).toBe(subgraph.REDIS_URL);
    }
  });

  it("takes every key from .env with no default, refusing to start without it, and only where it is used", () => {
    const holders = (variable: string) => SERVICES.filter((name) => variable in environment(name));
    for (const variable of KEY_VARIABLES) {
      for (const name of holders(variable)) expect(environment(name)[variable], `${name} ${variable}`).toMatch(new RegExp(`^\\$\\{${variable}:\\?[^}]+\\}$`));
    }
    expect(holders("USERS_JWT_PRIVATE_KEY")).toEqual(["users"]);
    expect(holders("SERVICE_TOKEN_SECRET").sort()).toEqual([...subgraphs].sort());
    expect(holders("JWT_PUBLIC_KEYS").sort()).toEqual([...SERVICES].sort());
    const file = read("docker-compose.yml");
    for (const secret of PUBLISHED_SECRETS) expect(file).not.toContain(secret);
  });

  it("publishes the gateway's GraphQL port, the observability UIs on loopback only, and no metrics port", () => {
    const publishing = Object.keys(services).filter((name) => (services[name]!.ports ?? []).length > 0);
    expect(publishing.sort()).toEqual(["gateway", ...observability].sort());
    expect(services.gateway!.ports).toEqual([`\${GATEWAY_PORT:-4000}:${SERVICE_PORTS.gateway}`]);
    expect(services.prometheus!.ports).toEqual(["127.0.0.1:9090:9090"]);
    expect(services.jaeger!.ports).toEqual(["127.0.0.1:16686:16686"]);
    expect(services.grafana!.ports).toEqual(["127.0.0.1:3001:3000"]);
    const published = Object.values(services).flatMap((service) => service.ports ?? []);
    for (const port of Object.values(METRICS_PORTS)) expect(published.join(" "), String(port)).not.toContain(String(port));
  });

  it("starts every service with the entry command, in its workspace folder", () => {
    for (const name of SERVICES) {
      expect(services[name]!.command, name).toEqual(ENTRY_COMMAND);
      expect(services[name]!.working_dir, name).toBe(name === "gateway" ? "/app/gateway" : `/app/subgraphs/${name}`);
    }
  });

  it("sets every variable each service reads", () => {
    for (const name of SERVICES) {
      const missing = variablesToSet(name).filter((variable) => !(variable in environment(name)));
      expect(missing, name).toEqual([]);
    }
  });

  it("points each service at the others by compose service name and port", () => {
    for (const name of SERVICES) {
      for (const [variable, value] of Object.entries(environment(name))) {
        const target = /^(\w+)_URL$/.exec(variable)?.[1]?.toLowerCase();
        if (target && target in SUBGRAPHS) expect(value, `${name} ${variable}`).toBe(`http://${target}:${SERVICE_PORTS[target as keyof typeof SERVICE_PORTS]}/graphql`);
      }
      expect(environment(name).HOST, name).toBe("0.0.0.0");
    }
  });

  it("serves each service's metrics on its contract port and sends traces to jaeger over OTLP/HTTP", () => {
    for (const name of SERVICES) {
      expect(environment(name)[`${name.toUpperCase()}_METRICS_PORT`], name).toBe(String(METRICS_PORTS[name]));
      expect(environment(name).OTEL_EXPORTER_OTLP_ENDPOINT, name).toBe("http://jaeger:4318");
    }
    expect(services.jaeger!.image).toMatch(/^jaegertracing\/all-in-one:/);
    expect(services.jaeger!.environment).toMatchObject({ COLLECTOR_OTLP_ENABLED: "true" });
  });

  it("checks each app service's health on the port it listens on", () => {
    for (const name of SERVICES) {
      const port = environment(name)[`${name.toUpperCase()}_PORT`] ?? String(SERVICE_PORTS[name]);
      expect(JSON.stringify(services[name]!.healthcheck!.test), name).toContain(`http://127.0.0.1:${port}/readyz`);
    }
  });

  it("waits longer than the shutdown grace period before killing a service", () => {
    for (const name of SERVICES) {
      const grace = Number(environment(name).SHUTDOWN_GRACE_MS ?? SHUTDOWN_GRACE_MS_DEFAULT);
      expect(Number.isInteger(grace), name).toBe(true);
      // At most 10 s is compose's default; a drain must never be cut short by SIGKILL.
      expect(durationMs(services[name]!.stop_grace_period ?? "10s"), name).toBeGreaterThan(grace);
    }
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
    // A heap limit of its own, within the container's memory (kubernetes.test.ts checks how far within).
    expect(args("ENV").join(" ")).toMatch(/NODE_OPTIONS=--max-old-space-size=\d+/);
    const healthcheck = args("HEALTHCHECK").join(" ");
    expect(healthcheck).toContain("/healthz");
    expect(healthcheck).not.toMatch(/^NONE/i);
  });

  it("starts the gateway by default with the entry command, and exposes every GraphQL and metrics port", () => {
    const cmd = JSON.parse(args("CMD").at(-1)!) as string[];
    expect(cmd.join(" ")).toBe(`sh -c cd gateway && exec ${ENTRY_COMMAND.join(" ")}`);
    const exposed = args("EXPOSE").flatMap((line) => line.split(/\s+/)).map(Number);
    for (const name of SERVICES) expect(exposed, name).toEqual(expect.arrayContaining([SERVICE_PORTS[name], METRICS_PORTS[name]]));
    // The HEALTHCHECK's own table of default ports, by workspace folder.
    const table = /const d = \{([^}]*)\}/.exec(args("HEALTHCHECK").join(" "))![1]!;
    expect(Object.fromEntries([...table.matchAll(/(\w+): (\d+)/g)].map(([, name, port]) => [name, Number(port)]))).toEqual(SERVICE_PORTS);
  });

  it("leaves dependencies, generated code and secrets out of the build context", () => {
    const ignored = read(".dockerignore").split("\n").map((line) => line.trim());
    for (const entry of ["**/node_modules", "**/src/data/generated", "coverage", ".turbo", ".git", ".env"]) {
      expect(ignored, entry).toContain(entry);
    }
  });
});
