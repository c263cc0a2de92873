// deploy/k8s: the kustomize base and overlays, rendered by tests/deploy/support/kustomize.ts (no
// cluster or kubectl in CI) and checked for what a cluster would only reveal at deploy time.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { KEY_VARIABLES } from "@shop/config";
import { read, root, scrapeTargets, services as composeServices } from "./support/compose.ts";
import { ENTRY_COMMAND, METRICS_PORTS, SERVICES, type ServiceName } from "./support/contracts.ts";
import { containersOf, kustomize, readYamlDocuments, type Resource } from "./support/kustomize.ts";
import { SERVICE_PORTS, variablesToSet } from "./support/service-env.ts";

const k8s = join(root, "deploy/k8s");
const overlays = readdirSync(join(k8s, "overlays"));
const rendered = Object.fromEntries(overlays.map((overlay) => [overlay, kustomize(join(k8s, "overlays", overlay))]));

// What the image sets (deploy/docker/Dockerfile), for every container that does not set its own.
const imageNodeOptions = /NODE_OPTIONS=(\S+)/.exec(read("deploy/docker/Dockerfile"))?.[1];

// Settings that must only ever come from a Secret.
const SECRET_VARIABLES = [...KEY_VARIABLES, "POSTGRES_URL", "REDIS_URL", "ADMIN_PASSWORD", "SMTP_URL", "SMS_API_KEY"];

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? yamlFiles(path) : /\.ya?ml$/.test(entry) ? [path] : [];
  });
}

/** "250m" -> 0.25, "1" -> 1, "512Mi" -> bytes. */
function quantity(value: string | number): number {
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(String(value));
  if (!match) throw new Error(`unsupported quantity ${value}`);
  const factor = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 }[match[2] as "m"] ?? 1;
  return Number(match[1]) * factor;
}

describe("deploy/k8s files", () => {
  it("parse, and every manifest has an apiVersion, a kind and a name", () => {
    const files = [...yamlFiles(k8s), join(root, "schema/kustomization.yaml")];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const docs = readYamlDocuments(file);
      expect(docs.length, relative(root, file)).toBeGreaterThan(0);
      if (file.endsWith("kustomization.yaml")) continue;
      for (const doc of docs) {
        expect(doc.apiVersion, relative(root, file)).toBeTruthy();
        expect(doc.kind, relative(root, file)).toBeTruthy();
        expect(doc.metadata?.name, relative(root, file)).toBeTruthy();
      }
    }
  });

  it("has a dev and a production overlay on the one base", () => {
    expect(overlays.sort()).toEqual(["dev", "production"]);
    for (const overlay of overlays) expect(read(`deploy/k8s/overlays/${overlay}/kustomization.yaml`)).toMatch(/- \.\.\/\.\.\/base\b/);
  });
});

describe.each(overlays)("deploy/k8s/overlays/%s", (overlay) => {
  const resources = rendered[overlay]!;
  const find = (kind: string, name: string) => resources.find((r) => r.kind === kind && r.metadata.name === name);
  const deployment = (name: ServiceName) => find("Deployment", name)!;
  const container = (name: ServiceName) => deployment(name).spec.template.spec.containers.find((c: any) => c.name === "app");
  const configMap = (name: string) => find("ConfigMap", name)?.data as Record<string, string> | undefined;
  /** Every variable a container gets: its own env and the ConfigMaps it takes whole. */
  const variablesOf = (c: any): Record<string, any> => ({
    ...Object.assign({}, ...(c.envFrom ?? []).map((from: any) => configMap(from.configMapRef?.name) ?? {})),
    ...Object.fromEntries((c.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom])),
  });
  const workloads = resources.filter((r) => containersOf(r).length > 0);

  it("resolves into one namespace, with a Deployment, Service, HPA and PDB per service, and the migration Job", () => {
    const namespaces = resources.filter((r) => r.kind === "Namespace").map((r) => r.metadata.name);
    expect(namespaces).toHaveLength(1);
    for (const r of resources) if (r.kind !== "Namespace") expect(r.metadata.namespace, `${r.kind}/${r.metadata.name}`).toBe(namespaces[0]);
    for (const kind of ["Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"]) {
      expect(resources.filter((r) => r.kind === kind).map((r) => r.metadata.name).sort(), kind).toEqual([...SERVICES].sort());
    }
    expect(find("Job", "migrate")).toBeDefined();
  });

  it("runs every service with the entry command in its workspace folder, and the Job with db:migrate", () => {
    for (const name of SERVICES) {
      expect(container(name).command, name).toEqual(ENTRY_COMMAND);
      expect(container(name).workingDir, name).toBe(name === "gateway" ? "/app/gateway" : `/app/subgraphs/${name}`);
    }
    const job = containersOf(find("Job", "migrate")!)[0];
    expect(job.command).toEqual(["npm", "run", "db:migrate"]);
    expect(job.workingDir).toBe("/app");
  });

  it("probes liveness on /healthz and readiness on /readyz of every service's GraphQL port", () => {
    for (const name of SERVICES) {
      const c = container(name);
      expect(c.livenessProbe?.httpGet, name).toEqual({ path: "/healthz", port: "http" });
      expect(c.readinessProbe?.httpGet, name).toEqual({ path: "/readyz", port: "http" });
      expect(c.startupProbe?.httpGet, name).toEqual({ path: "/healthz", port: "http" });
    }
  });

  it("gives every container resource requests no larger than its limits", () => {
    for (const c of workloads.flatMap(containersOf)) {
      for (const resource of ["cpu", "memory"]) {
        const { requests, limits } = c.resources ?? {};
        expect(requests?.[resource], `${c.name} ${resource} request`).toBeDefined();
        expect(limits?.[resource], `${c.name} ${resource} limit`).toBeDefined();
        expect(quantity(requests[resource]), `${c.name} ${resource}`).toBeLessThanOrEqual(quantity(limits[resource]));
      }
    }
  });

  it("leaves every container memory beyond its V8 heap: the heap limit (the image's, or the container's NODE_OPTIONS) is at most three quarters of its memory limit", () => {
    for (const c of workloads.flatMap(containersOf)) {
      const nodeOptions = c.env?.find((variable: { name: string }) => variable.name === "NODE_OPTIONS")?.value ?? imageNodeOptions;
      const heapMb = Number(/--max-old-space-size=(\d+)/.exec(nodeOptions)?.[1]);
      expect(heapMb * 2 ** 20, `${c.name}: ${nodeOptions}`).toBeLessThanOrEqual(0.75 * quantity(c.resources.limits.memory));
    }
  });

  it("scales each service with an HPA on its Deployment, and lets a drain take one pod of it at a time", () => {
    for (const name of SERVICES) {
      const hpa = find("HorizontalPodAutoscaler", name)!;
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name });
      expect(hpa.spec.minReplicas, name).toBeGreaterThanOrEqual(1);
      expect(hpa.spec.maxReplicas, name).toBeGreaterThan(hpa.spec.minReplicas);
      // The HPA owns the replica count: a `replicas` in the Deployment would reset it on every apply.
      expect(deployment(name).spec.replicas, name).toBeUndefined();
      const pdb = find("PodDisruptionBudget", name)!;
      expect(pdb.spec.maxUnavailable, name).toBe(1);
      const podLabels = deployment(name).spec.template.metadata.labels;
      expect(podLabels, name).toMatchObject(pdb.spec.selector.matchLabels);
      expect(podLabels, name).toMatchObject(deployment(name).spec.selector.matchLabels);
    }
  });

  it("sets every variable each service reads", () => {
    for (const name of SERVICES) {
      const set = variablesOf(container(name));
      expect(variablesToSet(name).filter((variable) => !(variable in set)), name).toEqual([]);
    }
  });

  it("references secrets and never inlines them", () => {
    expect(resources.filter((r) => r.kind === "Secret")).toEqual([]);
    for (const c of workloads.flatMap(containersOf)) {
      for (const from of c.envFrom ?? []) expect(configMap(from.configMapRef?.name), `${c.name} envFrom`).toBeDefined();
      for (const e of c.env ?? []) {
        if (SECRET_VARIABLES.includes(e.name)) expect(e.valueFrom?.secretKeyRef?.name, `${c.name} ${e.name}`).toBe("shop-secrets");
      }
    }
    for (const map of resources.filter((r) => r.kind === "ConfigMap")) {
      for (const key of SECRET_VARIABLES) expect(Object.keys(map.data), `${map.metadata.name} holds ${key}`).not.toContain(key);
    }
  });

  it("gives each key only to the services that use it: the private key to users alone, the service secret to no gateway", () => {
    const holders = (variable: string) => SERVICES.filter((name) => variable in variablesOf(container(name)));
    expect(holders("USERS_JWT_PRIVATE_KEY")).toEqual(["users"]);
    expect(holders("SERVICE_TOKEN_SECRET")).not.toContain("gateway");
    expect(holders("JWT_PUBLIC_KEYS").sort()).toEqual([...SERVICES].sort());
  });

  it("agrees on ports: containers, Services, Prometheus annotations, compose scrape targets, and URLs", () => {
    const targets = scrapeTargets();
    for (const name of SERVICES) {
      const c = container(name);
      const variables = variablesOf(c);
      const ports = Object.fromEntries(c.ports.map((p: any) => [p.name, p.containerPort]));
      expect(ports, name).toEqual({ http: SERVICE_PORTS[name], metrics: METRICS_PORTS[name] });
      expect(variables[`${name.toUpperCase()}_PORT`] ?? String(SERVICE_PORTS[name]), name).toBe(String(ports.http));
      expect(variables[`${name.toUpperCase()}_METRICS_PORT`], name).toBe(String(ports.metrics));
      expect(targets[name], name).toBe(`${name}:${ports.metrics}`);
      expect(deployment(name).spec.template.metadata.annotations, name).toEqual({
        "prometheus.io/scrape": "true",
        "prometheus.io/port": String(ports.metrics),
        "prometheus.io/path": "/metrics",
      });
      const service = find("Service", name)!;
      expect(service.spec.selector, name).toEqual(deployment(name).spec.selector.matchLabels);
      expect(service.spec.ports, name).toEqual([
        { name: "http", port: ports.http, targetPort: "http" },
        { name: "metrics", port: ports.metrics, targetPort: "metrics" },
      ]);
      // Where the others reach it: <name>_URL, as in compose.
      if (name !== "gateway") expect(configMap("shop-config")![`${name.toUpperCase()}_URL`]).toBe(`http://${name}:${ports.http}/graphql`);
    }
  });

  it("mounts the supergraph and its registered operations from the ConfigMap where the gateway reads them", () => {
    const c = container("gateway");
    const variables = variablesOf(c);
    const volumes = deployment("gateway").spec.template.spec.volumes;
    const files: Record<string, string> = { SUPERGRAPH_PATH: "supergraph.graphql", PERSISTED_QUERY_MANIFEST_PATH: "persisted-query-manifest.json" };
    for (const [variable, file] of Object.entries(files)) {
      const path: string = variables[variable];
      const mount = c.volumeMounts.find((m: any) => path.startsWith(`${m.mountPath}/`));
      expect(mount, variable).toBeDefined();
      expect(path).toBe(`${mount.mountPath}/${file}`);
      const source = volumes.find((v: any) => v.name === mount.name).configMap.name;
      expect(configMap(source)?.[file], variable).toBe(read(`schema/${file}`));
    }
  });

  it("stops gracefully: the pod waits longer than the preStop pause and SHUTDOWN_GRACE_MS together", () => {
    for (const name of SERVICES) {
      const pod = deployment(name).spec.template.spec;
      const grace = Number(variablesOf(container(name)).SHUTDOWN_GRACE_MS);
      expect(Number.isInteger(grace) && grace > 0, name).toBe(true);
      const pause = container(name).lifecycle?.preStop?.exec?.command;
      const pauseMs = pause?.[0] === "sleep" ? Number(pause[1]) * 1000 : 0;
      expect(pod.terminationGracePeriodSeconds * 1000, name).toBeGreaterThan(pauseMs + grace);
    }
  });

  it("runs the image built from the repository's Dockerfile, pinned by tag, as a non-root user", () => {
    const composeImage = composeServices.gateway!.image!;
    expect((composeServices.gateway!.build as { dockerfile: string }).dockerfile).toBe("deploy/docker/Dockerfile");
    for (const r of workloads) {
      const pod = r.spec.template.spec;
      // Otherwise Kubernetes sets USERS_PORT=tcp://... for the `users` Service, which is the users
      // subgraph's own listen port variable.
      expect(pod.enableServiceLinks, r.metadata.name).toBe(false);
      expect(pod.securityContext?.runAsNonRoot, r.metadata.name).toBe(true);
      for (const c of containersOf(r)) {
        const [image, tag] = c.image.split(/:(?=[^/:]+$)/);
        expect(image.split("/").at(-1), c.image).toBe(composeImage.split(":")[0]);
        expect(tag, c.image).toBeTruthy();
        expect(tag, c.image).not.toBe("latest");
        expect(c.securityContext?.allowPrivilegeEscalation, r.metadata.name).toBe(false);
        expect(c.securityContext?.readOnlyRootFilesystem, r.metadata.name).toBe(true);
      }
    }
  });
});

describe("the overlays differ where they should", () => {
  const config = (overlay: string) => rendered[overlay]!.find((r: Resource) => r.kind === "ConfigMap" && r.metadata.name === "shop-config")!.data;

  it("production exports traces over OTLP/HTTP and allows only its own browser origins", () => {
    expect(config("production").OTEL_EXPORTER_OTLP_ENDPOINT).toMatch(/^https?:\/\/[^/]+:4318$/);
    expect(config("production").CORS_ORIGINS).toMatch(/^https:\/\//);
    expect(config("production").CORS_ORIGINS).not.toContain("localhost");
  });

  it("dev runs one replica of each service", () => {
    for (const hpa of rendered.dev!.filter((r: Resource) => r.kind === "HorizontalPodAutoscaler")) expect(hpa.spec.minReplicas).toBe(1);
  });
});
